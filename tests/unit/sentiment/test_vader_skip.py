"""The scorer skips VADER only where VADER would return exactly 0."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import _VADER_NEGATOR_RE, _may_have_tone
from tests.unit.sentiment.sentiment_support import default_engine

SENTENCES = [
    "Operating profit fell to EUR 5.2 mn from EUR 6.1 mn.",
    "The company will deliver the units in 2027.",
    "Great quarter!!!",
    "GOOD results, finally",
    "Investors are happy :)",
    "Investors :( after the call",
    "The board was fed-up, frankly.",
    "No deal yet.",
    "It was kind of a surprise.",
    "Results \U0001f600 and more",
    "Shares \U0001f4c8 after the call",
    "(excellent) execution",
    "Revenue was flat; margins held.",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_skipping_vader_never_changes_its_compound(text: str) -> None:
    scorer = default_engine()
    full = scorer._vader.polarity_scores(_VADER_NEGATOR_RE.sub("not", text))["compound"]
    assert scorer._vader_compound(text) == full
    if not _may_have_tone(scorer._vader.lexicon, text):
        assert full == 0.0


def test_plain_factual_sentences_skip_vader() -> None:
    lexicon = default_engine()._vader.lexicon
    assert not _may_have_tone(lexicon, "The company will deliver the units in 2027.")
    assert _may_have_tone(lexicon, "Investors are happy :)")
    assert _may_have_tone(lexicon, "Results \U0001f600 and more")  # emoji are read by VADER
