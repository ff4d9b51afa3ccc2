"""Moving a written procedure's deadline, by the API and on the draft's page, on the real stack:
the new deadline reaches the dashboard (its deadline column), the draft's page, the silence page
behind the invitees' links, and the invitees' mail (with a link that lives until the new
deadline)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of
from tests.web.accounts import make_user, sign_in
from tests.web.test_answers import eventually_async
from tests.web.test_api import LEAD, SEC, new_draft, submit_form
from tests.workflows.test_lifecycle import eventually


def _at(days: int) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(second=0, microsecond=0)


def _shown(moment: datetime) -> str:
    """The deadline as the dashboard shows it in English ("12 December 2026")."""
    return f"{moment.day} {moment:%B %Y}"


async def test_a_moved_silence_deadline_reaches_every_page_and_the_invitees(
    api: httpx.AsyncClient,
    run_worker,  # type: ignore[no-untyped-def]
    dev_env,  # type: ignore[no-untyped-def]
    mailbox: Mailbox,
    sessions: sessionmaker[Session],
) -> None:
    title = f"Procedure extension guidelines {uuid.uuid4().hex[:6]}"
    first, second, third = _at(5), _at(16), _at(27)
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(title=title), headers=LEAD)).json()
        draft, ref = started["draft_id"], started["reference"]
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={
                "route": "written_procedure",
                "deadline": first.isoformat(),
                "invitees": {"participants": ["AZ", "UZ"]},
            },
        )
        assert r.status_code == 200, r.text

        # The dashboard shows the procedure's deadline (no comment round is open).
        await sign_in(api, make_user(sessions, Role.SECRETARIAT))

        async def dashboard_shows(moment: datetime) -> bool:
            page = await api.get("/drafts", params={"q": title})
            return _shown(moment) in page.text

        await eventually_async(lambda: dashboard_shows(first))

        # By the API: the Secretariat's; the lead state may not; a bad date says why, once.
        url = f"/api/drafts/{draft}/endorsement/procedure/extend"
        r = await api.post(url, headers=LEAD, json={"deadline": second.isoformat()})
        assert r.status_code == 403
        past = "2020-01-02T03:04:00+00:00"
        r = await api.post(url, headers=SEC, json={"deadline": past})
        assert r.status_code == 422 and "in the past" in r.json()["detail"]
        assert "2020" not in r.text
        r = await api.post(url, headers=SEC, json={"deadline": second.isoformat()})
        assert r.status_code == 200, r.text
        assert datetime.fromisoformat(r.json()["deadline"]) == second
        r = await api.post(url, headers=SEC, json={"deadline": first.isoformat()})
        assert r.status_code == 409 and "later than the current one" in r.json()["detail"]
        status = (await api.get(f"/api/drafts/{draft}/endorsement/procedure", headers=SEC)).json()
        assert datetime.fromisoformat(status["deadline"]) == second
        await eventually_async(lambda: dashboard_shows(second))
        listed = await api.get(
            "/api/drafts", headers=SEC, params={"phase": "endorsement", "limit": 500}
        )
        row = next(d for d in listed.json()["drafts"] if d["id"] == draft)
        assert datetime.fromisoformat(row["deadline"]).replace(tzinfo=UTC) == second

        # Each invitee is told by mail, with a link; the silence page shows the new deadline.
        def extension_mail() -> list[str]:
            subjects = [(str(m["Subject"]), m) for m in mailbox.to("ncp@uz.pragueprocess.local")]
            return [
                text_of(m)
                for subject, m in subjects
                if ref in subject and ("extended" in subject or "продлён" in subject)
            ]

        mail = (await eventually(extension_mail))[-1]
        assert "/review/" in mail
        token = mail.split("/review/")[1].split()[0]
        page = await api.get(f"/review/{token}?lang=en")
        assert page.status_code == 200 and second.strftime("%d.%m.%Y %H:%M") in page.text

        # On the draft's page: the procedure, its deadline and the form that moves it.
        page = await api.get(f"/drafts/{draft}")
        assert 'id="procedure-extend"' in page.text
        assert f"{second:%d.%m.%Y %H:%M} UTC" in page.text
        form = {"action": "extend_procedure", "deadline": third.strftime("%Y-%m-%dT%H:%M")}

        r = await submit_form(api, f"/drafts/{draft}", form)
        assert r.status_code in (200, 303), r.text
        page = await api.get(f"/drafts/{draft}")
        assert f"{third:%d.%m.%Y %H:%M} UTC" in page.text
        await eventually_async(lambda: dashboard_shows(third))

        # The lead state sees the procedure but not the form.
        api.cookies.clear()
        await sign_in(api, make_user(sessions, Role.DRAFTING_STATE, "PL"))
        page = await api.get(f"/drafts/{draft}")
        assert f"{third:%d.%m.%Y %H:%M} UTC" in page.text
        assert 'id="procedure-extend"' not in page.text
