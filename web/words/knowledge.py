"""The words of the restricted knowledge base: registrations, readers, access log."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_readers": ("Readers", "Читатели"),
    # the public registration form
    "kb_register_title": ("Register for the knowledge base", "Регистрация в базе знаний"),
    "kb_register_help": (
        "The knowledge base holds the Prague Process's endorsed migration profiles and the "
        "findings of its expert missions. It is open to registered readers: tell us who you "
        "are and why you need it. We first mail you a link to confirm your address; the "
        "Secretariat then decides, and mails you a personal access link.",
        "База знаний содержит одобренные миграционные профили Пражского процесса и выводы "
        "экспертных миссий. Доступ открыт зарегистрированным читателям: расскажите, кто вы и "
        "зачем вам база знаний. Сначала мы пришлём ссылку для подтверждения адреса; затем "
        "Секретариат примет решение и пришлёт персональную ссылку для доступа.",
    ),
    "kb_name": ("Your name", "Ваше имя"),
    "kb_email": ("E-mail address", "Адрес электронной почты"),
    "kb_organisation": ("Organisation", "Организация"),
    "kb_country": ("Country", "Страна"),
    "kb_reason": ("Why you need the knowledge base", "Зачем вам нужна база знаний"),
    "kb_language": ("Language of the mails", "Язык писем"),
    "kb_send": ("Register", "Зарегистрироваться"),
    "kb_sent_title": ("Check your mail", "Проверьте почту"),
    "kb_sent_text": (
        "We sent a mail to the address you gave. Open the link in it to confirm that the "
        "address is yours (within two days); the Secretariat decides after that.",
        "Мы отправили письмо на указанный адрес. Откройте ссылку в нём, чтобы подтвердить, что "
        "адрес принадлежит вам (в течение двух дней); после этого решение примет Секретариат.",
    ),
    # confirming the address
    "kb_confirm_title": ("Confirm your address", "Подтвердите адрес"),
    "kb_confirm_text": (
        "Registration of {name} ({organisation}) for the knowledge base. Press the button to "
        "confirm that this e-mail address is yours.",
        "Регистрация: {name} ({organisation}). Нажмите кнопку, чтобы подтвердить, что этот "
        "адрес электронной почты принадлежит вам.",
    ),
    "kb_confirm_button": ("Confirm", "Подтвердить"),
    "kb_confirmed": (
        "Thank you: your address is confirmed. The Secretariat will decide and tell you by mail.",
        "Спасибо: адрес подтверждён. Секретариат примет решение и сообщит вам по почте.",
    ),
    "kb_already": ("This registration is {status}.", "Статус регистрации: {status}."),
    # the reader's page
    "kb_title": ("Knowledge base", "База знаний"),
    "kb_reader_help": (
        "Endorsed Extended Migration Profiles by country, with their final texts and the "
        "reports of the expert missions that fed them. This page and your downloads are "
        "recorded; your link is personal.",
        "Одобренные расширенные миграционные профили по странам, с окончательными текстами и "
        "отчётами экспертных миссий. Просмотры и загрузки регистрируются; ссылка персональная.",
    ),
    "kb_reader_for": ("Reader: {name}", "Читатель: {name}"),
    "kb_edition": ("Edition {n}", "Издание {n}"),
    "kb_endorsed_on": ("endorsed {day}", "одобрен {day}"),
    "kb_no_files": (
        "No files in ppflow for this edition (endorsed before ppflow).",
        "Файлов этого издания в ppflow нет (одобрено до ppflow).",
    ),
    "kb_no_profiles": ("No endorsed profile yet.", "Одобренных профилей пока нет."),
    "kb_file_final_text": ("Final text", "Окончательный текст"),
    "kb_file_mission_report": ("Mission report", "Отчёт миссии"),
    "kb_files": ("Documents", "Документы"),
    # the Secretariat's page
    "kb_regs_title": ("Knowledge base readers", "Читатели базы знаний"),
    "kb_regs_help": (
        "Registrations for the restricted knowledge base. Approve or refuse each confirmed "
        "registration once (a refusal needs a reason, which the registrant reads); revoking "
        "a reader stops the link at once. The public form:",
        "Регистрации в базе знаний с ограниченным доступом. По каждой подтверждённой "
        "регистрации решение принимается один раз (при отказе нужна причина: её прочтёт "
        "заявитель); отзыв доступа сразу отключает ссылку. Открытая форма:",
    ),
    "kb_status_awaiting_confirmation": ("Awaiting confirmation", "Ждёт подтверждения адреса"),
    "kb_status_pending": ("To decide", "Ждёт решения"),
    "kb_status_approved": ("Approved", "Одобрена"),
    "kb_status_refused": ("Refused", "Отклонена"),
    "kb_status_expired": ("Expired", "Истекла"),
    "kb_status_revoked": ("Revoked", "Доступ отозван"),
    "kb_who": ("Who", "Кто"),
    "kb_reason_col": ("Reason given", "Указанная причина"),
    "kb_registered": ("Registered", "Зарегистрирован(а)"),
    "kb_decide_by": ("decide by {day}", "решить до {day}"),
    "kb_decided": ("{day} by {by}", "{day}, {by}"),
    "kb_action": ("Action", "Действие"),
    "kb_approve": ("Approve", "Одобрить"),
    "kb_refuse": ("Refuse", "Отклонить"),
    "kb_refuse_reason": ("Reason for refusing", "Причина отказа"),
    "kb_revoke": ("Revoke access", "Отозвать доступ"),
    "kb_none": ("None.", "Нет."),
    "kb_log_title": ("Access log", "Журнал доступа"),
    "kb_log_help": (
        "Every page view and download by a reader, the newest first (500 at most).",
        "Каждый просмотр и каждая загрузка читателем, новые сверху (не более 500).",
    ),
    "kb_when": ("When", "Когда"),
    "kb_what": ("What", "Что"),
    "kb_view": ("page viewed", "просмотр страницы"),
    "kb_download": ("download", "загрузка"),
    "kb_msg_approved": (
        "{name} approved: the access link is on its way.",
        "{name}: регистрация одобрена, ссылка отправляется.",
    ),
    "kb_msg_refused": ("{name} refused: the reason is on its way.", "{name}: отказ отправлен."),
    "kb_msg_revoked": ("{name}: access revoked.", "{name}: доступ отозван."),
    "kb_no_access": (
        "This access link does not work: it was revoked, or it is not a link of ppflow. Ask the "
        "Secretariat, or register again.",
        "Эта ссылка не действует: доступ отозван или ссылка выдана не ppflow. Обратитесь в "
        "Секретариат или зарегистрируйтесь снова.",
    ),
}
