"""Learned layer: a linear model over the rule runner's own reading and the words.

The rule runner reads finance statements well and headline shorthand less well
("Sensex ends in the red", "X gains, Y slides"). A logistic model (one-vs-rest; word
features NB-scaled in training, the scaling folded into the weights), trained by
``scripts/train_sentiment_layer.py`` on permissively licensed sets only (finance
tweets, SEntFiN, FinEntity; never the PhraseBank), reads:

- the scorer's score for the text and for the target (numeric and as a band);
- word unigrams and bigrams of the target's clause (the whole sentence when there is
  no target; the target's own words become ``<t>``, numbers ``<n>``);
- word unigrams of the whole sentence, marked apart from the clause's, and the
  words on each side of the target ("<t> beats X" is not "X beats <t>");
- the rule runner's signals summed inside and outside the clause and on each side
  of the target, and VADER's compound for the general tone.

Words of an open question ("whether capex holds up") are left out: asked, not said.
It decides a class only when it disagrees with the scorer's band with a margin (in the
model file, per ``register``: a headline read whole, a headline read for one of its
names, prose); the score then moves into the model's band, and the
amount it moved is kept as ``adjustment`` so every score stays explainable: scorer
score + adjustment = shown score. The model is a JSON file of coefficients read with
the standard library; nothing is unpickled and no learning library runs here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

MODEL_PATH = Path(__file__).with_name("learned_layer.json")
CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
# Score bands of SPEC section 4: below −0.15 negative, at or above 0.15 positive.
_BAND = 0.15
_NEUTRAL_EDGE = 0.1499
HEADLINE_WORDS = 25  # headlines and posts are shorter; longer text is prose
# Tokens that end the target's clause: "Gold shines on demand; silver dull".
CLAUSE_BREAKS = frozenset({",", ";", ":", "|", "-", "--", "–", "—", "but", "while", "whereas"})
_MAX_CLAUSE = 24  # tokens either side of the target a clause may reach
_SIDE_WORDS = 4  # words either side of the target read as its own context


class Adjustment(NamedTuple):
    """What the learned layer did to one score: ``score = scorer + delta``."""

    score: float
    delta: float
    label: str  # the class the layer read, one of CLASSES


def _norm(tok: str) -> str:
    return "<n>" if any(c.isdigit() for c in tok) else tok


def _is_word(tok: str) -> bool:
    return any(c.isalnum() for c in tok) or tok == "%"


def clause_span(low: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """Token range of the clause around ``low[start:end]``, bounded by CLAUSE_BREAKS."""
    lo = start
    floor = max(0, start - _MAX_CLAUSE)
    while lo > floor and low[lo - 1] not in CLAUSE_BREAKS:
        lo -= 1
    hi = end
    ceiling = min(len(low), end + _MAX_CLAUSE)
    while hi < ceiling and low[hi] not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def is_prose(text: str) -> bool:
    """A sentence that ends with a full stop, "!" or "?", or runs past
    ``HEADLINE_WORDS`` words, is prose; a short one without is a headline or a post,
    whose shorthand the rules were not written for, so the layer may overrule them
    there more readily (``LinearModel.margins``)."""
    end = text.rstrip().rstrip("'\")]”’` ")
    return end.endswith((".", "!", "?", "…")) or len(text.split()) > HEADLINE_WORDS


class Evidence(NamedTuple):
    """What the scorer saw in a sentence besides its words: the rule runner's
    signals as (token position, value) and VADER's compound."""

    signals: Sequence[tuple[int, float]] = ()
    vader: float = 0.0


NO_EVIDENCE = Evidence()


