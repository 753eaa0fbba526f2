from bs4 import BeautifulSoup, Tag

from app.web.note_render import render_note

SENTENCES = [
    {"text": "We like NVDA a lot.", "score": 0.6, "label": "positive", "tickers": ["NVDA"]},
    {"text": "Profit fell.", "score": -0.55, "label": "negative", "tickers": []},
]


def _text(span: Tag) -> str:
    """The sentence text of a span, without its score tip."""
    return "".join(
        str(c) if isinstance(c, str) else _text(c)
        for c in span.children
        if not (isinstance(c, Tag) and "sent-tip" in (c.get("class") or []))
    )


def test_sentences_are_highlighted_across_inline_markup() -> None:
    html = render_note("We like **NVDA**\na lot. Profit fell.", SENTENCES)
    spans = BeautifulSoup(html, "html.parser").select("span.sent")
    positive = [s for s in spans if "sent-pos2" in s["class"]]
    assert " ".join("".join(_text(s) for s in positive).split()) == "We like NVDA a lot."
    tabs = [s.get("tabindex") for s in positive]
    assert tabs[0] == "0" and set(tabs[1:]) == {None}  # one tab stop per sentence
    assert {s["data-s"] for s in positive} == {"0"}  # every piece knows its sentence
    negative = [s for s in spans if "sent-neg2" in s["class"]]
    assert _text(negative[0]) == "Profit fell." and negative[0]["id"] == "s-1"


def test_each_sentence_carries_its_score_as_a_described_tip() -> None:
    """Not a hover-only title: a tip element that focus and tap show, and that assistive
    technology reads as the sentence's description."""
    html = render_note("We like **NVDA**\na lot. Profit fell.", SENTENCES)
    page = BeautifulSoup(html, "html.parser")
    assert not page.select("[title]")
    first = page.select_one("#s-0")
    assert first["tabindex"] == "0" and first["aria-describedby"] == "s-0-tip"
    tip = page.select_one("#s-0-tip")
    assert tip.parent is first and tip["role"] == "tooltip"
    assert tip.get_text() == "positive +0.60 · NVDA"
    assert page.select_one("#s-1-tip").get_text() == "negative −0.55"
    assert len(page.select(".sent-tip")) == 2  # one per sentence, not per piece


def test_raw_html_and_images_never_pass_through() -> None:
    body = (
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "![x](http://evil/x.png) [a](javascript:alert(1))"
    )
    soup = BeautifulSoup(render_note(body, []), "html.parser")
    assert not soup.select("script, img, [onerror]")
    assert all(not a["href"].startswith("javascript") for a in soup.select("a[href]"))
    assert "<script>" in soup.get_text()


def test_sentences_that_cannot_be_found_are_skipped() -> None:
    html = render_note("Profit fell.", [{"text": "Not in the text.", "score": 0.1}, *SENTENCES[1:]])
    spans = BeautifulSoup(html, "html.parser").select("span.sent")
    assert [_text(s) for s in spans] == ["Profit fell."]
    assert spans[0]["id"] == "s-1"  # ids follow the engine's sentence indexes


def test_sentence_text_is_escaped_in_tips() -> None:
    html = render_note(
        'A <b> "quote".',
        [{"text": 'A <b> "quote".', "score": 0.0, "label": "neutral", "tickers": ['"X<i>']}],
    )
    span = BeautifulSoup(html, "html.parser").select_one("span.sent")
    assert _text(span) == 'A <b> "quote".' and not span.select("b, i")
    assert span.select_one(".sent-tip").get_text().endswith('"X<i>')


def test_a_sentence_that_kept_its_emphasis_marks_is_still_found() -> None:
    """Emphasis across a line break can stay in the engine's sentence text."""
    body = "We move to **underweight small\ncaps** and hold VTWO. Profit fell."
    sentences = [
        {"text": "We move to **underweight small caps** and hold VTWO.", "score": -0.8},
        {"text": "Profit fell.", "score": -0.55, "label": "negative"},
    ]
    page = BeautifulSoup(render_note(body, sentences), "html.parser")
    first = page.select(".sent[data-s='0']")
    assert " ".join("".join(_text(s) for s in first).split()) == (
        "We move to underweight small caps and hold VTWO."
    )
    assert page.select_one("#s-1") is not None
