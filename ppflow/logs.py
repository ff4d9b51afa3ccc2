"""The log lines of every program (`ppflow web`, `ppflow worker`, `ppflow run`): text by
default, one JSON object a line with `PPFLOW_LOG_FORMAT=json`; either way each line carries what
is known where it was written: the request id (web), the workflow id and activity type (in an
activity or a workflow), the draft id (from a draft's workflow id, or a draft's URL), and the
trace id when tracing is on.

`configure_logging(settings)` is the one place a program sets logging up; the web app's request
middleware (`web.telemetry`) marks each request with `bind_request`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TextIO

import temporalio.activity
import temporalio.workflow
from opentelemetry import trace

from models.settings import Settings

# A draft's workflow id, or one of its children's (draft-<slug>-round-<n>, ...): the draft id.
DRAFT_OF_WORKFLOW = re.compile(
    r"^(draft-[a-z0-9]+(?:-[a-z0-9]+)*?)(?:-(?:round|silence|mission)-\d+)?$"
)
DRAFT_ID = re.compile(r"^draft-[a-z0-9]+(?:-[a-z0-9]+)*$")
# What a line may carry, in the order a text line shows them.
CONTEXT_FIELDS = ("request_id", "draft_id", "workflow_id", "activity", "trace_id", "span_id")


@dataclass
class RequestContext:
    request_id: str
    # The request's ASGI scope: the router fills in its path parameters (a draft's id) later.
    scope: Mapping[str, Any] | None = None


_request: ContextVar[RequestContext | None] = ContextVar("ppflow_request", default=None)


@contextmanager
def bind_request(request_id: str, scope: Mapping[str, Any] | None = None) -> Iterator[None]:
    """Lines written while this is open (and in tasks started from it) carry the request id."""
    token = _request.set(RequestContext(request_id, scope))
    try:
        yield
    finally:
        _request.reset(token)


def current_request_id() -> str | None:
    found = _request.get()
    return found.request_id if found else None


def draft_of(workflow_id: str | None) -> str | None:
    """The draft a workflow id names (a draft's, or its round's, silence's or mission's)."""
    if not workflow_id:
        return None
    found = DRAFT_OF_WORKFLOW.match(workflow_id)
    return found.group(1) if found else None


def log_context() -> dict[str, str]:
    """What is known here and now: request, workflow, activity, draft, trace."""
    known: dict[str, str] = {}
    request = _request.get()
    if request is not None:
        known["request_id"] = request.request_id
        params = (request.scope or {}).get("path_params") or {}
        draft = params.get("draft_id")
        if isinstance(draft, str) and len(draft) <= 100 and DRAFT_ID.match(draft):
            known["draft_id"] = draft
    if temporalio.activity.in_activity():
        info = temporalio.activity.info()
        known["activity"] = info.activity_type
        if info.workflow_id:
            known["workflow_id"] = info.workflow_id
    span = trace.get_current_span().get_span_context()
    if span.is_valid:
        known["trace_id"] = format(span.trace_id, "032x")
        known["span_id"] = format(span.span_id, "016x")
    return known


class LogContext(logging.Filter):
    """Puts `log_context()` on every record that passes the handler (fields a record was given
    by `extra=` stay as given), and the workflow id of Temporal's workflow/activity loggers."""

    def filter(self, record: logging.LogRecord) -> bool:
        known = log_context()
        for field in ("temporal_workflow", "temporal_activity"):  # Temporal's loggers' extra
            details = getattr(record, field, None)
            if isinstance(details, Mapping):
                if details.get("workflow_id"):
                    known.setdefault("workflow_id", str(details["workflow_id"]))
                if details.get("activity_type"):
                    known.setdefault("activity", str(details["activity_type"]))
        if "draft_id" not in known and (draft := draft_of(known.get("workflow_id"))):
            known["draft_id"] = draft
        for name in CONTEXT_FIELDS:
            if name in known and getattr(record, name, None) is None:
                setattr(record, name, known[name])
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the context known, and the
    exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextLines(logging.Formatter):
    """`<time> <level> <logger> <message> [request_id=… draft_id=…]`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        known = [
            f"{name}={value}"
            for name in CONTEXT_FIELDS
            if name != "span_id" and (value := getattr(record, name, None)) is not None
        ]
        if not known:
            return text
        first, newline, rest = text.partition("\n")  # a traceback stays below the line
        return f"{first} [{' '.join(known)}]{newline}{rest}"


def configure_logging(
    settings: Settings, default_level: str = "INFO", stream: TextIO | None = None
) -> logging.Handler:
    """Set up the root logger for a program: one handler on stderr (or `stream`), text or JSON
    lines with their context, at `PPFLOW_LOG_LEVEL` (else `default_level`). Called again, it
    replaces the handler it made before and leaves others' alone."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_ppflow", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._ppflow = True  # type: ignore[attr-defined]
    handler.addFilter(LogContext())
    as_json = settings.log_format == "json"
    handler.setFormatter(JsonLines() if as_json else TextLines())
    root.addHandler(handler)
    root.setLevel(settings.log_level or default_level)
    # Temporal's loggers also append their details to the message; a JSON line has them as fields.
    temporalio.workflow.logger.workflow_info_on_message = not as_json
    temporalio.activity.logger.activity_info_on_message = not as_json
    return handler


def configure_program(settings: Settings, program: str, default_level: str = "INFO") -> None:
    """What each program does first: its log lines (`configure_logging`) and its name on the
    spans it sends when tracing is on (`ppflow-web`, `ppflow-worker`, `ppflow`)."""
    from models.tracing import name_service

    name_service(program)
    configure_logging(settings, default_level)
