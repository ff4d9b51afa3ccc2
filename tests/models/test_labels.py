"""One word for each enum value, in English and Russian, wherever people read it: the pages,
the mails and the Word documents all take it from `models.labels`."""

from __future__ import annotations

from enum import StrEnum

import pytest

from mail.render import render
from models.activity_io import DispositionNote, NoticeContext, NoticeRequest
from models.domain import (
    ArtifactKind,
    CommentKind,
    Decision,
    Disposition,
    DocumentType,
    Language,
    MeetingKind,
    NoticeKind,
    Phase,
    Position,
    RoundOutcome,
    Route,
    ThematicArea,
)
from models.labels import LABELLED, label
from tests.word.samples import request
from tests.word.test_kinds import all_text
from web.i18n import UI
from word.documents import render_draft
from word.labels import Labels

EXPECTED_ENUMS = {
    Position,
    Disposition,
    Decision,
    Phase,
    DocumentType,
    ThematicArea,
    MeetingKind,
    Route,
    RoundOutcome,
    CommentKind,
}


def test_every_enum_people_read_is_in_the_table() -> None:
    assert EXPECTED_ENUMS <= set(LABELLED)


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("enum", sorted(LABELLED, key=lambda e: e.__name__))
def test_every_value_has_a_label_in_both_languages(enum: type[StrEnum], language: Language) -> None:
    for member in enum:
        word = label(member, language)
        assert word.strip(), f"{enum.__name__}.{member.name} has no {language.value} label"
        if language == Language.RU:
            assert word != label(member, Language.EN) or member.value == word


def test_a_value_shared_by_several_enums_has_one_label() -> None:
    """A plain string read back from the database ("rejected") is labelled like its enum."""
    for language in Language:
        seen: dict[str, str] = {}
        for enum in LABELLED:
            for member in enum:
                word = label(member, language)
                assert seen.setdefault(member.value, word) == word, member.value
                assert label(member.value, language) == word


def test_unknown_values_show_as_their_words() -> None:
    assert label(None, Language.RU) == ""
    assert label("no_answer", Language.EN) == "no answer"
    # an enum the table does not list, whose value another enum has: that enum's word
    assert label(ArtifactKind.MIGRATION_PROFILE, Language.EN) == "Extended Migration Profile"


def test_the_domain_titles_are_the_english_labels() -> None:
    for area in ThematicArea:
        assert area.label == label(area, Language.EN)
    for kind in MeetingKind:
        assert kind.label == label(kind, Language.EN)


def test_pages_mails_and_word_say_the_same_for_partly_accepted_in_russian() -> None:
    word = label(Disposition.PARTLY_ACCEPTED, Language.RU)
    assert word == "принято частично"

    # the page
    assert UI(Language.RU).enum(Disposition.PARTLY_ACCEPTED) == word
    assert UI(Language.RU).enum("partly_accepted") == word  # as the read model stores it

    # the mail that tells a participant how its comments were resolved
    notice = NoticeRequest(
        notice_key="labels",
        kind=NoticeKind.COMMENTS_RESOLVED,
        recipients=["KZ"],
        context=NoticeContext(
            draft_title="Руководящие принципы",
            lead_state="CZ",
            version=2,
            dispositions=[DispositionNote(text="Хорошо", disposition=Disposition.PARTLY_ACCEPTED)],
        ),
    )
    mail = render(notice, Language.RU)
    assert f"«Хорошо»: {word}" in mail.body
    assert word in mail.html

    # the Word compilation of comments
    compilation = request(ArtifactKind.COMMENT_COMPILATION, Language.RU)
    comments = [
        c.model_copy(update={"disposition": Disposition.PARTLY_ACCEPTED})
        if c.comment_id == "c1"
        else c
        for c in compilation.comments
    ]
    content, _ = render_draft(compilation.model_copy(update={"comments": comments}))
    assert word in all_text(content)
    assert Labels(Language.RU).enum(Disposition.PARTLY_ACCEPTED) == word


def test_mails_use_the_document_wording_in_english_too() -> None:
    notice = NoticeRequest(
        notice_key="labels-en",
        kind=NoticeKind.COMMENTS_RESOLVED,
        recipients=["DE"],
        context=NoticeContext(
            draft_title="Guidelines",
            lead_state="CZ",
            version=2,
            dispositions=[DispositionNote(text="Longer", disposition=Disposition.REJECTED)],
        ),
    )
    assert '"Longer": rejected' in render(notice, Language.EN).body
    decided = NoticeRequest(
        notice_key="labels-decision",
        kind=NoticeKind.DECISION,
        recipients=["DE"],
        context=NoticeContext(
            draft_title="Guidelines", version=2, decision=Decision.ENDORSED_WITH_AMENDMENTS
        ),
    )
    assert "одобрено с поправками" in render(decided, Language.RU).body


def test_general_comments_have_one_name() -> None:
    general = label(CommentKind.GENERAL, Language.RU)
    assert UI(Language.RU)("general") == general
    assert Labels(Language.RU).enum(CommentKind.GENERAL) == general
    compilation = request(ArtifactKind.COMMENT_COMPILATION, Language.RU)
    content, _ = render_draft(compilation)
    assert general in all_text(content)  # the group of comments on no section
