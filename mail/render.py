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

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from models.activity_io import NoticeRequest
from models.db import Notice
from models.domain import Language, NoticeKind
from models.labels import label

TEMPLATES = Path(__file__).parent / "templates"
LIST_ID = "Prague Process drafts <ppflow.pragueprocess.local>"
MAIL_DOMAIN = "ppflow.pragueprocess.local"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATURE = "\n-- \n"
# Notices that carry the draft (attached below the size cap, linked above it).
WITH_DOCUMENT = {
    NoticeKind.ROUND_OPENED,
    NoticeKind.REVISION_AVAILABLE,
    NoticeKind.SILENCE_OPENED,
    NoticeKind.ENDORSEMENT_REQUESTED,
}
URL_RE = re.compile(r"https?://[^\s<>\"]+")


def _environment(language: Language) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(["html"]),
    )
    env.filters["day"] = lambda d: d.strftime("%d.%m.%Y %H:%M") if d else ""
    # Enum values in the words of the pages and the documents (one table: models.labels).
    env.filters["decision"] = lambda d: label(d, language)
    env.filters["disposition"] = lambda d: label(d, language)
    env.filters["paragraphs"] = paragraphs
    return env


def paragraphs(text: str) -> Markup:
    """Plain text as escaped HTML paragraphs, with its links made clickable."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            parts, last = [], 0
            for m in URL_RE.finditer(line):
                parts.append(escape(line[last : m.start()]))
                parts.append(Markup('<a href="{0}">{0}</a>').format(m.group(0)))
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


@dataclass
class Rendered:
    subject: str
    body: str
    html: str


def render(request: NoticeRequest, language: Language, extras: Extras | None = None) -> Rendered:
    """Subject, text and HTML of one notice in one language (wording lives in the templates)."""
    extras = extras or Extras()
    env = ENVIRONMENTS[language]
    template = env.get_template(f"{request.kind.value}.{language.value}.txt")
    text = template.render(c=request.context, link=extras.link, reply_by_mail=extras.reply_by_mail)
    subject, _, body = text.partition("\n---\n")
    main, _, signature = body.partition(SIGNATURE)
    addition = env.get_template(f"_additions.{language.value}.txt").render(
        document=extras.document, unsubscribe=extras.unsubscribe
    )
    body = main.rstrip("\n") + "\n" + (f"\n{addition.strip()}\n" if addition.strip() else "")
    body += SIGNATURE + signature if signature else ""
    reference = request.context.reference
    subject = f"[{reference}] {subject.strip()}" if reference else subject.strip()
    html = env.get_template("layout.html").render(
        subject=subject,
        lang=language.value,
        main=main,
        addition=addition.strip(),
        signature=signature.strip(),
        reference=reference,
    )
    return Rendered(subject, body, html)


def to_mime(row: Notice, attachment: tuple[bytes, str] | None, mail_from: str) -> bytes:
    """The mail as bytes: text and HTML alternatives, the draft attached when it is small.

    Built with the compat32 MIME classes: three times faster than EmailMessage, which
    matters at a thousand invitations.
    """
    body = MIMEMultipart("alternative")
    body.attach(MIMEText(row.body, "plain", "utf-8"))
    if row.html:
        body.attach(MIMEText(row.html, "html", "utf-8"))
    msg = body
    if attachment is not None:
        content, filename = attachment
        msg = MIMEMultipart("mixed")
        msg.attach(body)
        part = MIMEApplication(content, DOCX.split("/")[1])
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
