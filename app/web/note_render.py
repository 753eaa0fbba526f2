"""A note's Markdown as safe HTML, with each scored sentence highlighted.

markdown-it-py runs with raw HTML disabled (authors cannot inject markup) and images
disabled (the page only loads same-origin resources). Sentences come from the stored
engine output; they are located in the rendered text by their non-space characters,
so Markdown emphasis or line breaks inside a sentence don't stop the match. A sentence
that cannot be found is simply left unhighlighted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.web.filters import sentiment, sentiment_class


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough").disable("image")
    return md


def _text_tokens(tokens: Sequence[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "softbreak":  # a line break inside a sentence stays inside it
                child.type, child.content = "text", "\n"
            if child.type == "text":
                found.append(child)
    return found


def _locate(tokens: list[Token], sentences: Sequence[Mapping[str, Any]]) -> list[list[int]]:
    """For each text token, the sentence index (or −1) of each of its characters."""
    owners = [[-1] * len(t.content) for t in tokens]
    chars: list[tuple[int, int]] = []  # (token, offset) of every non-space character
    for ti, token in enumerate(tokens):
        chars.extend((ti, ci) for ci, ch in enumerate(token.content) if not ch.isspace())
    haystack = "".join(tokens[ti].content[ci] for ti, ci in chars)
    cursor = 0
    for si, sentence in enumerate(sentences):
        needle = "".join(str(sentence.get("text", "")).split())
        if not needle:
            continue
        pos = haystack.find(needle, cursor)
        if pos < 0:
            continue
        first, last = chars[pos], chars[pos + len(needle) - 1]
        for ti in range(first[0], last[0] + 1):
            lo = first[1] if ti == first[0] else 0
            hi = last[1] if ti == last[0] else len(tokens[ti].content) - 1
            for ci in range(lo, hi + 1):
                owners[ti][ci] = si
        cursor = pos + len(needle)
    return owners


def _span(text: str, sentence: Mapping[str, Any], focusable: bool) -> str:
    label = str(sentence.get("label") or "")
    score = sentiment(sentence.get("score"))
    tickers = ", ".join(sentence.get("tickers") or [])
    about = f" · {tickers}" if tickers else ""
    tab = ' tabindex="0"' if focusable else ""
    return (
        f'<span class="sent sent-{sentiment_class(label)}" title="{escape(label)} '
        f'({escape(score)}){escape(about)}"{tab}>{escape(text)}</span>'
    )


def render_note(body: str, sentences: Sequence[Mapping[str, Any]]) -> str:
    md = _parser()
    tokens = md.parse(body)
    texts = _text_tokens(tokens)
    owners = _locate(texts, sentences)
    started: set[int] = set()
    for token, owner in zip(texts, owners, strict=True):
        pieces: list[str] = []
        i = 0
        while i < len(owner):
            j = i
            while j < len(owner) and owner[j] == owner[i]:
                j += 1
            text = token.content[i:j]
            si = owner[i]
            if si < 0:
                pieces.append(escape(text))
            else:
                pieces.append(_span(text, sentences[si], focusable=si not in started))
                started.add(si)
            i = j
        # html_inline tokens are printed as they are: every piece above is escaped.
        token.type = "html_inline"
        token.content = "".join(pieces)
    return md.renderer.render(tokens, md.options, {})
