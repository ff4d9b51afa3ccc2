"""`ppflow plan start|show|endorse|withdraw`: the Action Plan as one document (added to `ppflow`
by app/cli.py). Its parts are drafts of their own: `ppflow draft start --parent <plan id>`."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli_common import show, user_errors, with_client
from models.api import Withdrawal
from models.contracts.action_plan import PlanEndorsementStart, PlanStart
from ppflow import plan
from ppflow.plan import PlanView

app = typer.Typer(help="Action Plans: a plan whose parts are drafts led by different states.")


@app.command("start")
def plan_start(
    title: Annotated[str, typer.Option(help="The plan's title.")],
    lead: Annotated[str, typer.Option(help="Who presents the whole plan, e.g. PL.")],
    slug: Annotated[str | None, typer.Option(help="Its id becomes draft-<slug>.")] = None,
) -> None:
    """Start an Action Plan; then start its parts with `ppflow draft start --parent <id>`."""
    with user_errors():
        start = PlanStart(title=title, lead_state=lead, slug=slug)
    show(with_client(lambda c, db, s: plan.start_plan(c, db, s, start)))


@app.command("show")
def plan_show(
    plan_id: str,
    json_out: Annotated[bool, typer.Option("--json", help="The whole view as JSON.")] = False,
) -> None:
    """The plan's parts in order: lead state, thematic area, phase, version, ready or not."""
    view: PlanView = with_client(lambda c, db, s: plan.plan_view(c, db, plan_id))
    if json_out:
        show(view)
        return
    typer.echo(f"{view.plan_id}  {view.title}  [{view.phase}]  {view.reference}")
    for n, p in enumerate(view.parts, start=1):
        state = (
            "withdrawn"
            if p.withdrawn
            else f"ready (v{p.ready_version}, {p.activities} activities)"
            if p.ready
            else "not ready"
        )
        typer.echo(
            f"  {n}. {p.lead_state}  {p.thematic_area or '-'}  {p.draft_id}  "
            f"[{p.phase}] v{p.version}  {state}"
        )
    if view.pending_meeting_id:
        typer.echo(f"  on the agenda of {view.pending_meeting_id}")
    for a in view.artifacts:
        typer.echo(f"  compiled plan {view.compilation} ({a['language']}): {a['artifact_id']}")


@app.command("endorse")
def plan_endorse(
    plan_id: str,
    meeting: Annotated[str, typer.Option(help="The Ministerial Conference (meeting id).")],
) -> None:
    """Compile the plan and put it on a Ministerial Conference's agenda (every part ready)."""
    with user_errors():
        request = PlanEndorsementStart(meeting_id=meeting)
    show(with_client(lambda c, db, s: plan.request_plan_endorsement(c, db, plan_id, request)))


@app.command("withdraw")
def plan_withdraw(plan_id: str, reason: Annotated[str, typer.Option()]) -> None:
    """Withdraw the plan; parts waiting for it go back to revision."""
    with user_errors():
        request = Withdrawal(reason=reason)
    show(with_client(lambda c, db, s: plan.withdraw_plan(c, plan_id, request)))
