"""The words of full-text search (the search box of every signed-in page, and /search)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "search_label": ("Search drafts and comments", "Поиск по проектам и комментариям"),
    "search_button": ("Search", "Найти"),
    "se_title": ("Search", "Поиск"),
    "se_results_for": ("Results for “{q}”", "Результаты по запросу «{q}»"),
    "se_help": (
        "Searches every version of every draft you may see (titles and sections) and its "
        "translation, comments and proposed texts, dispositions, decisions' notes and meetings. "
        "Words match in their other forms (recommendation, recommendations); all the words "
        "must be found.",
        "Поиск по всем версиям всех доступных вам проектов (названия и разделы) и их переводам, "
        "комментариям и предлагаемым формулировкам, решениям по комментариям, заметкам к "
        "решениям и совещаниям. "
        "Слова находятся и в других формах (миграция, миграции); должны найтись все слова.",
    ),
    "se_query": ("Words to find", "Что найти"),
    "se_kind": ("In", "Где"),
    "se_kind_all": ("Everything", "Везде"),
    "se_kind_draft": ("Draft titles", "Названия проектов"),
    "se_kind_section": ("Draft texts", "Тексты проектов"),
    "se_kind_comment": ("Comments", "Комментарии"),
    "se_kind_disposition": ("Dispositions", "Решения по комментариям"),
    "se_kind_decision": ("Decisions", "Решения"),
    "se_kind_meeting": ("Meetings", "Совещания"),
    "se_label_draft": ("Draft", "Проект"),
    "se_label_section": ("Section", "Раздел"),
    "se_label_comment": ("Comment", "Комментарий"),
    "se_label_disposition": ("Disposition", "Решение по комментарию"),
    "se_label_decision": ("Decision", "Решение"),
    "se_label_meeting": ("Meeting", "Совещание"),
    "se_translation_en": ("English translation", "перевод на английский"),
    "se_translation_ru": ("Russian translation", "перевод на русский"),
    "se_found": ("{n} found", "Найдено: {n}"),
    "se_found_more": (
        "More than {n} found: add a word to narrow the search.",
        "Найдено больше {n}: добавьте слово, чтобы сузить поиск.",
    ),
    "se_showing": ("showing {first}–{last}", "показаны {first}–{last}"),
    "se_none": (
        "Nothing found. Try other words, fewer words, or search everything.",
        "Ничего не найдено. Попробуйте другие слова, меньше слов или поиск везде.",
    ),
    "se_nothing": (
        "Nothing to search for: type a word (letters or digits).",
        "Нечего искать: введите слово (буквы или цифры).",
    ),
    "se_too_long": (
        "The search text is too long: at most 200 characters.",
        "Слишком длинный запрос: не больше 200 знаков.",
    ),
    "se_start": (
        "Type a word or two above, e.g. “readmission” or “трудовая миграция”.",
        "Введите одно-два слова выше, например «реадмиссия» или «labour migration».",
    ),
    "se_version": ("version {v}", "версия {v}"),
    "se_by": ("by {who}", "от {who}"),
    "se_on": ("on", "к"),
    "se_prev": ("← Previous", "← Назад"),
    "se_next": ("Next →", "Далее →"),
    "se_pages": ("Result pages", "Страницы результатов"),
}
