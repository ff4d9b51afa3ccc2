"""The command line does all the API does: every /api route is in the table below with the
`ppflow` command that does the same, and that command exists. A new route fails this test until
it has its command here (or is listed among those left out, with the reason)."""

from __future__ import annotations

from typing import Any

import typer.main

from app.cli import app as cli_app
from web.app import create_app

# API route -> the `ppflow` command that does it.
CLI_FOR: dict[str, str] = {
    "POST /api/drafts": "draft start",
    "GET /api/drafts": "draft list",
    "GET /api/drafts/{draft_id}": "draft status",
    "GET /api/drafts/{draft_id}/events": "draft events",
    "POST /api/drafts/{draft_id}/rounds": "round open",
    "GET /api/drafts/{draft_id}/rounds/current": "round status",
    "POST /api/drafts/{draft_id}/rounds/current/extend": "round extend",
    "POST /api/drafts/{draft_id}/rounds/current/close": "round close",
    "POST /api/drafts/{draft_id}/rounds/current/remind": "round remind",
    "POST /api/drafts/{draft_id}/resolutions": "comment resolve",
    "POST /api/drafts/{draft_id}/revisions": "draft revise",  # the text from a Word file
    "POST /api/drafts/{draft_id}/endorsement": "draft endorse",
    "GET /api/drafts/{draft_id}/endorsement/procedure": "procedure status",
    "POST /api/drafts/{draft_id}/endorsement/procedure/extend": "procedure extend",
    "POST /api/drafts/{draft_id}/missions": "mission start",
    "GET /api/drafts/{draft_id}/missions": "mission list",
    "POST /api/drafts/{draft_id}/withdraw": "draft withdraw",
    "GET /api/drafts/{draft_id}/documents/{kind}": "draft document",
    "POST /api/drafts/word": "draft start",  # --word FILE
    "POST /api/drafts/{draft_id}/revisions/word": "draft revise",
    "POST /api/drafts/{draft_id}/translations": "draft translate",  # the text from a Word file
    "POST /api/drafts/{draft_id}/translations/word": "draft translate",
    "POST /api/meetings": "meeting create",
    "GET /api/meetings": "meeting list",
    "GET /api/meetings/{meeting_id}": "meeting show",
    "POST /api/meetings/{meeting_id}/decisions": "meeting decide",
    "POST /api/meetings/{meeting_id}/agenda/send": "meeting send-agenda",
    "POST /api/meetings/{meeting_id}/close": "meeting close",
    "POST /api/meetings/{meeting_id}/attendance": "meeting attendance",
    "GET /api/bodies": "body list",
    "GET /api/bodies/members.csv": "body export",
    "POST /api/bodies/members": "body import",
    "GET /api/bodies/{body_id}": "body show",
    "POST /api/bodies/{body_id}/members": "body add",
    "DELETE /api/bodies/{body_id}/members/{participant_id}": "body remove",
    "PUT /api/bodies/{body_id}/chair": "body chair",
    "GET /api/presidency": "presidency list",
    "PUT /api/presidency": "presidency set",
    "POST /api/plans": "plan start",
    "GET /api/plans/{plan_id}": "plan show",
    "POST /api/plans/{plan_id}/endorsement": "plan endorse",
    "POST /api/plans/{plan_id}/withdrawal": "plan withdraw",
    "GET /api/plans/{plan_id}/activities": "plan-activity list",
    "PATCH /api/plans/{plan_id}/activities/{number}": "plan-activity set",
    "GET /api/plans/{plan_id}/implementation-report.docx": "plan-activity report",
    "GET /api/profiles": "profile list",
    "GET /api/projects": "project list",
    "GET /api/projects/{project_id}": "project show",
    "POST /api/projects/{project_id}/outputs/{number}/link": "project link",
    "PATCH /api/projects/{project_id}/outputs/{number}": "project status",
    "GET /api/artifacts": "draft status",  # lists the draft's files with their ids
    "GET /api/artifacts/{artifact_id}": "draft file",
    "GET /api/participants": "registry export",  # participants with their contacts (CSV)
    "GET /api/registry/contacts.csv": "registry export",
    "POST /api/registry/contacts": "registry import",
    "POST /api/links/reissue": "link reissue",
    "GET /api/outbox": "outbox",
    "PUT /api/digest": "digest set",
    "GET /api/public/texts": "public list",
    "GET /api/public/texts/{draft_id}": "public show",
    "GET /api/calendar/feed": "calendar feed status",  # --user NAME
    "POST /api/calendar/feed": "calendar feed issue",
    "DELETE /api/calendar/feed": "calendar feed revoke",
    "GET /api/calendar/contacts/{contact_id}/feed": "calendar feed status",  # --contact ID
    "POST /api/calendar/contacts/{contact_id}/feed": "calendar feed issue",
    "DELETE /api/calendar/contacts/{contact_id}/feed": "calendar feed revoke",
    "GET /api/meetings/{meeting_id}/calendar.ics": "calendar meeting",
    "GET /api/knowledge/registrations": "reader list",
    "POST /api/knowledge/registrations/{registration_id}/decision": "reader approve",  # / refuse
    "POST /api/knowledge/readers/{reader_id}/revoke": "reader revoke",
    "GET /api/knowledge/access-log": "reader log",
    "GET /api/search": "search",
    "GET /api/analytics": "analytics show",  # --json
    "GET /api/analytics.csv": "analytics export",  # --csv FILE
    "GET /api/analytics/annex.docx": "analytics export",  # --docx FILE --language ru
    "GET /api/profiles/cycles": "profile cycle list",
    "GET /api/profiles/{country}/cycle": "profile cycle show",
    "PUT /api/profiles/{country}/cycle": "profile cycle set",
    "POST /api/profiles/{country}/cycle/pause": "profile cycle pause",
    "POST /api/profiles/{country}/cycle/resume": "profile cycle resume",
    "POST /api/profiles/{country}/cycle/trigger": "profile cycle trigger",
}

