"""Every message in the page's language: validation errors naming fields by their label, the
service's refusals, the 404 page (with the navigation of a signed-in user), participants by
name instead of their codes."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from models.api import CommentResolutions, ReviewerAnswer
from models.domain import Language
from models.settings import Settings
from ppflow.accounts import Role
from tests.web.accounts import make_user, sign_in
from web.app import create_app
from web.explain import explain, say
from web.i18n import UI

EN, RU = UI(Language.EN), UI(Language.RU)


def text_of(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    assert found
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))))


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as client:
        yield client


def test_a_validation_error_names_the_field_by_its_label_in_each_language() -> None:
    with pytest.raises(ValidationError) as refused:
        CommentResolutions.model_validate(
            {"resolutions": [{"comment_id": "c1", "disposition": "partly_accepted"}]}
        )
    assert explain(refused.value, RU) == "замечание 1: для частичного принятия нужно обоснование"
    assert (
        explain(refused.value, EN) == "comment 1: a partly accepted comment needs a justification"
    )
    with pytest.raises(ValidationError) as refused:
        ReviewerAnswer.model_validate({"position": "reservation"})
    assert explain(refused.value, EN) == "a reservation needs a reason"
    assert explain(refused.value, RU) == "для оговорки нужна причина"
    with pytest.raises(ValidationError) as refused:
        ReviewerAnswer.model_validate({"position": "maybe", "comments": [{"text": ""}]})
    assert explain(refused.value, RU) == (
        "позиция: выберите один из вариантов; замечание 1, текст: не может быть пустым"
    )
    # the service's own messages, some with a part that varies (never repeated back)
    assert say("deadline: give a date and time like 2026-12-01T10:00", RU) == (
        "срок: укажите дату и время, например 2026-12-01T10:00"
    )
    assert say("the deadline is in the past: 2020-01-01T00:00:00+00:00", RU) == (
        "срок: это время уже прошло"
    )
    assert say("a message nobody translated", RU) == "a message nobody translated"


async def test_pages_speak_russian_errors_keep_the_navigation_names_not_codes(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env
) -> None:
    georgia = make_user(sessions, Role.DRAFTING_STATE, "GE")
    async with run_worker(dev_env.client):
        csrf = await sign_in(web, georgia)
        await web.get("/drafts?lang=ru")  # the session's language from now on
        r = await web.post(
            "/drafts/new", data={"csrf": csrf, "title": "ab", "document_type": "guidelines"}
        )
        assert r.status_code == 422
        assert "название: не короче 3 символов" in text_of(r.text)
        title = f"Language guidelines {uuid.uuid4().hex[:6]}"
        r = await web.post(
            "/drafts/new",
            data={
                "csrf": csrf,
                "title": title,
                "document_type": "guidelines",
                "section_title_1": "Scope",
                "section_text_1": "Returns in dignity.",
            },
        )
        assert r.status_code == 303, r.text
        draft_url = r.headers["location"]

        page = text_of((await web.get(draft_url)).text)
        assert "Грузия" in page and " GE " not in f" {page} "  # the lead state by name
        assert "Версия проекта: EN" in page and "draft version" not in page  # a file kind

        r = await web.post(
            draft_url,
            data={"csrf": csrf, "action": "resolve", "disposition__c-1": "partly_accepted"},
        )
        assert r.status_code == 422
        said = text_of(r.text)
        assert "замечание 1: для частичного принятия нужно обоснование" in said
        assert "resolutions" not in said and "partly_accepted" not in said

        r = await web.post(draft_url, data={"csrf": csrf, "action": "revise"})
        assert r.status_code == 422 and "выберите файл .docx для загрузки" in text_of(r.text)

        dashboard = (await web.get("/drafts")).text
        row = re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(title)}.*?</tr>", dashboard, re.S)
        assert row and "Грузия" in row.group(0) and ">GE<" not in row.group(0)

        for missing, said_ru in (
            ("/drafts/draft-no-such-language-draft", "такого проекта нет"),
            ("/no/such/page/at/all", "По этому адресу страницы нет."),
        ):
            r = await web.get(missing)
            assert r.status_code == 404
            assert "Не найдено" in r.text and said_ru in r.text
            assert 'href="/meetings"' in r.text and "Совещания" in r.text  # the navigation
            assert "Грузия" in r.text  # who is signed in, by name
            assert "no-such-language-draft" not in r.text  # never the address back

    async with httpx.AsyncClient(
        transport=web._transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as stranger:
        r = await stranger.get("/no/such/page/at/all?lang=ru")
        assert r.status_code == 404 and "По этому адресу страницы нет." in r.text
        assert 'href="/meetings"' not in r.text and 'href="/login"' in r.text
