"""Rendered mails for the README's pictures and for looking at a change: an invitation of the
demo's story, as its English and Russian readers get it (no server, no database).

    .venv/bin/python -m mail.samples test-artifacts/mails
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from mail.render import Extras, Rendered, render
from models.activity_io import NoticeContext, NoticeRequest
from models.domain import DocumentType, Language, NoticeKind
from models.links import ReviewerLink, link_url, make_token
from models.settings import Settings

BASE = "https://ppflow.pragueprocess.example"
TITLE = "Guidelines on concluding readmission agreements"
TITLE_RU = "Руководящие принципы заключения соглашений о реадмиссии"
SLUG = "guidelines-on-concluding-readmission-agreements"


def sample_invitation(language: Language, participant: str = "DE") -> Rendered:
    """Round 2 of the demo's guidelines, from Poland, with a real-length personal link."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        public_base_url=BASE,
        secret_key="sample-secret-key",
    )
    deadline = datetime(2027, 3, 15, 17, 0, tzinfo=UTC)
    token = make_token(
        settings,
        ReviewerLink(
            workflow_id="draft-guidelines-on-concluding-readmission-agreements-round-2",
            participant_id=participant,
            email=f"ncp@{participant.lower()}.pragueprocess.local",
            expires_at=deadline,
        ),
    )
    request = NoticeRequest(
        notice_key="sample:invitation",
        kind=NoticeKind.ROUND_OPENED,
        recipients=[participant],
        context=NoticeContext(
            draft_title=TITLE,
            reference="PP-GL-2027-01",
            document_type=DocumentType.GUIDELINES,
            lead_state="PL",
            version=2,
            round_number=2,
            deadline=deadline,
            draft_titles={"ru": TITLE_RU},
        ),
    )
    filename = f"{SLUG}-v2-draft_version-r2-{language.value}.docx"
    document = {
        "attached": True,
        "filename": filename,
        "size_kb": 38,
        "url": f"{BASE}/documents/sample",
        "kind": "draft_version",
    }
    extras = Extras(link=link_url(settings, token), reply_by_mail=True, document=document)
    return render(request, language, extras)


def write_samples(directory: Path) -> list[Path]:
    """invitation-en.html and invitation-ru.html (Germany's and Kazakhstan's copies)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for language, participant in ((Language.EN, "DE"), (Language.RU, "KZ")):
        path = directory / f"invitation-{language.value}.html"
        path.write_text(sample_invitation(language, participant).html, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/mails")):
        print(path)
