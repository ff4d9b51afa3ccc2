"""The web pages' words in English and Russian; enum values through `models.labels`, the one
table the mails and the Word documents use too."""

from __future__ import annotations

from enum import StrEnum

from models.domain import CommentKind, Language
from models.labels import label
from word.labels import Labels

_UI: dict[str, tuple[str, str]] = {
    "app": ("Prague Process drafts", "Проекты Пражского процесса"),
    "skip": ("Skip to content", "Перейти к содержанию"),
    "dashboard": ("Drafts", "Проекты"),
    "error_busy": ("Busy for a moment", "Сервис ненадолго занят"),
    "error_refused": ("This cannot be done", "Это сделать нельзя"),
    "error_missing": ("Not found", "Не найдено"),
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
    "reissue_for": ("Re-issue the personal link of", "Выдать новую ссылку участнику"),
    "reissue": ("Re-issue the link", "Выдать новую ссылку"),
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
    "ends_at": ("Ends (UTC, optional)", "Окончание (UTC, необязательно)"),
    "host": ("Host (participant id or name, optional)", "Принимающая сторона (необязательно)"),
    "co_chairs": (
        "Co-chairs (ids, comma-separated, optional)",
        "Сопредседатели (через запятую, необязательно)",
    ),
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
    "general": (label(CommentKind.GENERAL, Language.EN), label(CommentKind.GENERAL, Language.RU)),
    "when": ("When", "Когда"),
    "event": ("Event", "Событие"),
    "by": ("By", "Кем"),
    "none": ("none", "нет"),
    "msg_started": ("{id} started", "Проект {id} начат"),
    "msg_round_opened": (
        "round {n} opened for {count} participants",
        "раунд {n} открыт, приглашено участников: {count}",
    ),
    "msg_resolved": (
        "{done} comment(s) resolved, {open} still open",
        "рассмотрено замечаний: {done}, осталось: {open}",
    ),
    "msg_revised": ("version {v} submitted", "версия {v} представлена"),
    "msg_endorsement": ("endorsement requested ({route})", "одобрение запрошено ({route})"),
    "msg_reminded": (
        "reminder sent to {n} participant(s)",
        "напоминание отправлено участникам: {n}",
    ),
    "msg_extended": ("deadline moved to {d} UTC", "срок перенесён на {d} UTC"),
    "msg_reissued": (
        "a new link was sent to {p}; the old one no longer works",
        "участнику {p} отправлена новая ссылка; старая больше не действует",
    ),
    "msg_closing": ("the round is closing", "раунд закрывается"),
    "msg_meeting_created": ("{title} created", "совещание «{title}» создано"),
    "msg_on_agenda": ("put on the agenda", "включено в повестку"),
    "msg_decided": ("decision recorded: {decision}", "решение записано: {decision}"),
    "msg_agenda_sent": ("the agenda is being sent", "повестка отправляется"),
    "send_agenda": ("Send the agenda now", "Отправить повестку сейчас"),
    "objections_standing": ("Objections that stand", "Сохраняющиеся возражения"),
    "objections_help": (
        "These participants objected in the last round. Tick each one whose objection stands "
        "(the endorsement record keeps it), or open another round first.",
        "Эти участники возразили в последнем раунде. Отметьте тех, чьё возражение сохраняется "
        "(это будет отражено в сведениях об одобрении), или сначала откройте новый раунд.",
    ),
    "amendments": (
        "Amendments (for 'endorsed with amendments')",
        "Поправки (для «одобрено с поправками»)",
    ),
    "msg_meeting_closed": (
        "the meeting is closed; its conclusions follow",
        "совещание закрыто; выводы будут подготовлены",
    ),
    "msg_imported": ("{n} contact(s) imported", "импортировано контактов: {n}"),
    "answering_for": ("answering for {p}", "ответ от имени {p}"),
    "handed_by": ("This link was passed to you by {who}.", "Эту ссылку вам передал(а) {who}."),
    "contents": ("Contents", "Содержание"),
    "changed_since": ("Changed since version {v}", "Изменено после версии {v}"),
    "new_since": ("New since version {v}", "Новый раздел после версии {v}"),
    "earlier_text": ("Text of version {v}", "Текст версии {v}"),
    "download_docx": ("Download the draft (.docx)", "Скачать проект (.docx)"),
    "comment_on": ("Your comment on section {n}", "Ваше замечание к разделу {n}"),
    "proposed_for": ("Proposed text for section {n}", "Предлагаемый текст раздела {n}"),
    "general_comment": ("General comment", "Общее замечание"),
    "your_answer": ("Your answer", "Ваш ответ"),
    "proposal_only": (
        "Proposes new wording (see the proposed text).",
        "Предлагает новую редакцию (см. предлагаемый текст).",
    ),
    "round_closed_on": (
        "This round closed on {d} UTC: nothing more can be sent. What it recorded from you:",
        "Этот раунд закрыт {d} UTC: отправить больше ничего нельзя. Учтено от вас:",
    ),
    "round_closed_no_answer": (
        "This round closed on {d} UTC without an answer from you: nothing more can be sent.",
        "Этот раунд закрыт {d} UTC без вашего ответа: отправить больше ничего нельзя.",
    ),
    "reason": (
        "Reason (needed for a reservation or an objection)",
        "Обоснование (нужно для оговорки или возражения)",
    ),
    "send_answer": ("Send the answer", "Отправить ответ"),
    "save_later": ("Save and finish later", "Сохранить и вернуться позже"),
    "saved_answer": (
        "Saved. Nothing is sent yet: come back with the same link to finish and send.",
        "Сохранено. Ответ ещё не отправлен: вернитесь по той же ссылке, чтобы закончить.",
    ),
    "saved_on": ("Saved on {d} UTC, not sent yet.", "Сохранено {d} UTC, ещё не отправлено."),
    "answer_recorded_on": (
        "Your answer of {d} UTC is recorded; you can change it until the round closes.",
        "Ваш ответ от {d} UTC учтён; его можно изменить до закрытия раунда.",
    ),
    "upload_word": (
        "Answer with an annotated Word file instead",
        "Ответить файлом Word с примечаниями",
    ),
    "upload_word_help": (
        "Add Word comments or tracked changes to the draft; they are read into this form for you "
        "to check. Nothing counts until you send the answer.",
        "Добавьте в проект примечания Word или исправления; они будут перенесены в эту форму для "
        "проверки. Ничего не учитывается, пока вы не отправите ответ.",
    ),
    "read_file": ("Read my file", "Прочитать файл"),
    "from_word": (
        "{n} comment(s) read from your file. Check them below and send the answer; nothing is "
        "recorded yet.",
        "Из файла прочитано замечаний: {n}. Проверьте их ниже и отправьте ответ; пока ничего не "
        "записано.",
    ),
    "receipt": ("Receipt", "Подтверждение"),
    "receipt_text": (
        "Your answer is recorded ({position}, {n} comment(s)) on {d} UTC. A receipt is on its way "
        "to {email}. You can change the answer with this link until the round closes.",
        "Ваш ответ учтён ({position}, замечаний: {n}) {d} UTC. Подтверждение отправлено на "
        "{email}. Ответ можно изменить по этой ссылке до закрытия раунда.",
    ),
    "receipt_summary": ("{position}, {n} comment(s)", "{position}, замечаний: {n}"),
    "change_answer": ("Change my answer", "Изменить ответ"),
    "pass_on": ("Pass on to a colleague", "Передать коллеге"),
    "pass_on_help": (
        "Your colleague gets a personal link of their own by mail; the answer shows who gave it.",
        "Коллега получит по почте собственную персональную ссылку; в ответе будет видно, кто его "
        "дал.",
    ),
    "colleague_name": ("Colleague's name", "Имя коллеги"),
    "colleague_email": ("Colleague's e-mail", "E-mail коллеги"),
    "silence_help": (
        "This text is deemed endorsed at the deadline unless a participant breaks the silence "
        "with an objection.",
        "Текст считается одобренным по истечении срока, если никто из участников не нарушит "
        "молчание возражением.",
    ),
    "objection_reason": ("Objection and its reason", "Возражение и его обоснование"),
    "break_silence": ("Break the silence", "Нарушить молчание"),
    "finding_for": ("Mission findings for section {n}", "Выводы миссии по разделу {n}"),
    "submit_findings": ("Submit findings", "Отправить выводы"),
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
        return label(value, self.language)

    def day(self, moment: object) -> str:
        return self.labels.day(moment) if moment else ""  # type: ignore[arg-type]
