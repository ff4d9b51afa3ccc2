"""The furniture of a document in each language: markings, table headings, dates; the words
for enum values come from `models.labels`, shared with the pages and the mails."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from models.domain import Language
from models.labels import label
from models.registry import SEED_PARTICIPANTS

_MONTHS_RU = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()

# Every phrase a document prints, by key; {placeholders} are filled by `Labels.__call__`.
_PHRASES: dict[str, tuple[str, str]] = {
    "organisation": ("Prague Process", "Пражский процесс"),
    "draft": ("DRAFT", "ПРОЕКТ"),
    "draft_marking": ("DRAFT — for consultation", "ПРОЕКТ — для консультаций"),
    "comments_by": ("comments by {date}", "замечания до {date}"),
    "final_marking": ("Final and endorsed", "Окончательный и одобренный текст"),
    "reference": ("Reference", "Номер"),
    "version": ("Version", "Версия"),
    "version_n": ("version {n}", "версия {n}"),
    "date": ("Date", "Дата"),
    "document_type": ("Document type", "Вид документа"),
    "thematic_area": ("Thematic area", "Тематическая область"),
    "lead_state": ("Lead state", "Ведущее государство"),
    "co_lead_states": ("Co-lead states", "Соведущие"),
    "country": ("Country", "Страна"),
    "page": ("Page", "Стр."),
    "of": ("of", "из"),
    "contents": ("Contents", "Содержание"),
    "contents_placeholder": (
        "Right-click and choose Update Field to build the table of contents.",
        "Щёлкните правой кнопкой мыши и выберите «Обновить поле», чтобы построить содержание.",
    ),
    "no": ("No.", "№"),
    "participant": ("Participant", "Участник"),
    "section": ("Section", "Раздел"),
    "comment": ("Comment", "Замечание"),
    "proposed_text": ("Proposed text", "Предлагаемый текст"),
    "position": ("Position", "Позиция"),
    "disposition": ("Disposition", "Решение по замечанию"),
    "justification": ("Justification", "Обоснование"),
    "open": ("open", "не рассмотрено"),
    "compilation_title": ("Compilation of comments", "Сводная таблица замечаний"),
    "compilation_marking": (
        "Compilation of comments, round {n}",
        "Сводная таблица замечаний, раунд {n}",
    ),
    "positions_summary": ("Positions per participant", "Позиции участников"),
    "matrix": ("Comments and their resolution", "Замечания и решения по ним"),
    "comments_count": ("Comments", "Замечаний"),
    "register_title": ("Position register", "Реестр позиций"),
    "register_marking": ("Position register, round {n}", "Реестр позиций, раунд {n}"),
    "register_note": (
        "Round {n} on version {version}: {answered} of {invited} participants answered; "
        "deadline {deadline}.",
        "Раунд {n} по версии {version}: ответили {answered} из {invited} участников; "
        "срок {deadline}.",
    ),
    "no_answer": ("no answer", "нет ответа"),
    "support": ("support", "поддержка"),
    "legend": ("Legend", "Условные обозначения"),
    "redline_title": ("Changes between versions", "Изменения между версиями"),
    "redline_marking": (
        "Changes from version {old} to version {new}",
        "Изменения от версии {old} к версии {new}",
    ),
    "redline_note": (
        "Tracked changes by {author}. In Word, Review > Accept All Changes gives version {new}.",
        "Исправления внесены: {author}. В Word «Рецензирование > Принять все исправления» "
        "даёт версию {new}.",
    ),
    "endorsement_record": ("Endorsement record", "Сведения об одобрении"),
    "route": ("Route", "Порядок"),
    "where": ("Where", "Место"),
    "decision": ("Decision", "Решение"),
    "notes": ("Notes", "Примечания"),
    "reservations": ("Reservations", "Оговорки"),
    "reservations_objections": ("reservations or objections", "оговорки или возражения"),
    "amendments": ("Amendments", "Поправки"),
    "objection_stands": ("objection maintained", "возражение сохраняется"),
    "none": ("none", "нет"),
    "silence_kept": (
        "Silence kept: endorsed by written procedure.",
        "Молчание соблюдено: одобрено в порядке письменной процедуры.",
    ),
    "silence_broken": (
        "Silence broken by {who}: {reason}",
        "Молчание нарушено ({who}): {reason}",
    ),
    "no_rounds": ("No comment round was held.", "Раунды замечаний не проводились."),
    "silence_procedure": ("Written (silence) procedure", "Письменная процедура (молчания)"),
    "agenda": ("Agenda", "Повестка дня"),
    "conclusions": ("Conclusions", "Выводы"),
    "item": ("Item", "Пункт"),
    "document": ("Document", "Документ"),
    "status": ("Status", "Статус"),
    "action": ("Action", "Действие"),
    "for_endorsement": ("For endorsement", "Для одобрения"),
    "for_information": ("For information", "Для сведения"),
    "for_discussion": ("For discussion", "Для обсуждения"),
    "for_adoption": ("For adoption", "Для утверждения"),
    "opening": ("Opening of the meeting and welcome", "Открытие совещания и приветствие"),
    "adoption": ("Adoption of the agenda", "Утверждение повестки дня"),
    "tour_de_table": (
        "Tour de table: news from the participating states",
        "Тур де табль: информация государств-участников",
    ),
    "other_business": ("Any other business", "Разное"),
    "closing": ("Closing of the meeting", "Закрытие совещания"),
    "time": ("Time (UTC)", "Время (UTC)"),
    "agenda_item": ("Agenda item", "Пункт повестки дня"),
    "place": ("Place", "Место"),
    "dates": ("Dates", "Даты"),
    "host": ("Host", "Принимающая сторона"),
    "co_chairs": ("Co-chairs", "Сопредседатели"),
    "represented": ("Represented", "Были представлены"),
    "draft_agenda": ("Draft agenda", "Проект повестки дня"),
    # Conclusions in the style of the Process's published ones: "The Senior Officials endorsed
    # ...". {s}: who decided (a kind's subject below); {e}: the Russian verb's ending for it.
    "concluded_endorsed": (
        "{s} endorsed “{title}” ({ref}, version {n}).",
        "{s} одобрил{e} документ «{title}» ({ref}, версия {n}).",
    ),
    "concluded_endorsed_with_amendments": (
        "{s} endorsed “{title}” ({ref}, version {n}) as amended at the meeting.",
        "{s} одобрил{e} документ «{title}» ({ref}, версия {n}) с поправками, внесёнными "
        "на совещании.",
    ),
    "concluded_deferred": (
        "{s} deferred the consideration of “{title}” ({ref}, version {n}) to a later meeting.",
        "{s} отложил{e} рассмотрение документа «{title}» ({ref}, версия {n}) до одного из "
        "следующих совещаний.",
    ),
    "concluded_rejected": (
        "{s} did not endorse “{title}” ({ref}, version {n}).",
        "{s} не одобрил{e} документ «{title}» ({ref}, версия {n}).",
    ),
    "concluded_open": (
        "No decision was taken on “{title}” ({ref}, version {n}).",
        "По документу «{title}» ({ref}, версия {n}) решение не принято.",
    ),
    "not_reached": (
        "The item was not reached at the meeting.",
        "Пункт не был рассмотрен на совещании.",
    ),
    "amendments_were": ("Amendments: {text}.", "Поправки: {text}."),
    "reservation_by": (
        "A reservation was expressed by {names}.",
        "Оговорку высказал участник: {names}.",
    ),
    "reservations_by": (
        "Reservations were expressed by {names}.",
        "Оговорки высказали участники: {names}.",
    ),
    "and": ("and", "и"),
    "subject_som": ("The Senior Officials", "Старшие должностные лица"),
    "subject_ministerial_conference": ("The Ministers", "Министры"),
    "subject_strategic_group": ("The Strategic Group", "Стратегическая группа"),
    "subject_expert_meeting": ("The participants", "Участники"),
    "subject_workshop": ("The participants", "Участники"),
    "subject_core_group": ("The Core Group", "Основная группа"),
    "subject_study_visit": ("The participants", "Участники"),
    "issued_by": (
        "Issued by the Prague Process Secretariat on {date}.",
        "Выпущено Секретариатом Пражского процесса {date}.",
    ),
    "profile_kind": ("Extended Migration Profile", "Расширенный миграционный профиль"),
    "profile_status": ("Profile status", "Статус профиля"),
    "under_preparation": ("Under preparation", "В стадии подготовки"),
    "mission_findings": ("Expert mission findings", "Выводы экспертной миссии"),
    "not_yet_drafted": ("Not yet drafted.", "Раздел ещё не подготовлен."),
    "chapters_left_out": (
        "This edition does not cover the following chapters of the profile template: {chapters}.",
        "Настоящее издание не охватывает следующие главы шаблона профиля: {chapters}.",
    ),
    "mission_expert": ("mission expert", "эксперт миссии"),
    "record_title": ("Procedural record", "Протокол процедуры"),
    "record_marking": (
        "Certificate of the procedure followed",
        "Справка о пройденной процедуре",
    ),
    "record_note": (
        "Built from the event log of the draft on {date}.",
        "Составлено по журналу событий проекта {date}.",
    ),
    "when": ("Date", "Дата"),
    "event": ("Event", "Событие"),
    "by": ("By", "Кем"),
    "rounds": ("Comment rounds", "Раунды замечаний"),
    "round": ("Round", "Раунд"),
    "held": ("Opened – closed", "Открыт – закрыт"),
    "deadline": ("Deadline", "Срок"),
    "answered": ("Answered", "Ответили"),
    "not_answered": ("Not answered", "Не ответили"),
    "objections": ("Objections", "Возражения"),
    "timeline": ("Timeline", "Хронология"),
    "secretariat": ("Secretariat", "Секретариат"),
    "certified": (
        "Certified for the Prague Process Secretariat",
        "Удостоверено от имени Секретариата Пражского процесса",
    ),
    "sign_name": ("Name", "Ф. И. О."),
    "sign_function": ("Function", "Должность"),
    "sign_signature": ("Signature", "Подпись"),
    "sign_place_date": ("Place and date", "Место и дата"),
    "language_version": ("Language version", "Языковая версия"),
    "translation_of": (
        "Translation of version {base} of the original.",
        "Перевод версии {base} оригинала.",
    ),
    "translation_lags": (
        "This language version translates version {base} of the original; the current version "
        "is {current}.",
        "Эта языковая версия — перевод версии {base} оригинала; текущая версия — {current}.",
    ),
    "untranslated": ("[not yet translated]", "[перевод ещё не подготовлен]"),
    "untranslated_note": (
        "{n} section(s) not yet translated appear in the original language.",
        "Разделы без перевода ({n}) приведены на языке оригинала.",
    ),
}


# Participants' names by language, from the seed registry: a document names a participant the
# registry does not list (yet) by its id.
_SEED_NAMES = {
    Language.EN: {p.id: p.name for p in SEED_PARTICIPANTS},
    Language.RU: {p.id: p.name_ru or p.name for p in SEED_PARTICIPANTS},
}


_CYRILLIC = re.compile("[А-Яа-яЁё]")


def written_in(text: str, language: Language) -> bool:
    """Whether a title people typed reads as `language` (a document in the other language
    names the thing in its own words instead)."""
    return bool(_CYRILLIC.search(text)) == (language == Language.RU)


class Labels:
    """The phrases of one language: `labels("comments_by", date=...)`, `labels.enum(x)`,
    `labels.name("HU")`."""

    def __init__(self, language: Language, names: dict[str, str] | None = None) -> None:
        self.language = language
        self._i = 0 if language == Language.EN else 1
        self._names = names or {}

    def __call__(self, key: str, **values: object) -> str:
        # a Russian date ends with "г.": a sentence ending on one takes no second full stop
        return _PHRASES[key][self._i].format(**values).replace("г..", "г.")

    def enum(self, value: StrEnum | str | None) -> str:
        """An enum value's word, from the one table of pages, mails and documents."""
        return label(value, self.language)

    def day(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        if self.language == Language.RU:
            return f"{moment.day} {_MONTHS_RU[moment.month - 1]} {moment.year} г."
        return f"{moment.day} {moment:%B %Y}"

    def short_day(self, moment: datetime | None) -> str:
        return moment.strftime("%d.%m.%Y") if moment else ""

    def days(self, start: datetime, end: datetime | None) -> str:
        """ "23–24 November 2026", "30 November – 1 December 2026" or one day."""
        if end is None or end.date() <= start.date():
            return self.day(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.day(end)}"
        if start.year == end.year:
            first = self.day(start).rsplit(" ", 2 if self.language == Language.RU else 1)[0]
            return f"{first} – {self.day(end)}"
        return f"{self.day(start)} – {self.day(end)}"

    def name(self, participant: str) -> str:
        """A participant's name in this language: the registry's, else the seed's, else as given
        (a name typed in, an expert's address)."""
        if participant == "secretariat":
            return self("secretariat")
        return self._names.get(participant) or _SEED_NAMES[self.language].get(
            participant, participant
        )

    def names(self, participants: list[str]) -> str:
        return ", ".join(self.name(p) for p in participants)
