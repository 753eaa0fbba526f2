"""Train the sentiment scorer's learned layer (app/sentiment/learned_layer.json).

    .venv/bin/python scripts/train_sentiment_layer.py [--data DIR] [--rows all|half-a|...]
                                                       [--folds 5] [--out PATH]

Training data, all permissively licensed (see ../shared/data/sentiment/README.md):
finance tweets (tfns_dev, MIT), SEntFiN headlines and entities (MIT), FinEntity
(ODC-BY), and ``scripts/house_style.tsv``, the project's own research-note sentences
(calls, valuation views, drivers and risks in the author's voice; same format as the
entity sets), so the layer learns where the rules' reading of a note should stand.
The Financial PhraseBank (CC BY-NC-SA) is never read here: it is for measuring only.
Each row becomes one item per sentence that names its target, with the features of
``app.sentiment.learned.features`` computed from the rule runner run without the
layer, exactly as at scoring time.

Prints out-of-fold figures (k-fold grouped by text, so no text is in both halves)
for the rule runner alone and with the layer, then fits on every selected row and
writes the coefficients as JSON. Needs scikit-learn (a dev extra) and numpy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from app.config import get_settings  # noqa: E402
from app.sentiment import learned  # noqa: E402
from app.sentiment.evaluation import (  # noqa: E402
    ROW_SPLITS,
    parse_tsv,
    per_class_scores,
    select_rows,
)
from app.sentiment.scorer import SentimentScorer  # noqa: E402
from app.sentiment.splitter import split_sentences, strip_markdown  # noqa: E402
from app.sentiment.targets import co_targets, scorer_for_targets  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "sentiment"
SENTENCE_SETS = ("tfns_dev.tsv", "sentfin_headlines_dev.tsv")
ENTITY_SETS = ("sentfin_entities_dev.tsv", "finentity_dev.tsv")
HOUSE_SET = Path(__file__).with_name("house_style.tsv")
C = 1.0  # inverse L2 strength of each one-vs-rest model, chosen held out (heldout_check)
# A set's total weight grows with the square root of its size (1 would weigh every item
# the same, 0 every set): a large set teaches more without setting the others' habits.
SET_WEIGHT_POWER = 0.5
NB_ALPHA = 1.0  # smoothing of the NB log-count ratios that scale the word features
NB_POWER = 0.5  # word feature scale = |log-count ratio| ** NB_POWER (1 = plain NB-SVM)
# Least margins (logits) per register: [to give a side where the rules read neutral, to
# overrule a side they took]. In prose both readings are deliberate (a recap or a
# description reads neutral; a call, a valuation view or a driver takes a side). Out of
# fold these floors keep most of the layer's gain on wire copy (FinEntity) and on the
# house-style sentences, and keep it from talking a plain view ("the S&P 500 looks
# expensive") down to neutral or a recap up to a side. (The one-vs-rest models' logits
# spread wider than a multinomial model's, hence floors of 2 and 4.5.)
MIN_MARGINS = {"headline": (0.0, 0.0), "named": (0.0, 0.0), "prose": (2.0, 4.5)}
MIN_SET = 100  # a set with fewer items in a register neither votes for nor vetoes a margin
MIN_COUNT = 2  # a word feature must occur in this many items to be kept
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 99.0)  # 99: never

Item = tuple[str, str, dict[str, float], float, str]  # set, label, features, scorer, group


def _rows(items: list, which: str) -> list:
    return select_rows(items, which, lambda ex: ex.sentence)


def sentence_items(path: Path, rows: str) -> Iterator[Item]:
    settings = get_settings()
    scorer = SentimentScorer(settings.tickers, settings.ticker_aliases, use_learned=False)
    for ex in _rows(parse_tsv(path.read_text(encoding="utf-8")), rows):
        a = scorer._analyse(ex.sentence, with_tickers=False)
        low = a.tokens.low if a.tokens else []
        prose = learned.is_prose(ex.sentence)
        feats = learned.features(low, a.score, a.score, None, prose, a.evidence)
        yield path.stem, ex.label, feats, a.score, ex.sentence


def entity_items(path: Path, rows: str) -> Iterator[Item]:
    examples = _rows(parse_tsv(path.read_text(encoding="utf-8")), rows)
    # Each text's targets are bound together, as the evaluation does (``co_targets``).
    names = co_targets((ex.target or "", ex.sentence) for ex in examples)
    for ex in examples:
        group = names[ex.sentence]
        scorer, symbols = scorer_for_targets(group, use_learned=False)
        sym = symbols[group.index(ex.target or "")]
        for sentence in split_sentences(strip_markdown(ex.sentence)):
            a = scorer._analyse(sentence)
            if sym not in a.ticker_scores or a.tokens is None:
                continue
            span = next((m.start, m.end) for m in a.found if m.symbol == sym)
            others = [(m.start, m.end) for m in a.found if m.symbol != sym]
            value = a.ticker_scores[sym]
            prose = learned.is_prose(sentence)
            feats = learned.features(a.tokens.low, a.score, value, span, prose, a.evidence, others)
            yield path.stem, ex.label, feats, value, ex.sentence


def load(data: Path, rows: str) -> list[Item]:
    items: list[Item] = []
    for name in SENTENCE_SETS:
        items += sentence_items(data / name, rows)
    for name in ENTITY_SETS:
        items += entity_items(data / name, rows)
    if HOUSE_SET.is_file():
        items += entity_items(HOUSE_SET, rows)
    return items


def prune(feats: list[dict[str, float]]) -> list[dict[str, float]]:
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    keep = {k for k, n in counts.items() if n >= MIN_COUNT or k.startswith("e:")}
    return [{k: v for k, v in f.items() if k in keep} for f in feats]


def fit(
    feats: list[dict[str, float]], labels: list[str], sets: list[str]
) -> tuple[DictVectorizer, SimpleNamespace]:
    """Fit the model; a set weighs in proportion to the square root of its size
    (``SET_WEIGHT_POWER``). Returns the vectoriser and the per-class
    coefficients (``classes_``, ``coef_``, ``intercept_``) that ``export`` writes."""
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    sizes = {name: sets.count(name) for name in set(sets)}
    per_item = {name: sizes[name] ** (SET_WEIGHT_POWER - 1.0) for name in sizes}
    scale = len(sets) / sum(per_item[name] for name in sets)  # mean item weight 1
    weight = np.array([per_item[name] * scale for name in sets])
    gold = np.array(labels)
    present = (x > 0).astype(float)
    # NB-SVM (Wang & Manning 2012): each class gets its own one-vs-rest model over the
    # word features scaled by how much more often they occur in that class than in the
    # rest (|log-count ratio| ** NB_POWER, weighted, add-NB_ALPHA smoothed), so a
    # telling word is penalised less than an incidental one; the engine's numeric
    # features (e:*) keep scale 1. The scaling is folded back into the coefficients, so
    # the exported model is still one weight triple per feature on the raw features.
    words = np.array([not name.startswith("e:") for name in vec.feature_names_])
    coef, intercept = [], []
    for name in learned.CLASSES:
        mine = gold == name
        p = NB_ALPHA + np.asarray(present[mine].T @ weight[mine]).ravel()
        q = NB_ALPHA + np.asarray(present[~mine].T @ weight[~mine]).ravel()
        ratio = np.abs(np.log((p / p.sum()) / (q / q.sum())))
        scale = np.where(words, ratio**NB_POWER, 1.0)
        clf = LogisticRegression(C=float(os.environ.get("LAYER_C", C)), max_iter=3000)
        clf.fit(x.multiply(scale).tocsr(), mine.astype(int), sample_weight=weight)
        coef.append(clf.coef_[0] * scale)
        intercept.append(clf.intercept_[0])
    model = SimpleNamespace(
        classes_=np.array(learned.CLASSES), coef_=np.vstack(coef), intercept_=np.array(intercept)
    )
    return vec, model


Margins = dict[str, list[float]]  # {register: [from neutral, from a side]}


def export(vec: DictVectorizer, clf, margins: Margins) -> dict:
    order = [list(clf.classes_).index(c) for c in learned.CLASSES]
    coef = clf.coef_[order]
    weights = {}
    for j, name in enumerate(vec.feature_names_):
        w = coef[:, j]
        if np.abs(w).max() >= 0.005:
            weights[name] = [round(float(v), 4) for v in w]
    return {
        "about": "Learned layer of the sentiment scorer; scripts/train_sentiment_layer.py. "
        "Trained on tfns_dev (MIT), SEntFiN (MIT) and FinEntity (ODC-BY, Tang et al. 2023).",
        "classes": list(learned.CLASSES),
        "bias": [round(float(v), 4) for v in clf.intercept_[order]],
        "margins": margins,
        "weights": dict(sorted(weights.items())),
    }


def scores(gold: list[str], pred: list[str]) -> tuple[float, float]:
    matrix = {g: dict.fromkeys(learned.CLASSES, 0) for g in learned.CLASSES}
    for g, p in zip(gold, pred, strict=True):
        matrix[g][p] += 1
    per = per_class_scores(matrix)
    acc = sum(matrix[c][c] for c in learned.CLASSES) / max(1, len(gold))
    return round(acc, 4), round(sum(per[c]["f1"] for c in learned.CLASSES) / 3, 4)


def out_of_fold(items: list[Item], folds: int) -> list[list[float]]:
    """Logits per item, each from a model that never saw the item's text."""
    feats = prune([it[2] for it in items])
    labels = [it[1] for it in items]
    groups = [f"{it[0]}:{it[4]}" for it in items]
    logits: list[list[float]] = [[] for _ in items]
    for train, test in GroupKFold(n_splits=folds).split(feats, labels, groups):
        vec, clf = fit(
            [feats[i] for i in train], [labels[i] for i in train], [items[i][0] for i in train]
        )
        layer = learned.LinearModel(export(vec, clf, {}))
        for i in test:
            logits[i] = layer.logits(feats[i])
    return logits


