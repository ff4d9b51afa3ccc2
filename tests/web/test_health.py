"""What an operator's probes and Prometheus get from the web app: `/healthz` while it serves,
`/readyz` naming the dependency that does not answer (and saying nothing else about it), and
`/metrics` that counts a reviewer's answer and the request that carried it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from prometheus_client.parser import text_string_to_metric_families
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.health import readiness, relay_answers
from tests.conftest import Mailbox, _Capture, free_port, until
from tests.mail.test_mail_tls import certificate, relay  # noqa: F401 (fixtures)
from tests.web.test_answers import open_round_for
from tests.web.test_api import SEC
from web.app import create_app


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a /metrics page by name and labels."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(page: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return page.get((name, frozenset(labels.items())), 0.0)


def app_client(settings: Settings, client: Client) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(settings, client=client))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_healthz_and_readyz_answer_without_signing_in(
    api: httpx.AsyncClient, settings: Settings
) -> None:
    r = await api.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "alive"}
    started = time.monotonic()
    r = await api.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ready"] is True
    assert set(body["checks"]) == {"temporal", "database", "relay"}
    assert all(check["ok"] for check in body["checks"].values()), body
    assert time.monotonic() - started < settings.health_timeout_seconds + 1
    # nothing about where the parts are or how to get in
    for secret in (settings.secret_key, settings.effective_database_url, str(settings.smtp_port)):
        assert secret not in r.text
    # and they are not part of the API's schema (probes, not operations)
    paths = (await api.get("/openapi.json")).json()["paths"]
    assert not {"/healthz", "/readyz", "/metrics"} & set(paths)


async def test_readyz_names_the_relay_when_its_port_is_closed_and_recovers(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    port = free_port()  # nothing listens here
    closed = settings.model_copy(update={"smtp_port": port})
    async with app_client(closed, dev_env.client) as web:
        started = time.monotonic()
        r = await web.get("/readyz")
        assert r.status_code == 503, r.text
        checks = r.json()["checks"]
        assert not checks["relay"]["ok"] and checks["relay"]["problem"] == "connection refused"
        assert checks["temporal"]["ok"] and checks["database"]["ok"]
        assert str(port) not in r.text and "127.0.0.1" not in r.text
        assert time.monotonic() - started < closed.health_timeout_seconds + 1
        # the process still lives and serves what needs no mail
        assert (await web.get("/healthz")).status_code == 200
        assert (await web.get("/api/drafts", headers=SEC)).status_code == 200

        # the relay comes back on its port: ready again, without a restart (a result is reused
        # for a second, so this asks until the next run of the checks)
        relay = Controller(_Capture(Mailbox()), hostname="127.0.0.1", port=port)
        relay.start()
        try:

            async def ready() -> bool:
                return (await web.get("/readyz")).status_code == 200

            await until(ready, timeout=10)
        finally:
            relay.stop()


class Greetings(_Capture):
    """A relay that counts the EHLOs it is sent."""

    ehlo = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
        self.ehlo += 1
        session.host_name = hostname
        return responses


async def test_a_flood_of_readiness_probes_is_one_check(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """Anyone may call /readyz: many calls at once make one connection to the relay."""
    greetings = Greetings(Mailbox())
    counting = Controller(greetings, hostname="127.0.0.1", port=free_port())
    counting.start()
    try:
        counted = settings.model_copy(update={"smtp_port": counting.port})
        async with app_client(counted, dev_env.client) as web:
            answers = await asyncio.gather(*(web.get("/readyz") for _ in range(20)))
    finally:
        counting.stop()
    assert {r.status_code for r in answers} == {200}
    assert greetings.ehlo == 1


async def test_readyz_names_temporal_and_the_database_when_they_do_not_answer(
    settings: Settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    nowhere = await Client.connect(f"127.0.0.1:{free_port()}", lazy=True)
    away = settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'no-such-dir' / 'ppflow.db'}"}
    )
    async with app_client(away, nowhere) as web:
        r = await web.get("/readyz")
        assert r.status_code == 503, r.text
        checks = r.json()["checks"]
        assert {name for name, c in checks.items() if not c["ok"]} == {"temporal", "database"}
        assert checks["relay"]["ok"]
        assert "no-such-dir" not in r.text
        assert checks["temporal"]["problem"] == "unreachable"
        assert checks["database"]["problem"] == "does not answer (OperationalError)"


async def test_metrics_count_an_answer_and_the_request_that_carried_it(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:  # type: ignore[no-untyped-def]
    async with run_worker(dev_env.client):
        _, token = await open_round_for(api, mailbox, "DE")
        before = samples((await api.get("/metrics")).text)
        r = await api.post(f"/api/review/{token}/answer", json={"position": "no_objection"})
        assert r.status_code == 200, r.text
        assert (await api.get(f"/no-such-page/{token}")).status_code == 404
        r = await api.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    after = samples(r.text)
    kind = {"kind": "round"}
    recorded = value(after, "ppflow_answers_recorded_total", **kind)
    assert recorded == value(before, "ppflow_answers_recorded_total", **kind) + 1
    carried = {"method": "POST", "route": "/api/review/{token}/answer", "status": "200"}
    assert value(after, "ppflow_http_requests_total", **carried) == (
        value(before, "ppflow_http_requests_total", **carried) + 1
    )
    # a route's template, never the token in its path (nor a path no route took)
    assert token not in r.text
    nowhere = {"method": "GET", "route": "unmatched", "status": "404"}
    assert value(after, "ppflow_http_requests_total", **nowhere) == (
        value(before, "ppflow_http_requests_total", **nowhere) + 1
    )
    # the worker in this process sent the invitations and rendered the draft's file
    assert value(after, "ppflow_notices_total", status="sent") > 0
    assert any(n == "ppflow_documents_rendered_total" and v > 0 for (n, _), v in after.items())
    # read from the database at scrape time
    assert ("ppflow_outbox_oldest_pending_age_seconds", frozenset()) in after
    assert value(after, "ppflow_outbox_pending") >= 0


@pytest.mark.parametrize("relay", ["starttls", "tls"], indirect=True)
async def test_the_relay_check_speaks_tls_as_configured(
    relay: tuple[str, int, Mailbox],  # noqa: F811 (the fixture)
    certificate: tuple[Path, Path],  # noqa: F811
    settings: Settings,
) -> None:
    mode, port, box = relay
    tls = {"smtp_port": port, "smtp_starttls": mode == "starttls", "smtp_tls": mode == "tls"}
    trusted = settings.model_copy(update={**tls, "smtp_ca_file": certificate[0]})
    checked = await readiness({"relay": lambda: relay_answers(trusted, 2.0)}, 2.0)
    assert checked.ready, checked
    # a certificate the process cannot trust: not ready, and said so
    untrusted = settings.model_copy(update=tls)
    checked = await readiness({"relay": lambda: relay_answers(untrusted, 2.0)}, 2.0)
    assert checked.failing == ["relay"]
    assert checked.checks["relay"].problem == "TLS refused (certificate or protocol)"
    assert box.messages == []  # a probe sends nothing
