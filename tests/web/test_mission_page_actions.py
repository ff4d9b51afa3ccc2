"""The missions page does what the API does: the sections the findings feed and the reminder are
chosen in the form, and the findings, once sent, are read on the page (real stack)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of, until
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.test_api import LEAD, later
from tests.web.test_missions import expert_token, profile_of
from tests.workflows.test_lifecycle import eventually

EXPERT = "aliyev.expert@migration.az.example"


async def test_the_missions_page_chooses_sections_and_shows_the_findings(
    api: httpx.AsyncClient,
    run_worker: Any,
    dev_env: Any,
    mailbox: Mailbox,
    sessions: sessionmaker[Session],
) -> None:
    async with run_worker(dev_env.client):
        r = await api.post("/api/drafts", json=profile_of("AZ", "Azerbaijan"), headers=LEAD)
        assert r.status_code == 201, r.text
        draft, ref = r.json()["draft_id"], r.json()["reference"]
        await sign_in(api, make_user(sessions, Role.DRAFTING_STATE, "AZ"))
        url = f"/drafts/{draft}/missions"
        page = await api.get(url)
        assert 'name="sections" value="emp-labour"' in page.text
        assert 'name="reminder_days"' in page.text
        form = {
            "csrf": csrf_of(page.text),
            "kind": "expert_mission",
            "country": "AZ",
            "starts_on": later(days=3)[:10],
            "ends_on": later(days=5)[:10],
            "findings_due": later(days=30)[:16],
            "member_name_1": "Rashad Aliyev",
            "member_email_1": EXPERT,
            "reminder_days": "99",
        }
        r = await api.post(url, data={**form, "sections": "emp-labour"})
        assert r.status_code == 422 and "the reminder is a number of days from 0 to 60" in r.text
        r = await api.post(url, data={**form, "sections": "emp-labour", "reminder_days": "0"})
        assert r.status_code == 303, r.text

        # the member's mail (in Russian, as Azerbaijan reads) names the one section chosen
        def mail() -> str | None:
            found = [text_of(m) for m in mailbox.to(EXPERT) if "/review/" in text_of(m)]
            return found[-1] if found else None

        text = await eventually(mail)
        assert "Трудовая миграция" in text and text.count("\n  - ") == 1

        token = await eventually(lambda: expert_token(mailbox, EXPERT, ref))
        r = await api.post(
            f"/api/review/{token}/findings",
            json={"findings": [{"section_id": "emp-labour", "text": "Baku runs a job portal."}]},
        )
        assert r.status_code == 200, r.text

        async def findings_shown() -> str | None:
            text = (await api.get(url)).text
            return text if "Baku runs a job portal." in text else None

        text = await until(findings_shown)
        assert "<strong>Labour migration:</strong> Baku runs a job portal." in text
        assert "give each a disposition on the draft" in text
        russian = (await api.get(f"{url}?lang=ru")).text
        assert "Выводы" in russian and "Разделы, к которым относятся выводы" in russian
