"""The web pages' words in English and Russian; enum values through `models.labels`, the one
table the mails and the Word documents use too."""

from __future__ import annotations

from enum import StrEnum

from models.domain import CommentKind, Language
from models.labels import label
from web.words import WORDS
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
    # the Action Plan as one document (web/pages/plans.py)
    "plans": ("Action Plans", "Планы действий"),
    "plan_start": ("Start an Action Plan", "Начать План действий"),
    "plan_presented_by": ("Presented by", "Представляет"),
    "plan_on_agenda": ("On the agenda of", "В повестке дня"),
    "plan_parts": ("Parts", "Части"),
    "plan_part": ("Part", "Часть"),
    "plan_no_parts": ("no part yet", "частей пока нет"),
    "plan_ready": ("Ready", "Готовность"),
    "plan_ready_yes": (
        "ready: version {version}, {n} activities",
        "готова: версия {version}, мероприятий: {n}",
    ),
    "plan_ready_no": ("not ready", "не готова"),
    "plan_part_withdrawn": ("withdrawn from the plan", "исключена из плана"),
    "plan_parts_help": (
        "A part is a draft of its own (type: Action Plan section, with this plan: {id}); it is "
        "ready when its lead state asks for endorsement with the whole plan.",
        "Часть — это отдельный проект (вид: раздел Плана действий, с этим планом: {id}); она "
        "готова, когда ведущее государство просит одобрить её в составе всего плана.",
    ),
    "plan_compiled": ("Compiled plan", "Сводный текст плана"),
    "plan_compiled_n": ("Compilation {n}", "Сводка {n}"),
    "plan_compiled_final": (
        "Compilation {n}, final and endorsed",
        "Сводка {n}, окончательный одобренный текст",
    ),
    "plan_not_compiled": (
        "Compiled when its endorsement is requested.",
        "Сводный текст готовится при запросе одобрения.",
    ),
    "plan_endorse": ("Endorsement of the whole plan", "Одобрение всего плана"),
    "plan_waiting": (
        "{n} part(s) not ready yet: the plan goes to endorsement once every part is ready.",
        "Не готовы частей: {n}. План направляется на одобрение, когда готовы все части.",
    ),
    "plan_conference": ("Ministerial Conference", "Министерская конференция"),
    "plan_no_conference": (
        "no open Ministerial Conference",
        "нет открытой Министерской конференции",
    ),
    "plan_endorse_button": (
        "Compile and put on the agenda",
        "Свести и внести в повестку дня",
    ),
    "plan_activities_link": ("Activities of the endorsed plan", "Мероприятия одобренного плана"),
    "plan_board": ("Action Plans and their parts", "Планы действий и их части"),
    "plan_part_of": ("A part of the Action Plan", "Часть Плана действий"),
    "plan_part_ready": ("Ready: endorse with the whole plan", "Готово: одобрить в составе плана"),
    "plan_part_ready_help": (
        "This part is endorsed with the whole Action Plan: once every part is ready, the "
        "Secretariat puts the compiled plan on a Ministerial Conference's agenda.",
        "Эта часть одобряется в составе всего Плана действий: когда готовы все части, "
        "Секретариат вносит сводный текст в повестку дня Министерской конференции.",
    ),
    "msg_plan_started": ("Action Plan started: {title}", "План действий начат: {title}"),
    "msg_plan_on_agenda": (
        "The compiled plan is on the agenda",
        "Сводный текст плана внесён в повестку дня",
    ),
    # governance bodies and the Presidency (issue 14)
    "bodies": ("Bodies", "Органы"),
    "body_members": ("Members", "Члены"),
    "body_members_n": ("{n} members", "членов: {n}"),
    "member_history": ("Membership history", "История членства"),
    "chair": ("Chair", "Председатель"),
    "chair_history": ("Chairs", "Председатели"),
    "no_chair": ("no chair recorded", "председатель не указан"),
    "since": ("From", "С"),
    "until": ("Until", "По"),
    "added_by": ("Added by", "Добавил"),
    "removed_by": ("Removed by", "Исключил"),
    "add_member": ("Add a member", "Добавить члена"),
    "remove_member": ("End a membership", "Прекратить членство"),
    "set_chair": ("Set the chair", "Назначить председателя"),
    "today_if_empty": ("empty: today", "пусто: сегодня"),
    "presidency": ("Presidency of the Council of the EU", "Председательство в Совете ЕС"),
    "presidency_now": ("Holds the Presidency today: {p}", "Сегодня председательствует: {p}"),
    "presidency_none": ("no term recorded for today", "на сегодня срок не записан"),
    "presidency_terms": ("Terms of the Presidency", "Сроки председательства"),
    "presidency_seat": (
        "An invitation to the Presidency goes to the state holding it on the day of the "
        "invitation.",
        "Приглашение Председательству направляется государству, председательствующему в день "
        "приглашения.",
    ),
    "starts_on": ("Starts", "Начало"),
    "ends_on": ("Ends", "Окончание"),
    "holder": ("State", "Государство"),
    "set_term": ("Record a term", "Записать срок"),
    "core_group_note": (
        "The Process's papers name only Poland (which leads the Process and hosts the Core "
        "Group's meetings), the European Commission and ICMPD of some 15 states: the "
        "Secretariat completes the list.",
        "Документы Процесса называют лишь Польшу (которая руководит Процессом и принимает "
        "заседания Основной группы), Европейскую комиссию и МЦРМП из примерно 15 государств: "
        "список дополняет Секретариат.",
    ),
    "invite_bodies": ("Invite bodies", "Пригласить органы"),
    "bodies_help": (
        "Their members on the day of the invitation; the Presidency: the state holding it "
        "that day.",
        "Их члены на день приглашения; Председательство: государство, председательствующее в "
        "этот день.",
    ),
    "meeting_invitees_help": (
        "No body chosen: everyone is invited.",
        "Если орган не выбран, приглашаются все.",
    ),
    "silence_bodies_help": (
        "For a written procedure: their members on the day it opens; no body chosen: everyone.",
        "Для письменной процедуры: их члены на день её начала; если орган не выбран, "
        "приглашаются все.",
    ),
    "body": ("Body", "Орган"),
    "ends_default": ("empty: 30 June or 31 December", "пусто: 30 июня или 31 декабря"),
    "import_members_csv": ("Import memberships (CSV)", "Импорт членства (CSV)"),
    "export_members_csv": ("Memberships as CSV", "Членство в формате CSV"),
    "msg_member_added": ("{p}: a member from {d}", "{p}: член с {d}"),
    "msg_member_removed": ("{p}: a member until {d}", "{p}: член по {d}"),
    "msg_chair_set": ("{p} chairs from {d}", "{p} председательствует с {d}"),
    "msg_term_set": ("{p} holds the Presidency from {d}", "{p} председательствует с {d}"),
    "msg_members_imported": (
        "{added} added, {closed} closed, {unchanged} unchanged",
        "добавлено: {added}, закрыто: {closed}, без изменений: {unchanged}",
    ),
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
    "edition_n": ("edition {n}", "издание {n}"),
    "profile_endorsed": ("endorsed {day}", "одобрен {day}"),
    "earlier_editions": ("earlier editions: {n}", "прежние издания: {n}"),
    "before_ppflow": (
        "A name without a link: a profile prepared before ppflow, as the Process's factsheet "
        "lists it.",
        "Название без ссылки: профиль, подготовленный до ppflow, по списку информационного "
        "листка Процесса.",
    ),
    "create_meeting": ("Create a meeting", "Создать совещание"),
    "kind": ("Kind", "Вид"),
    "place": ("Place", "Место"),
    "starts_at": ("Starts (UTC)", "Начало (UTC)"),
    "ends_at": ("Ends (UTC, optional)", "Окончание (UTC, необязательно)"),
    "host": ("Host (optional)", "Принимающая сторона (необязательно)"),
    "host_name": (
        "or the host's name, if it is not in the list",
        "или название принимающей стороны, если её нет в списке",
    ),
    "co_chairs": ("Co-chairs (optional)", "Сопредседатели (необязательно)"),
    "co_chair_n": ("Co-chair {n}", "Сопредседатель {n}"),
    "host_short": ("Host", "Принимающая сторона"),
    "co_chairs_short": ("Co-chairs", "Сопредседатели"),
    "dates": ("Dates (UTC)", "Даты (UTC)"),
    "closed": ("closed", "закрыто"),
    "represented": ("Represented", "Были представлены"),
    "represented_n": ("{n} represented", "представлено участников: {n}"),
    "attendance": ("Attendance", "Присутствие"),
    "attendance_help": (
        "Tick each participant represented at the meeting; the list replaces any earlier one "
        "and is printed in the conclusions.",
        "Отметьте участников, представленных на совещании; список заменяет прежний и "
        "приводится в выводах.",
    ),
    "invited": ("Invited", "Приглашённые"),
    "not_invited": ("Other participants", "Другие участники"),
    "record_attendance": ("Record attendance", "Записать присутствие"),
    "not_recorded": ("not recorded yet", "ещё не записано"),
    "msg_attendance": (
        "attendance recorded: {n} participant(s)",
        "присутствие записано: участников — {n}",
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
    # projects and their outputs (work items)
    "nav_projects": ("Projects", "Инициативы"),
    "projects_title": ("Projects and their outputs", "Инициативы, проекты и их результаты"),
    "projects_help": (
        "What each project set out to deliver. A document output is produced by a draft: it is "
        "delivered when that draft is final and endorsed.",
        "Что должен дать каждый проект. Результат-документ готовится как проект документа: он "
        "считается готовым, когда этот проект окончательно одобрен.",
    ),
    "programme": ("Programme", "Программа"),
    "period": ("Period", "Период"),
    "lead_state": ("Lead state", "Ведущее государство"),
    "together_with": ("Together with", "Совместно с"),
    "outputs": ("Outputs", "Результаты"),
    "output_draft": ("Draft", "Проект документа"),
    "no_draft_yet": ("none linked yet", "ещё не привязан"),
    "draft_starting": ("starting", "запускается"),
    "link_draft": ("Draft that produces it", "Проект документа, который его готовит"),
    "no_draft_choice": ("(none)", "(нет)"),
    "link": ("Link", "Привязать"),
    "no_matching_drafts": (
        "No draft of this type to link yet.",
        "Пока нет проекта документа этого вида.",
    ),
    "set_status": ("Status", "Статус"),
    "save": ("Save", "Сохранить"),
    "all_projects": ("All projects", "Все инициативы"),
    "produces_output": (
        "Produces a project output (optional)",
        "Готовит результат проекта (необязательно)",
    ),
    "msg_linked": ("output {n} is produced by {draft}", "результат {n} готовится в {draft}"),
    "msg_unlinked": ("output {n} has no draft now", "результат {n} больше не привязан"),
    "msg_output_status": ("output {n}: {status}", "результат {n}: {status}"),
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
    # a draft's missions (web/pages/missions.py)
    "mi_title": ("Missions", "Миссии"),
    "mi_link": ("Missions and their reports", "Миссии и отчёты о них"),
    "mi_host": ("Host country", "Принимающая страна"),
    "mi_dates": ("Dates", "Даты"),
    "mi_status": ("Status", "Статус"),
    "mi_findings_n": ("{n} finding(s)", "выводов: {n}"),
    "mi_awaited": ("findings due {d} UTC", "выводы до {d} UTC"),
    "mi_members": ("Members and their roles", "Участники и их роли"),
    "mi_name": ("Name", "Имя"),
    "mi_email": ("E-mail", "E-mail"),
    "mi_role": ("Role", "Роль"),
    "mi_from": ("From (state or organisation)", "Направляющая сторона"),
    "mi_report": ("Mission report", "Отчёт о миссии"),
    "mi_report_in": ("Word, {lang}", "Word, {lang}"),
    "mi_report_later": (
        "issued when the findings are submitted",
        "выпускается после представления выводов",
    ),
    "mi_none": ("No mission yet.", "Миссий пока нет."),
    "mi_start": ("Start a mission", "Начать миссию"),
    "mi_kind": ("Kind of mission", "Вид миссии"),
    "mi_starts": ("First day", "Первый день"),
    "mi_ends": ("Last day", "Последний день"),
    "mi_findings_due": ("Findings due", "Срок представления выводов"),
    "mi_members_help": (
        "One row per member (up to five here; more through the API or the command line). Each "
        "member gets a personal link by e-mail to submit the findings. Leave the other rows empty.",
        "По одной строке на участника (здесь до пяти; больше — через API или командную строку). "
        "Каждый участник получит по почте персональную ссылку для представления выводов. "
        "Остальные строки оставьте пустыми.",
    ),
    "mi_member_n": ("Member {n}", "Участник {n}"),
    "mi_role_example": ("head of mission", "руководитель миссии"),
    "mi_role_default": ("expert", "эксперт"),
    "mi_brief": (
        "What the members are asked to find out",
        "Что поручено выяснить участникам",
    ),
    "mi_start_button": ("Start the mission", "Начать миссию"),
    "mi_started": (
        "{kind} started with {n} member(s); findings due {d} UTC",
        "{kind}: миссия начата, участников: {n}; выводы до {d} UTC",
    ),
    "mi_member_incomplete": (
        "member {n}: give both a name and an e-mail address (or leave the row empty)",
        "участник {n}: укажите и имя, и адрес e-mail (или оставьте строку пустой)",
    ),
    "mi_no_members": (
        "a mission needs at least one member: fill in a name and an e-mail address",
        "у миссии должен быть хотя бы один участник: укажите имя и адрес e-mail",
    ),
    "mi_unknown_kind": (
        "choose the kind of mission from the list",
        "выберите вид миссии из списка",
    ),
    # an endorsed plan's activities (web/pages/plan_activities.py)
    "plan_activities": ("Activities of the plan", "Мероприятия плана"),
    "endorsed_on": ("Endorsed on {d}", "Одобрен {d}"),
    "implementation_report": ("Implementation report", "Отчёт о ходе выполнения"),
    "activities_shown": ("{shown} of {total} activities", "Мероприятий: {shown} из {total}"),
    "other_activities": ("Other activities", "Прочие мероприятия"),
    "activity_no": ("No.", "№"),
    "last_change": ("Last change", "Последнее изменение"),
    "as_endorsed": ("as endorsed", "как одобрено"),
    "change_activity": ("Change activity {n}", "Изменить мероприятие {n}"),
    "first_month": ("First month", "Первый месяц"),
    "last_month": ("Last month", "Последний месяц"),
    "month_hint": ("YYYY-MM, e.g. 2012-01", "ГГГГ-ММ, напр. 2012-01"),
    "save_activity": ("Save the activity", "Сохранить мероприятие"),
    "msg_activity_saved": ("activity {n} saved", "мероприятие {n} сохранено"),
    "no_activities": ("No activity matches.", "Нет подходящих мероприятий."),
}

for _key in WORDS:
    if _key in _UI:
        raise RuntimeError(f"the UI word {_key!r} is defined twice")
_UI.update(WORDS)


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
