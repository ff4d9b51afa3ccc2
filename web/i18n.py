"""The web pages' words in English and Russian; enum values through the documents' labels."""

from __future__ import annotations

from enum import StrEnum

from activities.word.labels import Labels
from models.domain import Language

_UI: dict[str, tuple[str, str]] = {
    "app": ("Prague Process drafts", "Проекты Пражского процесса"),
    "skip": ("Skip to content", "Перейти к содержанию"),
    "dashboard": ("Drafts", "Проекты"),
    "my_drafts": ("My drafts", "Мои проекты"),
    "board": ("Status board", "Статус документов"),
    "meetings": ("Meetings", "Совещания"),
    "registry": ("Registry", "Реестр"),
    "outbox": ("Outbox", "Исходящие"),
    "new_draft": ("Start a draft", "Новый проект"),
    "sign_in": ("Sign in", "Войти"),
    "sign_out": ("Sign out", "Выйти"),
    "username": ("User name", "Имя пользователя"),
    "password": ("Password", "Пароль"),
    "signed_in_as": ("Signed in as", "Вы вошли как"),
    "language": ("Русский", "English"),
    "search": ("Search title or reference", "Поиск по названию или номеру"),
    "filter": ("Filter", "Фильтр"),
    "any": ("any", "все"),
    "type": ("Type", "Вид"),
    "area": ("Thematic area", "Тематическая область"),
    "lead": ("Lead", "Ведущее"),
    "phase": ("Phase", "Этап"),
    "version": ("Version", "Версия"),
    "round": ("Round", "Раунд"),
    "answered_of": ("{a} of {n} answered", "ответили {a} из {n}"),
    "deadline": ("Deadline", "Срок"),
    "days_left": ("{n} days left", "осталось дней: {n}"),
    "overdue": ("past", "истёк"),
    "next_meeting": ("Next meeting", "Ближайшее совещание"),
    "sort": ("Sort by", "Сортировка"),
    "order": ("Order", "Порядок"),
    "asc": ("ascending", "по возрастанию"),
    "desc": ("descending", "по убыванию"),
    "updated": ("last change", "последнее изменение"),
    "title": ("Title", "Название"),
    "previous": ("Previous", "Назад"),
    "next": ("Next", "Вперёд"),
    "page_of": ("Page {p} of {n} ({total} drafts)", "Страница {p} из {n} (проектов: {total})"),
    "no_drafts": ("No drafts match.", "Нет подходящих проектов."),
    "timeline": ("Timeline", "Хронология"),
    "rounds": ("Comment rounds", "Раунды замечаний"),
    "open_round": ("Open round", "Открытый раунд"),
    "who_answered": ("Answered", "Ответили"),
    "who_not": ("Not answered yet", "Ещё не ответили"),
    "remind_now": ("Remind now", "Напомнить сейчас"),
    "extend": ("Extend the deadline", "Продлить срок"),
    "new_deadline": ("New deadline (UTC)", "Новый срок (UTC)"),
    "close_round": ("Close the round now", "Закрыть раунд сейчас"),
    "register": ("Position register", "Реестр позиций"),
    "comments": ("Comments", "Замечания"),
    "dispositions_help": (
        "Give each comment a disposition; a rejection or partial acceptance needs a justification.",
        "Укажите решение по каждому замечанию; отклонение или частичное принятие требует "
        "обоснования.",
    ),
    "disposition": ("Disposition", "Решение"),
    "justification": ("Justification", "Обоснование"),
    "bulk": ("Set every open comment below to", "Для всех нерассмотренных замечаний"),
    "keep": ("(leave as chosen)", "(как выбрано)"),
    "save_dispositions": ("Save dispositions", "Сохранить решения"),
    "files": ("Word documents", "Документы Word"),
    "build": ("Build now", "Сформировать"),
    "temporal_ui": ("Open in the Temporal Web UI", "Открыть в Temporal Web UI"),
    "start_round": ("Open a comment round", "Открыть раунд замечаний"),
    "invite_groups": ("Invite groups", "Пригласить группы"),
    "invite_participants": ("and/or participants", "и/или участников"),
    "everyone": ("everyone in the registry", "всех участников реестра"),
    "reminders": ("Reminder (days before the deadline)", "Напоминание (за сколько дней)"),
    "open": ("Open the round", "Открыть раунд"),
    "revision": ("Upload a revision (.docx)", "Загрузить новую версию (.docx)"),
    "note": ("Note", "Примечание"),
    "upload": ("Upload", "Загрузить"),
    "redline": ("Changes from the previous version (Word, tracked)", "Изменения (Word)"),
    "endorsement": ("Request endorsement", "Запросить одобрение"),
    "route": ("Route", "Порядок"),
    "at_meeting": ("at a meeting", "на совещании"),
    "written": ("written (silence) procedure", "письменная процедура"),
    "meeting": ("Meeting", "Совещание"),
    "silence_until": ("Silence until (UTC)", "Срок молчания (UTC)"),
    "request": ("Request", "Запросить"),
    "sections": ("Sections", "Разделы"),
    "section_title": ("Section title", "Название раздела"),
    "section_text": ("Text", "Текст"),
    "or_word": (
        "or a Word file (each Heading 1 a section)",
        "или файл Word (Заголовок 1 — раздел)",
    ),
    "start": ("Start the draft", "Начать проект"),
    "co_leads": ("Co-lead states (ids, comma-separated)", "Со-ведущие (через запятую)"),
    "country": ("Country (for a migration profile)", "Страна (для миграционного профиля)"),
    "documents": ("Documents", "Документы"),
    "status": ("Status", "Статус"),
    "decision": ("Decision", "Решение"),
    "profiles": ("Extended Migration Profiles", "Расширенные миграционные профили"),
    "final": ("Final and endorsed", "Окончательные и одобренные"),
    "preparing": ("Under preparation", "В стадии подготовки"),
    "create_meeting": ("Create a meeting", "Создать совещание"),
    "kind": ("Kind", "Вид"),
    "place": ("Place", "Место"),
    "starts_at": ("Starts (UTC)", "Начало (UTC)"),
    "create": ("Create", "Создать"),
    "agenda": ("Agenda", "Повестка дня"),
    "ready": ("Ready for endorsement", "Готовы к одобрению"),
    "put_on_agenda": ("Put on the agenda", "Включить в повестку"),
    "record": ("Record", "Записать"),
    "notes": ("Notes", "Примечания"),
    "reservations": ("Reservations (ids, comma-separated)", "Оговорки (через запятую)"),
    "close_meeting": ("Close the meeting and issue conclusions", "Закрыть совещание"),
    "download_agenda": ("Agenda (.docx)", "Повестка (.docx)"),
    "download_conclusions": ("Conclusions (.docx)", "Выводы (.docx)"),
    "participants": ("Participants", "Участники"),
    "contacts": ("Contacts", "Контакты"),
    "group": ("Group", "Группа"),
    "import_csv": ("Import contacts (CSV)", "Импорт контактов (CSV)"),
    "export_csv": ("Export contacts (CSV)", "Экспорт контактов (CSV)"),
    "import": ("Import", "Импортировать"),
    "pending": ("pending", "в очереди"),
    "sent": ("sent", "отправлено"),
    "failed": ("failed", "ошибка"),
    "to": ("To", "Кому"),
    "subject": ("Subject", "Тема"),
    "error": ("Error", "Ошибка"),
    "saved": ("Saved.", "Сохранено."),
    "read_only": ("You can read but not change anything.", "Вы можете только просматривать."),
    "participant": ("Participant", "Участник"),
    "position": ("Position", "Позиция"),
    "section": ("Section", "Раздел"),
    "proposed_text": ("Proposed text", "Предлагаемый текст"),
    "general": ("General", "Общее"),
    "when": ("When", "Когда"),
    "event": ("Event", "Событие"),
    "by": ("By", "Кем"),
    "none": ("none", "нет"),
}


class UI:
    """`t("key", **values)` in a template; `t.enum(value)` for types, phases, positions."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._i = 0 if language == Language.EN else 1
        self.labels = Labels(language)

    def __call__(self, key: str, **values: object) -> str:
        return _UI[key][self._i].format(**values)

    def enum(self, value: StrEnum | str | None) -> str:
        return self.labels.enum(value)

    def day(self, moment: object) -> str:
        return self.labels.day(moment) if moment else ""  # type: ignore[arg-type]
