"""Render one page of each kind of document from `make demo` to PNG for the README.

    make demo && .venv/bin/python docs/pictures.py

Needs LibreOffice (`soffice`) and poppler (`pdftoppm`), as `.ci/run` installs them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCUMENTS = Path(".data/demo/documents")
OUT = Path(__file__).parent / "documents"
# (file name, a glob, page, picture name)
PICKS = [
    (
        "guidelines-on-concluding-readmission-agreements-v2-draft_version-r2-ru.docx",
        1,
        "draft-version-ru",
    ),
    (
        "guidelines-on-concluding-readmission-agreements-v2-draft_version-r2-en.docx",
        2,
        "draft-version-en",
    ),
    (
        "guidelines-on-concluding-readmission-agreements-v1-comment_compilation-r1-en.docx",
        1,
        "comment-compilation",
    ),
    (
        "guidelines-on-concluding-readmission-agreements-v1-position_register-r1-en.docx",
        2,
        "position-register",
    ),
    ("guidelines-on-concluding-readmission-agreements-v2-redline-from-v1-en.docx", 2, "redline"),
    ("guidelines-on-concluding-readmission-agreements-v2-final_text-ru.docx", 2, "final-text-ru"),
    (
        "extended-migration-profile-of-armenia-edition-2-v2-migration_profile-en.docx",
        2,
        "migration-profile",
    ),
    (
        "guidelines-on-concluding-readmission-agreements-v2-procedural_record-en.docx",
        2,
        "procedural-record",
    ),
    # a meeting's files carry its day: any day
    ("meeting-senior-officials-meeting-*-meeting_agenda-1-en.docx", 1, "meeting-agenda"),
    (
        "meeting-senior-officials-meeting-*-meeting_conclusions-1-ru.docx",
        1,
        "meeting-conclusions-ru",
    ),
]


def main() -> None:
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        sys.exit("needs soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        found = {name: sorted(DOCUMENTS.glob(name))[-1] for name, _, _ in PICKS}
        files = [str(path) for path in found.values()]
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                *files,
            ],
            check=True,
            capture_output=True,
        )
        for name, page, picture in PICKS:
            pdf = Path(tmp) / found[name].with_suffix(".pdf").name
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdf),
                    str(OUT / picture),
                ],
                check=True,
            )
            print(OUT / f"{picture}.png")


if __name__ == "__main__":
    main()
