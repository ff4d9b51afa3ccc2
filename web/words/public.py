"""The words of: The public repository of endorsed texts (no sign-in) and its Atom feed."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_public": ("Endorsed texts", "Одобренные тексты"),
    "pub_title": ("Endorsed texts", "Одобренные тексты"),
    "pub_lead": (
        "Every text the Prague Process has endorsed, in English and Russian, with how and when "
        "it was endorsed. Open to everyone: no account needed.",
        "Все тексты, одобренные в рамках Пражского процесса, на английском и русском языках, "
        "с указанием того, как и когда они были одобрены. Доступ открыт: учётная запись не нужна.",
    ),
    "pub_feed": ("Atom feed of new texts", "Лента новых текстов (Atom)"),
    "pub_type": ("Document type", "Тип документа"),
    "pub_area": ("Thematic area", "Тематическая область"),
    "pub_year": ("Year endorsed", "Год одобрения"),
    "pub_any": ("any", "любой"),
    "pub_filter": ("Show", "Показать"),
    "pub_clear": ("Clear the filters", "Сбросить фильтры"),
    "pub_count": ("{n} text(s)", "Текстов: {n}"),
    "pub_none": (
        "No endorsed text matches these filters.",
        "Нет одобренных текстов по этим фильтрам.",
    ),
    "pub_none_yet": ("No text has been endorsed yet.", "Одобренных текстов пока нет."),
    "pub_col_text": ("Text", "Текст"),
    "pub_col_type": ("Type", "Тип"),
    "pub_col_record": ("Endorsed", "Одобрено"),
    "pub_col_files": ("Word files", "Файлы Word"),
    "pub_at_meeting": ("at {meeting}, {place}", "на совещании «{meeting}», {place}"),
    "pub_by_procedure": (
        "by written procedure, closed on {day}",
        "письменной процедурой, завершённой {day}",
    ),
    "pub_with_plan": ("with the Action Plan {plan}", "в составе Плана действий «{plan}»"),
    "pub_on_day": ("on {day}", "{day}"),
    "pub_meeting_held": ("meeting of {day}", "совещание {day}"),
    "pub_record": ("Endorsement record", "Сведения об одобрении"),
    "pub_decision": ("Decision", "Решение"),
    "pub_route": ("Route", "Порядок"),
    "pub_meeting": ("Meeting", "Совещание"),
    "pub_decided": ("Decided on", "Дата решения"),
    "pub_procedure_closed": ("Procedure closed on", "Процедура завершена"),
    "pub_plan": ("Action Plan", "План действий"),
    "pub_reference": ("Reference", "Номер"),
    "pub_lead_state": ("Lead state", "Ведущее государство"),
    "pub_country": ("Country", "Страна"),
    "pub_version": ("Endorsed version", "Одобренная версия"),
    "pub_edition": ("Edition {n}", "Издание {n}"),
    "pub_superseded": ("Superseded by edition {n}", "Заменено изданием {n}"),
    "pub_superseded_note": (
        "This edition was endorsed and has since been superseded by a newer edition.",
        "Это издание было одобрено и впоследствии заменено более новым изданием.",
    ),
    "pub_download": ("Download", "Скачать"),
    "pub_docx_en": ("English (.docx)", "Английский (.docx)"),
    "pub_docx_ru": ("Russian (.docx)", "Русский (.docx)"),
    "pub_no_docx": ("no Word file yet", "файла Word пока нет"),
    "pub_read_in": ("Read in", "Читать на языке"),
    "pub_lang_en": ("English", "английском"),
    "pub_lang_ru": ("Russian", "русском"),
    "pub_not_in_language": (
        "This text is not available in this language yet. Read it in {other}.",
        "Этот текст пока недоступен на этом языке. Читайте его на {other} языке.",
    ),
    "pub_back": ("All endorsed texts", "Все одобренные тексты"),
    "pub_contents": ("Contents", "Содержание"),
    "pub_not_found": (
        "No endorsed text has this address: only endorsed texts are public.",
        "По этому адресу нет одобренного текста: открыты только одобренные тексты.",
    ),
    "pub_bad_filter": (
        "These filters cannot be used: {reason}. Choose from the lists.",
        "Эти фильтры нельзя применить: {reason}. Выберите значения из списков.",
    ),
}
