"""The words of long lists: counts, search, pages; confirmations of irreversible actions."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # confirmations
    "ls_cannot_undo": ("This cannot be undone.", "Это действие нельзя отменить."),
    "ls_cancel": ("Cancel, change nothing", "Отмена, ничего не менять"),
    "ls_mail_to": (
        "A notice goes by mail to {n} contact(s): {who}.",
        "Уведомление уходит по почте контактам ({n}): {who}.",
    ),
    "ls_and_more": (" and {n} more", " и ещё {n}"),
    "ls_plan_withdraw_reason": (
        "Reason (kept in the plan's history)",
        "Причина (сохраняется в истории плана)",
    ),
    "ls_no_mail": ("No mail is sent.", "Письма не отправляются."),
    "ls_no_contact": (
        "No address in the registry, so no mail for: {who}.",
        "Нет адреса в реестре, письма не будет: {who}.",
    ),
    "ls_close_title": ("Close round {n} now?", "Закрыть раунд {n} сейчас?"),
    "ls_close_missing": (
        "Round {n} closes now. {count} participant(s) who have not answered ({who}) can no longer"
        " answer; their links stop working.",
        "Раунд {n} закрывается сейчас. Участники, ещё не ответившие ({count}: {who}), больше не"
        " смогут ответить; их ссылки перестанут работать.",
    ),
    "ls_close_all": (
        "Round {n} closes now. Everyone invited has answered.",
        "Раунд {n} закрывается сейчас. Ответили все приглашённые.",
    ),
    "ls_close_after": (
        "The answers go to the compilation and the draft moves on to revision.",
        "Ответы войдут в сводку, проект переходит к доработке.",
    ),
    "ls_close_button": ("Yes, close the round now", "Да, закрыть раунд сейчас"),
    "ls_reissue_title": ("Send {who} a new link?", "Отправить новую ссылку: {who}?"),
    "ls_reissue_old": (
        "The link {who} has now stops working at once; a saved answer stays.",
        "Прежняя ссылка ({who}) сразу перестаёт работать; сохранённый ответ остаётся.",
    ),
    "ls_reissue_mail": (
        "The new link goes by mail to {email}.",
        "Новая ссылка уходит по почте на {email}.",
    ),
    "ls_reissue_button": ("Yes, send a new link", "Да, отправить новую ссылку"),
    "ls_withdraw": ("Withdraw this draft", "Отозвать проект"),
    "ls_withdraw_help": (
        "Withdrawing ends the draft for good: you will be asked to confirm.",
        "Отзыв завершает работу над проектом окончательно; потребуется подтверждение.",
    ),
    "ls_withdraw_reason": ("Reason (sent to the participants)", "Причина (её получат участники)"),
    "ls_withdraw_title": ("Withdraw «{title}»?", "Отозвать «{title}»?"),
    "ls_withdraw_ends": (
        "The draft is withdrawn for good: no more rounds, revisions or endorsement.",
        "Проект отзывается окончательно: больше никаких раундов, редакций и одобрения.",
    ),
    "ls_withdraw_round": (
        "The open round {n} is cancelled: {count} participant(s) can no longer answer.",
        "Открытый раунд {n} отменяется: участники ({count}) больше не смогут ответить.",
    ),
    "ls_withdraw_reason_line": ("The reason given: {reason}", "Указанная причина: {reason}"),
    "ls_withdraw_button": ("Yes, withdraw the draft", "Да, отозвать проект"),
    "ls_decide_title": ("Record «{decision}» on «{title}»?", "Записать «{decision}» по «{title}»?"),
    "ls_decide_final": (
        "A recorded decision cannot be changed or recorded again.",
        "Записанное решение нельзя изменить или записать повторно.",
    ),
    "ls_decide_told": (
        "The draft takes the decision at once (its phase changes) and its participants are told"
        " by mail.",
        "Решение сразу передаётся проекту (меняется его этап), участники проекта получают"
        " уведомление по почте.",
    ),
    "ls_decide_button": ("Yes, record the decision", "Да, записать решение"),
    "ls_meeting_close_title": ("Close the meeting «{title}»?", "Закрыть совещание «{title}»?"),
    "ls_meeting_undecided": (
        "{count} item(s) without a decision are deferred: {which}.",
        "Пункты без решения ({count}) откладываются: {which}.",
    ),
    "ls_meeting_all_decided": (
        "Every item on the agenda has a decision.",
        "По всем пунктам повестки есть решения.",
    ),
    "ls_meeting_conclusions": (
        "The conclusions are issued; no more decisions or attendance can be recorded.",
        "Выпускаются выводы; решения и присутствие больше не записываются.",
    ),
    "ls_meeting_close_button": ("Yes, close the meeting", "Да, закрыть совещание"),
    "ls_plan_withdraw": ("Withdraw this Action Plan", "Отозвать план действий"),
    "ls_plan_withdraw_title": ("Withdraw the Action Plan «{title}»?", "Отозвать план «{title}»?"),
    "ls_plan_withdraw_ends": (
        "The Action Plan is withdrawn for good: it cannot be compiled or endorsed any more.",
        "План действий отзывается окончательно: его больше нельзя собрать или одобрить.",
    ),
    "ls_plan_withdraw_parts": (
        "Its ready parts are released to go on as drafts of their own: {which}.",
        "Готовые части продолжают работу как отдельные проекты: {which}.",
    ),
    "ls_plan_withdraw_agenda": (
        "It leaves the agenda of «{meeting}».",
        "План снимается с повестки «{meeting}».",
    ),
    "ls_plan_withdraw_button": ("Yes, withdraw the Action Plan", "Да, отозвать план действий"),
    "ls_break_title": ("Break the silence?", "Нарушить молчание?"),
    "ls_break_ends": (
        "The text is not endorsed by silence: the procedure ends now and the draft goes back to"
        " its drafting state.",
        "Текст не будет одобрен по процедуре молчания: процедура завершается сейчас, проект"
        " возвращается к ведущему государству.",
    ),
    "ls_break_told": (
        "The participants are told by mail that the silence was broken, with your reason.",
        "Участники получат уведомление по почте о нарушении молчания с вашим обоснованием.",
    ),
    "ls_break_button": ("Yes, break the silence", "Да, нарушить молчание"),
    "ls_withdrawn": ("Withdrawn.", "Отозван."),
    # long lists
    "ls_outbox_count": (
        "{total} mail(s): {sent} sent, {pending} queued, {failed} failed",
        "Писем: {total} (отправлено: {sent}, в очереди: {pending}, с ошибкой: {failed})",
    ),
    "ls_registry_count": ("{total} participant(s)", "Участников: {total}"),
    "ls_found": ("{n} found", "найдено: {n}"),
    "ls_search_outbox": (
        "Search recipient, subject or participant",
        "Поиск по адресату, теме или участнику",
    ),
    "ls_search_registry": (
        "Search participant, contact name or address",
        "Поиск по участнику, имени или адресу контакта",
    ),
    "ls_status_all": ("every status", "любой статус"),
    "ls_queued": ("queued", "в очереди"),
    "ls_search_button": ("Search", "Найти"),
    "ls_clear": ("Show all", "Показать все"),
    "ls_page_of": ("page {p} of {n}", "страница {p} из {n}"),
    "ls_pages": ("Pages", "Страницы"),
    "ls_bad_page": (
        "There is no such page: here is the first.",
        "Такой страницы нет: показана первая.",
    ),
    "ls_bad_field": (
        "A filter could not be read ({fields}) and was left out.",
        "Фильтр не удалось прочитать ({fields}); он не применён.",
    ),
    "ls_nothing_found": ("Nothing matches.", "Ничего не найдено."),
}
