"""Entity targets: a text's named entities bound together, each keeping its own reading;
names are not words of the lexicon; readings bind within their clause."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.sentiment import learned
from app.sentiment.scorer import SentimentScorer
from app.sentiment.targets import co_targets, scorer_for_targets, target_scorer


def test_co_targets_group_each_texts_names_in_order() -> None:
    rows = [("Acme", "t1"), ("Globex", "t1"), ("Acme", "t1"), ("Initech", "t2")]
    assert co_targets(rows) == {"t1": ("Acme", "Globex"), "t2": ("Initech",)}


def test_each_named_entity_keeps_its_own_verb() -> None:
    text = "Gold shines on haven demand, silver slumps on weak industrial orders"
    score = target_scorer([("Gold", text), ("silver", text)])
    assert score("Gold", text) >= 0.15
    assert score("silver", text) <= -0.15


def test_a_target_missing_from_its_text_scores_none() -> None:
    score = target_scorer([("Acme", "Globex rallies 5%")])
    assert score("Acme", "Globex rallies 5%") is None


def test_upper_case_names_stay_symbols_and_others_get_their_own() -> None:
    _, symbols = scorer_for_targets(("HDFC", "Acme Corp", "Globex"))
    assert symbols[0] == "HDFC"
    assert len(set(symbols)) == 3


def test_a_list_of_names_shares_the_verb_after_it() -> None:
    text = (
        "American Airlines fell about 3.8%, while United Airlines Holdings, Southwest "
        "Airlines and Delta Air Lines fell between 3.5% and 4.4%."
    )
    names = (
        "American Airlines",
        "United Airlines Holdings",
        "Southwest Airlines",
        "Delta Air Lines",
    )
    scorer, symbols = scorer_for_targets(names, use_learned=False)
    tickers = scorer.score_document(text).tickers
    # "Holdings" in a name is not the neutral quantity "holdings" ("holdings fell").
    assert all(tickers[symbol].score <= -0.15 for symbol in symbols)


def test_a_reading_stays_in_its_clause() -> None:
    scorer = SentimentScorer(("CN", "IN"), {"CN": ("China",), "IN": ("India",)}, use_learned=False)
    result = scorer.score_document("Stocks slump on war worries; China gains 2%, India flat")
    # The slump is about "stocks", a subject of its own clause, not about China.
    assert result.tickers["CN"].score >= 0.15


def test_other_names_read_as_one_placeholder() -> None:
    low = ["acme", "gains", ",", "globex", "slides"]
    feats = learned.features(low, 0.0, 0.5, (0, 1), False, learned.NO_EVIDENCE, [(3, 4)])
    assert "w:<o>" in feats and "w:globex" not in feats
    assert "c:<t>" in feats


def test_a_headline_preference_names_both_sides() -> None:
    text = "Prefer Initech over Globex in the software space: fund manager"
    score = target_scorer([("Initech", text), ("Globex", text)])
    assert score("Initech", text) >= 0.15
    assert score("Globex", text) <= -0.15


def test_would_not_buy_either_name() -> None:
    text = "I would not buy either Initech or Globex now: analyst"
    score = target_scorer([("Initech", text), ("Globex", text)])
    assert score("Initech", text) <= -0.15


def test_tanks_after_a_name_is_a_fall() -> None:
    text = "Index ends flat; Initech tanks after results"
    score = target_scorer([("Initech", text)])
    assert score("Initech", text) <= -0.15


def test_reported_moves_count_for_an_entity_but_not_as_a_notes_view() -> None:
    text = (
        "Initech shares fell 6% on Tuesday. The stock closed at a two-year low. "
        "Trading volume was twice the daily average."
    )
    assert target_scorer([("Initech", text)])("Initech", text) <= -0.15
    scorer, (symbol,) = scorer_for_targets(("Initech",))
    # In a note, a recap of moves with no author voice is no view.
    assert abs(scorer.score_document(text).tickers[symbol].score) < 0.15


def _flat_list(count: int) -> str:
    return "Name0 slumps 5%; " + "; ".join(f"Name{i} flat" for i in range(1, count))


def test_a_text_with_too_many_targets_binds_each_row_alone() -> None:
    few, many = _flat_list(10), _flat_list(40)
    # Bound together, the slump stays with Name0's clause and Name5 reads neutral ...
    few_score = target_scorer([(f"Name{i}", few) for i in range(10)])("Name5", few)
    assert few_score is not None and abs(few_score) < 0.15
    # ... past the cap each row stands alone and takes the whole headline's reading.
    many_score = target_scorer([(f"Name{i}", many) for i in range(40)])("Name5", many)
    assert many_score is not None and many_score <= -0.15


@given(
    gaps=st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3)), min_size=1, max_size=12),
    pos=st.integers(0, 80),
)
def test_nearest_group_matches_a_full_scan(gaps: list[tuple[int, int]], pos: int) -> None:
    from app.sentiment.entities import Mention
    from app.sentiment.scorer import _nearest_group

    groups, at = [], 0
    for gap, length in gaps:  # non-overlapping groups in text order
        at += gap
        groups.append([Mention(at, at + length, "X", True)])
        at += length
    best, best_dist = -1, 1 << 30
    for index, group in enumerate(groups):  # the reference: every group, ties to the earlier
        start, end = group[0].start, group[-1].end
        dist = start - pos if pos < start else (pos - end + 1 if pos >= end else 0)
        if dist < best_dist or (dist == best_dist and pos >= end):
            best, best_dist = index, dist
    starts = [group[0].start for group in groups]
    assert _nearest_group(pos, list(range(len(groups))), starts, groups) == best


def test_a_comma_before_a_second_name_starts_its_clause() -> None:
    text = "Globex hits a 15-year high, Initech holds its dividend steady"
    scorer, symbols = scorer_for_targets(("Globex", "Initech"), use_learned=False)
    tickers = scorer.score_document(text, recaps=False).tickers
    # The high is Globex's, though Initech is the nearer name.
    assert tickers[symbols[0]].score >= 0.15
    assert abs(tickers[symbols[1]].score) < 0.15


def test_a_comma_after_an_unnamed_opening_keeps_it_with_the_name() -> None:
    scorer, symbols = scorer_for_targets(("Globex",), use_learned=False)
    text = "After a blowout quarter, Globex shares soared"
    assert scorer.score_document(text, recaps=False).tickers[symbols[0]].score >= 0.15


def test_a_move_word_right_after_a_name_is_its_price_moving() -> None:
    text = "Globex gains; Initech cuts its outlook"
    scorer, symbols = scorer_for_targets(("Globex", "Initech"), use_learned=False)
    tickers = scorer.score_document(text, recaps=False).tickers
    assert tickers[symbols[0]].score >= 0.15
    assert tickers[symbols[1]].score <= -0.15
    sinks = "Markets steady, Initech sinks after the audit"
    scorer, symbols = scorer_for_targets(("Initech",), use_learned=False)
    assert scorer.score_document(sinks, recaps=False).tickers[symbols[0]].score <= -0.15


def test_the_index_a_name_is_set_to_underperform_is_only_the_benchmark() -> None:
    text = "Bank stocks to underperform Globex Index in the short run"
    scorer, symbols = scorer_for_targets(("Bank stocks", "Globex Index"), use_learned=False)
    tickers = scorer.score_document(text, recaps=False).tickers
    assert tickers[symbols[0]].score <= -0.15
    assert tickers[symbols[1]].score == 0.0
