"""A notice as a person reads it: subject, plain text and HTML from one template per kind and
language (one autoescaped layout), and the MIME bytes of one outbox row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from models.activity_io import NoticeRequest
from models.db import Notice
from models.designations import designation_notes
from models.domain import Language, MeetingKind, NoticeKind
from models.labels import label
from models.registry import SEED_PARTICIPANTS

TEMPLATES = Path(__file__).parent / "templates"
LIST_ID = "Prague Process drafts <ppflow.pragueprocess.local>"
MAIL_DOMAIN = "ppflow.pragueprocess.local"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATURE = "\n-- \n"
ICS = "text/calendar; method=PUBLISH"
# Notices that carry the draft (attached below the size cap, linked above it) when the request
# does not say which file (requests of workflows older than `NoticeRequest.attach`).
WITH_DOCUMENT = {
    NoticeKind.ROUND_OPENED,
    NoticeKind.REVISION_AVAILABLE,
    NoticeKind.SILENCE_OPENED,
    NoticeKind.ENDORSEMENT_REQUESTED,
}
URL_RE = re.compile(r"https?://[^\s<>\"]+")
SHORT_URL = 40  # characters of an address shown in the HTML (the link itself stays whole)
# (content, file name, media type)
Attachment = tuple[bytes, str, str]
# Participants' names in each language when the caller has none from the registry table.
SEED_NAMES = {
    Language.EN: {p.id: p.name for p in SEED_PARTICIPANTS},
    Language.RU: {p.id: p.name_ru for p in SEED_PARTICIPANTS},
}


def _environment(language: Language) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(["html"]),
    )
    env.filters["day"] = when
    env.filters["date"] = lambda d: d.strftime("%d.%m.%Y") if d else ""
    # Enum values in the words of the pages and the documents (one table: models.labels).
    env.filters["decision"] = lambda d: label(d, language)
    env.filters["disposition"] = lambda d: label(d, language)
    env.filters["label"] = lambda d: label(d, language)
    # A meeting titled by its kind ("Senior Officials' Meeting") in the reader's words.
    env.filters["meeting"] = lambda title: next(
        (label(k, language) for k in MeetingKind if k.label == title), title or ""
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["short"] = short_url
    env.filters["name"] = _name
    env.filters["names"] = pass_context(
        lambda ctx, ids: ", ".join(_name(ctx, i) for i in ids or [])
    )
    return env


def when(moment: datetime | None) -> str:
    """A date and time with its time zone, as given ("30.05.2027 09:00 UTC+02:00")."""
    if moment is None:
        return ""
    offset = moment.utcoffset()
    if offset is None or not offset:
        return f"{moment:%d.%m.%Y %H:%M} UTC"
    sign_, minutes = ("+" if offset.total_seconds() > 0 else "-"), abs(offset.total_seconds()) // 60
    return f"{moment:%d.%m.%Y %H:%M} UTC{sign_}{int(minutes // 60):02d}:{int(minutes % 60):02d}"


@pass_context
def _name(ctx: Context, participant: str | None) -> str:
    """A participant's name in the reader's language (its id when the registry has none)."""
    if not participant:
        return ""
    names: dict[str, str] = ctx.get("names") or {}
    return names.get(participant, participant)


def short_url(url: str) -> str:
    """An address as a short line: host and the start of the path (the href stays whole)."""
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= SHORT_URL else bare[: SHORT_URL - 1] + "…"


def paragraphs(text: str) -> Markup:
    """Plain text as escaped HTML paragraphs, with its links made clickable (shown short)."""
    if not text.strip():
        return Markup("")
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            parts, last = [], 0
            for m in URL_RE.finditer(line):
                parts.append(escape(line[last : m.start()]))
                url = m.group(0)
                parts.append(Markup('<a href="{}">{}</a>').format(url, short_url(url)))
                last = m.end()
            parts.append(escape(line[last:]))
            lines.append(Markup("").join(parts))
        out.append(Markup("<p>{}</p>").format(Markup("<br>\n").join(lines)))
    return Markup("\n").join(out)


ENVIRONMENTS = {lang: _environment(lang) for lang in Language}


@dataclass
class Extras:
    """What one recipient's copy adds to the notice's context."""

    link: str | None = None
    reply_by_mail: bool = False
    document: dict[str, object] | None = None
    unsubscribe: str | None = None
    names: dict[str, str] | None = None
    calendar: bool = False


@dataclass
class Rendered:
    subject: str
    body: str
    html: str


def render(request: NoticeRequest, language: Language, extras: Extras | None = None) -> Rendered:
    """Subject, text and HTML of one notice in one language (wording lives in the templates).

    In the HTML the personal link is a button with a short line under it; a template names the
    button with `{% set button = "…" %}`."""
    extras = extras or Extras()
    env = ENVIRONMENTS[language]
    title = request.context.draft_titles.get(language.value)
    if title:  # the reader's language version's title
        request = request.model_copy(
            update={"context": request.context.model_copy(update={"draft_title": title})}
        )
    template = env.get_template(f"{request.kind.value}.{language.value}.txt")
    names = extras.names or SEED_NAMES[language]
    module = template.make_module(
        {
            "c": request.context,
            "link": extras.link,
            "reply_by_mail": extras.reply_by_mail,
            "names": names,
        }
    )
    text = str(module)
    subject, _, body = text.partition("\n---\n")
    main, _, signature = body.partition(SIGNATURE)
    for note in designation_notes(main, language):  # Kosovo*
        main = main.rstrip("\n") + f"\n\n{note}\n"
    addition = env.get_template(f"_additions.{language.value}.txt").render(
        document=extras.document, unsubscribe=extras.unsubscribe, calendar=extras.calendar
    )
    body = main.rstrip("\n") + "\n" + (f"\n{addition.strip()}\n" if addition.strip() else "")
    body += SIGNATURE + signature if signature else ""
    reference = request.context.reference
    heading = subject.strip()  # the reference shows in the bar above it
    subject = f"[{reference}] {heading}" if reference else heading
    before, after, button_link = main, "", None
    if extras.link:  # the line that is only the personal link becomes the button
        lines = main.split("\n")
        at = next((i for i, line in enumerate(lines) if line.strip() == extras.link), None)
        if at is not None:
            before, after = "\n".join(lines[:at]), "\n".join(lines[at + 1 :])
            button_link = extras.link
    html = env.get_template("layout.html").render(
        subject=subject,
        heading=heading,
        lang=language.value,
        main=before,
        after=after,
        link=button_link,
        button=getattr(module, "button", None) or subject,
        addition=addition.strip(),
        signature=signature.strip(),
        reference=reference,
    )
    return Rendered(subject, body, html)


def to_mime(row: Notice, attachments: list[Attachment] | None, mail_from: str) -> bytes:
    """The mail as bytes: text and HTML alternatives, the draft attached when it is small, a
    meeting's calendar entry (.ics) with its agenda.

    Built with the compat32 MIME classes: three times faster than EmailMessage, which
    matters at a thousand invitations.
    """
    body = MIMEMultipart("alternative")
    body.attach(MIMEText(row.body, "plain", "utf-8"))
    if row.html:
        body.attach(MIMEText(row.html, "html", "utf-8"))
    msg = body
    if attachments:
        msg = MIMEMultipart("mixed")
        msg.attach(body)
        for content, filename, media_type in attachments:
            main_type, _, sub = media_type.partition("/")
            if main_type == "text":
                subtype, _, params = sub.partition(";")
                part: MIMEText | MIMEApplication = MIMEText(content.decode(), subtype, "utf-8")
                if params.strip().startswith("method="):
                    part.set_param("method", params.strip().split("=", 1)[1])
            else:
                part = MIMEApplication(content, sub)
            part.add_header("Content-Disposition", "attachment", filename=filename)
            msg.attach(part)
    name, address = parseaddr(mail_from)
    msg["From"] = formataddr((name, address), charset="utf-8")
    msg["To"] = row.email
    msg["Subject"] = Header(row.subject, "utf-8")
    msg["Message-ID"] = row.message_id
    msg["Date"] = format_datetime(row.created_at or datetime.now(UTC))
    msg["List-Id"] = LIST_ID
    if row.reply_to:
        msg["Reply-To"] = row.reply_to
    if row.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    thread = row.draft_id or row.meeting_id
    if thread:
        root = f"<{thread}@{MAIL_DOMAIN}>"
        msg["In-Reply-To"] = root
        msg["References"] = root
    return msg.as_bytes()
