"""The words of comparing versions; reviewers' proposals as diffs, quotes, deadlines in the
reader's time.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # comparing two versions
    "cp_inserted": ("inserted:", "вставлено:"),
    "cp_deleted": ("deleted:", "удалено:"),
    "cp_title": ("Compare versions", "Сравнение версий"),
    "cp_link": ("Compare versions", "Сравнить версии"),
    "cp_from": ("From version", "С версии"),
    "cp_to": ("To version", "По версию"),
    "cp_show": ("Compare", "Сравнить"),
    "cp_heading": ("Version {a} → version {b}", "Версия {a} → версия {b}"),
    "cp_legend": (
        "Inserted words are underlined, deleted words struck through.",
        "Вставленные слова подчёркнуты, удалённые — зачёркнуты.",
    ),
    "cp_added": ("New section", "Новый раздел"),
    "cp_removed": ("Section {n} removed", "Раздел {n} удалён"),
    "cp_moved": ("Moved: was section {n}", "Перемещён: был разделом {n}"),
    "cp_moved_away": (
        "Section {old} moved: now section {n}",
        "Раздел {old} перемещён: теперь раздел {n}",
    ),
    "cp_retitled": ("Title changed", "Изменено название"),
    "cp_unchanged": ("Unchanged", "Без изменений"),
    "cp_summary": (
        "Changed: {c} · new: {a} · removed: {r} · moved: {m} · unchanged: {s}",
        "Изменено: {c} · новых: {a} · удалено: {r} · перемещено: {m} · без изменений: {s}",
    ),
    "cp_same_text": ("The two versions have the same text.", "Тексты двух версий совпадают."),
    "cp_redline": (
        "The same changes as a Word file with tracked changes",
        "Те же изменения в файле Word в режиме исправлений",
    ),
    "cp_one_version": (
        "This draft has one version so far: there is nothing to compare yet.",
        "У проекта пока одна версия: сравнивать не с чем.",
    ),
    "cp_bad_version": (
        "Choose two versions of this draft, from 1 to {n}.",
        "Выберите две версии этого проекта, от 1 до {n}.",
    ),
    "cp_same_version": (
        "Choose two different versions.",
        "Выберите две разные версии.",
    ),
    "cp_back": ("Back to the draft", "Вернуться к проекту"),
    # quoting a passage of a section
    "cp_quote": ("Quote (optional)", "Цитата (необязательно)"),
    "cp_quote_help": (
        "The passage of the section your comment is about, copied from the text above.",
        "Фрагмент раздела, к которому относится замечание, скопированный из текста выше.",
    ),
    "cp_quote_button": ("Comment on this passage", "Прокомментировать этот фрагмент"),
    "cp_quote_select": (
        "Select a passage of this section's text first.",
        "Сначала выделите фрагмент текста этого раздела.",
    ),
    "cp_quoted": ("Quoted passage", "Цитируемый фрагмент"),
    "cp_quote_not_found": (
        "The quoted passage of section {n} is not in its text: copy it from the section as "
        "it stands, or leave the quote empty.",
        "Цитата к разделу {n} не найдена в его тексте: скопируйте её из раздела без изменений "
        "или оставьте поле цитаты пустым.",
    ),
    "cp_quote_alone": (
        "Section {n}: write a comment (or propose text) on the passage you quoted.",
        "Раздел {n}: напишите замечание (или предложите текст) к выбранной цитате.",
    ),
    # deadlines: the countdown and the reader's own time (web/static/time.js)
    "cp_days_left": ("{n} {unit} left", "осталось {n} {unit}"),
    "cp_closes_in": ("closes in {n} {unit}", "закрывается через {n} {unit}"),
    "cp_passed": ("the deadline has passed", "срок истёк"),
    "cp_your_time": ("your time", "по вашему времени"),
    # a reviewer's proposal as changes
    "cp_proposal": ("Proposed changes", "Предлагаемые изменения"),
    "cp_proposal_same": (
        "The proposed text is the section's text unchanged.",
        "Предлагаемый текст совпадает с текстом раздела.",
    ),
    "cp_proposed_help": (
        "The box starts with the section's text: change it where you propose a change. "
        "Left unchanged, it is no proposal.",
        "В поле уже стоит текст раздела: измените его там, где предлагаете поправку. "
        "Без изменений он не считается предложением.",
    ),
}
