"""The words of actions that exist in the pages as in the API: missions, written-procedure
extensions, confirmations.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "ac_procedure": ("Written procedure", "Письменная процедура"),
    "ac_silence_until": ("Silence until", "Срок молчания"),
    "ac_procedure_invited": (
        "Version {v}, sent to {n} participants.",
        "Версия {v}, направлена участникам: {n}.",
    ),
    "ac_procedure_help": (
        "The text is deemed endorsed at this time unless a participant breaks the silence.",
        "Текст будет считаться одобренным в этот срок, если никто из участников не прервёт "
        "молчание.",
    ),
    "ac_procedure_extend_help": (
        "Each of the {n} participants gets an e-mail with the new deadline and their link.",
        "Каждый из участников ({n}) получит письмо с новым сроком и своей ссылкой.",
    ),
    "ac_silence_broken": ("Silence broken by {p}", "Молчание прервано: {p}"),
    "ac_msg_procedure_extended": (
        "the written procedure now ends {d} UTC; the participants are told by e-mail",
        "письменная процедура продлена до {d} UTC; участники извещены по электронной почте",
    ),
    "ac_findings": ("Findings", "Выводы"),
    "ac_findings_resolve": (
        "The findings are comments of the draft now: give each a disposition on the draft's page",
        "Выводы теперь стали комментариями к проекту: примите по каждому решение на странице "
        "проекта",
    ),
    "ac_feeds_sections": ("Sections the findings feed", "Разделы, к которым относятся выводы"),
    "ac_feeds_sections_help": (
        "None chosen: the members may write findings on any section.",
        "Если ничего не выбрано, участники могут представить выводы по любому разделу.",
    ),
    "ac_reminder_days": (
        "Remind members who have not sent findings, days before they are due",
        "Напомнить участникам, не представившим выводы, за сколько дней до срока",
    ),
    "ac_reminder_days_bad": (
        "the reminder is a number of days from 0 to 60",
        "напоминание — число дней от 0 до 60",
    ),
}