def decide(items: list[Item], logits: list[list[float]], margins: Margins) -> list[str]:
    layer = learned.LinearModel({"bias": [0, 0, 0], "weights": {}, "margins": margins})
    out = []
    for it, z in zip(items, logits, strict=True):
        if it[2]["e:prose"] > 0 and "e:tgt" not in it[2]:
            out.append(band(it[3]))  # prose sentences keep the rules' score
        else:
            out.append(layer.decide(it[3], z, learned.register(it[2])).label)
    return out


def report(
    items: list[Item], pred: list[str], title: str, quiet: bool = False
) -> tuple[float, bool]:
    """Print the rules alone vs the layer per set. Returns the sum of the layer's macro-F1
    over the sets of at least MIN_SET items, and whether none of them lost net (accuracy +
    macro-F1)."""
    line, total, no_loss = [], 0.0, True
    for name in dict.fromkeys(it[0] for it in items):
        idx = [i for i, it in enumerate(items) if it[0] == name]
        gold = [items[i][1] for i in idx]
        rules_only = scores(gold, [band(items[i][3]) for i in idx])
        layer = scores(gold, [pred[i] for i in idx])
        if len(idx) >= MIN_SET:  # a handful of items neither votes nor vetoes
            total += layer[1]
            if layer[0] + layer[1] < rules_only[0] + rules_only[1]:
                no_loss = False
        line.append(
            f"{name} {rules_only[0]:.4f}/{rules_only[1]:.4f} -> {layer[0]:.4f}/{layer[1]:.4f}"
        )
    if not quiet:
        print(f"{title}: " + "; ".join(line))
    return total, no_loss


