"""What went wrong, in the page's language, naming fields by their label: "comment 1: a partly
accepted comment needs a justification" / «замечание 1: для частичного принятия нужно
обоснование», never "resolutions.0: partly_accepted needs a justification".

One mechanism: the messages are recognised by their English wording (the validators' and the
service's own, some with a part that varies: a regular expression), in `MESSAGES`. A message it
does not know stays as it is. The JSON API keeps its English answers (ppflow/service.py).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from models.domain import Language
from web.i18n import UI

# A field's name -> its label on the pages (EN, RU).
FIELDS: dict[str, tuple[str, str]] = {
    "title": ("title", "название"),
    "document_type": ("type of document", "вид документа"),
    "thematic_area": ("thematic area", "тематическая область"),
    "lead_state": ("lead state", "ведущее государство"),
    "co_lead_states": ("co-lead states", "соведущие государства"),
    "country": ("country", "страна"),
    "slug": ("short name", "краткое имя"),
    "language": ("language", "язык"),
    "sections": ("sections", "разделы"),
    "text": ("text", "текст"),
    "id": ("id", "идентификатор"),
    "note": ("note", "примечание"),
    "invitees": ("invited", "приглашённые"),
    "participants": ("participants", "участники"),
    "groups": ("groups", "группы"),
    "bodies": ("bodies", "органы"),
    "deadline": ("deadline", "срок"),
    "reminder_before": ("reminder", "напоминание"),
    "resolutions": ("comments", "замечания"),
    "comment_id": ("comment", "замечание"),
    "disposition": ("disposition", "решение по замечанию"),
    "justification": ("justification", "обоснование"),
    "route": ("route", "порядок одобрения"),
    "meeting_id": ("meeting", "совещание"),
    "objections_standing": ("standing objections", "сохраняющиеся возражения"),
    "reason": ("reason", "причина"),
    "position": ("position", "позиция"),
    "comments": ("comments", "замечания"),
    "section_id": ("section", "раздел"),
    "proposed_text": ("proposed text", "предлагаемый текст"),
    "quote": ("quoted passage", "цитата"),
    "kind": ("kind", "вид"),
    "place": ("place", "место"),
    "starts_at": ("start", "начало"),
    "ends_at": ("end", "окончание"),
    "host": ("host", "принимающая сторона"),
    "co_chairs": ("co-chairs", "сопредседатели"),
    "agenda_before": ("agenda sent before", "повестка дня за"),
    "decision": ("decision", "решение"),
    "notes": ("notes", "примечания"),
    "reservations": ("reservations", "оговорки"),
    "amendments": ("amendments", "поправки"),
    "amended_sections": ("amended text", "изменённый текст"),
    "experts": ("members", "участники миссии"),
    "name": ("name", "имя"),
    "email": ("e-mail", "электронная почта"),
    "role": ("role", "роль"),
    "starts_on": ("start", "начало"),
    "ends_on": ("end", "окончание"),
    "findings_due": ("findings due", "срок представления выводов"),
    "brief": ("brief", "задание"),
    "findings": ("findings", "выводы"),
    "participant_id": ("participant", "участник"),
    "contact_email": ("contact e-mail", "контактный адрес"),
    "parent_id": ("Action Plan", "План действий"),
    "username": ("user name", "имя пользователя"),
    "password": ("password", "пароль"),
}

# A list's items: "comment 1", "section 2" (the list's field name -> EN, RU).
ITEMS: dict[str, tuple[str, str]] = {
    "resolutions": ("comment {n}", "замечание {n}"),
    "comments": ("comment {n}", "замечание {n}"),
    "sections": ("section {n}", "раздел {n}"),
    "amended_sections": ("section {n}", "раздел {n}"),
    "experts": ("member {n}", "участник миссии {n}"),
    "findings": ("finding {n}", "вывод {n}"),
    "co_chairs": ("co-chair {n}", "сопредседатель {n}"),
    "reminder_before": ("reminder {n}", "напоминание {n}"),
}

# Pydantic's error types -> a sentence ({min}/{max}: the limits in the error's context).
TYPES: dict[str, tuple[str, str]] = {
    "missing": ("required", "обязательное поле"),
    "string_too_short": ("at least {min} characters", "не короче {min} символов"),
    "string_too_long": ("at most {max} characters", "не длиннее {max} символов"),
    "too_short": ("at least {min} needed", "нужно не меньше {min}"),
    "too_long": ("at most {max} allowed", "можно не больше {max}"),
    "datetime_parsing": ("give a date and time", "укажите дату и время"),
    "datetime_from_date_parsing": ("give a date and time", "укажите дату и время"),
    "datetime_type": ("give a date and time", "укажите дату и время"),
    "date_parsing": ("give a date", "укажите дату"),
    "date_from_datetime_parsing": ("give a date", "укажите дату"),
    "time_delta_parsing": ("give a length of time", "укажите продолжительность"),
    "enum": ("choose one of the options", "выберите один из вариантов"),
    "literal_error": ("choose one of the options", "выберите один из вариантов"),
    "int_parsing": ("give a whole number", "укажите целое число"),
    "int_type": ("give a whole number", "укажите целое число"),
    "greater_than_equal": ("at least {ge}", "не меньше {ge}"),
    "less_than_equal": ("at most {le}", "не больше {le}"),
    "bool_parsing": ("yes or no", "да или нет"),
    "string_type": ("give a text", "укажите текст"),
    "list_type": ("give a list", "укажите список"),
    "string_pattern_mismatch": ("not in the expected form", "не в ожидаемом виде"),
}
_EMPTY = ("cannot be empty", "не может быть пустым")
_INVALID = ("not valid", "значение не подходит")

# The validators' and the service's messages (English as raised -> EN shown, RU shown). A key
# that is a regular expression (starts with ^) fills its groups into both.
MESSAGES: dict[str, tuple[str, str]] = {
    # the knowledge base (ppflow/knowledge.py, models/contracts/reader_registration.py)
    "say in a sentence why you need the knowledge base (10 characters)": (
        "say in a sentence why you need the knowledge base (10 characters)",
        "напишите одним предложением, зачем вам база знаний (не менее 10 знаков)",
    ),
    "a registration for this address is open already (waiting for the address to be "
    "confirmed or for the Secretariat's decision): please wait for its mail": (
        "a registration for this address is open already (waiting for the address to be "
        "confirmed or for the Secretariat's decision): please wait for its mail",
        "регистрация с этим адресом уже открыта (ждёт подтверждения адреса или решения "
        "Секретариата): дождитесь письма",
    ),
    "this access link does not work: it was revoked, or it is not a link of ppflow": (
        "this access link does not work: it was revoked, or it is not a link of ppflow",
        "эта ссылка не действует: доступ отозван или ссылка выдана не ppflow",
    ),
    "this registration has expired: please register again": (
        "this registration has expired: please register again",
        "срок регистрации истёк: зарегистрируйтесь снова",
    ),
    "partly_accepted needs a justification": (
        "a partly accepted comment needs a justification",
        "для частичного принятия нужно обоснование",
    ),
    "rejected needs a justification": (
        "a rejected comment needs a justification",
        "для отклонения нужно обоснование",
    ),
    "a reservation needs a reason": ("a reservation needs a reason", "для оговорки нужна причина"),
    "an objection needs a reason": ("an objection needs a reason", "для возражения нужна причина"),
    "a migration profile needs the country it is about": (
        "a migration profile needs the country it is about",
        "для миграционного профиля укажите страну, о которой он",
    ),
    "a draft needs at least one section": (
        "a draft needs at least one section",
        "в проекте должен быть хотя бы один раздел",
    ),
    "slug must be lowercase letters, digits and single dashes": (
        "the short name takes lowercase letters, digits and single dashes",
        "краткое имя — только строчные латинские буквы, цифры и одиночные дефисы",
    ),
    "choose everyone, one or more groups or bodies, or participants to invite": (
        "choose everyone, one or more groups or bodies, or participants to invite",
        "выберите, кого пригласить: всех, группы или органы либо отдельных участников",
    ),
    "endorsement at a meeting needs meeting_id": (
        "endorsement at a meeting needs the meeting",
        "для одобрения на совещании выберите совещание",
    ),
    "endorsement at a meeting needs the meeting": (
        "endorsement at a meeting needs the meeting",
        "для одобрения на совещании выберите совещание",
    ),
    "a written procedure needs a deadline": (
        "a written procedure needs a deadline",
        "для письменной процедуры нужен срок",
    ),
    "an amended text goes with the decision 'endorsed with amendments'": (
        "an amended text goes with the decision “endorsed with amendments”",
        "изменённый текст прилагается только к решению «одобрено с поправками»",
    ),
    "give an e-mail address like name@example.org": (
        "give an e-mail address like name@example.org",
        "укажите адрес электронной почты вида name@example.org",
    ),
    "the mission must start, end, then have its findings due, in order": (
        "the mission must start, end, then have its findings due, in order",
        "миссия должна начаться, закончиться, затем наступает срок выводов — по порядку",
    ),
    "each member of a mission needs an e-mail address of their own": (
        "each member of a mission needs an e-mail address of their own",
        "у каждого участника миссии должен быть свой адрес электронной почты",
    ),
    "the meeting must end after it starts": (
        "the meeting must end after it starts",
        "совещание должно закончиться после начала",
    ),
    "choose a disposition for at least one comment": (
        "choose a disposition for at least one comment",
        "выберите решение хотя бы по одному замечанию",
    ),
    "choose a .docx file to upload": (
        "choose a .docx file to upload",
        "выберите файл .docx для загрузки",
    ),
    "the selection invites nobody": (
        "the selection invites nobody",
        "по этому выбору никто не приглашён",
    ),
    "only the Secretariat may do this": (
        "only the Secretariat may do this",
        "это может сделать только Секретариат",
    ),
    "unknown action": ("unknown action", "неизвестное действие"),
    "Not Found": ("There is no page at this address.", "По этому адресу страницы нет."),
    "Method Not Allowed": ("This address does not take that.", "Этот адрес так не работает."),
    "the deadline must be in the future": (
        "the deadline must be in the future",
        "срок должен быть в будущем",
    ),
    "invite at least one participant": (
        "invite at least one participant",
        "пригласите хотя бы одного участника",
    ),
    "the new deadline must be later than the current one": (
        "the new deadline must be later than the current one",
        "новый срок должен быть позже нынешнего",
    ),
    "everyone invited has answered: nobody to remind": (
        "everyone invited has answered: nobody to remind",
        "ответили все приглашённые: напоминать некому",
    ),
    "the written procedure's deadline must be in the future": (
        "the written procedure's deadline must be in the future",
        "срок письменной процедуры должен быть в будущем",
    ),
    "a written procedure needs participants": (
        "a written procedure needs participants",
        "для письменной процедуры нужны участники",
    ),
    "a section id appears twice": ("a section appears twice", "раздел указан дважды"),
    "this form has expired: reload the page and send it again": (
        "this form has expired: reload the page and send it again",
        "срок действия формы истёк: обновите страницу и отправьте её снова",
    ),
    r"^(.+): give a date and time like (\S+)$": (
        "{0}: give a date and time like {1}",
        "{0}: укажите дату и время, например {1}",
    ),
    r"^(.+) is in the past: \S+$": ("{0} is in the past", "{0}: это время уже прошло"),
    r"^(.+) needs a time zone .*$": ("{0} needs a time zone", "{0}: укажите часовой пояс"),
    r"^\S+ has no open comment round$": (
        "the draft has no open comment round",
        "у проекта нет открытого раунда замечаний",
    ),
    r"^no draft \S+$": ("no such draft", "такого проекта нет"),
    r"^\S+ does not exist$": ("not found", "не найдено"),
    r"^\S+ has ended: nothing more can be sent to it$": (
        "this has ended: nothing more can be sent to it",
        "это уже завершено: ничего больше отправить нельзя",
    ),
    r"^cannot (.+) while comment round (\d+) is open$": (
        "cannot do this while comment round {1} is open",
        "нельзя, пока открыт раунд замечаний {1}",
    ),
    r"^cannot (.+): the draft is in (\w+)$": (
        "cannot do this: the draft is in {1}",
        "нельзя: проект на стадии «{1}»",
    ),
    r"^resolve every comment first: (\d+) unresolved$": (
        "resolve every comment first: {0} unresolved",
        "сначала рассмотрите все замечания: не рассмотрено {0}",
    ),
    r"^the text is ([\d,]+) characters long; a draft holds at most ([\d,]+)$": (
        "the text is {0} characters long; a draft holds at most {1}",
        "текст длиной {0} символов; в проекте может быть не больше {1}",
    ),
    r"^no such comment: .*$": ("no such comment", "такого замечания нет"),
    r"^no such section in .*$": ("no such section", "такого раздела нет"),
    r"^(.+) is not invited to this round$": (
        "not invited to this round",
        "не приглашён к этому раунду",
    ),
    r"^meeting \S+ is closed$": ("the meeting is closed", "совещание закрыто"),
}
# What a message's varying part may name (the `what` of service.when / service._future).
WHAT: dict[str, tuple[str, str]] = {
    "deadline": ("deadline", "срок"),
    "the deadline": ("the deadline", "срок"),
    "the new deadline": ("the new deadline", "новый срок"),
    "silence deadline": ("silence deadline", "срок молчания"),
    "the written procedure's deadline": ("the written procedure's deadline", "срок процедуры"),
    "the meeting's start": ("the meeting's start", "начало совещания"),
    "the findings' due date": ("the findings' due date", "срок представления выводов"),
    "drafting": ("drafting", "подготовка"),
    "consultation": ("consultation", "консультации"),
    "revision": ("revision", "доработка"),
    "endorsement": ("endorsement", "одобрение"),
    "final": ("final and endorsed", "окончательный и одобренный"),
    "rejected": ("rejected", "отклонено"),
    "withdrawn": ("withdrawn", "отозван"),
}
_PATTERNS = [(re.compile(k), v) for k, v in MESSAGES.items() if k.startswith("^")]


def say(message: str, t: UI) -> str:
    """One of ppflow's messages in the page's language (as it is if not known)."""
    i = 0 if t.language == Language.EN else 1
    known = MESSAGES.get(message)
    if known is not None:
        return known[i]
    for pattern, words in _PATTERNS:
        found = pattern.match(message)
        if found:
            parts = [WHAT.get(g, (g, g))[i] for g in found.groups()]
            return words[i].format(*parts)
    return message


def where(loc: tuple[Any, ...], t: UI) -> str:
    """A location as the page names it: ("resolutions", 0, "justification") -> "comment 1,
    justification"."""
    i = 0 if t.language == Language.EN else 1
    parts: list[str] = []
    previous: Any = None
    for part in loc:
        if part in ("body", "query", "path", "header"):
            continue
        if isinstance(part, int):
            item = ITEMS.get(str(previous))
            if item is not None and parts:
                parts[-1] = item[i].format(n=part + 1)
            else:
                parts.append(f"{part + 1}")
        elif str(part) in FIELDS:
            parts.append(FIELDS[str(part)][i])
        elif not str(part).startswith(("function-", "function_")):  # pydantic's own steps
            parts.append(str(part).replace("_", " "))
        previous = part
    return ", ".join(parts)


