"""Sending over TLS to a real aiosmtpd relay: STARTTLS (the relay insists on it), implicit TLS,
and a certificate the sender cannot trust (nothing is sent, nothing is marked failed)."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import ActivityEnvironment

from activities.notices import NoticeActivities
from models.db import Notice
from models.settings import Settings
from tests.activities.test_activities import notice
from tests.conftest import Mailbox, _Capture, free_port


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "relay.key", folder / "relay.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


@pytest.fixture
def relay(
    certificate: tuple[Path, Path], request: pytest.FixtureRequest
) -> Iterator[tuple[int, Mailbox]]:
    box, port = Mailbox(), free_port()
    if request.param == "starttls":
        controller = Controller(
            _Capture(box),
            hostname="127.0.0.1",
            port=port,
            tls_context=_context(certificate),
            require_starttls=True,
        )
    else:
        controller = Controller(
            _Capture(box), hostname="127.0.0.1", port=port, ssl_context=_context(certificate)
        )
    controller.start()
    yield request.param, port, box
    controller.stop()


@pytest.mark.parametrize("relay", ["starttls", "implicit"], indirect=True)
async def test_notices_go_out_over_tls(  # type: ignore[no-untyped-def]
    relay, certificate, sessions: sessionmaker[Session], settings: Settings
) -> None:
    mode, port, box = relay
    tls = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_ca_file": certificate[0],
            "smtp_starttls": mode == "starttls",
            "smtp_tls": mode == "implicit",
        }
    )
    report = await ActivityEnvironment().run(
        NoticeActivities(sessions, tls).send_notices, notice(["DE"])
    )
    assert report.sent == 1
    assert [str(m["To"]) for m in box.messages] == ["ncp@de.pragueprocess.local"]


@pytest.mark.parametrize("relay", ["starttls"], indirect=True)
async def test_an_untrusted_relay_gets_nothing_and_nothing_is_lost(  # type: ignore[no-untyped-def]
    relay, sessions: sessionmaker[Session], settings: Settings
) -> None:
    _, port, box = relay
    untrusting = NoticeActivities(
        sessions,
        settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_starttls": True,
                "smtp_ca_file": None,
            }
        ),
    )
    request = notice(["FR"])
    with pytest.raises(Exception, match="(?i)certificate"):
        await ActivityEnvironment().run(untrusting.send_notices, request)
    assert box.messages == []
    with sessions() as session:
        rows = session.scalars(select(Notice).filter_by(notice_key=request.notice_key)).all()
    assert [r.status for r in rows] == ["pending"]  # waits for a relay it can trust; retried
