"""`ppflow reader …` as the Secretariat types it: list, approve, refuse (a reason required),
revoke and the access log, with one-line errors."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from mail.knowledge import confirm_path
from ppflow import knowledge
from tests.app.test_cli import cli  # noqa: F401  (the fixture)
from tests.conftest import Mailbox, unique, until
from tests.workflows.test_reader_registration import form, register, token


async def test_the_secretariat_decides_revokes_and_reads_the_log_from_the_command_line(
    cli: Any,  # noqa: F811
    run_worker: Any,
    dev_env: Any,
    sessions: Any,
    settings: Any,
    mailbox: Mailbox,
) -> None:
    def run(*args: str) -> Any:
        return asyncio.to_thread(cli, *args)  # the command runs its own event loop

    client = dev_env.client
    async with run_worker(client):
        regs = []
        for _ in range(2):
            reg = await register(client, sessions, settings, form(f"{unique('cli')}@example.org"))
            with sessions() as s:
                await knowledge.confirm(client, s, settings, token(confirm_path(settings, reg)))
            regs.append(reg)
        approved, refused = regs
        listed = await run("reader", "list", "--status", "pending", "--json")
        assert listed.exit_code == 0, listed.output
        assert set(regs) <= {r["registration_id"] for r in json.loads(listed.output)}

        no_reason = await run("reader", "refuse", refused)
        assert no_reason.exit_code != 0 and "--reason" in no_reason.output
        done = await run("reader", "refuse", refused, "--reason", "Not a migration researcher")
        assert done.exit_code == 0 and "refused" in done.output, done.output
        done = await run("reader", "approve", approved)
        assert done.exit_code == 0 and "approved" in done.output, done.output
        twice = await run("reader", "approve", approved)
        assert twice.exit_code == 1 and "already approved" in twice.output
        assert twice.output.count("\n") == 1  # one line, no traceback
        unknown = await run("reader", "approve", "kbr-none")
        assert unknown.exit_code == 1 and "no registration kbr-none" in unknown.output

        with sessions.begin() as s:
            reader = knowledge.reader_of(s, settings, token(knowledge_link(settings, approved)))
            knowledge.log_access(s, reader, "view", "knowledge base")
        log = await run("reader", "log", "--reader", approved)
        assert log.exit_code == 0 and "view" in log.output and "1 access(es)" in log.output

        revoked = await run("reader", "revoke", approved)
        assert revoked.exit_code == 0 and "revoked" in revoked.output
        again = await run("reader", "revoke", refused)
        assert again.exit_code == 1 and "only an approved reader" in again.output

        async def gone() -> bool:
            with sessions() as s:
                try:
                    knowledge.reader_of(s, settings, token(knowledge_link(settings, approved)))
                except knowledge.service.Forbidden:
                    return True
            return False

        assert await until(gone)


def knowledge_link(settings: Any, registration_id: str) -> str:
    from mail.knowledge import reader_path

    return reader_path(settings, registration_id)