def choose(items: list[Item], logits: list[list[float]]) -> Margins:
    """Per register, the margins with the best summed macro-F1 among those where no
    set loses net (accuracy + macro-F1) against the rules alone (out of fold)."""
    chosen: Margins = {}
    for register in learned.REGISTERS:
        idx = [i for i, it in enumerate(items) if learned.register(it[2]) == register]
        sub = [items[i] for i in idx]
        z = [logits[i] for i in idx]
        least_neutral, least_side = MIN_MARGINS[register]
        grid = [[n, s] for n in MARGINS for s in MARGINS if n >= least_neutral and s >= least_side]
        results = []
        for pair in grid:
            margins = {register: pair}
            f1, no_loss = report(sub, decide(sub, z, margins), f"  {register} {pair}", quiet=True)
            results.append((no_loss, f1, pair))
        best = max(results)
        report(sub, decide(sub, z, {register: best[2]}), f"  {register} {best[2]}")
        chosen[register] = best[2]
    return chosen


def band(score: float) -> str:
    return "positive" if score >= 0.15 else ("negative" if score <= -0.15 else "neutral")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--rows",
        choices=ROW_SPLITS,
        default="all",
        help="fit on every row or on a part; half-a / half-b split by text, as "
        "`python -m app sentiment eval --rows` does",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--margins",
        type=lambda text: [float(v) for v in text.split(",")],
        default=None,
        help="fixed margins (logits) instead of choosing them out of fold: one for all, or "
        "six: from neutral and from a side for a headline read whole, a headline read "
        "for a name, and prose",
    )
    parser.add_argument("--out", type=Path, default=learned.MODEL_PATH)
    args = parser.parse_args()

    items = load(args.data, args.rows)
    print(f"{len(items)} items from {args.data} (rows: {args.rows})")
    fixed = args.margins or [99.0]
    if len(fixed) not in (1, 6):
        parser.error("--margins takes one value or six")
    pairs = fixed * 6 if len(fixed) == 1 else fixed
    margins: Margins = {
        register: pairs[2 * i : 2 * i + 2] for i, register in enumerate(learned.REGISTERS)
    }
    if args.folds > 1:
        logits = out_of_fold(items, args.folds)
        if args.margins is None:
            margins = choose(items, logits)
        report(items, decide(items, logits, margins), f"out-of-fold, margins {margins}")
    vec, clf = fit(prune([it[2] for it in items]), [it[1] for it in items], [it[0] for it in items])
    model = export(vec, clf, margins)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(f"margins {margins}; {len(model['weights'])} weights; wrote {args.out} ({size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
