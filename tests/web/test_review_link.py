"""A reviewer's personal link is checked once per request: the route builds a `ReviewerContext`
and every service function takes it instead of the raw token. A tampered token is still
refused, by the form and by the JSON API."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from models.links import csrf_token
from models.settings import Settings
from ppflow import answers
from tests.conftest import Mailbox, text_of
from tests.web.test_api import LEAD, later, links_in, new_draft
from tests.workflows.test_lifecycle import eventually


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token the link check reads (ppflow.answers.read_token: signature and expiry)."""
    seen: list[str] = []
    original: Callable[..., Any] = answers.read_token

    def counted(settings: Settings, token: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(token)
        return original(settings, token, *args, **kwargs)

    monkeypatch.setattr(answers, "read_token", counted)
    return seen


def tampered(token: str) -> str:
    """The same token with one character of its payload changed."""
    i = len(token) // 3
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


async def csrf_of(api: httpx.AsyncClient, url: str) -> str:
    page = await api.get(url)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


async def test_a_post_checks_its_link_once_and_refuses_a_tampered_one(
    api: httpx.AsyncClient,
    run_worker,  # type: ignore[no-untyped-def]
    dev_env,  # type: ignore[no-untyped-def]
    mailbox: Mailbox,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        draft, ref = started["draft_id"], started["reference"]
        body = {"invitees": {"participants": ["KZ", "DE"]}, "deadline": later(days=3)}
        r = await api.post(f"/api/drafts/{draft}/rounds", headers=LEAD, json=body)
        assert r.status_code == 200, r.text
        kz = (await eventually(lambda: links_in(mailbox, ref, "KZ")))[0]
        de = (await eventually(lambda: links_in(mailbox, ref, "DE")))[0]

        csrf = await csrf_of(api, f"/review/{kz}")
        checks = count_checks(monkeypatch)

        # A refused answer (an objection needs a reason) shows the form again: one check.
        r = await api.post(f"/review/{kz}", data={"position": "objection", "csrf": csrf})
        # (in the link holder's language: Kazakhstan's is Russian)
        assert r.status_code == 422 and "для возражения нужна причина" in r.text
        assert checks == [kz]

        # The answer sent from the form: one check for the page, the answer and the receipt.
        checks.clear()
        form = {"position": "comments", "comment": "Переведите на русский", "csrf": csrf}
        r = await api.post(f"/review/{kz}", data=form)
        assert r.status_code == 200 and "Ваш ответ учтён" in r.text, r.text[:500]
        assert checks == [kz]

        # The JSON API: one check too.
        checks.clear()
        r = await api.post(f"/api/review/{de}/answer", json={"position": "no_objection"})
        assert r.status_code == 200, r.text
        assert checks == [de]

        # A tampered token, with a CSRF field made for it: the link check refuses it.
        bad = tampered(kz)
        checks.clear()
        r = await api.post(
            f"/review/{bad}",
            data={"position": "comments", "comment": "x", "csrf": csrf_token(settings, bad)},
        )
        assert r.status_code == 403 and "not valid" in r.text
        assert checks == [bad]
        r = await api.post(f"/api/review/{bad}/answer", json={"position": "no_objection"})
        assert r.status_code == 403 and "not valid" in r.json()["detail"]
        r = await api.post(f"/review/{bad}", data={"position": "comments", "csrf": csrf})
        assert r.status_code == 403  # the CSRF field of another link

        # The receipt names a comment on no section in the reader's language.
        def receipt() -> list[Any]:
            return [
                m
                for m in mailbox.to("ncp@kz.pragueprocess.local")
                if ref in str(m["Subject"]) and "Ваш ответ учтён" in str(m["Subject"])
            ]

        (mail,) = await eventually(receipt)
        text = text_of(mail)
        assert "Общие замечания: Переведите на русский" in text
        assert "замечания, замечаний: 1" in text
