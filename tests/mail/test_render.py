"""What a reader sees in a mail, rendered without a server: the personal link as a button with a
short line under it, names and words in the reader's language, times with their zone, what an
expert mission is about, an agenda in Russian throughout, a calendar entry that parses."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

from icalendar import Calendar

from mail.calendar import meeting_ics
from mail.render import Extras, render, when
from mail.samples import sample_invitation, write_samples
from models.activity_io import AgendaLine, NoticeContext, NoticeRequest
from models.domain import Decision, Language, MeetingKind, NoticeKind

ARTIFACTS = Path(os.environ.get("PPFLOW_TEST_ARTIFACTS", "test-artifacts")) / "mails"
WARSAW = timezone(timedelta(hours=2))


class _Text(HTMLParser):
    """The text a mail client shows (attributes, such as the link's href, left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.skip = tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def shown(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_invitation_has_a_button_and_no_line_wider_than_a_phone() -> None:
    written = write_samples(ARTIFACTS)  # for the README's picture and for looking at a change
    assert [p.name for p in written] == ["invitation-en.html", "invitation-ru.html"]
    for language, participant in ((Language.EN, "DE"), (Language.RU, "KZ")):
        mail = sample_invitation(language, participant)
        link = next(line for line in mail.body.splitlines() if "/review/" in line)
        assert len(link) > 200  # the signed link itself is long, and whole in the text part
        assert f'href="{link}"' in mail.html  # the button and the line under it open it
        assert 'class="pp-button"' in mail.html
        assert "max-width:600px" in mail.html and "@media (max-width: 480px)" in mail.html
        # nothing widens the mail: no run of text a browser cannot break is long
        runs = re.split(r"[\s/-]+", shown(mail.html))
        assert max(len(w) for w in runs) <= 45, max(runs, key=len)
        assert link not in shown(mail.html)
        under = re.search(r'class="pp-button".*?<p[^>]*>(.*?)</p>', mail.html, re.S)
        assert under and len(shown(under.group(1))) <= 80, under  # the short line under it
    en, ru = sample_invitation(Language.EN), sample_invitation(Language.RU, "KZ")
    assert "Poland invites your comments" in en.body and "Open the draft and answer" in en.html
    assert "Польша приглашает" in ru.body and "Открыть проект и ответить" in ru.html
    assert "15.03.2027 17:00 UTC" in en.body
    assert "Руководящие принципы заключения соглашений о реадмиссии" in ru.subject
    assert "-ru.docx" in ru.body and "-en.docx" in en.body


def test_times_keep_their_zone() -> None:
    assert when(datetime(2027, 5, 30, 9, 0, tzinfo=WARSAW)) == "30.05.2027 09:00 UTC+02:00"
    assert when(datetime(2027, 5, 30, 7, 0, tzinfo=UTC)) == "30.05.2027 07:00 UTC"


def agenda(language: Language, kind: NoticeKind = NoticeKind.MEETING_AGENDA) -> str:
    request = NoticeRequest(
        notice_key="agenda",
        kind=kind,
        recipients=["KZ"],
        meeting_id="meeting-som",
        context=NoticeContext(
            meeting_title="Senior Officials' Meeting",
            meeting_kind=MeetingKind.SOM,
            meeting_place="Poznan",
            meeting_starts_at=datetime(2027, 5, 30, 9, 0, tzinfo=WARSAW),
            meeting_ends_at=datetime(2027, 5, 31, 13, 0, tzinfo=WARSAW),
            host="PL",
            items=[
                AgendaLine(
                    draft_id="draft-x",
                    title="Guidelines on readmission",
                    titles={"ru": "Руководящие принципы о реадмиссии"},
                    reference="PP-GL-1",
                    version=2,
                    decision=Decision.ENDORSED_WITH_AMENDMENTS
                    if kind == NoticeKind.DECISION
                    else None,
                )
            ],
        ),
    )
    mail = render(request, language, Extras(calendar=kind == NoticeKind.MEETING_AGENDA))
    return mail.subject + "\n" + mail.body


def test_an_agenda_reads_in_russian_throughout_with_its_time_zone() -> None:
    ru = agenda(Language.RU)
    assert "Совещание старших должностных лиц" in ru and "Senior Officials" not in ru
    assert "версия 2" in ru and "version" not in ru
    assert "1. Руководящие принципы о реадмиссии (PP-GL-1, версия 2)" in ru
    assert "с 30.05.2027 09:00 UTC+02:00 по 31.05.2027 13:00 UTC+02:00" in ru
    assert "принимающая сторона: Польша" in ru and ".ics" in ru
    en = agenda(Language.EN)
    assert "hosted by Poland" in en and "from 30.05.2027 09:00 UTC+02:00" in en
    conclusions = agenda(Language.RU, NoticeKind.DECISION)
    assert "одобрено с поправками" in conclusions and "endorsed" not in conclusions


def test_the_calendar_entry_parses() -> None:
    content = meeting_ics(
        uid="meeting-som@ppflow.pragueprocess.local",
        title="Senior Officials' Meeting",
        place="Poznan",
        starts_at=datetime(2027, 5, 30, 9, 0, tzinfo=WARSAW),
        ends_at=datetime(2027, 5, 31, 13, 0, tzinfo=WARSAW),
        items=["Guidelines on readmission"],
        sequence=2,
    )
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2027, 5, 30, 7, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2027, 5, 31, 11, 0, tzinfo=UTC)
    assert str(event["summary"]) == "Senior Officials' Meeting"
    assert str(event["location"]) == "Poznan" and int(event["sequence"]) == 2
    assert "Guidelines on readmission" in str(event["description"])


def test_a_mission_mail_says_what_the_mission_is_in_the_experts_language() -> None:
    request = NoticeRequest(
        notice_key="mission",
        kind=NoticeKind.MISSION_FINDINGS_DUE,
        recipients=[],
        addresses=["expert@example.org"],
        context=NoticeContext(
            draft_title="Extended Migration Profile of Armenia",
            lead_state="AM",
            country="AM",
            starts_on=datetime(2027, 6, 1, tzinfo=UTC),
            ends_on=datetime(2027, 6, 5, tzinfo=UTC),
            deadline=datetime(2027, 6, 30, 12, 0, tzinfo=UTC),
            brief="Labour emigration since 2022",
            sections={"en": ["Labour migration"], "ru": ["Трудовая миграция"]},
        ),
    )
    ru = render(request, Language.RU, Extras(link="https://x.example/review/abc"))
    assert ru.subject == "Экспертная миссия: Армения, выводы до 30.06.2027 12:00 UTC"
    for part in ("Страна: Армения", "с 01.06.2027 по 05.06.2027", "Задача: Labour emigration"):
        assert part in ru.body
    assert "  - Трудовая миграция" in ru.body and "Представить выводы" in ru.html
    en = render(request, Language.EN)
    assert "Expert mission to Armenia" in en.subject and "  - Labour migration" in en.body
    assert re.search(r"by 30\.06\.2027 12:00 UTC", en.body)
