"""The furniture of a document in each language: markings, table headings, dates; the words
for enum values come from `models.labels`, shared with the pages and the mails."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from models.domain import Language
from models.labels import label

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
    "co_lead_states": ("Co-lead states", "Со-ведущие государства"),
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
    "amendments": ("Amendments", "Поправки"),
    "objection_stands": ("objection maintained", "возражение сохраняется"),
    "none": ("none", "нет"),
    "silence_procedure": ("Written (silence) procedure", "Письменная процедура (молчания)"),
    "agenda": ("Agenda", "Повестка дня"),
    "conclusions": ("Conclusions", "Выводы"),
    "item": ("Item", "Пункт"),
    "document": ("Document", "Документ"),
    "status": ("Status", "Статус"),
    "action": ("Action", "Действие"),
    "for_endorsement": ("For endorsement", "Для одобрения"),
    "meeting_decided": (
        "The meeting took the following decisions.",
        "Совещание приняло следующие решения.",
    ),
    "profile_kind": ("Extended Migration Profile", "Расширенный миграционный профиль"),
    "profile_status": ("Profile status", "Статус профиля"),
    "under_preparation": ("Under preparation", "В стадии подготовки"),
    "mission_findings": ("Expert mission findings", "Выводы экспертной миссии"),
    "not_yet_drafted": ("Not yet drafted.", "Раздел ещё не подготовлен."),
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
    "opened": ("Opened", "Открыт"),
    "deadline": ("Deadline", "Срок"),
    "closed": ("Closed", "Закрыт"),
    "answered": ("Answered", "Ответили"),
    "not_answered": ("Not answered", "Не ответили"),
    "objections": ("Objections", "Возражения"),
    "timeline": ("Timeline", "Хронология"),
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


class Labels:
    """The phrases of one language: `labels("comments_by", date=...)`, `labels.enum(x)`."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._i = 0 if language == Language.EN else 1

    def __call__(self, key: str, **values: object) -> str:
        return _PHRASES[key][self._i].format(**values)

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
