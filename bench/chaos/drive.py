"""The load of a chaos run, as people make it: drafting states start drafts and open rounds,
reviewers open the link from their invitation mail and answer (some change their answer), and
each client sends a call again, with the same Idempotency-Key, while its outcome is unknown. The
calls are spread over the web processes in turn, as a load balancer does; one that gets no
response from a web process killed meanwhile is sent at once to another."""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.chaos.parts import Child, Relay
from models.links import ReviewerLink

SEC = {"Authorization": "Bearer dev-secretariat-token"}
LEAD = {"Authorization": "Bearer dev-drafting-token"}
# Twenty participants of the Process, each with the seeded contact ncp@<code>.pragueprocess.local.
INVITEES = [
    "AM", "AZ", "BY", "GE", "KZ", "KG", "MD", "RU", "TJ", "TM",
    "UA", "UZ", "AT", "BG", "DE", "FR", "IT", "LT", "PL", "SE",
]  # fmt: skip
LANES = 40  # requests in flight at once (the web app sees up to this many people at a time)
TOKEN = re.compile(r"/review/([A-Za-z0-9_\-\.]+)")


@dataclass
class Submission:
    """One answer as its sender saw it: what came back, last."""

    token: str
    round_id: str
    participant: str
    nonce: str
    key: str
    outcome: str = "unknown"  # ok | refused | unknown (no final reply before the run ended)
    said_not_recorded: bool = False
    revision: int = 0
    tries: int = 0


@dataclass
class DraftRun:
    draft_id: str
    reference: str
    round_id: str = ""


@dataclass
class WebEnd:
    """One web process as the load balancer sees it: its address, and the responses it gave."""

    url: str
    child: Child
    responses: int = 0


