"""The words of: Participation analytics: charts (SVG), annex .docx and CSV."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_analytics": ("Analytics", "Аналитика"),
    "an_title": ("Participation analytics", "Аналитика участия"),
    "an_help": (
        "Who answers the comment rounds and how fast, the positions stated, the drafts in each "
        "phase, the sections most commented and the time to endorsement. Rounds count from the "
        "day they opened; cancelled rounds and written procedures are left out.",
        "Кто отвечает в раундах замечаний и как быстро, заявленные позиции, проекты на каждом "
        "этапе, разделы с наибольшим числом замечаний и время до одобрения. Раунды учитываются "
        "по дню открытия; отменённые раунды и письменные процедуры не учитываются.",
    ),
    "an_filters": ("Filters", "Условия"),
    "an_from": ("From", "С"),
    "an_to": ("To", "По"),
    "an_type": ("Document type", "Вид документа"),
    "an_area": ("Thematic area", "Тематическая область"),
    "an_any": ("all", "все"),
    "an_show": ("Show", "Показать"),
    "an_reset": ("All rounds", "Все раунды"),
    "an_downloads": ("Download", "Скачать"),
    "an_csv": ("Figures (CSV)", "Данные (CSV)"),
    "an_docx_en": ("Annex in English (.docx)", "Приложение на английском (.docx)"),
    "an_docx_ru": ("Annex in Russian (.docx)", "Приложение на русском (.docx)"),
    "an_table": ("The figures as a table", "Данные в виде таблицы"),
    "an_none": ("No figures for these filters yet.", "Для этих условий данных пока нет."),
    "an_forbidden": (
        "The analytics are for the Secretariat and observers.",
        "Аналитика доступна Секретариату и наблюдателям.",
    ),
    "an_bad_filter": (
        "These filters cannot be used: {reason}",
        "Эти условия применить нельзя: {reason}",
    ),
    "an_bad_type": (
        "the document type is not one of the list",
        "такого вида документа нет в списке",
    ),
    "an_bad_area": (
        "the thematic area is not one of the list",
        "такой тематической области нет в списке",
    ),
    "an_bad_day": (
        "give the days as YYYY-MM-DD, between 2009-01-01 and 2100-12-31",
        "укажите дни в виде ГГГГ-ММ-ДД, с 2009-01-01 по 2100-12-31",
    ),
    "an_bad_order": (
        "the period ends before it starts ('From' is after 'To')",
        "период заканчивается раньше, чем начинается («С» позже, чем «По»)",
    ),
}
