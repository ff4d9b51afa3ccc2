"""The restricted knowledge base through the API and the pages: a public registration, the
confirmation page, the Secretariat's decision, the reader's page (endorsed profiles only, with
their files), the access log of every view and download, and a revocation that stops the link."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
from sqlalchemy import delete

from models.db import ArtifactLink, Participant
from models.db_knowledge import AccessRow
from models.db_profiles import ProfileRow
from models.domain import ArtifactKind, Language
from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of, unique, until
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import SEC
from web.app import create_app
from word.store import store_artifact

DOCX = b"PK\x03\x04 a Word file for "


def shelf(sessions: Any) -> dict[str, Any]:
    """An endorsed profile of one made-up country (final text EN + RU, a mission report, and an
    older draft version that is no reader's) and one under preparation of another."""
    tag = uuid.uuid4().hex[:6].upper()
    final_c, prep_c = f"Q{tag}A", f"Q{tag}B"
    final_d, prep_d = f"draft-kb-final-{tag.lower()}", f"draft-kb-prep-{tag.lower()}"
    with sessions.begin() as s:
        for pid, name in ((final_c, f"Endorsedland {tag}"), (prep_c, f"Draftland {tag}")):
            s.add(Participant(id=pid, name=name, name_ru=f"{name} RU", kind="state", group="WB"))
        s.flush()
        ids = {
            "final_en": store_artifact(
                s,
                DOCX + b"final en" + tag.encode(),
                ArtifactKind.FINAL_TEXT,
                f"{final_d}-final.docx",
                draft_id=final_d,
                version=3,
            ).artifact_id,
            "final_ru": store_artifact(
                s,
                DOCX + b"final ru" + tag.encode(),
                ArtifactKind.FINAL_TEXT,
                f"{final_d}-final-ru.docx",
                draft_id=final_d,
                version=3,
                language=Language.RU,
            ).artifact_id,
            "report": store_artifact(
                s,
                DOCX + b"report" + tag.encode(),
                ArtifactKind.MISSION_REPORT,
                f"{final_d}-m1-mission-report-en.docx",
                draft_id=final_d,
            ).artifact_id,
            "old_version": store_artifact(
                s,
                DOCX + b"v2" + tag.encode(),
                ArtifactKind.DRAFT_VERSION,
                f"{final_d}-v2.docx",
                draft_id=final_d,
                version=2,
            ).artifact_id,
            "prep_version": store_artifact(
                s,
                DOCX + b"prep" + tag.encode(),
                ArtifactKind.DRAFT_VERSION,
                f"{prep_d}-v1.docx",
                draft_id=prep_d,
                version=1,
            ).artifact_id,
            "prep_report": store_artifact(
                s,
                DOCX + b"prep report" + tag.encode(),
                ArtifactKind.MISSION_REPORT,
                f"{prep_d}-m1-mission-report-en.docx",
                draft_id=prep_d,
            ).artifact_id,
        }
        s.add_all(
            [
                ProfileRow(
                    country=final_c,
                    edition=2,
                    status="final_and_endorsed",
                    draft_id=final_d,
                    source="draft",
                    endorsed_on=date(2026, 6, 5),
                ),
                ProfileRow(
                    country=prep_c,
                    edition=1,
                    status="under_preparation",
                    draft_id=prep_d,
                    source="draft",
                ),
            ]
        )
    return {"tag": tag, "final": final_c, "prep": prep_c, "drafts": (final_d, prep_d), **ids}


def forget(sessions: Any, world: dict[str, Any]) -> None:
    """The made-up countries leave the shared database (other tests count profiles)."""
    with sessions.begin() as s:
        s.execute(delete(ProfileRow).where(ProfileRow.country.in_([world["final"], world["prep"]])))
        s.execute(delete(ArtifactLink).where(ArtifactLink.draft_id.in_(world["drafts"])))
        s.execute(delete(Participant).where(Participant.id.in_([world["final"], world["prep"]])))


def link_in(mailbox: Mailbox, email: str, marker: str) -> str | None:
    for m in mailbox.to(email):
        text = text_of(m)
        if marker in text:
            return marker + text.split(marker)[1].split()[0]
    return None


async def _value(v: Any) -> Any:
    return v


async def test_a_reader_registers_is_approved_reads_and_is_revoked(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, sessions, settings, mailbox: Mailbox
) -> None:
    world = shelf(sessions)
    email = f"{unique('reader')}@example.org"
    body = {
        "name": "Ana Reader",
        "email": email,
        "organisation": "Institute of Migration Studies",
        "country": "Serbia",
        "reason": "Research on labour migration in the Western Balkans.",
        "language": "en",
    }
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    try:
        async with (
            run_worker(dev_env.client),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as sec,
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as anon,
        ):
            # bad input: a reason, never the input echoed
            r = await api.post("/api/knowledge/registrations", json={**body, "email": "x<b>@@"})
            assert r.status_code == 422 and "x<b>" not in r.text and "e-mail" in r.text
            r = await api.post("/api/knowledge/registrations", json=body)
            assert r.status_code == 202, r.text
            reg = r.json()["registration_id"]
            r = await api.post("/api/knowledge/registrations", json=body)
            assert r.status_code == 409 and "open already" in r.text

            # the confirmation link: a page with a button (a mail scanner's GET confirms nothing)
            confirm = await until(lambda: _value(link_in(mailbox, email, "/knowledge/confirm/")))
            page = await anon.get(confirm)
            assert page.status_code == 200 and "Ana Reader" in page.text
            r = await api.post(
                f"/api/knowledge/registrations/{reg}/decision",
                headers=SEC,
                json={"decision": "approve"},
            )
            assert r.status_code == 409 and "not confirmed" in r.text
            r = await anon.post(confirm, data={"csrf": csrf_of(page.text)})
            assert r.status_code == 200 and 'id="kb-confirmed"' in r.text

            listed = (
                await api.get("/api/knowledge/registrations?status=pending", headers=SEC)
            ).json()
            assert reg in [x["registration_id"] for x in listed]
            r = await api.post(
                f"/api/knowledge/registrations/{reg}/decision",
                headers=SEC,
                json={"decision": "refuse"},
            )
            assert r.status_code == 422 and "reason" in r.text

            # the Secretariat's page approves (signed in)
            csrf = await sign_in(sec, make_user(sessions, Role.SECRETARIAT))
            page = await sec.get("/knowledge/registrations")
            assert page.status_code == 200 and f'id="reg-{reg}"' in page.text
            r = await sec.post(
                f"/knowledge/registrations/{reg}/decision",
                data={"csrf": csrf, "decision": "approve"},
            )
            assert r.status_code == 303, r.text
            r = await api.post(
                f"/api/knowledge/registrations/{reg}/decision",
                headers=SEC,
                json={"decision": "refuse", "reason": "changed our mind"},
            )
            assert r.status_code == 409 and "already approved" in r.text

            # the reader's page: the endorsed profile and its files, nothing else
            mine = await until(lambda: _value(link_in(mailbox, email, "/knowledge/r/")))
            page = await anon.get(mine)
            assert page.status_code == 200, page.text
            assert page.headers["referrer-policy"] == "no-referrer"
            assert f"Endorsedland {world['tag']}" in page.text
            assert f"Draftland {world['tag']}" not in page.text
            for shown in ("final_en", "final_ru", "report"):
                assert world[shown] in page.text
            for hidden in ("old_version", "prep_version", "prep_report"):
                assert world[hidden] not in page.text
            got = await anon.get(f"{mine}/files/{world['final_ru']}")
            assert got.status_code == 200 and got.content.endswith(
                b"final ru" + world["tag"].encode()
            )
            for hidden in ("old_version", "prep_version", "prep_report"):
                assert (await anon.get(f"{mine}/files/{world[hidden]}")).status_code == 404
            ru = await anon.get(f"{mine}?lang=ru")
            assert "База знаний" in ru.text

            # the access log: who, what, when, for the views and the download
            log = (await api.get(f"/api/knowledge/access-log?reader={reg}", headers=SEC)).json()
            actions = [(a["action"], a["what"]) for a in log]
            assert actions.count(("view", "knowledge base")) == 2
            assert ("download", f"{world['drafts'][0]}-final-ru.docx") in actions
            assert all(a["email"] == email and a["at"] for a in log)
            page = await sec.get("/knowledge/registrations?lang=ru")
            assert (
                "Журнал доступа" in page.text and f"{world['drafts'][0]}-final-ru.docx" in page.text
            )

            # revoked: the link stops at once, for pages and files
            r = await api.post(f"/api/knowledge/readers/{reg}/revoke", headers=SEC)
            assert r.status_code == 200 and r.json()["status"] == "revoked"
            assert (await anon.get(mine)).status_code == 403
            assert (await anon.get(f"{mine}/files/{world['final_en']}")).status_code == 403
            r = await api.post(f"/api/knowledge/readers/{reg}/revoke", headers=SEC)
            assert r.status_code == 409
            tampered = mine[:-2] + ("AA" if not mine.endswith("AA") else "BB")
            assert (await anon.get(tampered)).status_code == 403
    finally:
        forget(sessions, world)
        with sessions.begin() as s:
            s.execute(delete(AccessRow).where(AccessRow.artifact_id.in_([world["final_ru"]])))


async def test_the_public_form_says_check_your_mail_or_why_not(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:
    async with run_worker(dev_env.client):
        page = await api.get("/knowledge/register?lang=ru")
        assert page.status_code == 200 and "Регистрация в базе знаний" in page.text
        form = {
            "csrf": csrf_of(page.text),
            "name": "Oleh <script>",
            "email": "not an address",
            "organisation": "Ministry",
            "country": "Ukraine",
            "reason": "short",
            "language": "ru",
        }
        r = await api.post("/knowledge/register", data=form)
        assert r.status_code == 422 and 'role="alert"' in r.text and "<script>" not in r.text
        email = f"{unique('form')}@example.org"
        r = await api.post(
            "/knowledge/register",
            data={**form, "email": email, "reason": "Policy work on return and readmission."},
        )
        assert r.status_code == 200 and 'id="kb-sent"' in r.text, r.text
        mail = await until(lambda: _value(mailbox.to(email)))
        assert "Подтвердите" in str(mail[0]["Subject"])
        html = mail[0].get_body(preferencelist=("html",)).get_content()
        assert "/knowledge/confirm/" in html and "Подтвердить адрес" in html


@needs_chromium
@one_database
async def test_the_pages_in_a_browser_in_both_languages_and_on_a_phone(  # type: ignore[no-untyped-def]
    dev_env, run_worker, sessions, settings, mailbox: Mailbox
) -> None:
    """Register on the form, confirm from the mail, approved on the Secretariat's page, read:
    every page passes axe in English and Russian and fits 390 px."""
    world = shelf(sessions)
    email = f"{unique('browser')}@example.org"
    app = create_app(settings, client=dev_env.client)
    try:
        async with run_worker(dev_env.client), serve(app) as base, chromium() as browser:
            visitor = Journey(await browser.new_page(), base, "kb-visitor")
            await visitor.go("/knowledge/register?lang=en")
            await visitor.fits(390)
            await visitor.go("/knowledge/register?lang=ru")
            await visitor.fits(390)
            page = visitor.page
            await page.get_by_label("Ваше имя").fill("Ольга Читатель")
            await page.get_by_label("Адрес электронной почты").fill(email)
            await page.get_by_label("Организация").fill("Институт миграции")
            await page.get_by_label("Страна").fill("Казахстан")
            await page.get_by_label("Зачем вам нужна база знаний").fill(
                "Сравнение миграционных профилей Центральной Азии."
            )
            await page.get_by_role("button", name="Зарегистрироваться").click()
            await visitor.check("sent")
            confirm = await until(lambda: _value(link_in(mailbox, email, "/knowledge/confirm/")))
            await visitor.go(confirm)
            await page.get_by_role("button", name="Подтвердить").click()
            await visitor.check("confirmed")

            sec = Journey(await browser.new_page(), base, "kb-secretariat")
            await sec.sign_in(make_user(sessions, Role.SECRETARIAT))
            await sec.go("/knowledge/registrations?lang=en")
            await sec.fits(390)
            row = sec.page.locator("tr", has_text=email)
            await row.get_by_role("button", name="Approve").click()
            await sec.check("approved")
            mine = await until(lambda: _value(link_in(mailbox, email, "/knowledge/r/")))
            await visitor.go(mine)
            await visitor.fits(390)
            await visitor.go(f"{mine}?lang=en")
            await visitor.picture("main", "knowledge-reader")
            await sec.go("/knowledge/registrations?lang=ru")
            await sec.fits(390)
            await sec.picture("main", "knowledge-registrations")
    finally:
        forget(sessions, world)
