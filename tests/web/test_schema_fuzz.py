"""Schemathesis against the OpenAPI the app serves: every operation, fed generated input (valid
and invalid, by the schema), with a real draft, comment round, meeting, reviewer link and file
in its path, as the Secretariat or the drafting state. No answer may be a server error, and
every refusal of the JSON API is `{"detail": "<sentence>"}` that never repeats text that was
sent (it may name an id it could not find).

The app is served by uvicorn on a loopback port, in the test's event loop beside the worker;
schemathesis (blocking, `requests`) runs in a thread. Bounded and reproducible: a few examples
per operation, derandomized, no example database. SQLite only: the read model is not what is
fuzzed here."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException
from schemathesis import GenerationMode

from tests.conftest import Mailbox, text_of, until
from tests.web.browser import serve
from tests.web.test_api import LEAD, SEC, later, links_in, new_draft, new_meeting
from tests.workflows.test_lifecycle import eventually
from web.app import create_app

pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
    # schemathesis draws some values with `random` inside its strategies: its business
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

EXAMPLES = 8  # per operation and generation mode: the whole run stays well under two minutes
# What changes the fixtures for good goes last, so the other operations meet them alive.
LAST = ("/withdraw", "/close", "/break-silence")


class Broken(AssertionError):
    """One operation's answer that breaks the contract."""


def problem(path: str, sent: Any, response: requests.Response) -> str | None:
    """What is wrong with an answer, if anything."""
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:300]}"
    if not (400 <= response.status_code < 500) or not path.startswith("/api"):
        return None
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} without a JSON body: {response.text[:200]}"
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(body, dict) or set(body) != {"detail"} or not isinstance(detail, str):
        return f"{response.status_code} is not {{'detail': '<sentence>'}}: {response.text[:300]}"
    echoed = [
        text
        for name, text in _values(sent)
        if not ID_FIELD.search(name)
        and _typed(text)
        and not _vocabulary(text)
        and (text in detail or repr(text)[1:-1] in detail)  # as sent, or escaped
    ]
    if echoed:
        return f"{response.status_code} repeats the input {echoed[0]!r}: {detail[:300]}"
    return None


# Fields that hold ids: a reason names the one it could not find ("no such comment: c-12").
ID_FIELD = re.compile(
    r"(^|_)ids?$|^(lead_state|co_lead_states|country|participants|reservations"
    r"|objections_standing|slug)$"
)


def _values(value: Any, name: str = "") -> list[tuple[str, str]]:
    """Every string value a request body carries, however deep, with the name of its field
    (not the field names themselves, which a reason names on purpose)."""
    if isinstance(value, str):
        return [(name, value)]
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _values(v, str(k))]
    if isinstance(value, (list, tuple)):
        return [pair for v in value for pair in _values(v, name)]
    return []


def _typed(text: str) -> bool:
    """Long enough not to be in a reason by chance, or a control character (never by chance)."""
    return len(text.strip()) >= 4 or re.search(r"[\x00-\x1f\x7f]", text) is not None


def _vocabulary(text: str) -> bool:
    """An id (`DE`, `draft-…`, an enum value such as `objection`), which a reason names on
    purpose ("unknown participant: XX"), or a moment, in its normalised form: neither is prose
    someone typed."""
    if re.fullmatch(r"[\w.:@+/-]+", text):
        return True
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def fuzz(
    raw: dict[str, Any], base: str, fixed: dict[str, str]
) -> tuple[list[str], dict[str, set[int]]]:
    """Every operation of the schema, positive and negative cases: what broke (one line each)
    and the statuses each operation answered with."""
    schema = schemathesis.openapi.from_dict(raw)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: any(op.path.endswith(tail) for tail in LAST))
    assert len(operations) > 30, [op.label for op in operations]
    http = requests.Session()
    broken: list[str] = []
    answered: dict[str, set[int]] = {}
    for operation in operations:
        names = re.findall(r"{(\w+)}", operation.path)
        path_parameters = {k: v for k, v in fixed.items() if k in names}
        cases = st.one_of(
            *(
                operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            )
        )

        @hypothesis_settings(
            max_examples=EXAMPLES * 2,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases, auth=st.sampled_from([SEC, LEAD]))
        def check(case: schemathesis.Case, auth: dict[str, str]) -> None:
            response = case.call(base_url=base, session=http, headers=auth, timeout=60)
            answered.setdefault(case.operation.label, set()).add(response.status_code)
            sent = case.body if isinstance(case.body, (dict, list, str)) else None
            found = problem(case.formatted_path, sent, response)
            if found:
                raise Broken(f"{case.method} {case.formatted_path}: {found}")

        try:
            check()
        except Broken as e:
            broken.append(str(e).splitlines()[0])
        except HypothesisException as e:  # a schema Hypothesis cannot draw from is a finding too
            broken.append(f"{operation.label}: {type(e).__name__}: {e}")
    return broken, answered