# Routes with no command, on purpose.
LEFT_OUT: dict[str, str] = {
    # A reviewer's personal link is the key to these: the people who answer (national contact
    # points, experts) use the link's page or a client of their own, not the operators' CLI.
    "GET /api/review/{token}": "reviewers' link",
    "POST /api/review/{token}/answer": "reviewers' link",
    "POST /api/review/{token}/break-silence": "reviewers' link",
    "POST /api/review/{token}/findings": "reviewers' link",
    "POST /api/review/{token}/word": "reviewers' link",
    "POST /api/review/{token}/handoff": "reviewers' link",
    # A draft is started for a project's output by `draft start` and then `project link`.
    "POST /api/projects/{project_id}/outputs/{number}/draft": "draft start + project link",
    # Registering for the knowledge base is the public's (the form or the API), not an operator's.
    "POST /api/knowledge/registrations": "public registration",
}


def api_routes() -> set[str]:
    schema: dict[str, Any] = create_app().openapi()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        if path.startswith("/api")
        for method in operations
    }


def cli_commands() -> set[str]:
    group = typer.main.get_command(cli_app)
    found: set[str] = set()

    def walk(command: Any, prefix: list[str]) -> None:
        if hasattr(command, "list_commands"):
            ctx = command.context_class(command)
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*prefix, name])
        else:
            found.add(" ".join(prefix))

    walk(group, [])
    return found


def test_every_api_route_has_its_command() -> None:
    routes = api_routes()
    missing = sorted(routes - CLI_FOR.keys() - LEFT_OUT.keys())
    assert not missing, f"API routes with no `ppflow` command in CLI_FOR: {missing}"
    gone = sorted((CLI_FOR.keys() | LEFT_OUT.keys()) - routes)
    assert not gone, f"routes in the table that the API no longer has: {gone}"
    commands = cli_commands()
    absent = sorted({c for c in CLI_FOR.values() if c not in commands})
    assert not absent, f"commands in the table that `ppflow` does not have: {absent}"
    assert {"round open", "round remind", "procedure extend", "meeting close"} <= commands