def features(
    low: Sequence[str],
    sentence_score: float,
    target_score: float,
    span: tuple[int, int] | None = None,
    prose: bool = False,
    evidence: Evidence = NO_EVIDENCE,
    others: Sequence[tuple[int, int]] = (),
) -> dict[str, float]:
    """Feature map of one (sentence, target) reading; ``span`` = the target's tokens,
    ``prose`` = the sentence ends with a full stop (see ``is_prose``), ``others`` = the
    spans of the other tickers named (read as ``<o>``: "<t> gains, <o> slides" is one
    pattern whatever the names)."""
    feats: dict[str, float] = {
        "e:prose": 1.0 if prose else 0.0,
        "e:t": target_score,
        "e:s": sentence_score,
        "e:band": 1.0 if target_score >= _BAND else (-1.0 if target_score <= -_BAND else 0.0),
        "e:vader": evidence.vader,
    }
    if span is None:
        lo, hi = 0, len(low)
        words = [_norm(word) for word in low]
    else:
        lo, hi = clause_span(low, *span)
        words = [_norm(word) if not span[0] <= i < span[1] else "<t>" for i, word in enumerate(low)]
        for start, end in others:
            words[start:end] = ["<o>"] * (end - start)
        feats["e:tgt"] = 1.0
    _mark_asked(words)
    # Punctuation is left out: it tells the register (a headline has no full stop),
    # not the sentiment, and the register must not decide the label.
    clause = [word for word in words[lo:hi] if _is_word(word)]
    prev = "<s>" if lo == 0 else "<c>"
    for word in clause:
        feats["c:" + word] = 1.0
        feats["b:" + prev + " " + word] = 1.0
        prev = word
    feats["b:" + prev + (" </s>" if hi == len(words) else " </c>")] = 1.0
    for word in words:
        if _is_word(word):
            feats["w:" + word] = 1.0
    if span is not None:
        # What is said right before and after the target: "cut its target for <t>",
        # "<t> slips".
        for word in words[max(lo, span[0] - _SIDE_WORDS) : span[0]]:
            if _is_word(word):
                feats["l:" + word] = 1.0
        for word in words[span[1] : min(hi, span[1] + _SIDE_WORDS)]:
            if _is_word(word):
                feats["r:" + word] = 1.0
        # Which side of the target a word is on, across the whole sentence.
        for word in words[: span[0]]:
            if _is_word(word):
                feats["L:" + word] = 1.0
        for word in words[span[1] :]:
            if _is_word(word):
                feats["R:" + word] = 1.0
    _signal_features(feats, evidence.signals, lo, hi, span)
    return feats


_ASKS = frozenset({"whether"})


def _mark_asked(words: list[str]) -> None:
    """Words of an open question ("the question is whether capex holds up") are asked,
    not said: they become ``?``, which no feature reads."""
    asking = False
    for pos, word in enumerate(words):
        if word in _ASKS:
            asking = True
        elif asking and (word in CLAUSE_BREAKS or word in (".", "!")):
            asking = False
        elif asking:
            words[pos] = "?"


def _signal_features(
    feats: dict[str, float],
    signals: Sequence[tuple[int, float]],
    lo: int,
    hi: int,
    span: tuple[int, int] | None,
) -> None:
    """The rule runner's signals by where they fall: inside the target's clause or
    outside it, and (with a target) before or after it."""
    inside = outside = before = after = 0.0
    ups = downs = 0
    for pos, value in signals:
        if not lo <= pos < hi:
            outside += value
            continue
        inside += value
        ups += value > 0
        downs += value < 0
        if span is not None:
            if pos < span[0]:
                before += value
            elif pos >= span[1]:
                after += value
    feats["e:sig_in"] = inside
    feats["e:sig_out"] = outside
    feats["e:sig_ups"] = float(ups)
    feats["e:sig_downs"] = float(downs)
    if span is not None:
        feats["e:sig_before"] = before
        feats["e:sig_after"] = after


REGISTERS = ("headline", "named", "prose")


def register(feats: dict[str, float]) -> str:
    """Which margins apply to a reading: "prose" (see ``is_prose``), "named" (a headline
    or post read for one of the names in it) or "headline" (one read whole). A
    headline's reading of one name among several is a harder call than its overall
    tone, so the two keep their own margins."""
    if feats.get("e:prose", 0.0) > 0:
        return "prose"
    return "named" if "e:tgt" in feats else "headline"


