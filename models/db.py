"""The SQL read model: a projection that activities write, for dashboards, search and the audit log.

Temporal holds the truth about state and time; every row here can be rebuilt from the workflows.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on SQLite and PostgreSQL alike (stored as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column("group_name", String(40), index=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("participant_id", "email"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320))
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)
    placeholder: Mapped[bool] = mapped_column(Boolean, default=False)


class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(120))
    document_type: Mapped[str] = mapped_column(String(40), index=True)
    thematic_area: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    lead_state: Mapped[str] = mapped_column(String(40), index=True)
    co_lead_states: Mapped[str] = mapped_column(String(400), default="")
    country: Mapped[str | None] = mapped_column(String(40), nullable=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    phase: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    open_round_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A part of an Action Plan: the plan's draft id (the plan is a row of this table too).
    parent_id: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    artifact_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class SectionRow(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("draft_id", "version", "section_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    section_id: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")


class Round(Base):
    """A comment round or a written (silence) procedure."""

    __tablename__ = "rounds"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="comment_round")
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    invited_count: Mapped[int] = mapped_column(Integer, default=0)
    answered_count: Mapped[int] = mapped_column(Integer, default=0)


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"), index=True)
    participant_id: Mapped[str] = mapped_column(String(40), index=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"), index=True)
    participant_id: Mapped[str] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    position: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class CommentRow(Base):
    __tablename__ = "comments"
    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    round_number: Mapped[int] = mapped_column(Integer)
    participant_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    section_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    position: Mapped[str | None] = mapped_column(String(20), nullable=True)
    quote: Mapped[str | None] = mapped_column(Text, nullable=True)


class DispositionRow(Base):
    __tablename__ = "dispositions"
    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    disposition: Mapped[str] = mapped_column(String(20))
    justification: Mapped[str] = mapped_column(Text, default="")


class Mission(Base):
    __tablename__ = "missions"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    country: Mapped[str] = mapped_column(String(40))
    starts_on: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_on: Mapped[datetime] = mapped_column(UTCDateTime)
    findings_due: Mapped[datetime] = mapped_column(UTCDateTime)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    submitted_by: Mapped[str | None] = mapped_column(String(320), nullable=True)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(40), default="expert_mission")  # MissionKind


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    place: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    agenda_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    host: Mapped[str] = mapped_column(String(200), default="", doc="participant id or a name")
    co_chairs: Mapped[str] = mapped_column(Text, default="", doc="ids or names, one a line")


class AgendaItemRow(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "draft_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    draft_id: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("draft_id", "source_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(String(80), index=True)
    source_id: Mapped[str] = mapped_column(String(120), doc="meeting or written procedure id")
    route: Mapped[str] = mapped_column(String(30))
    decision: Mapped[str] = mapped_column(String(40))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    reservations: Mapped[str] = mapped_column(Text, default="")


class Notice(Base):
    """The outbox: a notice is a row before it is a mail."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("notice_key", "email"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_key: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    participant_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str] = mapped_column(String(320))
    draft_id: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    html: Mapped[str | None] = mapped_column(Text, nullable=True)
    reply_to: Mapped[str | None] = mapped_column(String(320), nullable=True)
    attachment_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    fallback_for: Mapped[int | None] = mapped_column(
        Integer, nullable=True, doc="the failed row this one replaces (next contact by rank)"
    )
    # A sender claims a row before sending it; another sender (a retry beside a live attempt)
    # leaves it alone until the claim expires.
    claimed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LinkGrant(Base):
    """A personal link issued to one contact for one workflow; a new generation revokes the old."""

    __tablename__ = "link_grants"
    __table_args__ = (UniqueConstraint("workflow_id", "email"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workflow_id: Mapped[str] = mapped_column(String(160), index=True)
    participant_id: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    generation: Mapped[int] = mapped_column(Integer, default=0)
    handed_by: Mapped[str | None] = mapped_column(String(320), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    purpose: Mapped[str | None] = mapped_column(
        String(20), nullable=True, doc="what the link answers (models.domain.LinkPurpose)"
    )


class PendingAnswer(Base):
    """An answer that arrived by mail: it counts only once the reviewer confirms it."""

    __tablename__ = "pending_answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("link_grants.id"), index=True)
    generation: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    from_email: Mapped[str] = mapped_column(String(320))
    position: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    attachment_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attachment_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DigestPreference(Base):
    """How often a person gets the digest (daily, weekly or none) and when it last went out."""

    __tablename__ = "digest_preferences"
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10))
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredPayload(Base):
    """A Temporal payload too large for workflow history, kept once by its SHA-256 (claim check):
    history holds only the reference (models/claim_check.py)."""

    __tablename__ = "payloads"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Artifact(Base):
    """File content stored once by its SHA-256."""

    __tablename__ = "artifacts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArtifactLink(Base):
    """Which draft or meeting a file belongs to, as what kind, version and language."""

    __tablename__ = "artifact_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    link_key: Mapped[str] = mapped_column(String(300), unique=True)
    artifact_id: Mapped[str] = mapped_column(ForeignKey("artifacts.id"), index=True)
    draft_id: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    filename: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Event(Base):
    """The append-only audit timeline."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(200), unique=True)
    workflow_id: Mapped[str] = mapped_column(String(160), index=True)
    draft_id: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    summary: Mapped[str] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # the parameters of the line (version, round, deadline...): shown in the reader's language
    details: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)


class User(Base):
    """A local account: the Secretariat, a drafting state (bound to its participant), or an
    observer who reads only."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), nullable=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A personal API token; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class SavedAnswer(Base):
    """A reviewer's answer saved to finish later (one per link holder and round); it counts
    only when sent."""

    __tablename__ = "saved_answers"
    __table_args__ = (UniqueConstraint("workflow_id", "email"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workflow_id: Mapped[str] = mapped_column(String(160))
    email: Mapped[str] = mapped_column(String(320))
    form: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def make_engine(url: str) -> Engine:
    """An engine for the read model; SQLite gets WAL and a busy timeout for concurrent writers."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            pool_size=20,
            max_overflow=20,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def make_sessionmaker(engine: Engine) -> sessionmaker:  # type: ignore[type-arg]
    return sessionmaker(engine, expire_on_commit=False)


# The tables of each part of the Process, in their own modules (they import Base from here).
from models import (  # noqa: E402,F401
    db_calendars,
    db_governance,
    db_knowledge,
    db_meetings,
    db_plan,
    db_profiles,
    db_projects,
    db_translations,
)
