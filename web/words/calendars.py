"""The words of: Calendars: a meeting's .ics, personal calendar feeds (secret, revocable URLs)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_calendar": ("My calendar", "Мой календарь"),
    "cal_title": ("My calendar", "Мой календарь"),
    "cal_intro": (
        "Your personal calendar feed: the meetings and every deadline that concerns you (comment "
        "rounds, written procedures, mission findings), kept current as deadlines move. Subscribe "
        "to it once in your calendar program; it fetches the changes by itself.",
        "Ваш личный календарь: встречи и все сроки, которые вас касаются (раунды комментариев, "
        "письменные процедуры, выводы миссий), с учётом перенесённых сроков. Подпишитесь на него "
        "один раз в своей программе календаря — изменения она загрузит сама.",
    ),
    "cal_scope_all": (
        "Your account sees everything: every meeting, round, procedure and mission.",
        "Ваша учётная запись видит всё: все встречи, раунды, процедуры и миссии.",
    ),
    "cal_scope_state": (
        "Your feed holds the deadlines of {who}'s own drafts, the rounds and procedures {who} is "
        "invited to, its missions and its meetings.",
        "В календаре — сроки собственных проектов ({who}), раунды и процедуры, на которые "
        "приглашён участник, его миссии и встречи.",
    ),
    "cal_on": ("The feed is on (issued {at} UTC).", "Календарь включён (выдан {at} UTC)."),
    "cal_last_read": ("Last fetched: {at} UTC.", "Последнее обращение: {at} UTC."),
    "cal_off": (
        "The feed is off: no URL works.",
        "Календарь выключен: ни одна ссылка не работает.",
    ),
    "cal_new_url": (
        "Your new feed URL. Copy it now: it is shown only once (only a fingerprint of it is "
        "kept). Anyone with the URL sees your calendar.",
        "Новая ссылка на ваш календарь. Скопируйте её сейчас: она показывается только один раз "
        "(хранится лишь её отпечаток). Любой, у кого есть ссылка, видит ваш календарь.",
    ),
    "cal_shown_once": (
        "The URL was shown when it was issued. Lost it? Issue a new one: the old one stops "
        "working, and calendars subscribed to it must subscribe again.",
        "Ссылка показывалась при выдаче. Потеряли её? Выдайте новую: старая перестанет "
        "работать, и календари, подписанные на неё, нужно будет подписать заново.",
    ),
    "cal_subscribe": ("Subscribe (webcal)", "Подписаться (webcal)"),
    "cal_https": ("Address (https)", "Адрес (https)"),
    "cal_webcal": ("Address (webcal)", "Адрес (webcal)"),
    "cal_issue": ("Issue a new URL", "Выдать новую ссылку"),
    "cal_issue_first": ("Turn the feed on", "Включить календарь"),
    "cal_stop": ("Stop the feed", "Выключить календарь"),
    "cal_issued": (
        "A new feed URL was issued; the earlier one no longer works.",
        "Выдана новая ссылка; прежняя больше не работает.",
    ),
    "cal_stopped": ("The feed is stopped: its URL no longer works.", "Календарь выключен."),
    "cal_howto": ("How to subscribe", "Как подписаться"),
    "cal_howto_outlook": (
        "Outlook: Calendar → Add calendar → Subscribe from web; paste the https address.",
        "Outlook: Календарь → Добавить календарь → Подписаться из интернета; вставьте адрес https.",
    ),
    "cal_howto_google": (
        "Google Calendar: Other calendars → + → From URL; paste the https address (Google "
        "fetches it every few hours).",
        "Google Календарь: Другие календари → + → Добавить по URL; вставьте адрес https (Google "
        "обновляет его раз в несколько часов).",
    ),
    "cal_howto_apple": (
        "Apple Calendar (Mac, iPhone): open the webcal link above, or File → New Calendar "
        "Subscription and paste the address.",
        "Календарь Apple (Mac, iPhone): откройте ссылку webcal выше или Файл → Новая подписка "
        "на календарь и вставьте адрес.",
    ),
    "cal_meetings_hint": (
        "One meeting as a file: the meeting's page has a link “Add to calendar (.ics)”.",
        "Одна встреча файлом: на странице встречи есть ссылка «Добавить в календарь (.ics)».",
    ),
    "cal_contacts": ("Contacts' calendar feeds", "Календари контактов"),
    "cal_contacts_help": (
        "Issue a feed URL for a contact (a person of a participant, who has no account) and hand "
        "it on; issuing again revokes the earlier URL. The feed is in the contact's language.",
        "Выдайте ссылку на календарь контакту (представителю участника без учётной записи) и "
        "передайте её; новая выдача отменяет прежнюю ссылку. Календарь — на языке контакта.",
    ),
    "cal_contact": ("Contact", "Контакт"),
    "cal_contact_new_url": (
        "The new feed URL of {who}. Copy it now and hand it on: it is shown only once.",
        "Новая ссылка на календарь ({who}). Скопируйте её сейчас и передайте: она показывается "
        "только один раз.",
    ),
    "cal_active_feeds": ("Contacts whose feed is on", "Контакты с включённым календарём"),
    "cal_issued_at": ("Issued", "Выдан"),
    "cal_read_at": ("Last fetched", "Последнее обращение"),
    "cal_never": ("never", "ни разу"),
    "cal_pick_contact": ("choose a contact", "выберите контакт"),
    "cal_unknown_action": ("unknown action", "неизвестное действие"),
    "cal_no_account": (
        "This sign-in has no account of its own to hold a feed.",
        "У этого входа нет своей учётной записи для календаря.",
    ),
    "cal_download": ("Add to calendar (.ics)", "Добавить в календарь (.ics)"),
}