@dataclass
class Driver:
    webs: list[WebEnd]
    relay: Relay
    rng: random.Random
    read_link: Callable[[str], ReviewerLink]
    answers_until: float  # monotonic: no first answer after this
    give_up_at: float  # monotonic: a client stops resending after this
    participants: int = 20  # the first this many of INVITEES are invited to each round
    statuses: Counter[str] = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)  # every 5xx but a 503 with Retry-After
    drafts: list[DraftRun] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # token -> round, participant
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    http: httpx.AsyncClient | None = None
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    # People wait their turn here rather than in httpx's pool, whose queue costs time in the
    # number waiting: without it the load generator, not ppflow, sets the pace.
    lanes: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(LANES))
    turn: int = 0

    def next_web(self) -> WebEnd:
        """The web processes in turn, leaving out one that is down on purpose (a load balancer
        that checks its backends would)."""
        up = [w for w in self.webs if not w.child.held] or self.webs
        self.turn += 1
        return up[self.turn % len(up)]

    async def call(self, method: str, url: str, **kw: Any) -> httpx.Response | None:
        """One HTTP call, counted by status class; None when no response came at all. A call
        that gets no response from a web process killed meanwhile goes to the next one."""
        assert self.http is not None
        async with self.lanes:
            for _ in range(2 * len(self.webs)):
                end = self.next_web()
                kills = end.child.kills
                try:
                    r = await self.http.request(method, end.url + url, **kw)
                except httpx.HTTPError as e:
                    if end.child.held or end.child.kills != kills:
                        self.statuses["no response from a killed web process, sent again"] += 1
                        continue
                    self.statuses["no response"] += 1
                    self.bad.append(
                        f"{method} {url.split('/')[1:3]} at {end.child.name}: no response "
                        f"({type(e).__name__})"
                    )
                    return None
                end.responses += 1
                break
            else:
                self.statuses["no response"] += 1
                self.bad.append(f"{method} {url.split('/')[1:3]}: no web process answered")
                return None
        self.statuses[f"{r.status_code // 100}xx"] += 1
        if r.status_code == 503 and r.headers.get("Retry-After"):
            self.statuses["503 busy, Retry-After"] += 1
        elif r.status_code >= 500:
            self.bad.append(
                f"{method} /{'/'.join(url.split('/')[1:3])}: {r.status_code} {r.text[:200]}"
            )
        return r

    async def until_done(self, method: str, url: str, **kw: Any) -> httpx.Response | None:
        """A client that sends again after a 503 or no response, until it gives up."""
        while True:
            r = await self.call(method, url, **kw)
            if r is not None and r.status_code != 503:
                return r
            if time.monotonic() > self.give_up_at:
                return r
            await asyncio.sleep(self.rng.uniform(1.0, 3.0))

    # ------------------------------------------------------------ drafting states

    async def start_draft(self, n: int, run: str) -> None:
        lead = ("PL", "SK", "HU", "RO", "CZ", "SE")[n % 6]
        body = {
            "title": f"Guidelines on return counselling, part {n + 1}",
            "slug": f"chaos-{run}-{n}",
            "document_type": "guidelines",
            "thematic_area": "readmission_return",
            "lead_state": lead,
            "sections": [
                {"title": "Scope", "text": "Voluntary return and its counselling."},
                {"title": "Principles", "text": "Returns in safety and dignity."},
            ],
        }
        headers = {**LEAD, "Idempotency-Key": f"start-{run}-{n}"}
        r = await self.until_done("POST", "/api/drafts", json=body, headers=headers)
        if r is None or r.status_code not in (201, 409):
            self.bad.append(f"draft {n} not started: {r.status_code if r else 'no response'}")
            return
        draft_id = f"draft-chaos-{run}-{n}" if r.status_code == 409 else r.json()["draft_id"]
        reference = "" if r.status_code == 409 else r.json()["reference"]
        draft = DraftRun(draft_id, reference)
        self.drafts.append(draft)
        deadline = (datetime.now(UTC) + timedelta(days=14)).isoformat()
        invitees = {"participants": INVITEES[: self.participants]}
        round_body = {"invitees": invitees, "deadline": deadline}
        while True:
            r = await self.until_done(
                "POST", f"/api/drafts/{draft_id}/rounds", json=round_body, headers=LEAD
            )
            if r is not None and r.status_code == 200:
                draft.round_id = r.json()["round_id"]
                return
            # 409 "a round is open already": an earlier try that went through; find it
            status = await self.until_done("GET", f"/api/drafts/{draft_id}", headers=SEC)
            if status is not None and status.status_code == 200:
                open_round = status.json().get("state", {}).get("open_round") or status.json().get(
                    "open_round"
                )
                if open_round:
                    draft.round_id = open_round["round_id"]
                    return
            if time.monotonic() > self.give_up_at:
                self.bad.append(f"{draft_id}: no round opened")
                return

    # ------------------------------------------------------------ reviewers

    def watch_invitations(self) -> None:
        """Every new personal link at the relay becomes a reviewer who will answer."""
        for d in self.relay.snapshot():
            found = TOKEN.search(d.text)
            if not found or found.group(1) in self.links:
                continue
            token = found.group(1)
            link = self.read_link(token)
            self.links[token] = (link.workflow_id, link.participant_id)
            self.tasks.append(asyncio.create_task(self.reviewer(token)))

    async def reviewer(self, token: str) -> None:
        now = time.monotonic()
        await asyncio.sleep(self.rng.uniform(0, max(0.0, self.answers_until - now)))
        if self.rng.random() < 0.5:  # read the page first, as most people do
            await self.call("GET", f"/review/{token}", headers={"Accept": "text/html"})
        for change in range(2 if self.rng.random() < 0.3 else 1):
            if change:
                await asyncio.sleep(self.rng.uniform(0, 5))
            await self.answer(token)

    async def answer(self, token: str) -> None:
        nonce = f"chaos-{uuid.uuid4().hex[:12]}"
        position = self.rng.choices(["no_objection", "comments", "reservation"], [6, 3, 1])[0]
        body: dict[str, Any] = {"position": position, "reason": nonce}
        if position == "comments":
            body["comments"] = [{"text": f"Say 'counselling' ({nonce})."}]
        round_id, participant = self.links[token]
        sub = Submission(token, round_id, participant, nonce, key=f"chaos-{uuid.uuid4().hex}")
        self.submissions.append(sub)
        while True:
            sub.tries += 1
            r = await self.call(
                "POST",
                f"/api/review/{token}/answer",
                json=body,
                headers={"Idempotency-Key": sub.key},
            )
            if r is not None and r.status_code == 200:
                receipt = r.json()
                sub.outcome, sub.revision = "ok", receipt["revision"]
                return
            if r is not None and r.status_code != 503:
                sub.outcome = "refused"
                sub.said_not_recorded = True  # a definite no: 4xx says it was not taken
                return
            if r is not None and "NOT recorded" in r.text:
                sub.said_not_recorded = True
            if time.monotonic() > self.give_up_at:
                return  # outcome unknown: counted apart
            await asyncio.sleep(self.rng.uniform(1.0, 4.0))
            sub.said_not_recorded = False  # the latest reply is what the sender believes
