"""Bar charts drawn once with matplotlib (Agg, no display): SVG for the pages (text kept as text,
a <title> and <desc>, role="img", scales to its box) and PNG for Word files.

The library knows nothing of the web or of Temporal: it takes a `Chart` (categories, series,
words already in the reader's language) and gives bytes or markup.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot is ever imported anywhere: no display needed

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Colour-blind safe (Okabe-Ito), in the order series take them.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
WIDTH_IN = 5.0  # at 100% width on a 390 px phone, 12-point text stays about 12 px high
ROW_IN = 0.36
MAX_LABEL = 26
_DRAWING = threading.Lock()  # rc_context changes matplotlib's global settings: one at a time
STYLE: Any = {
    "svg.fonttype": "none",  # text stays text: searchable, read by screen readers, crisp
    "svg.hashsalt": "ppflow",  # the same chart gives the same SVG
    "font.family": "DejaVu Sans",  # Latin and Cyrillic; ships with matplotlib
    "font.size": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
}


@dataclass
class Series:
    name: str
    values: list[float]
    color: str | None = None


@dataclass
class Chart:
    """One bar chart: a bar (or a stack of bars, one per series) per category."""

    key: str  # an id, unique on the page: the <title> and <desc> ids derive from it
    title: str
    description: str  # the text alternative: what the chart shows, in words
    categories: list[str]
    series: list[Series]
    horizontal: bool = True
    axis: str = ""  # what the values measure ("%", "days", "comments")
    percent: bool = False  # values 0-100, axis to 100
    bar_labels: list[str] | None = None  # printed at the end of each bar
    reference: tuple[float, str] | None = None  # a line across the bars (e.g. the median)
    empty: str = "No data"
    colors: dict[str, str] = field(default_factory=dict)  # series name -> colour

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(any(s.values) for s in self.series)


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def draw(chart: Chart) -> Figure:
    """The chart as a matplotlib figure (not shown anywhere)."""
    rows = max(1, len(chart.categories))
    legend = len(chart.series) > 1
    if chart.horizontal:
        height = 1.0 + ROW_IN * rows + (0.5 if legend else 0) + (0.3 if chart.axis else 0)
    else:
        height = 3.6 + (0.5 if legend else 0)
    fig = Figure(figsize=(WIDTH_IN, max(2.0, height)), layout="constrained")
    ax = fig.add_subplot()
    if chart.is_empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, chart.empty, ha="center", va="center", color="#555555")
        return fig
    positions = list(range(len(chart.categories)))
    bottoms = [0.0] * len(positions)
    bars = None
    for i, series in enumerate(chart.series):
        color = chart.colors.get(series.name) or series.color or PALETTE[i % len(PALETTE)]
        if chart.horizontal:
            bars = ax.barh(positions, series.values, left=bottoms, color=color, label=series.name,
                           height=0.7)  # fmt: skip
        else:
            bars = ax.bar(positions, series.values, bottom=bottoms, color=color, label=series.name,
                          width=0.7)  # fmt: skip
        bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
    labels = [_short(c) for c in chart.categories]
    if chart.horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # the first category on top, as in the table under the chart
        ax.grid(axis="y", visible=False)
        if chart.axis:
            ax.set_xlabel(chart.axis)
    else:
        every = -(-len(positions) // 12)  # at most 12 labels under the bars: every n-th
        shown = [label if i % every == 0 else "" for i, label in enumerate(labels)]
        ax.set_xticks(positions, shown, rotation=45 if len(positions) > 6 else 0,
                      ha="right" if len(positions) > 6 else "center")  # fmt: skip
        ax.grid(axis="x", visible=False)
        if chart.axis:
            ax.set_ylabel(chart.axis)
    if chart.percent:  # room on the right for "93% (28/30)"; ticks up to 100 only
        (ax.set_xlim if chart.horizontal else ax.set_ylim)(0, 160 if chart.bar_labels else 100)
        (ax.set_xticks if chart.horizontal else ax.set_yticks)([0, 25, 50, 75, 100])
    value_axis = ax.xaxis if chart.horizontal else ax.yaxis
    if not chart.percent:
        value_axis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    if chart.bar_labels and bars is not None:
        ax.bar_label(bars, labels=chart.bar_labels, padding=3, fontsize=11, color="#222222")
        if not chart.percent:
            ax.margins(x=0.22) if chart.horizontal else ax.margins(y=0.15)
    handles = ax.get_legend_handles_labels()[0] if legend else []
    if chart.reference is not None:
        value, text = chart.reference
        line = ax.axvline if chart.horizontal else ax.axhline
        handles.append(line(value, color="#222222", linestyle="--", linewidth=1.2, label=text))
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
                   fontsize=10)  # fmt: skip
    return fig


_DRAWN: OrderedDict[str, bytes | str] = OrderedDict()  # the same chart is drawn once
CACHED = 64


def _cached(key: str, make: Callable[[], bytes | str]) -> bytes | str:
    """A chart drawn before (the same words and figures) comes from memory: a page viewed again
    while nothing changed costs no drawing."""
    with _DRAWING:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
        with rc_context(STYLE):
            made = make()
        _DRAWN[key] = made
        while len(_DRAWN) > CACHED:
            _DRAWN.popitem(last=False)
        return made


def png(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as a PNG (for a Word file)."""

    def make() -> bytes:
        out = io.BytesIO()
        draw(chart).savefig(out, format="png", dpi=dpi, facecolor="white")
        return out.getvalue()

    made = _cached(f"png {dpi} {chart!r}", make)
    assert isinstance(made, bytes)
    return made


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def svg(chart: Chart) -> str:
    """The chart as inline SVG markup: no XML prolog, width 100% of its box (the viewBox keeps
    the proportions), role="img" labelled by its <title> and described by its <desc>."""

    def make() -> str:
        out = io.StringIO()
        draw(chart).savefig(out, format="svg", metadata={"Date": None, "Creator": None},
                            facecolor="white")  # fmt: skip
        return out.getvalue()

    text = _cached(f"svg {chart!r}", make)
    assert isinstance(text, str)
    text = text[text.index("<svg") :]
    opening = _SVG_OPEN.search(text)
    assert opening is not None
    tag = opening.group(0)
    view_box = re.search(r'viewBox="([^"]+)"', tag)
    key = re.sub(r"[^A-Za-z0-9_-]", "-", chart.key)
    new_tag = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="{view_box.group(1) if view_box else "0 0 400 300"}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" class="chart">'
        f'<title id="{key}-title">{escape(chart.title)}</title>'
        f'<desc id="{key}-desc">{escape(chart.description)}</desc>'
    )
    body = text[opening.end() :]
    # ids unique on a page that shows several charts
    body = re.sub(r'\bid="', f'id="{key}-', body)
    body = re.sub(r"url\(#", f"url(#{key}-", body)
    body = re.sub(r'href="#', f'href="#{key}-', body)
    text = text[: opening.start()] + new_tag + body
    # matplotlib's own <metadata> (RDF) says nothing to a reader: left out
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
