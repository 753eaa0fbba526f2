"""Sentence splitting and Markdown stripping."""

from __future__ import annotations

from app.research.splitter import split_sentences, strip_markdown


def test_abbreviations_and_numbers_do_not_split() -> None:
    text = (
        "U.S. equities rose 0.07% on Monday. Acme Inc. raised guidance, e.g. for cloud. "
        "It is the No. 1 vendor, i.e. the leader. We like NVDA/MSFT here."
    )
    assert split_sentences(text) == [
        "U.S. equities rose 0.07% on Monday.",
        "Acme Inc. raised guidance, e.g. for cloud.",
        "It is the No. 1 vendor, i.e. the leader.",
        "We like NVDA/MSFT here.",
    ]


def test_abbreviation_at_sentence_end() -> None:
    assert split_sentences("Demand slowed in the U.S. The euro area held up.") == [
        "Demand slowed in the U.S.",
        "The euro area held up.",
    ]


def test_question_exclamation_and_decimals() -> None:
    assert split_sentences("Is 3.5 the floor? Yes! Margins hit 12.25 percent.") == [
        "Is 3.5 the floor?",
        "Yes!",
        "Margins hit 12.25 percent.",
    ]


def test_paragraphs_always_split() -> None:
    assert split_sentences("First point\n\nSecond point") == ["First point", "Second point"]


def test_strip_markdown() -> None:
    md = (
        "# Title\n\nSome **bold** and _em_ text with a [link](http://x.y) and `code`.\n"
        "- bullet one\n* bullet two\n1. numbered\n\n> quoted line\n\n"
        "```\nprint('ignored')\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert split_sentences(strip_markdown(md)) == [
        "Title",
        "Some bold and em text with a link and code.",
        "bullet one",
        "bullet two",
        "numbered",
        "quoted line",
        "a; b",
        "1; 2",
    ]


def test_snake_case_is_not_emphasis() -> None:
    assert strip_markdown("the small_caps_view holds") == "the small_caps_view holds"
