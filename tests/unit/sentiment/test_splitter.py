"""Sentence splitting and Markdown stripping."""

from __future__ import annotations

from app.sentiment.splitter import split_sentences, strip_markdown


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


def test_run_on_text_is_cut_into_bounded_pieces_at_spaces() -> None:
    from app.sentiment.splitter import MAX_SENTENCE_CHARS

    words = [f"w{i}" for i in range(2_000)]
    pieces = split_sentences(" ".join(words))
    assert len(pieces) > 1
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces).split() == words  # nothing lost, no word cut in two


def test_one_unbroken_run_is_cut_at_the_limit() -> None:
    from app.sentiment.splitter import MAX_SENTENCE_CHARS

    pieces = split_sentences("x" * (2 * MAX_SENTENCE_CHARS + 5))
    assert [len(p) for p in pieces] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 5]


def test_unclosed_markers_are_kept_as_text_and_closed_ones_stripped() -> None:
    assert strip_markdown("**NVDA** rose [see](http://x) and __MSFT__ fell") == (
        "NVDA rose see and MSFT fell"
    )
    text = "**NVDA rose " * 50 + "[[ open"
    assert strip_markdown(text) == text.strip()


def test_word_before_a_boundary_is_found_far_into_a_paragraph() -> None:
    # The abbreviation check looks back from the boundary, wherever it sits.
    lead = "Prices rose. " * 500
    assert split_sentences(lead + "Demand held in the U.S. and abroad.")[-1] == (
        "Demand held in the U.S. and abroad."
    )


def test_emphasis_across_a_line_break_is_stripped() -> None:
    text = "We stay **overweight\\nNVDA** into the print, and _favour\\nMSFT_ too."
    assert strip_markdown(text.replace("\\n", "\n")) == (
        "We stay overweight NVDA into the print, and favour MSFT too."
    )
