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
_NEXT_WORD_RE = re.compile(r"\s+(\S+)")
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
_SPACE_RE = re.compile(r"\s+")
# Longer "sentences" (run-on text, pasted tables without full stops) are cut at a space
# before this length: the per-ticker binding is quadratic in a sentence's length, so the
# cap keeps a whole note's scoring linear in its size. Real sentences are far shorter.
MAX_SENTENCE_CHARS = 1_000


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
    # The word before the punctuation. Paragraphs have single spaces, so looking back
    # to the previous space costs the word's length, not the text's (a regex anchored
    # at `start` would rescan the paragraph from its beginning at every boundary).
    prev = text[text.rfind(" ", 0, start) + 1 : start].lstrip("([\"'“‘")
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


def _bounded(sentence: str) -> list[str]:
    """The sentence, or its pieces of at most MAX_SENTENCE_CHARS cut at spaces."""
    pieces: list[str] = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS + 1)
        if cut <= 0:
            cut = MAX_SENTENCE_CHARS  # one unbroken run of characters
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    if sentence:
        pieces.append(sentence)
    return pieces


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences. Blank lines always end a sentence."""
    sentences: list[str] = []
    for para in _PARAGRAPH_RE.split(text):
        para = _SPACE_RE.sub(" ", para).strip()
        if not para:
            continue
        begin = 0
        for match in _BOUNDARY_RE.finditer(para):
            if _is_boundary(para, match.start(), match.end()):
                sentences.extend(_bounded(para[begin : match.end()].strip()))
                begin = match.end()
        sentences.extend(_bounded(para[begin:].strip()))
    return sentences


# --- Markdown ---------------------------------------------------------------------

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE_RE = re.compile(r"^\s*>\s?")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Inline spans are bounded ({1,N} instead of + or *): an unclosed "**" or "[" would
# otherwise make each match attempt scan to the end of the line, quadratic in its length.
_SPAN = 200
_IMAGE_RE = re.compile(rf"!\[([^\]]{{0,{_SPAN}}})\]\([^)]{{0,{_SPAN}}}\)")
_LINK_RE = re.compile(rf"\[([^\]]{{1,{_SPAN}}})\]\([^)]{{0,{_SPAN}}}\)")
_REF_LINK_RE = re.compile(rf"\[([^\]]{{1,{_SPAN}}})\]\[[^\]]{{0,{_SPAN}}}\]")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_AUTOLINK_RE = re.compile(rf"<(?:https?|mailto):[^>]{{0,{_SPAN}}}>")
_HTML_RE = re.compile(rf"</?[A-Za-z][^>]{{0,{_SPAN}}}>")
_CODE_RE = re.compile(r"`+([^`]*)`+")
_STRONG_RE = re.compile(rf"(\*\*|__)(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\1")
_EM_STAR_RE = re.compile(rf"(?<![\w*])\*(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\*(?![\w*])")
_EM_UNDER_RE = re.compile(rf"(?<!\w)_(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)_(?!\w)")
_STRIKE_RE = re.compile(rf"~~(.{{1,{_SPAN}}}?)~~")


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
        # Inline markup is stripped per block, not per line: "**bold**" may span lines.
        if current:
            blocks.append(_inline(" ".join(current)).strip())
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
        match = _HEADING_RE.match(line)
        if match:
            flush()
            blocks.append(_inline(match.group(1)))
            continue
        match = _BULLET_RE.match(line)
        if match:
            flush()
            current.append(match.group(1).strip())
            continue
        if line.lstrip().startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.append(_inline("; ".join(c for c in cells if c)))
            continue
        current.append(line.strip())
    flush()
    return "\n\n".join(b for b in blocks if b.strip())