def _what(err: Any, t: UI) -> str:
    i = 0 if t.language == Language.EN else 1
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        message = str(ctx.get("error", err.get("msg", ""))).removeprefix("Value error, ")
        return say(message, t)
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return _EMPTY[i]
    words = TYPES.get(kind)
    if words is None:
        return _INVALID[i]
    limits = {
        "min": ctx.get("min_length", ""),
        "max": ctx.get("max_length", ""),
        "ge": ctx.get("ge", ""),
        "le": ctx.get("le", ""),
    }
    return words[i].format(**limits)


def explain(e: ValidationError, t: UI) -> str:
    """A validation error as one line in the page's language: where (by label) and what is
    wrong, never the value sent."""
    parts = []
    for err in e.errors()[:5]:
        place = where(tuple(err.get("loc", ())), t)
        what = _what(err, t)
        parts.append(f"{place}: {what}" if place else what)
    if parts:
        return "; ".join(parts)
    return t("lg_not_valid")


def message_of(e: Exception, t: UI) -> str | None:
    """A failed action's message in the page's language: a validation error explained (also
    one the service turned into `Invalid`), a service or HTTP error's message translated;
    None for an error that is not the user's to see."""
    from fastapi import HTTPException

    from ppflow import service

    cause = e.__cause__
    if isinstance(e, ValidationError):
        return explain(e, t)
    if isinstance(e, service.ServiceError):
        if isinstance(cause, ValidationError):
            return explain(cause, t)
        return say(e.message, t)
    if isinstance(e, HTTPException):
        return say(str(e.detail), t)
    return None
