"""The participation analytics as charts with their tables (`views`: the page shows them, the
annex prints them) and as an annex .docx in English or Russian (tables + the charts as PNG)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from docx.shared import Cm

from models.analytics import PIPELINE, Analytics, GroupRate, Rate
from models.domain import Language, Position
from models.labels import label
from word.charts import Chart, Series, png
from word.labels import Labels
from word.model import Block, Column, GroupRow, Heading, Para, Run, Table, WordDocument
from word.render import to_docx

MAX_BARS = 40  # bars in one chart (the table under it lists every row)
POSITION_COLOURS = {
    Position.NO_OBJECTION: "#009E73",
    Position.COMMENTS: "#0072B2",
    Position.RESERVATION: "#E69F00",
    Position.OBJECTION: "#D55E00",
}
PHASE_COLOURS = ["#999999", "#56B4E9", "#E69F00", "#CC79A7", "#009E73"]

_PHRASES: dict[str, tuple[str, str]] = {
    "kind": ("Participation analytics", "Аналитика участия"),
    "annex": ("Annex: figures and charts", "Приложение: данные и диаграммы"),
    "period": ("Period", "Период"),
    "all_time": ("all rounds", "все раунды"),
    "from": ("from {day}", "с {day}"),
    "to": ("to {day}", "по {day}"),
    "type": ("Document type", "Вид документа"),
    "area": ("Thematic area", "Тематическая область"),
    "any": ("all", "все"),
    "as_of": ("Figures as of", "Данные на"),
    "summary": (
        "{rounds} comment rounds on {drafts} drafts; {answers} answers to {invitations} "
        "invitations ({rate}).",
        "Раундов замечаний: {rounds} по {drafts} проектам; ответов: {answers} на {invitations} "
        "приглашений ({rate}).",
    ),
    "no_data": ("No figures for these filters.", "Нет данных для этих условий."),
    "rate_participant": ("Answer rate per participant", "Доля ответов по участникам"),
    "rate_group": ("Answer rate per group and body", "Доля ответов по группам и органам"),
    "answer_time": ("Median time to answer", "Медианное время ответа"),
    "positions": ("Positions per round", "Позиции по раундам"),
    "pipeline": ("Drafts per phase over time", "Проекты по этапам во времени"),
    "sections": ("Comments per section", "Замечания по разделам"),
    "endorsement": ("From first round to endorsement", "От первого раунда до одобрения"),
    "participant": ("Participant", "Участник"),
    "group": ("Group or body", "Группа или орган"),
    "g_group": ("regional group", "региональная группа"),
    "g_body": ("body (members today)", "орган (нынешние члены)"),
    "invited": ("Invited", "Приглашений"),
    "answered": ("Answered", "Ответов"),
    "rate": ("Rate", "Доля"),
    "answers": ("Answers", "Ответы"),
    "median_days": ("Median, days", "Медиана, дней"),
    "days": ("days", "дней"),
    "percent": ("% of invitations answered", "% приглашений с ответом"),
    "round": ("Round", "Раунд"),
    "round_n": ("Round {n}", "Раунд {n}"),
    "total": ("Total", "Всего"),
    "step": ("End of", "На конец"),
    "drafts": ("drafts", "проектов"),
    "draft": ("Draft", "Проект"),
    "section": ("Section", "Раздел"),
    "comments": ("Comments", "Замечаний"),
    "comments_axis": ("comments", "замечаний"),
    "general": ("General comments (no section)", "Общие замечания (без раздела)"),
    "first_round": ("First round", "Первый раунд"),
    "endorsed": ("Endorsed", "Одобрен"),
    "median": ("median {value}", "медиана {value}"),
    "d_rate": (
        "Share of the {n} participants' invitations answered, highest first: {top}.",
        "Доля приглашений, на которые ответили {n} участников, по убыванию: {top}.",
    ),
    "d_group": (
        "Share of invitations answered by the members of {n} groups and bodies: {top}.",
        "Доля приглашений с ответом у членов {n} групп и органов: {top}.",
    ),
    "d_time": (
        "Days from a round's opening to each participant's answer, median per participant "
        "(overall median {median}): {top}.",
        "Дней от открытия раунда до ответа, медиана по участнику (общая медиана {median}): {top}.",
    ),
    "d_positions": (
        "Positions stated in answers, by round number: {top}.",
        "Позиции в ответах по номеру раунда: {top}.",
    ),
    "d_pipeline": (
        "Number of drafts in each phase at the end of each period, from {first} to {last}; at "
        "the end: {top}.",
        "Число проектов на каждом этапе на конец каждого периода, с {first} по {last}; на "
        "конец: {top}.",
    ),
    "d_sections": (
        "The {n} sections with the most comments ({general} general comments besides): {top}.",
        "{n} разделов с наибольшим числом замечаний (и ещё {general} общих замечаний): {top}.",
    ),
    "d_endorsement": (
        "Days from the first comment round to endorsement for {n} drafts (median {median}): {top}.",
        "Дней от первого раунда замечаний до одобрения для {n} проектов (медиана {median}): {top}.",
    ),
    "picture": ("[chart]", "[диаграмма]"),
}


def say(language: Language, key: str, **values: object) -> str:
    text = _PHRASES[key][0 if language == Language.EN else 1].format(**values)
    return text.replace("….", "…")


def number(value: float | None, language: Language) -> str:
    """1.5 / 1,5 (one decimal; whole numbers without one); "—" for nothing."""
    if value is None:
        return "—"
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language == Language.RU else text


@dataclass
class View:
    """One figure: its chart and the same figures as a table."""

    key: str
    chart: Chart
    headers: list[str]
    rows: list[list[str]]


def _top(pairs: list[tuple[str, str]], n: int = 5) -> str:
    shown = "; ".join(f"{name} {value}" for name, value in pairs[:n])
    return shown + ("; …" if len(pairs) > n else "")


def _rates(a: Analytics) -> list[View]:
    lang = a.language
    views = []
    items: list[Rate] | list[GroupRate]
    for key, items, first in (
        ("rate_participant", a.by_participant, say(lang, "participant")),
        ("rate_group", a.by_group, say(lang, "group")),
    ):
        pct = [f"{r.percent}%" for r in items]
        names = [
            f"{r.name} ({say(lang, 'g_' + r.kind)})" if isinstance(r, GroupRate) else r.name
            for r in items
        ]
        describe = "d_rate" if key == "rate_participant" else "d_group"
        chart = Chart(
            key=f"an-{key}",
            title=say(lang, key),
            description=say(
                lang, describe, n=len(items), top=_top(list(zip(names, pct, strict=True)))
            ),
            categories=[r.name for r in items[:MAX_BARS]],
            series=[Series(say(lang, "rate"), [100 * r.rate for r in items[:MAX_BARS]])],
            axis=say(lang, "percent"),
            percent=True,
            bar_labels=[f"{r.percent}% ({r.answered}/{r.invited})" for r in items[:MAX_BARS]],
            empty=say(lang, "no_data"),
        )
        heads = [first, say(lang, "invited"), say(lang, "answered"), say(lang, "rate")]
        rows = [
            [n, str(r.invited), str(r.answered), p]
            for n, r, p in zip(names, items, pct, strict=True)
        ]
        views.append(View(key, chart, heads, rows))
    return views


def _answer_time(a: Analytics) -> View:
    lang = a.language
    times = a.answer_times[:MAX_BARS]
    median = number(a.median_answer_days, lang)
    pairs = [(t.name, number(t.median_days, lang)) for t in a.answer_times]
    chart = Chart(
        key="an-answer-time",
        title=say(lang, "answer_time"),
        description=say(lang, "d_time", median=median, top=_top(pairs)),
        categories=[t.name for t in times],
        series=[Series(say(lang, "median_days"), [t.median_days for t in times], "#56B4E9")],
        axis=say(lang, "days"),
        bar_labels=[number(t.median_days, lang) for t in times],
        reference=(a.median_answer_days, say(lang, "median", value=median))
        if a.median_answer_days is not None
        else None,
        empty=say(lang, "no_data"),
    )
    heads = [say(lang, "participant"), say(lang, "answers"), say(lang, "median_days")]
    rows = [[t.name, str(t.answers), number(t.median_days, lang)] for t in a.answer_times]
    return View("answer_time", chart, heads, rows)


def _positions(a: Analytics) -> View:
    lang = a.language
    rounds = [say(lang, "round_n", n=p.number) for p in a.positions]
    chart = Chart(
        key="an-positions",
        title=say(lang, "positions"),
        description=say(
            lang,
            "d_positions",
            top="; ".join(
                f"{r}: " + ", ".join(f"{label(pos, lang)} {n}" for pos, n in p.counts.items())
                for r, p in zip(rounds, a.positions, strict=True)
            )
            or "—",
        ),
        categories=rounds,
        series=[
            Series(label(pos, lang), [p.counts[pos] for p in a.positions], colour)
            for pos, colour in POSITION_COLOURS.items()
        ],
        horizontal=False,
        axis=say(lang, "answers"),
        empty=say(lang, "no_data"),
    )
    heads = [say(lang, "round"), *(label(pos, lang) for pos in Position), say(lang, "total")]
    rows = [
        [r, *(str(p.counts[pos]) for pos in Position), str(p.total)]
        for r, p in zip(rounds, a.positions, strict=True)
    ]
    return View("positions", chart, heads, rows)


def _pipeline(a: Analytics) -> View:
    lang = a.language
    last = a.pipeline[-1] if a.pipeline else None
    chart = Chart(
        key="an-pipeline",
        title=say(lang, "pipeline"),
        description=say(
            lang,
            "d_pipeline",
            first=a.pipeline[0].label if a.pipeline else "—",
            last=last.label if last else "—",
            top=", ".join(f"{label(ph, lang)} {n}" for ph, n in last.counts.items())
            if last
            else "—",
        ),
        categories=[p.label for p in a.pipeline],
        series=[
            Series(label(ph, lang), [p.counts[ph] for p in a.pipeline], colour)
            for ph, colour in zip(PIPELINE, PHASE_COLOURS, strict=True)
        ],
        horizontal=False,
        axis=say(lang, "drafts"),
        empty=say(lang, "no_data"),
    )
    heads = [say(lang, "step"), *(label(ph, lang) for ph in PIPELINE)]
    rows = [[p.label, *(str(p.counts[ph]) for ph in PIPELINE)] for p in a.pipeline]
    return View("pipeline", chart, heads, rows)


def _sections(a: Analytics) -> View:
    lang = a.language
    names = [f"{s.section_title} ({s.draft_title})" for s in a.sections]
    chart = Chart(
        key="an-sections",
        title=say(lang, "sections"),
        description=say(
            lang,
            "d_sections",
            n=len(a.sections),
            general=a.general_comments,
            top=_top([(n, str(s.comments)) for n, s in zip(names, a.sections, strict=True)]) or "—",
        ),
        categories=[f"{s.section_title} · {s.draft_title}" for s in a.sections],
        series=[Series(say(lang, "comments"), [s.comments for s in a.sections], "#0072B2")],
        axis=say(lang, "comments_axis"),
        bar_labels=[str(s.comments) for s in a.sections],
        empty=say(lang, "no_data"),
    )
    heads = [say(lang, "draft"), say(lang, "section"), say(lang, "comments")]
    rows = [[s.draft_title, s.section_title, str(s.comments)] for s in a.sections]
    rows.append(["", say(lang, "general"), str(a.general_comments)])
    return View("sections", chart, heads, rows)


def _endorsement(a: Analytics) -> View:
    lang = a.language
    labels = Labels(lang)
    shown = a.endorsements[:MAX_BARS]
    median = number(a.median_endorsement_days, lang)
    chart = Chart(
        key="an-endorsement",
        title=say(lang, "endorsement"),
        description=say(
            lang,
            "d_endorsement",
            n=a.endorsed_drafts,
            median=median,
            top=_top([(e.title, number(e.days, lang)) for e in a.endorsements]) or "—",
        ),
        categories=[e.title for e in shown],
        series=[Series(say(lang, "days"), [e.days for e in shown], "#009E73")],
        axis=say(lang, "days"),
        bar_labels=[number(e.days, lang) for e in shown],
        reference=(a.median_endorsement_days, say(lang, "median", value=median))
        if a.median_endorsement_days is not None
        else None,
        empty=say(lang, "no_data"),
    )
    heads = [say(lang, "draft"), say(lang, "first_round"), say(lang, "endorsed"),
             say(lang, "days")]  # fmt: skip
    rows = [
        [
            e.title,
            labels.short_day(e.first_round),
            labels.short_day(e.endorsed_at),
            number(e.days, lang),
        ]  # fmt: skip
        for e in a.endorsements
    ]
    return View("endorsement", chart, heads, rows)


def views(a: Analytics) -> list[View]:
    """Every figure of the analytics, in the order the page and the annex show them."""
    return [
        *_rates(a),
        _answer_time(a),
        _positions(a),
        _pipeline(a),
        _sections(a),
        _endorsement(a),
    ]


def summary(a: Analytics) -> str:
    rate = f"{round(100 * a.answer_rate)}%" if a.answer_rate is not None else "—"
    return say(a.language, "summary", rounds=a.rounds, drafts=a.drafts, answers=a.answers,
               invitations=a.invitations, rate=rate)  # fmt: skip


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def period(a: Analytics) -> str:
    lang, f = a.language, a.filters
    labels = Labels(lang)
    parts = []
    if f.date_from:
        parts.append(say(lang, "from", day=labels.day(_midnight(f.date_from))))
    if f.date_to:
        parts.append(say(lang, "to", day=labels.day(_midnight(f.date_to))))
    return " ".join(parts) or say(lang, "all_time")


# ------------------------------------------------------------------ the annex

_MARK = "\u2060chart:"  # a paragraph the pictures take the place of (never printed)


def annex_document(a: Analytics, figures: list[View]) -> WordDocument:
    lang = a.language
    labels = Labels(lang)
    f = a.filters
    facts = [
        (say(lang, "period"), period(a)),
        (say(lang, "type"), label(f.document_type, lang) if f.document_type else say(lang, "any")),
        (say(lang, "area"), label(f.thematic_area, lang) if f.thematic_area else say(lang, "any")),
        (say(lang, "as_of"), labels.day(a.generated_at)),
    ]
    blocks: list[Block] = [
        Para(labels("organisation"), "organisation"),
        Para(say(lang, "kind"), "kind"),
        Para(say(lang, "annex"), "title"),
        *(
            Para(runs=[Run(f"{name}: ", bold=True), Run(value)], style="detail")
            for name, value in facts
        ),
        Para(summary(a), "note"),
    ]
    for view in figures:
        blocks.append(Heading(view.chart.title, 1))
        blocks.append(Para(view.chart.description, "note"))
        blocks.append(Para(f"{_MARK}{view.key}"))
        width = 15.5 / max(1, len(view.headers))
        columns = [Column(h, width * (2.2 if i == 0 else 0.8)) for i, h in enumerate(view.headers)]
        rows: list[list[str] | GroupRow] = list(view.rows) or [
            [say(lang, "no_data"), *[""] * (len(view.headers) - 1)]
        ]
        blocks.append(Table(columns, rows, compact=len(view.headers) > 5))
    kind = say(lang, "kind")
    return WordDocument(
        language=lang,
        header=f"{labels('organisation')} · {kind}",
        page_label=(labels("page"), labels("of")),
        blocks=blocks,
        title=f"{kind}: {say(lang, 'annex')}",
        subject=kind,
        keywords="analytics",
    )


def annex(a: Analytics) -> tuple[bytes, str]:
    """The annex .docx (tables and the charts as pictures, each with its text alternative) and
    its file name."""
    figures = views(a)
    doc = to_docx(annex_document(a, figures))
    by_key = {v.key: v for v in figures}
    paragraphs = doc.paragraphs
    for before, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
        if not paragraph.text.startswith(_MARK):
            continue
        view = by_key[paragraph.text.removeprefix(_MARK)]
        before.paragraph_format.keep_with_next = True  # the title and caption go with the chart
        paragraph.clear()
        paragraph.add_run().add_picture(io.BytesIO(png(view.chart)), width=Cm(13))
        for properties in paragraph._p.xpath(".//wp:docPr"):
            properties.set("descr", view.chart.description)  # the picture's alt text
            properties.set("title", view.chart.title)
    out = io.BytesIO()
    doc.save(out)
    day = a.generated_at.date().isoformat()
    return out.getvalue(), f"participation-analytics-{day}-{a.language.value}.docx"
