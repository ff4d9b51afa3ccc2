"""What `/readyz` answers: each dependency checked, whether it answered, and in how long."""

from __future__ import annotations

from pydantic import BaseModel


class CheckResult(BaseModel):
    ok: bool
    ms: int  # how long the check took
    problem: str | None = None  # a short reason (never an address, a URL or a secret)


class Readiness(BaseModel):
    ready: bool
    checks: dict[str, CheckResult]

    @property
    def failing(self) -> list[str]:
        return [name for name, check in self.checks.items() if not check.ok]
