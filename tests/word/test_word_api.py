"""Word in and out through the API, on the real dev server, worker, SMTP server and database:
a draft started from a .docx, translated, revised in Word, answered with an annotated file,
and every document built on demand; bad files refused with nothing changed."""

from __future__ import annotations

import asyncio
import io
import uuid
import zipfile
from typing import Any

import httpx
from docx import Document

from tests.conftest import Mailbox, until
from tests.web.test_api import LEAD, SEC, later, links_in
from word.reader import read_sections

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_file() -> bytes:
    doc = Document()
    doc.add_paragraph("Cover page text that is not a section")
    doc.add_heading("1. Introduction", level=1)
    doc.add_paragraph("Readmission agreements are concluded in good faith.")
    doc.add_paragraph("Dignity", style="List Bullet")
    doc.add_paragraph("Safety", style="List Bullet")
    doc.add_heading("2. Statistics", level=1)
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Year", "Returns", "2025", "1 200"], strict=True):
        cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "draft.docx") -> dict[str, Any]:
    return {"file": (name, content, DOCX)}


async def test_word_in_and_out_through_the_api(
    api: httpx.AsyncClient,
    run_worker,
    dev_env,
    mailbox: Mailbox,
) -> None:
    slug = f"word-{uuid.uuid4().hex[:8]}"
    async with run_worker(dev_env.client):
        r = await api.post(
            "/api/drafts/word",
            headers=LEAD,
            data={
                "title": "Guidelines on readmission",
                "document_type": "guidelines",
                "lead_state": "PL",
                "co_lead_states": "SK, RO",
                "slug": slug,
                "thematic_area": "readmission_return",
            },
            files=upload(word_file()),
        )
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]
        status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
        sections = status["state"]["versions"][-1]["sections"]
        assert [(s["id"], s["title"]) for s in sections] == [
            ("s1", "Introduction"),
            ("s2", "Statistics"),
        ]
        assert sections[0]["text"].endswith("- Dignity\n- Safety")
        assert sections[1]["text"] == "| Year | Returns |\n| 2025 | 1 200 |"

        # bad files: a clear reason, and nothing about the draft changes
        docm = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(word_file())) as src, zipfile.ZipFile(docm, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("word/vbaProject.bin", b"macro")
        no_headings = Document()
        no_headings.add_paragraph("Just text")
        plain = io.BytesIO()
        no_headings.save(plain)
        for content, status_code, reason in [
            (b"not a zip at all", 422, "not a Word"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, 422, "encrypted"),
            (docm.getvalue(), 422, "macros"),
            (plain.getvalue(), 422, "no headings"),
            (b"PK" + b"\0" * (21 * 1024 * 1024), 413, "larger than 20 MB"),
        ]:
            r = await api.post(
                f"/api/drafts/{draft}/revisions/word", headers=LEAD, files=upload(content)
            )
            assert r.status_code == status_code, r.text
            assert reason in r.json()["detail"], r.json()["detail"]
        r = await api.get(f"/api/drafts/{draft}/documents/position_register", headers=SEC)
        assert r.status_code == 409 and "no comment round" in r.json()["detail"]
        r = await api.get(f"/api/drafts/{draft}/documents/redline", headers=SEC)
        assert r.status_code == 422 and "earlier version" in r.json()["detail"]
        assert (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()["state"]["versions"][-1][
            "number"
        ] == 1

        # a translation, then the Russian draft document says where it stands
        r = await api.post(
            f"/api/drafts/{draft}/translations",
            headers=LEAD,
            json={
                "language": "ru",
                "sections": [{"id": "s1", "title": "Введение", "text": "Соглашения о реадмиссии."}],
            },
        )
        assert r.status_code == 200, r.text
        r = await api.get(f"/api/drafts/{draft}/documents/draft_version?language=ru", headers=SEC)
        assert r.status_code == 200 and r.headers["content-type"] == DOCX
        ru = Document(io.BytesIO(r.content))
        text = "\n".join(p.text for p in ru.paragraphs)
        assert "ПРОЕКТ — для консультаций" in text and "1. Введение" in text
        assert "[перевод ещё не подготовлен]" in text  # section 2 is not translated yet

        # the exported draft, edited in Word, comes back as a revision of the same sections
        exported = (
            await api.get(f"/api/drafts/{draft}/documents/draft_version", headers=SEC)
        ).content
        doc = Document(io.BytesIO(exported))
        paragraph = next(p for p in doc.paragraphs if p.text.startswith("Readmission"))
        paragraph.runs[0].text = "Readmission agreements are concluded and applied in good faith."
        edited = io.BytesIO()
        doc.save(edited)
        r = await api.post(
            f"/api/drafts/{draft}/revisions/word",
            headers=LEAD,
            files=upload(edited.getvalue()),
            data={"note": "from Word"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["version"] == 2 and r.json()["section_ids"] == ["s1", "s2"]
        r = await api.get(f"/api/drafts/{draft}/documents/redline", headers=SEC)
        assert r.status_code == 200
        xml = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
        assert "and applied" in xml and 'w:author="PL"' in xml

        # a reviewer answers with an annotated file: read, shown, counted only once confirmed
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text
        reference = status["state"]["meta"]["reference"]
        token = (await until(lambda: asyncio.sleep(0, links_in(mailbox, reference, "DE"))))[0]
        annotated = Document(io.BytesIO(exported))
        target = next(p for p in annotated.paragraphs if p.text.startswith("Dignity"))
        annotated.add_comment(target.runs, text="Add family unity.", author="DE")
        out = io.BytesIO()
        annotated.save(out)
        r = await api.post(f"/api/review/{token}/word", files=upload(out.getvalue()))
        assert r.status_code == 200, r.text
        proposal = r.json()
        assert proposal["recorded"] is False
        assert proposal["answer"]["comments"] == [
            {"section_id": "s1", "text": "Add family unity.", "proposed_text": None, "quote": None}
        ]
        answers = (await api.get(f"/api/review/{token}")).json()["my_answer"]
        assert answers is None  # nothing counted yet
        r = await api.post(f"/api/review/{token}/word", files=upload(word_file()))
        assert r.status_code == 422 and "no Word comments" in r.json()["detail"]
        r = await api.post(f"/api/review/{token}/answer", json=proposal["answer"])
        assert r.status_code == 200, r.text
        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200, r.text

        async def closed() -> bool:
            s = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            return s["state"]["phase"] == "revision"

        await until(closed)
        for kind, phrase in [
            ("comment_compilation", "Add family unity."),
            ("position_register", "comments"),
            ("procedural_record", "Version 2 submitted"),
        ]:
            r = await api.get(f"/api/drafts/{draft}/documents/{kind}?round=1", headers=SEC)
            assert r.status_code == 200, (kind, r.text)
            doc = Document(io.BytesIO(r.content))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            assert any(phrase in c for c in cells), (kind, cells[:20])
        r = await api.get(f"/api/drafts/{draft}/documents/final_text", headers=SEC)
        assert r.status_code == 409 and "not endorsed" in r.json()["detail"]
        r = await api.get(f"/api/drafts/{draft}/documents/agenda", headers=SEC)
        assert r.status_code == 422

        # every document built is in the artifact store, downloadable by anyone signed in
        stored = await until(lambda: _artifacts(api, draft, "ru"))
        assert any(a["kind"] == "draft_version" for a in stored)
        one = stored[0]
        r = await api.get(one["url"], headers=LEAD)
        assert r.status_code == 200 and read_sections(r.content)


async def _artifacts(client: httpx.AsyncClient, draft: str, language: str) -> list[dict[str, Any]]:
    rows = (await client.get(f"/api/artifacts?draft_id={draft}", headers=SEC)).json()
    return [a for a in rows if a["language"] == language]
