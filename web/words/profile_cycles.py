"""The words of: Profile update cycles: a Temporal Schedule per endorsed profile."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "cy_update_due": ("update due", "требуется обновление"),
    "cy_under_update": ("under update", "обновляется"),
    "cy_cycles": ("Profile update cycles", "Циклы обновления профилей"),
    "cy_cycles_help": (
        "Each final and endorsed migration profile can be re-opened as a new edition every so "
        "many months. No profile has a cycle until the Secretariat sets one.",
        "Каждый окончательный и одобренный миграционный профиль можно открывать заново как новое "
        "издание каждые несколько месяцев. Цикл есть только у профилей, для которых его "
        "установил Секретариат.",
    ),
    "cy_cycle_of": ("Update cycle: {name}", "Цикл обновления: {name}"),
    "cy_country": ("Country", "Страна"),
    "cy_edition": ("Endorsed edition", "Одобренное издание"),
    "cy_every": ("Cycle", "Цикл"),
    "cy_every_n": ("every {n} months", "каждые {n} мес."),
    "cy_no_cycle": ("no cycle", "цикла нет"),
    "cy_paused": ("paused", "приостановлен"),
    "cy_running": ("running", "действует"),
    "cy_due": ("Due", "Срок"),
    "cy_state": ("Board", "Табло"),
    "cy_live": ("Edition under preparation", "Издание в подготовке"),
    "cy_last": ("Last firing", "Последнее срабатывание"),
    "cy_never": ("never", "не было"),
    "cy_months": ("Every how many months (1–120)", "Каждые сколько месяцев (1–120)"),
    "cy_set": ("Set the cycle", "Установить цикл"),
    "cy_pause": ("Pause", "Приостановить"),
    "cy_resume": ("Resume", "Возобновить"),
    "cy_trigger": ("Open the next edition now", "Открыть следующее издание сейчас"),
    "cy_rules": (
        "Due its months after the last endorsement at 06:00 UTC; a due date already past when "
        "the cycle is set or resumed becomes a week from then. The board says “update due” "
        "60 days ahead. A new edition endorsed starts the cycle again.",
        "Срок: через указанное число месяцев после последнего одобрения, в 06:00 UTC; срок, "
        "уже прошедший при установке или возобновлении цикла, переносится на неделю вперёд. "
        "Табло показывает «требуется обновление» за 60 дней. Одобрение нового издания "
        "начинает цикл заново.",
    ),
    "cy_no_profile": (
        "This country has no final and endorsed profile yet.",
        "У этой страны пока нет окончательного и одобренного профиля.",
    ),
    "cy_read_only": (
        "Only the Secretariat changes update cycles.",
        "Циклы обновления меняет только Секретариат.",
    ),
    "cy_msg_set": ("The cycle is set: every {n} months.", "Цикл установлен: каждые {n} мес."),
    "cy_msg_paused": ("The cycle is paused.", "Цикл приостановлен."),
    "cy_msg_resumed": ("The cycle is running again.", "Цикл возобновлён."),
    "cy_msg_opened": ("The next edition is open: {draft}.", "Открыто следующее издание: {draft}."),
    "cy_msg_nothing": ("Nothing opened: {note}", "Ничего не открыто: {note}"),
    "cy_unknown_action": ("Choose what to do.", "Выберите действие."),
    "cy_open": ("open", "открыть"),
}
