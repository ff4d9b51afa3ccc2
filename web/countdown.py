"""How long until a deadline, in the page's words ("3 days left", "closes in 5 hours"): the
server's countdown beside a deadline (web/templates/pages/_time.html); web/static/time.js keeps
it current and adds the reader's local time."""

from __future__ import annotations

from datetime import UTC, datetime

from web.i18n import UI


def _ru_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def countdown(deadline: datetime | None, t: UI, now: datetime | None = None) -> str:
    if deadline is None:
        return ""
    moment = deadline if deadline.tzinfo else deadline.replace(tzinfo=UTC)
    left = (moment - (now or datetime.now(UTC))).total_seconds()
    if left <= 0:
        return t("cp_passed")
    ru = t.language.value == "ru"
    days, hours, minutes = int(left // 86400), int(left // 3600), max(1, int(left // 60))
    if days >= 2:
        unit = _ru_plural(days, "день", "дня", "дней") if ru else "days"
        return t("cp_days_left", n=days, unit=unit)
    if hours >= 1:
        unit = (
            _ru_plural(hours, "час", "часа", "часов") if ru else ("hour" if hours == 1 else "hours")
        )
        return t("cp_closes_in", n=hours, unit=unit)
    unit = (
        _ru_plural(minutes, "минуту", "минуты", "минут")
        if ru
        else ("minute" if minutes == 1 else "minutes")
    )
    return t("cp_closes_in", n=minutes, unit=unit)