class LinearModel:
    """Linear model: one weight triple per feature plus a bias triple (one logit per
    class; in training, one-vs-rest logistic models)."""

    def __init__(self, data: dict) -> None:
        self.bias: list[float] = list(data["bias"])
        self.weights: dict[str, list[float]] = data["weights"]
        # Logit margin the layer needs over the scorer's band, per register (see
        # ``register``) and per scorer reading (neutral, a side): overruling a side the
        # rules took (a call, a valuation view, a risk) takes more evidence than filling
        # in a side where they saw none.
        margins = data.get("margins", {})
        headline = tuple(margins.get("headline", (0.0, 0.0)))
        self.margins: dict[str, tuple[float, float]] = {
            "headline": headline,
            "named": tuple(margins.get("named", headline)),
            "prose": tuple(margins.get("prose", (0.0, 0.0))),
        }

    def logits(self, feats: dict[str, float]) -> list[float]:
        out = list(self.bias)
        get = self.weights.get
        for name, value in feats.items():
            coefficients = get(name)
            if coefficients is not None:
                out[0] += coefficients[0] * value
                out[1] += coefficients[1] * value
                out[2] += coefficients[2] * value
        return out

    def adjust(self, rule_score: float, feats: dict[str, float]) -> Adjustment:
        """The scorer's score, moved into the model's band when the model disagrees
        with a margin (in logit units) over the scorer's own band."""
        prose = feats.get("e:prose", 0.0) > 0
        if prose and "e:tgt" not in feats:
            # A prose sentence keeps the rules' score: they were written for company
            # prose, and there the layer's register (headlines, posts) is the stranger.
            own = 2 if rule_score >= _BAND else (0 if rule_score <= -_BAND else 1)
            return Adjustment(rule_score, 0.0, CLASSES[own])
        return self.decide(rule_score, self.logits(feats), register(feats))

    def decide(self, rule_score: float, logits: list[float], register: str) -> Adjustment:
        """Move ``rule_score`` to the class of ``logits`` when they beat the
        scorer's own band by the register's margin."""
        best = max(range(3), key=logits.__getitem__)
        own = 2 if rule_score >= _BAND else (0 if rule_score <= -_BAND else 1)
        margin = self.margins[register][own != 1]
        if best == own or logits[best] - logits[own] < margin:
            return Adjustment(rule_score, 0.0, CLASSES[own])
        if best == 1:
            new = max(-_NEUTRAL_EDGE, min(_NEUTRAL_EDGE, rule_score * 0.25))
        else:
            sign = 1.0 if best == 2 else -1.0
            # Confidence decides how far into the band: at least mildly, at most 0.75.
            gap = min(1.0, (logits[best] - logits[own]) / 4.0)
            new = sign * (_BAND + 0.05 + 0.55 * gap)
        new = round(new, 4)
        return Adjustment(new, round(new - rule_score, 4), CLASSES[best])


def apply(
    layer: LinearModel, analysis: Any, low: Sequence[str], prose: bool, evidence: Evidence
) -> None:
    """Let the layer move a scorer analysis's sentence score and each ticker's score,
    keeping the amounts (``adjustment``, ``ticker_adjustments``) for the explanation."""
    base = analysis.score
    if not prose:  # a prose sentence keeps the rules' score (see ``adjust``)
        moved = layer.adjust(base, features(low, base, base, None, prose, evidence))
        analysis.score, analysis.adjustment = moved.score, moved.delta
    for sym, value in analysis.ticker_scores.items():
        if sym in analysis.bench:
            continue  # named only as a benchmark: the rules' pairing reading stands
        span = next(((m.start, m.end) for m in analysis.found if m.symbol == sym), None)
        others = [(m.start, m.end) for m in analysis.found if m.symbol != sym]
        moved = layer.adjust(value, features(low, base, value, span, prose, evidence, others))
        analysis.ticker_scores[sym] = moved.score
        if moved.delta:
            analysis.ticker_adjustments[sym] = moved.delta


@lru_cache(maxsize=1)
def model() -> LinearModel | None:
    """The shipped model, or None when the file is absent (the layer is then off)."""
    if not MODEL_PATH.is_file():
        return None
    return LinearModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
