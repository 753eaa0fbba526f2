"""A note's Markdown as safe HTML, with each scored sentence highlighted.

markdown-it-py runs with raw HTML disabled (authors cannot inject markup) and images
disabled (the page only loads same-origin resources). Sentences come from the stored
engine output; they are located in the rendered text by their characters other than
white space and emphasis marks, so Markdown emphasis or line breaks inside a sentence
don't stop the match (even when the stored sentence kept its "**"). A sentence
that cannot be found is simply left unhighlighted.

Each highlighted sentence carries its score in a tip element (not a hover-only
title), so the score shows on keyboard focus and on tap as well as on hover, and
screen readers announce it as the sentence's description.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.web.filters import sentiment_class, sentiment_figure


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


# Emphasis marks the engine may leave in a sentence (e.g. "**" around a line break) are
# not in the rendered text; they are skipped on both sides, like white space.
_SKIPPED = frozenset("*_`~")


def _compared(ch: str) -> bool:
    return not ch.isspace() and ch not in _SKIPPED


def _locate(tokens: list[Token], sentences: Sequence[Mapping[str, Any]]) -> list[list[int]]:
    """For each text token, the sentence index (or −1) of each of its characters."""
    owners = [[-1] * len(t.content) for t in tokens]
    chars: list[tuple[int, int]] = []  # (token, offset) of every character compared
    for ti, token in enumerate(tokens):
        chars.extend((ti, ci) for ci, ch in enumerate(token.content) if _compared(ch))
    haystack = "".join(tokens[ti].content[ci] for ti, ci in chars)
    cursor = 0
    for si, sentence in enumerate(sentences):
        needle = "".join(ch for ch in str(sentence.get("text", "")) if _compared(ch))
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


def score_text(sentence: Mapping[str, Any]) -> str:
    """What a sentence's tip says: 'mildly positive +0.42 · VTWO, SPY'."""
    label = str(sentence.get("label") or "")
    tickers = ", ".join(str(t) for t in sentence.get("tickers") or [])
    about = f" · {tickers}" if tickers else ""
    return f"{label} {sentiment_figure(sentence.get('score'))}{about}".strip()


def _span(text: str, sentence: Mapping[str, Any], index: int, first: bool) -> str:
    """One piece of a highlighted sentence. Its first piece is the sentence's one tab stop
    (id ``s-N``, the target of the note page's call links) and holds the score tip,
    shown on hover, keyboard focus and tap, and inline with "show scores"."""
    css = f"sent sent-{sentiment_class(str(sentence.get('label') or ''))}"
    if not first:
        return f'<span class="{css}" data-s="{index}">{escape(text)}</span>'
    tip = f"s-{index}-tip"
    return (
        f'<span class="{css}" data-s="{index}" id="s-{index}" tabindex="0" '
        f'aria-describedby="{tip}"><span class="sent-tip" id="{tip}" role="tooltip">'
        f"{escape(score_text(sentence))}</span>{escape(text)}</span>"
    )


def render_note(body: str, sentences: Sequence[Mapping[str, Any]]) -> str:
    md = _parser()
    tokens = md.parse(body)
    texts = _text_tokens(tokens)
    owners = _locate(texts, sentences)
    started: set[int] = set()
    for token, owner in zip(texts, owners, strict=True):
        pieces: list[str] = []
        start = 0
        while start < len(owner):
            end = start
            while end < len(owner) and owner[end] == owner[start]:
                end += 1
            text = token.content[start:end]
            si = owner[start]
            if si < 0:
                pieces.append(escape(text))
            else:
                pieces.append(_span(text, sentences[si], si, first=si not in started))
                started.add(si)
            start = end
        # html_inline tokens are printed as they are: every piece above is escaped.
        token.type = "html_inline"
        token.content = "".join(pieces)
    return md.renderer.render(tokens, md.options, {})
