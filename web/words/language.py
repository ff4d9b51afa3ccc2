"""The words of validation errors, timeline lines, statuses, file kinds, the error pages."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "lg_not_valid": ("the request is not valid", "запрос неверен"),
    # the error pages (error.html)
    "lg_error_start": ("Back to your start page", "На стартовую страницу"),
    "lg_error_sign_in": ("Sign in", "Войти"),
    # the timeline (web/timeline.py, _draft_timeline.html)
    "lg_secretariat": ("Secretariat", "Секретариат"),
    "lg_events": ("{n} events", "Событий: {n}"),
    "lg_events_found": ("{n} of {all} events", "Событий: {n} из {all}"),
    "lg_search": ("Search the timeline", "Поиск по хронологии"),
    "lg_search_button": ("Search", "Найти"),
    "lg_no_events": ("No event matches.", "Нет подходящих событий."),
    "lg_page": ("Page {page} of {pages}", "Страница {page} из {pages}"),
    "lg_newer": ("Newer", "Новее"),
    "lg_older": ("Older", "Раньше"),
    "lg_by": ("by {who}", "— {who}"),
    "lg_ev_draft_started": ("Draft started: {type}", "Проект начат: {type}"),
    "lg_ev_round_opened": (
        "Comment round {round} opened on version {version}",
        "Открыт раунд замечаний {round} по версии {version}",
    ),
    "lg_ev_invited": (", {n} invited", ", приглашено: {n}"),
    "lg_ev_deadline": (", deadline {d}", ", срок — {d}"),
    "lg_ev_round_closed": (
        "Round {round} closed ({outcome}): {answered} of {invited} answered",
        "Раунд {round} закрыт ({outcome}): ответили {answered} из {invited}",
    ),
    "lg_ev_reservations": (
        "; reservations or objections: {names}",
        "; оговорки или возражения: {names}",
    ),
    "lg_ev_round_closing": ("Round {round} closed early", "Раунд {round} закрыт досрочно"),
    "lg_ev_answer": (
        "Answered: {position}, {n} comment(s)",
        "Ответ: {position}, замечаний: {n}",
    ),
    "lg_ev_answer_changed": (
        "Answer changed: {position}, {n} comment(s)",
        "Ответ изменён: {position}, замечаний: {n}",
    ),
    "lg_ev_reminder": (
        "Round {round}: reminder sent to {n} who have not answered",
        "Раунд {round}: напоминание отправлено не ответившим ({n})",
    ),
    "lg_ev_extended": (
        "Round {round}: deadline moved to {d}",
        "Раунд {round}: срок перенесён на {d}",
    ),
    "lg_ev_resolved": (
        "{done} comment(s) resolved; {open} still open",
        "Рассмотрено замечаний: {done}; не рассмотрено: {open}",
    ),
    "lg_ev_revision": (
        "Version {version} submitted: {n} section(s)",
        "Представлена версия {version}: разделов — {n}",
    ),
    "lg_ev_endorsement": (
        "Endorsement of version {version} requested: {route}",
        "Запрошено одобрение версии {version}: {route}",
    ),
    "lg_ev_until": (" until {d}", " до {d}"),
    "lg_ev_decision": (
        "Decision on version {version}: {decision}",
        "Решение по версии {version}: {decision}",
    ),
    "lg_ev_silence_opened": (
        "Written procedure on version {version} opened: silence deemed kept at {d}",
        "Открыта письменная процедура по версии {version}: согласие молчанием — {d}",
    ),
    "lg_ev_silence_extended": (
        "Written procedure: deadline moved to {d}",
        "Письменная процедура: срок перенесён на {d}",
    ),
    "lg_ev_silence_closed": (
        "Written procedure closed: {outcome}",
        "Письменная процедура закрыта: {outcome}",
    ),
    "lg_ev_silence_broken": ("Silence broken: {reason}", "Молчание нарушено: {reason}"),
    "lg_silence_kept": ("silence kept", "молчание соблюдено"),
    "lg_silence_broken": ("silence broken", "молчание нарушено"),
    "lg_silence_cancelled": ("cancelled", "отменена"),
    "lg_ev_withdrawn": ("Draft withdrawn: {reason}", "Проект отозван: {reason}"),
}
