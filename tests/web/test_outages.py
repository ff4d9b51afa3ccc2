"""When the database does not answer, people get a 503 that says nothing is lost and when to
try again (Retry-After), as a page or as JSON; never a 500 or a driver's message."""

from __future__ import annotations

import time
import uuid

import httpx
from temporalio.testing import WorkflowEnvironment

from models.links import ReviewerLink, make_token
from models.settings import Settings
from tests.conftest import free_port
from tests.web.test_api import SEC


async def test_a_database_that_refuses_gets_a_503_that_says_nothing_is_lost(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    from web.app import create_app

    away = settings.model_copy(
        update={"database_url": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"}
    )
    app = create_app(away, client=dev_env.client)
    token = make_token(
        away,
        ReviewerLink(
            workflow_id="draft-x-round-1", participant_id="DE", email="ncp@de.pragueprocess.local"
        ),
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        for url, headers in (
            ("/api/drafts", SEC),
            (f"/api/review/{token}", {}),
        ):
            r = await http.get(url, headers=headers)
            assert r.status_code == 503, (url, r.text)
            assert r.headers["Retry-After"] == "30"
            assert (
                set(r.json()) == {"detail"}
                and "nothing already recorded is lost" in r.json()["detail"]
            )
            assert "psycopg" not in r.text and "connection" not in r.text.lower()
        page = await http.get(f"/review/{token}", headers={"Accept": "text/html"})
        assert page.status_code == 503 and page.headers["Retry-After"] == "30"
        assert "nothing already recorded is lost" in page.text and "Traceback" not in page.text


async def test_a_request_still_waiting_at_its_deadline_gets_a_503_that_says_resending_is_safe(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """A meeting whose workflow no worker serves: its query would wait; the request is answered
    at its deadline with a reason, never left hanging, and the app goes on answering."""
    from web.app import create_app

    hurried = settings.model_copy(update={"request_deadline_seconds": 1.5})
    app = create_app(hurried, client=dev_env.client)
    meeting = f"som-unserved-{uuid.uuid4().hex[:8]}"
    await dev_env.client.start_workflow(
        "MeetingWorkflow", id=meeting, task_queue=f"nobody-polls-{meeting}"
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        began = time.monotonic()
        r = await http.get(f"/api/meetings/{meeting}", headers=SEC)
        assert time.monotonic() - began < 8  # the query alone would have waited 10 s
        assert r.status_code == 503 and r.headers["Retry-After"] == "30"
        assert (
            set(r.json()) == {"detail"}
            and "Sending the same request again is safe" in (r.json()["detail"])
        )
        r = await http.get("/api/drafts", headers=SEC)  # the app goes on answering
        assert r.status_code == 200
