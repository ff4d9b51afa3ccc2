"""The public repository: every endorsed text, in English and Russian, with its endorsement
record, filterable by type, thematic area and year; its final Word documents; an Atom feed.

One rule for the page, the feed, the API and the CLI (they all call this module): a text is
public when its draft is final AND the read model holds a decision that endorsed it. Anything
else (a draft in consultation, revision, under endorsement, rejected or withdrawn, an unknown
id) is `NotFound` with one message that does not repeat the id. The downloadable file is the
stored final text (kind `final_text`) of the endorsed version, never another version's file nor
an internal one (a comment compilation, a register).
"""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models.base import Section
from models.db import ArtifactLink, DecisionRow, Draft, Meeting, SectionRow
from models.db_profiles import ProfileRow
from models.domain import (
    ArtifactKind,
    Decision,
    DocumentType,
    Language,
    Phase,
    ProfileStatus,
    Route,
    ThematicArea,
)
from models.labels import label
from ppflow.service import NotFound
from word.plan import document_title
from word.reader import read_sections
from word.store import load_artifact
from word.upload import WordFileError

ENDORSING = (Decision.ENDORSED.value, Decision.ENDORSED_WITH_AMENDMENTS.value)
NOT_PUBLIC = "no endorsed text has this id: only endorsed texts are public"
FIRST_YEAR, LAST_YEAR = 2000, 2100
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
LANGUAGE_NAMES = {Language.EN: "English", Language.RU: "Russian"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PublicQuery(BaseModel):
    """The filters of the public list (all optional); a bad value is refused, never ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    document_type: DocumentType | None = None
    thematic_area: ThematicArea | None = None
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=20, ge=5, le=100)


class EndorsementInfo(BaseModel):
    """How the text was endorsed: at which meeting (and when), or by which written procedure
    (closed on which day), or with the whole Action Plan."""

    route: Route
    decision: Decision
    decided_at: datetime
    meeting_id: str | None = None
    meeting_title: str | None = None
    meeting_place: str | None = None
    meeting_date: datetime | None = None
    procedure_id: str | None = None
    plan_id: str | None = None
    plan_title: str | None = None


class SupersededBy(BaseModel):
    """The newer edition of a migration profile that replaced this one."""

    edition: int
    draft_id: str | None = None
    title: str | None = None


class PublicText(BaseModel):
    draft_id: str
    title: str
    reference: str
    document_type: DocumentType
    thematic_area: ThematicArea | None = None
    country: str | None = None
    lead_state: str
    co_lead_states: list[str] = Field(default_factory=list)
    language: Language = Field(description="the language it was drafted in")
    version: int = Field(description="the endorsed version")
    endorsement: EndorsementInfo
    languages: list[Language] = Field(
        default_factory=list, description="the languages its final Word document exists in"
    )
    titles: dict[Language, str] = Field(
        default_factory=dict, description="its title in each language it exists in"
    )
    edition: int | None = None
    superseded_by: SupersededBy | None = None
    updated: datetime | None = Field(
        default=None, description="the last change: its endorsement or a final text added since"
    )


class PublicList(BaseModel):
    total: int
    page: int
    pages: int
    per_page: int
    texts: list[PublicText]


class PublicSection(BaseModel):
    id: str
    title: str
    text: str


class PublicTextIn(BaseModel):
    """One text in one language: its title and sections (none when that language's final text
    does not exist yet)."""

    text: PublicText
    language: Language
    title: str
    sections: list[PublicSection]


# ---------------------------------------------------------------- which texts are public


def _endorsing() -> Any:
    """Each draft's latest endorsing decision (its time), for final drafts only."""
    return (
        select(DecisionRow.draft_id, func.max(DecisionRow.decided_at).label("endorsed_at"))
        .join(Draft, Draft.id == DecisionRow.draft_id)
        .where(Draft.phase == Phase.FINAL.value, DecisionRow.decision.in_(ENDORSING))
        .group_by(DecisionRow.draft_id)
    )


def _public_drafts(query: PublicQuery | None = None) -> Select[Any]:
    decided = _endorsing().subquery()
    stmt = select(Draft, decided.c.endorsed_at).join(decided, decided.c.draft_id == Draft.id)
    stmt = stmt.where(Draft.phase == Phase.FINAL.value)
    if query is not None:
        if query.document_type:
            stmt = stmt.where(Draft.document_type == query.document_type.value)
        if query.thematic_area:
            stmt = stmt.where(Draft.thematic_area == query.thematic_area.value)
        if query.year:
            start = datetime(query.year, 1, 1, tzinfo=UTC)
            end = datetime(query.year + 1, 1, 1, tzinfo=UTC)
            stmt = stmt.where(decided.c.endorsed_at >= start, decided.c.endorsed_at < end)
    return stmt


def _record(session: Session, draft: Draft) -> EndorsementInfo:
    row = session.scalars(
        select(DecisionRow)
        .where(DecisionRow.draft_id == draft.id, DecisionRow.decision.in_(ENDORSING))
        .order_by(DecisionRow.decided_at.desc(), DecisionRow.id.desc())
        .limit(1)
    ).one()
    info = EndorsementInfo(
        route=Route(row.route), decision=Decision(row.decision), decided_at=row.decided_at
    )
    meeting = session.get(Meeting, row.source_id)
    if meeting is not None:
        info.meeting_id, info.meeting_title = meeting.id, meeting.title
        info.meeting_place, info.meeting_date = meeting.place, meeting.starts_at
    elif row.route == Route.WRITTEN_PROCEDURE.value:
        info.procedure_id = row.source_id
    if row.route == Route.WITH_PLAN.value and draft.parent_id:
        plan = session.get(Draft, draft.parent_id)
        if plan is not None:
            info.plan_id, info.plan_title = plan.id, plan.title
    return info


def _final_kind(draft: Draft) -> ArtifactKind:
    """What the endorsed text is stored as: a draft's final text; an Action Plan's compiled
    plan (its endorsed compilation is the plan's version)."""
    if draft.document_type == DocumentType.ACTION_PLAN.value:
        return ArtifactKind.COMPILED_PLAN
    return ArtifactKind.FINAL_TEXT


def _final_links(session: Session, draft: Draft) -> dict[Language, ArtifactLink]:
    """The stored final text of the endorsed version, newest first, one per language."""
    links = session.scalars(
        select(ArtifactLink)
        .where(
            ArtifactLink.draft_id == draft.id,
            ArtifactLink.kind == _final_kind(draft).value,
            ArtifactLink.version == draft.version,
        )
        .order_by(ArtifactLink.created_at.desc(), ArtifactLink.id.desc())
    )
    found: dict[Language, ArtifactLink] = {}
    for link in links:
        if link.language in ("en", "ru"):
            found.setdefault(Language(link.language), link)
    return found


_TITLES: dict[str, str] = {}  # artifact id -> the title in its properties (content never changes)


def _titles(
    session: Session, draft: Draft, links: dict[Language, ArtifactLink]
) -> dict[Language, str]:
    titles = {Language(draft.language): draft.title}
    for language, link in links.items():
        if language in titles:
            continue
        if link.artifact_id not in _TITLES:
            loaded = load_artifact(session, link.artifact_id)
            if len(_TITLES) > 5000:
                _TITLES.clear()
            _TITLES[link.artifact_id] = document_title(loaded[0]) if loaded else ""
        titles[language] = _TITLES[link.artifact_id] or draft.title
    return titles


def _profile(session: Session, draft: Draft) -> tuple[int | None, SupersededBy | None]:
    if draft.document_type != DocumentType.MIGRATION_PROFILE.value:
        return None, None
    row = session.scalars(select(ProfileRow).where(ProfileRow.draft_id == draft.id)).first()
    if row is None:
        return None, None
    if row.status != ProfileStatus.SUPERSEDED.value:
        return row.edition, None
    newer = session.scalars(
        select(ProfileRow)
        .where(
            ProfileRow.country == row.country,
            ProfileRow.edition > row.edition,
            ProfileRow.status != ProfileStatus.UNDER_PREPARATION.value,
        )
        .order_by(ProfileRow.edition)
    ).first()
    if newer is None:
        return row.edition, None
    later = SupersededBy(edition=newer.edition)
    if newer.draft_id and _is_public(session, newer.draft_id):
        later.draft_id = newer.draft_id
        later.title = session.get(Draft, newer.draft_id).title  # type: ignore[union-attr]
    return row.edition, later


def _is_public(session: Session, draft_id: str) -> bool:
    stmt = _public_drafts().where(Draft.id == draft_id)
    return session.execute(stmt).first() is not None


def _text(session: Session, draft: Draft) -> PublicText:
    edition, superseded = _profile(session, draft)
    links = _final_links(session, draft)
    record = _record(session, draft)
    return PublicText(
        draft_id=draft.id,
        title=draft.title,
        reference=draft.reference,
        document_type=DocumentType(draft.document_type),
        thematic_area=ThematicArea(draft.thematic_area) if draft.thematic_area else None,
        country=draft.country,
        lead_state=draft.lead_state,
        co_lead_states=[x for x in (draft.co_lead_states or "").split(",") if x],
        language=Language(draft.language),
        version=draft.version,
        endorsement=record,
        languages=sorted(links, key=lambda lang: lang.value),
        titles=_titles(session, draft, links),
        updated=max([record.decided_at, *(link.created_at for link in links.values())]),
        edition=edition,
        superseded_by=superseded,
    )


# ---------------------------------------------------------------- what the callers use


def list_texts(session: Session, query: PublicQuery | None = None) -> PublicList:
    """One page of endorsed texts, the newest endorsement first."""
    query = query or PublicQuery()
    stmt = _public_drafts(query)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(
        stmt.order_by(stmt.selected_columns.endorsed_at.desc(), Draft.id)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    return PublicList(
        total=total,
        page=query.page,
        pages=max(1, math.ceil(total / query.per_page)),
        per_page=query.per_page,
        texts=[_text(session, draft) for draft, _ in rows],
    )


def years(session: Session) -> list[int]:
    """The years in which texts were endorsed (for the year filter), newest first."""
    found = {at.year for _, at in session.execute(_public_drafts()) if at is not None}
    return sorted(found, reverse=True)


def get_text(session: Session, draft_id: str) -> PublicText:
    """One endorsed text; anything else is the same `NotFound`."""
    if len(draft_id) > 80 or not _is_public(session, draft_id):
        raise NotFound(NOT_PUBLIC)
    draft = session.get(Draft, draft_id)
    assert draft is not None
    return _text(session, draft)


def text_in(session: Session, draft_id: str, language: Language) -> PublicTextIn:
    """The endorsed text in one language: the drafting language from the read model's sections
    of the endorsed version; the other one from its final Word document (empty if none)."""
    text = get_text(session, draft_id)
    draft = session.get(Draft, draft_id)
    assert draft is not None
    rows = list(
        session.scalars(
            select(SectionRow)
            .where(SectionRow.draft_id == draft_id, SectionRow.version == draft.version)
            .order_by(SectionRow.position)
        )
    )
    original = [PublicSection(id=r.section_id, title=r.title, text=r.text) for r in rows]
    compiled = _final_kind(draft) == ArtifactKind.COMPILED_PLAN
    if language == text.language and not compiled:
        return PublicTextIn(text=text, language=language, title=text.title, sections=original)
    link = _final_links(session, draft).get(language)
    loaded = load_artifact(session, link.artifact_id) if link else None
    if loaded is None:
        return PublicTextIn(text=text, language=language, title=text.title, sections=[])
    known = [Section(id=s.id, title=s.title, text=s.text) for s in original]
    try:
        read = read_sections(loaded[0], known)
    except WordFileError:
        read = []
    if compiled:  # an Action Plan: the chapters of its endorsed compilation, as they stand
        sections = [
            PublicSection(id=s.id or f"part-{n}", title=s.title, text=s.text)
            for n, s in enumerate(read, start=1)
        ]
    else:
        sections = [PublicSection(id=s.id, title=s.title, text=s.text) for s in read if s.id]
    title = document_title(loaded[0]) or text.title
    return PublicTextIn(text=text, language=language, title=title, sections=sections)


def final_document(session: Session, draft_id: str, language: Language) -> tuple[bytes, str]:
    """The endorsed version's final Word document in one language, and its file name."""
    get_text(session, draft_id)
    draft = session.get(Draft, draft_id)
    assert draft is not None
    link = _final_links(session, draft).get(language)
    loaded = load_artifact(session, link.artifact_id) if link else None
    if link is None or loaded is None:
        raise NotFound(f"this text has no final document in {LANGUAGE_NAMES[language]} yet")
    return loaded[0], link.filename


# ---------------------------------------------------------------- the Atom feed


def _when(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def summary(text: PublicText, language: Language = Language.EN) -> str:
    """One line: the type and how and when it was endorsed."""
    e = text.endorsement
    day = _when(e.decided_at)[:10]
    what = label(text.document_type, language)
    ru = language == Language.RU
    if e.meeting_title:
        how = (
            f"одобрено на совещании «{e.meeting_title}» ({e.meeting_place}) {day}"
            if ru
            else f"endorsed at {e.meeting_title} ({e.meeting_place}) on {day}"
        )
    elif e.route == Route.WRITTEN_PROCEDURE:
        how = (
            f"одобрено письменной процедурой, завершённой {day}"
            if ru
            else f"endorsed by written procedure closed on {day}"
        )
    elif e.plan_title:
        how = (
            f"одобрено в составе «{e.plan_title}» {day}"
            if ru
            else f"endorsed with {e.plan_title} on {day}"
        )
    else:
        how = f"одобрено {day}" if ru else f"endorsed on {day}"
    return f"{what}: {how}"


def feed(session: Session, base_url: str, limit: int = FEED_SIZE) -> bytes:
    """An Atom 1.0 feed of the newest endorsed texts, each linking its page and its .docx."""
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    texts = list_texts(session, PublicQuery(per_page=100)).texts[:limit]
    _sub(root, "id", f"{base}/public/feed.atom")
    _sub(root, "title", "Prague Process: endorsed texts")
    _sub(root, "subtitle", "Texts endorsed by the Prague Process, in English and Russian")
    newest = max(
        (t.updated or t.endorsement.decided_at for t in texts),
        default=datetime(2000, 1, 1, tzinfo=UTC),
    )
    _sub(root, "updated", _when(newest))
    author = _sub(root, "author")
    _sub(author, "name", "Prague Process Secretariat")
    _sub(root, "link", rel="self", type="application/atom+xml", href=f"{base}/public/feed.atom")
    _sub(root, "link", rel="alternate", type="text/html", href=f"{base}/public")
    for text in texts:
        page = f"{base}/public/texts/{text.draft_id}"
        entry = _sub(root, "entry")
        _sub(entry, "id", page)
        _sub(entry, "title", text.titles.get(Language.EN) or text.title)
        _sub(entry, "updated", _when(text.updated or text.endorsement.decided_at))
        _sub(entry, "published", _when(text.endorsement.decided_at))
        _sub(entry, "link", rel="alternate", type="text/html", href=page)
        for language in text.languages:
            _sub(
                entry,
                "link",
                rel="enclosure",
                type=DOCX,
                hreflang=language.value,
                title=f"{text.title} ({language.value.upper()}, .docx)",
                href=f"{page}.docx?language={language.value}",
            )
        _sub(
            entry,
            "category",
            term=text.document_type.value,
            label=label(text.document_type, Language.EN),
        )
        if text.thematic_area:
            _sub(
                entry,
                "category",
                term=text.thematic_area.value,
                label=label(text.thematic_area, Language.EN),
            )
        _sub(entry, "summary", summary(text))
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()
