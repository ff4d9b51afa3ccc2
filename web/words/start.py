"""The words of what needs me: each role's start page, its pictures."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "st_nav": ("What needs me", "Что ждёт меня"),
    "st_title": ("What needs me", "Что ждёт меня"),
    "st_intro_drafting": (
        "What waits for {state}: each line leads to where it is done.",
        "Что ждёт вас ({state}): каждая строка ведёт туда, где это делается.",
    ),
    "st_intro_secretariat": (
        "What waits for the Secretariat this week: each line leads to where it is done.",
        "Что ждёт Секретариат на этой неделе: каждая строка ведёт туда, где это делается.",
    ),
    "st_intro_observer": (
        "What changed lately on the drafts, and the texts endorsed.",
        "Что изменилось в проектах за последнее время и какие тексты одобрены.",
    ),
    # a drafting state
    "st_waiting": ("Comments waiting for your disposition", "Замечания ждут вашего решения"),
    "st_waiting_n": ("{n} comment(s) without a disposition", "замечаний без решения: {n}"),
    "st_resolve": ("Resolve them", "Принять решения"),
    "st_my_rounds": ("Your open rounds", "Ваши открытые раунды"),
    "st_closes": ("closes {day}", "закрывается {day}"),
    "st_days_left": ("{n} day(s) left", "осталось дней: {n}"),
    "st_overdue": ("deadline passed", "срок истёк"),
    "st_ready": ("Ready to send for endorsement", "Готово к направлению на одобрение"),
    "st_ready_help": (
        "Every comment of the closed rounds has a disposition and no round is open.",
        "По всем замечаниям закрытых раундов приняты решения, открытых раундов нет.",
    ),
    "st_request": ("Request endorsement", "Запросить одобрение"),
    "st_finished": ("Withdrawn or decided lately", "Отозвано или решено за последнее время"),
    "st_nothing_drafting": (
        "Nothing waits for you.",
        "Ничего не ждёт вас.",
    ),
    "st_first_draft": ("Start a draft", "Начать проект"),
    "st_first_draft_help": (
        "then open a comment round on its page: the answers and comments will show here.",
        "затем откройте раунд замечаний на его странице: ответы и замечания появятся здесь.",
    ),
    "st_all_drafts": ("All your drafts", "Все ваши проекты"),
    # the Secretariat
    "st_closing": ("Rounds closing this week", "Раунды, закрывающиеся на этой неделе"),
    "st_not_answered": ("Not answered:", "Не ответили:"),
    "st_everyone_answered": ("everyone has answered", "ответили все"),
    "st_no_round": (
        "No round closes this week.",
        "На этой неделе не закрывается ни один раунд.",
    ),
    "st_decisions": ("Drafts waiting for a decision", "Проекты ждут решения"),
    "st_at_meeting": ("on the agenda of the meeting of {day}:", "в повестке совещания {day}:"),
    "st_by_procedure": (
        "written procedure until {day}",
        "письменная процедура до {day}",
    ),
    "st_no_meeting": (
        "not yet on a meeting's agenda",
        "ещё не в повестке совещания",
    ),
    "st_put_on_agenda": ("Put it on an agenda", "Включить в повестку"),
    "st_failed": ("Failed mail", "Неотправленные письма"),
    "st_failed_n": (
        "{n} mail(s) could not be sent in the last 30 days and no other contact got them.",
        "Писем, не отправленных за 30 дней и не дошедших до другого контакта: {n}.",
    ),
    "st_see_failed": ("See the failed mail in the outbox", "Неотправленные письма в исходящих"),
    "st_agenda_soon": ("Meetings whose agenda goes out soon", "Совещания: скоро рассылка повестки"),
    "st_agenda_due": (
        "meets {day}; the agenda goes out around {due} (a week before, unless set otherwise)",
        "совещание {day}; повестка рассылается около {due} (за неделю, если не задано иначе)",
    ),
    "st_items": ("{n} draft(s) on the agenda", "проектов в повестке: {n}"),
    "st_no_items": (
        "no draft on the agenda yet: the agenda waits for its first item",
        "в повестке ещё нет проектов: рассылка ждёт первого пункта",
    ),
    "st_nothing_secretariat": (
        "No round closes this week, no draft waits for a decision, no mail failed and no "
        "agenda is due.",
        "На этой неделе не закрывается ни один раунд, ни один проект не ждёт решения, "
        "неотправленных писем нет и рассылка повесток не предстоит.",
    ),
    "st_plan_meeting": ("Plan a meeting", "Запланировать совещание"),
    "st_see_dashboard": ("See every draft on the dashboard", "Все проекты на панели"),
    # an observer
    "st_changes": ("What changed", "Что изменилось"),
    "st_endorsed": ("Endorsed lately", "Одобрено за последнее время"),
    "st_nothing_observer": (
        "Nothing has changed yet.",
        "Пока ничего не изменилось.",
    ),
    "st_see_board": ("See the status board", "Открыть доску статусов"),
    # the pictures
    "st_positions": ("Positions", "Позиции"),
    "st_positions_of": ("Positions of round {n}", "Позиции раунда {n}"),
    # the dashboard's empty state
    "st_no_drafts_start": ("Start a draft", "Начать проект"),
    "st_no_drafts_clear": ("Clear the filters", "Сбросить фильтры"),
}
