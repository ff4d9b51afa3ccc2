"""The words of the draft's text in the page: sections with their comments, the editor, the start
form.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # the draft page: the text by section, the comments beside it
    "tx_text": ("Text, version {v}", "Текст, версия {v}"),
    "tx_edit": ("Edit the text", "Изменить текст"),
    "tx_filter": ("Which comments to show", "Какие замечания показать"),
    "tx_show": ("Show", "Показать"),
    "tx_show_all": ("all comments", "все замечания"),
    "tx_show_open": ("open (no disposition yet)", "открытые (без решения)"),
    "tx_show_resolved": ("resolved", "рассмотренные"),
    "tx_by": ("From", "От кого"),
    "tx_by_anyone": ("every participant", "все участники"),
    "tx_apply": ("Show", "Показать"),
    "tx_clear": ("Show all comments", "Показать все замечания"),
    "tx_shown": ("{shown} of {total} comments shown", "Показано замечаний: {shown} из {total}"),
    "tx_general": ("General comments", "Общие замечания"),
    "tx_on_removed": (
        "Comments on sections no longer in the text",
        "Замечания к разделам, которых больше нет в тексте",
    ),
    "tx_comments_on": ("Comments on section {n}", "Замечания к разделу {n}"),
    "tx_no_comments": ("No comments on this section.", "Замечаний к этому разделу нет."),
    "tx_none_shown": (
        "No comments on this section match the filter.",
        "К этому разделу нет замечаний, отвечающих отбору.",
    ),
    "tx_outdated": ("outdated", "устарело"),
    "tx_outdated_help": (
        "the section has changed since version {v}, on which this comment was made",
        "раздел изменился после версии {v}, к которой относится замечание",
    ),
    "tx_made_on": (
        "The text it was made on (version {v})",
        "Текст, к которому сделано замечание (версия {v})",
    ),
    "tx_round": ("round {n}", "раунд {n}"),
    "tx_empty_section": ("(no text yet)", "(текста пока нет)"),
    "tx_removed": ("removed section", "удалённый раздел"),
    # the editor
    "tx_edit_title": ("Edit the text", "Изменение текста"),
    "tx_editing": (
        "You are editing version {v}. Submitting makes version {next}: the participants are told, "
        "and every comment stays with its section.",
        "Вы изменяете версию {v}. После отправки появится версия {next}: участники получат "
        "уведомление, а замечания останутся при своих разделах.",
    ),
    "tx_help": (
        "How to write sub-headings, lists and tables",
        "Как оформить подзаголовки, списки и таблицы",
    ),
    "tx_help_blocks": (
        "Leave an empty line between paragraphs, lists and tables.",
        "Между абзацами, списками и таблицами оставляйте пустую строку.",
    ),
    "tx_help_heading": ("a sub-heading:", "подзаголовок:"),
    "tx_help_bullets": (
        "a bulleted list, one item a line:",
        "маркированный список, пункт в строке:",
    ),
    "tx_help_numbers": ("a numbered list:", "нумерованный список:"),
    "tx_help_table": (
        "a table, its first row the heading row:",
        "таблица, первая строка — заголовки столбцов:",
    ),
    "tx_help_example_heading": ("Scope", "Сфера применения"),
    "tx_help_example_item": ("Readmission", "Реадмиссия"),
    "tx_help_example_item2": ("Return", "Возвращение"),
    "tx_help_example_table": (
        "| State | Returns |\n| PL | 120 |",
        "| Государство | Возвраты |\n| PL | 120 |",
    ),
    "tx_section": ("Section {n}", "Раздел {n}"),
    "tx_section_title": ("Title of section {n}", "Название раздела {n}"),
    "tx_section_text": ("Text of section {n}", "Текст раздела {n}"),
    "tx_new": ("new", "новый"),
    "tx_comment_count": (
        "comments: {n} (they stay with the section, or on the draft page if it is removed)",
        "замечаний: {n} (они останутся при разделе, а если его удалить — на странице проекта)",
    ),
    "tx_up": ("Move up", "Выше"),
    "tx_down": ("Move down", "Ниже"),
    "tx_remove": ("Remove", "Удалить"),
    "tx_up_n": ("Move section {n} up", "Переместить раздел {n} выше"),
    "tx_down_n": ("Move section {n} down", "Переместить раздел {n} ниже"),
    "tx_remove_n": ("Remove section {n}", "Удалить раздел {n}"),
    "tx_add": ("Add a section", "Добавить раздел"),
    "tx_no_sections_yet": ("No sections yet: add one.", "Разделов пока нет: добавьте раздел."),
    "tx_preview": ("Preview", "Предпросмотр"),
    "tx_preview_title": (
        "Preview: the text as reviewers will see it",
        "Предпросмотр: так текст увидят участники",
    ),
    "tx_note": (
        "Note for this version (what changed and why)",
        "Примечание к версии (что изменено и почему)",
    ),
    "tx_submit": ("Submit version {v}", "Отправить версию {v}"),
    "tx_back": ("Back to the draft", "Вернуться к проекту"),
    "tx_submitted": ("Version {v} submitted.", "Версия {v} отправлена."),
    "tx_needs_title": (
        "Section {n} has text but no title: give it a title.",
        "У раздела {n} есть текст, но нет названия: укажите название.",
    ),
    "tx_no_sections": (
        "The text needs at least one section with a title.",
        "В тексте должен быть хотя бы один раздел с названием.",
    ),
    "tx_bad_ids": (
        "The sections sent do not match this draft's: open the editor again.",
        "Присланные разделы не совпадают с разделами проекта: откройте редактор заново.",
    ),
    "tx_not_now": (
        "The text can be changed while the draft is in drafting or revision; it is in {phase} now.",
        "Текст можно изменять на этапах подготовки и доработки; сейчас этап: {phase}.",
    ),
    "tx_conflict": (
        "Version {v} was submitted meanwhile, after you started editing version {base}. Your text "
        "is kept below and nothing was saved yet: look at version {v}, take its changes into "
        "yours, then submit again.",
        "Пока вы изменяли версию {base}, была отправлена версия {v}. Ваш текст сохранён ниже и "
        "ещё никуда не отправлен: посмотрите версию {v}, перенесите её изменения в свой текст "
        "и отправьте снова.",
    ),
    "tx_see_new": ("Open version {v} (new tab)", "Открыть версию {v} (в новой вкладке)"),
    "tx_compare": (
        "Compare version {base} with version {v} (new tab)",
        "Сравнить версии {base} и {v} (в новой вкладке)",
    ),
    # the start form
    "tx_co_leads": (
        "Co-lead states (names or ids, comma-separated)",
        "Со-ведущие государства (названия или коды через запятую)",
    ),
    "tx_sections_help": (
        "Any number of sections; each a title and its text. Or start from a Word file below.",
        "Сколько угодно разделов: у каждого название и текст. Или начните с файла Word ниже.",
    ),
}
