"""The demo's participation analytics: after the rounds of the story, the figures the Secretariat
sees (answer rate, median time to answer), the CSV and the annex in Russian, through the API."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any


async def show_analytics(story: Any, document_type: str | None = None) -> None:
    """Print the answer rate and the median time to answer of every round so far (of one document
    type if given), and save the CSV and the Russian annex next to the demo's files."""
    params = {"type": document_type} if document_type else {}
    figures = await story.call("GET", "/api/analytics", "sec", params=params)
    rate = (
        f"{round(100 * figures['answers'] / figures['invitations'])}%"
        if figures["invitations"]
        else "—"
    )
    days = figures["median_answer_days"]
    median = "—" if days is None else f"{days:.1f} days" if days >= 2 else f"{days * 24:.1f} h"
    best = figures["by_participant"][0]["name"] if figures["by_participant"] else "—"
    story.say(
        f"analytics: {figures['rounds']} round(s) on {figures['drafts']} draft(s), "
        f"{figures['answers']}/{figures['invitations']} invitations answered ({rate}); "
        f"median time to answer {median}; "
        f"first by answer rate: {best}"
    )
    r = await story.http.get("/api/analytics.csv", params=params, headers=story.sec)
    rows = list(csv.reader(io.StringIO(r.text)))
    r = await story.http.get(
        "/api/analytics/annex.docx", params={**params, "language": "ru"}, headers=story.sec
    )
    folder = Path(story.settings.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    annex = folder / "participation-analytics-ru.docx"
    annex.write_bytes(r.content)
    story.say(
        f"analytics: CSV of {len(rows) - 1} figures; annex with 7 charts and tables in {annex} "
        "(page: /analytics)"
    )
