"""Sentence splitting and Markdown stripping for research notes.

The splitter is rule-based: a sentence ends at ".", "!" or "?" followed by
white space, unless the period belongs to an abbreviation ("U.S.", "Inc.",
"e.g.", "No. 1"), an initial ("J. Smith") or the next word starts in lower
case. Decimals ("0.07%") and ticker lists ("NVDA/MSFT") never contain
"period + space", so they survive without special cases.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations that never end a sentence (the next word always belongs to it).
_NEVER_FINAL = _words(
    "e.g i.e cf mr mrs ms dr prof st vs approx est fig figs vol jr sr dept univ "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt no nos op ref sec"
)
# Abbreviations that may end a sentence: split only before a typical sentence start.
_MAY_BE_FINAL = _words(
    "u.s u.k u.n e.u inc corp co ltd plc llc lp ag sa nv oyj ab asa etc bros a.m p.m"
)
_SENTENCE_STARTERS = _words(
    "The It We This That These Those Its In He She They Our A An But However Shares "
    "Analysts Meanwhile Also And So Still Yet If As At For On Revenue Sales Net "
    "Operating Profit Earnings Investors Markets Stocks"
)
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_PREV_WORD_RE = re.compile(r"(\S+)$")
_NEXT_WORD_RE = re.compile(r"\s+(\S+)")
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
_SPACE_RE = re.compile(r"\s+")


def _is_boundary(text: str, start: int, end: int) -> bool:
    punct = text[start:end]
    nxt_m = _NEXT_WORD_RE.match(text, end)
    if nxt_m is None:
        return True
    nxt = nxt_m.group(1)
    first = nxt[0]
    if first.islower():
        return False
    if "." not in punct[:1]:
        return True  # "!" and "?" always end a sentence before a non-lower-case word
    prev_m = _PREV_WORD_RE.search(text, 0, start)
    prev = prev_m.group(1).lstrip("([\"'“‘") if prev_m else ""
    prev_low = prev.lower()
    if len(punct) > 1 and punct.startswith(".."):
        return True  # ellipsis
    if prev_low == "no":
        return not first.isdigit()  # "No. 1" but "the answer is no. Then"
    if prev_low in _NEVER_FINAL:
        return False
    if len(prev) == 1 and prev.isupper():
        return False  # an initial: "J. Smith"
    if prev_low in _MAY_BE_FINAL or (len(prev) <= 4 and prev.count(".") >= 1 and prev.isupper()):
        return nxt.strip("\"'“‘(") in _SENTENCE_STARTERS
    return True


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences. Blank lines always end a sentence."""
    sentences: list[str] = []
    for para in _PARAGRAPH_RE.split(text):
        para = _SPACE_RE.sub(" ", para).strip()
        if not para:
            continue
        begin = 0
        for m in _BOUNDARY_RE.finditer(para):
            if _is_boundary(para, m.start(), m.end()):
                piece = para[begin : m.end()].strip()
                if piece:
                    sentences.append(piece)
                begin = m.end()
        tail = para[begin:].strip()
        if tail:
            sentences.append(tail)
    return sentences


# --- Markdown ---------------------------------------------------------------------

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE_RE = re.compile(r"^\s*>\s?")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^>]*>")
_HTML_RE = re.compile(r"</?[A-Za-z][^>]*>")
_CODE_RE = re.compile(r"`+([^`]*)`+")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EM_UNDER_RE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_STRIKE_RE = re.compile(r"~~(.+?)~~")


def _inline(text: str) -> str:
    text = _CODE_RE.sub(r"\1", text)
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub("", text)
    text = _HTML_RE.sub("", text)
    text = _STRONG_RE.sub(r"\2", text)
    text = _EM_STAR_RE.sub(r"\1", text)
    text = _EM_UNDER_RE.sub(r"\1", text)
    text = _STRIKE_RE.sub(r"\1", text)
    return text


def strip_markdown(text: str) -> str:
    """Plain text of a Markdown note; headings, list items and table rows become
    paragraphs of their own so that a bullet without a full stop is one sentence."""
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False

    def flush() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        if _FENCE_RE.match(line):
            in_fence = not in_fence  # code is not prose: drop the block
            flush()
            continue
        if in_fence:
            continue
        if not line.strip():
            flush()
            continue
        line = _QUOTE_RE.sub("", line)
        if _RULE_RE.match(line) or _TABLE_SEP_RE.match(line) or _REF_DEF_RE.match(line):
            flush()
            continue
        if _SETEXT_RE.match(line) and current:
            flush()  # the previous line was a heading
            continue
        m = _HEADING_RE.match(line)
        if m:
            flush()
            blocks.append(_inline(m.group(1)))
            continue
        m = _BULLET_RE.match(line)
        if m:
            flush()
            current.append(_inline(m.group(1)).strip())
            continue
        if line.lstrip().startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.append(_inline("; ".join(c for c in cells if c)))
            continue
        current.append(_inline(line).strip())
    flush()
    return "\n\n".join(b for b in blocks if b.strip())
