"""The status board's migration profiles on a fresh database: exactly the seeds' ten final and
endorsed and six under preparation, by name in the page's language; the start-draft form takes
the profile's country from the list of states, and a seeded profile under preparation continued
that way shows its draft on the board."""

from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.ppflow import test_profiles as on_a_fresh_database
from tests.ppflow.test_profiles import FINAL_EN, PREPARING_EN
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.test_answers import eventually_async

# A database of its own, seeded as `ppflow db upgrade` leaves it, with the web app on it.
fresh = on_a_fresh_database.fresh
fresh_settings = on_a_fresh_database.fresh_settings
fresh_api = on_a_fresh_database.fresh_api

FINAL_RU = {
    "Армения",
    "Азербайджан",
    "Чешская Республика",
    "Венгрия",
    "Казахстан",
    "Польша",
    "Румыния",
    "Словакия",
    "Таджикистан",
    "Украина",
}
PREPARING_RU = {
    "Беларусь",
    "Грузия",
    "Кыргызстан",
    "Российская Федерация",
    "Туркменистан",
    "Узбекистан",
}


def column(html: str, list_id: str) -> dict[str, str]:
    """The board's list by country name: each item's text after the name."""
    found = re.search(rf'<ul class="plain" id="{list_id}">(.*?)</ul>', html, re.S)
    assert found, html[:500]
    items = re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)
    out = {}
    for item in items:
        text = re.sub(r"<[^>]+>", "", item)
        name, _, rest = text.partition("·")
        out[name.strip()] = " ".join(rest.split())
    return out


async def test_a_fresh_board_shows_the_seeds_profiles_in_both_languages(
    fresh_api: httpx.AsyncClient, fresh: sessionmaker[Session]
) -> None:
    await sign_in(fresh_api, make_user(fresh, Role.OBSERVER))
    en = (await fresh_api.get("/board?lang=en")).text
    final, preparing = column(en, "profiles-final"), column(en, "profiles-preparing")
    assert set(final) == FINAL_EN and set(preparing) == PREPARING_EN
    assert final["Armenia"] == preparing["Georgia"] == "edition 1"
    lists = re.findall(r'<ul class="plain" id="profiles-[a-z]+">(.*?)</ul>', en, re.S)
    assert len(lists) == 2 and "<a " not in "".join(lists)  # no draft yet: no links
    assert "a profile prepared before ppflow" in en
    ru = (await fresh_api.get("/board?lang=ru")).text
    final, preparing = column(ru, "profiles-final"), column(ru, "profiles-preparing")
    assert set(final) == FINAL_RU and set(preparing) == PREPARING_RU
    assert final["Армения"] == "издание 1" and "профиль, подготовленный до ppflow" in ru
    assert list(final)[:2] == ["Азербайджан", "Армения"]  # in the order of the page's language


async def test_the_form_takes_the_country_from_the_list_and_continues_a_seeded_profile(
    fresh_api: httpx.AsyncClient,
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
) -> None:
    from worker import build_worker

    api = fresh_api
    await sign_in(api, make_user(fresh, Role.SECRETARIAT))
    form = (await api.get("/drafts/new?lang=ru")).text
    countries = re.search(r'<select id="country" name="country">(.*?)</select>', form, re.S)
    assert countries and '<option value="GE" >Грузия</option>' in countries.group(1)
    assert "Frontex" not in countries.group(1) and "Фронтекс" not in countries.group(1)
    page = await api.get("/drafts/new?lang=en")
    async with build_worker(dev_env.client, fresh_settings, activity_executor):
        r = await api.post(
            "/drafts/new",
            data={
                "csrf": csrf_of(page.text),
                "title": f"Extended Migration Profile of Georgia {uuid.uuid4().hex[:6]}",
                "document_type": "migration_profile",
                "lead_state": "GE",
                "country": "GE",
                "language": "en",
            },
        )
        assert r.status_code == 303, r.text
        draft = r.headers["location"].split("?")[0].rsplit("/", 1)[1]

        async def on_the_board() -> bool:
            html = (await api.get("/board")).text
            return f'href="/drafts/{draft}">Georgia</a>' in html

        await eventually_async(on_the_board)
        html = (await api.get("/board")).text
        assert column(html, "profiles-preparing")["Georgia"] == "edition 1"
        r = await api.post(
            "/drafts/new",
            data={
                "csrf": csrf_of(page.text),
                "title": "Another profile of Georgia",
                "document_type": "migration_profile",
                "lead_state": "GE",
                "country": "GE",
                "language": "en",
            },
        )
        assert r.status_code == 409 and "Georgia has a migration profile under preparation" in (
            r.text
        )
        assert draft in r.text and 'value="Another profile of Georgia"' in r.text
