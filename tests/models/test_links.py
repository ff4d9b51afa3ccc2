"""A personal link is accepted only as it was issued."""

from __future__ import annotations

import string

import pytest

from models.links import (
    UNSUBSCRIBE_SALT,
    LinkError,
    ReviewerLink,
    make_token,
    read_token,
    sign,
    unsign,
)
from models.settings import Settings


def test_only_the_canonical_spelling_of_a_token_is_accepted() -> None:
    settings = Settings()
    token = make_token(
        settings, ReviewerLink(workflow_id="draft-x-round-1", participant_id="DE", email="a@b.c")
    )
    assert read_token(settings, token).participant_id == "DE"
    others = [c for c in string.ascii_letters + string.digits + "-_" if c != token[-1]]
    for c in others:  # base64's spare bits in the last character change nothing decoded
        with pytest.raises(LinkError):
            read_token(settings, token[:-1] + c)
    signed = sign(settings, UNSUBSCRIBE_SALT, "ncp@de.example")
    assert unsign(settings, UNSUBSCRIBE_SALT, signed, "link") == "ncp@de.example"
    with pytest.raises(LinkError):
        unsign(
            settings, UNSUBSCRIBE_SALT, signed[:-1] + ("A" if signed[-1] != "A" else "B"), "link"
        )
