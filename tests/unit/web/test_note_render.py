from bs4 import BeautifulSoup

from app.web.note_render import render_note

SENTENCES = [
    {"text": "We like NVDA a lot.", "score": 0.6, "label": "positive", "tickers": ["NVDA"]},
    {"text": "Profit fell.", "score": -0.55, "label": "negative", "tickers": []},
]


def test_sentences_are_highlighted_across_inline_markup() -> None:
    html = render_note("We like **NVDA**\na lot. Profit fell.", SENTENCES)
    spans = BeautifulSoup(html, "html.parser").select("span.sent")
    positive = [s for s in spans if "sent-pos2" in s["class"]]
    assert " ".join("".join(s.get_text() for s in positive).split()) == "We like NVDA a lot."
    tabs = [s.get("tabindex") for s in positive]
    assert tabs[0] == "0" and set(tabs[1:]) == {None}  # one tab stop per sentence
    assert positive[0]["title"] == "positive (+0.60) · NVDA"
    negative = [s for s in spans if "sent-neg2" in s["class"]]
    assert negative[0].get_text() == "Profit fell." and negative[0]["title"] == "negative (−0.55)"


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
    assert [s.get_text() for s in spans] == ["Profit fell."]


def test_sentence_text_is_escaped_in_titles() -> None:
    html = render_note(
        'A <b> "quote".',
        [{"text": 'A <b> "quote".', "score": 0.0, "label": "neutral", "tickers": ['"X']}],
    )
    span = BeautifulSoup(html, "html.parser").select_one("span.sent")
    assert span.get_text() == 'A <b> "quote".' and span["title"].endswith('"X')