async def test_no_operation_answers_with_a_server_error(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, settings
) -> None:
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        draft, reference = started["draft_id"], started["reference"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE", "AT"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text
        token = (await eventually(lambda: links_in(mailbox, reference, "DE")))[0]
        meeting = await new_meeting(api, "Vienna")

        async def a_file() -> str | None:
            files = (await api.get(f"/api/artifacts?draft_id={draft}", headers=SEC)).json()
            return files[0]["artifact_id"] if files else None

        artifact = await until(a_file)
        raw = (await api.get("/openapi.json")).json()
        fixed = {"draft_id": draft, "meeting_id": meeting, "token": token, "artifact_id": artifact}
        async with serve(create_app(settings, client=dev_env.client)) as base:
            broken, answered = await asyncio.to_thread(fuzz, raw, base, fixed)
        assert not broken, "\n".join(broken)
        # the tokens and the real ids took the cases past the door to the handlers
        reached = sorted(op for op, codes in answered.items() if any(c < 300 for c in codes))
        assert len(reached) >= 15, answered
        # and the fixtures were real all along: the draft and its round answer as they should
        r = await api.get(f"/api/drafts/{draft}", headers=SEC)
        assert r.status_code == 200 and r.json()["state"]["meta"]["draft_id"] == draft


async def test_a_refusal_names_ids_but_never_repeats_prose(api: httpx.AsyncClient) -> None:
    """What the fuzz found: an e-mail address, a participant id and a workflow id of free text
    came back in the reason ("not an e-mail address: '<what was sent>'", "unknown participant:
    <control characters>"). Ids are id-shaped now, so a reason may name them; prose never."""
    prose = "<b>Robert'); DROP TABLE contacts;--</b>\x1b[31m"
    calls = [
        ("PUT", "/api/digest", {"email": prose, "frequency": "daily"}),
        ("POST", "/api/links/reissue", {"workflow_id": prose, "participant_id": "DE"}),
        ("POST", "/api/links/reissue", {"workflow_id": "w", "participant_id": prose}),
        ("POST", "/api/links/reissue", {"workflow_id": "w", "participant_id": "D", "email": prose}),
        ("POST", "/api/drafts", {**new_draft(), "lead_state": prose}),
        ("POST", "/api/drafts", {**new_draft(), "co_lead_states": ["SK", prose]}),
        ("POST", "/api/drafts", {**new_draft(), "country": prose}),
        (
            "POST",
            "/api/meetings",
            {
                "kind": "som",
                "title": "SOM",
                "place": "Prague",
                "starts_at": later(days=3),
                "invitees": {"participants": [prose]},
            },
        ),
    ]
    for method, url, body in calls:
        r = await api.request(method, url, json=body, headers=SEC)
        assert r.status_code == 422, (url, r.text)
        detail = r.json()["detail"]
        assert set(r.json()) == {"detail"} and prose not in detail and "DROP" not in detail
        assert "<b>" not in detail and "\x1b" not in detail, (url, detail)
    r = await api.post("/api/drafts", json={**new_draft(), "lead_state": "XX"}, headers=SEC)
    assert r.status_code == 422 and "unknown participant: XX" in r.json()["detail"]


async def test_a_workflow_is_told_by_its_id_s_end_not_its_words(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:
    """Found beside the fuzz: a draft whose slug holds "-round-" was taken for a comment round
    (a 500 from the re-issue of its "link"), and its mission's link for a round's (a hand-off
    refused). The kind is the id's last part; a status of another kind is "not one"."""
    async with run_worker(dev_env.client):
        slug = f"second-round-{uuid.uuid4().hex[:6]}-round-2"
        body = new_draft(slug=slug, document_type="migration_profile", country="MD", sections=[])
        started = (await api.post("/api/drafts", json=body, headers=LEAD)).json()
        draft = started["draft_id"]
        r = await api.post(
            "/api/links/reissue", json={"workflow_id": draft, "participant_id": "DE"}, headers=SEC
        )
        assert r.status_code == 422 and "not a round, procedure or mission" in r.json()["detail"]
        expert = f"expert-{uuid.uuid4().hex[:6]}@example.org"
        r = await api.post(
            f"/api/drafts/{draft}/missions",
            headers=LEAD,
            json={
                "experts": [{"name": "An Expert", "email": expert}],
                "starts_on": later(days=0),
                "ends_on": later(days=1),
                "findings_due": later(days=9),
            },
        )
        assert r.status_code == 200, r.text

        def expert_links() -> list[str]:
            mails = [text_of(m) for m in mailbox.to(expert) if started["reference"] in m["Subject"]]
            return [t.split("/review/")[1].split()[0] for t in mails if "/review/" in t]

        token = (await eventually(expert_links))[0]
        r = await api.post(
            f"/api/review/{token}/handoff",
            json={"name": "A Colleague", "email": f"colleague-{expert}"},
        )
        assert r.status_code == 200, r.text
