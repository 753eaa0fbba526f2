"""Sources of a statement take no reading: "according to X", "an analyst at X", "…, X
said."; a name that is the statement's subject keeps it."""

from __future__ import annotations

import pytest

from app.sentiment.sources import is_source
from app.sentiment.targets import scorer_for_targets
from app.sentiment.tokens import tokenize


def _source(text: str, name: str) -> bool:
    low = tokenize(text).low
    words = tokenize(name).low
    start = next(i for i in range(len(low)) if low[i : i + len(words)] == words)
    return is_source(low, start, start + len(words))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Profit beat estimates, according to preliminary data from Acme Data.", "Acme Data"),
        ("'Demand is fading fast,' said Jane Roe, chief economist at Acme Bank.", "Acme Bank"),
        ("Default rates stayed low in the quarter, Acme Bank said.", "Acme Bank"),
        ("'A strong positive for the sector,' Acme analysts wrote in a note on Monday.", "Acme"),
        ("'Inflation is a problem,' he told Acme News.", "Acme News"),
        ("Orders rose for a third month, Acme Survey data showed.", "Acme Survey"),
    ],
)
def test_a_source_is_recognised(text: str, name: str) -> None:
    assert _source(text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Acme said its profit rose 8% in the quarter.", "Acme"),
        ("The chief executive of Acme said demand was strong.", "Acme"),
        ("Acme said demand was strong, and its shares rose.", "Acme"),
        ("Shares of Acme rose after the report.", "Acme"),
    ],
)
def test_a_subject_is_no_source(text: str, name: str) -> None:
    assert not _source(text, name)


def test_a_source_reads_neutral_and_the_subject_keeps_the_statement() -> None:
    text = "Globex shares slumped after a profit warning, according to Initech Research."
    scorer, symbols = scorer_for_targets(("Globex", "Initech Research"), use_learned=False)
    tickers = scorer.score_document(text, recaps=False).tickers
    assert tickers[symbols[0]].score <= -0.15
    assert tickers[symbols[1]].score == 0.0


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Acme Securities downgrades Globex to sell.", "Acme Securities"),
        ("Globex slides on Acme downgrade.", "Acme"),
        ("Acme cut its target for Globex to $40.", "Acme"),
        ("Acme slashes its Brent price forecasts.", "Acme"),
        ("Globex falls; Acme cuts to 'underperform'.", "Acme"),
        ("Globex gains after Acme starts with 'outperform'.", "Acme"),
        ("Why Acme cut Indian markets to 'neutral'.", "Acme"),
        ("Acme initiates coverage of Globex.", "Acme"),
    ],
)
def test_a_broker_judging_another_is_a_source(text: str, name: str) -> None:
    assert _source(text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Globex raises its revenue outlook.", "Globex"),  # its own guidance
        ("Globex upgraded to buy at Acme.", "Globex"),  # the stock upgraded
        ("Globex cuts 500 jobs.", "Globex"),
        ("Globex starts production at its new plant.", "Globex"),
    ],
)
def test_a_company_acting_on_itself_is_no_source(text: str, name: str) -> None:
    assert not _source(text, name)


def test_the_judged_name_takes_the_call_and_the_broker_stays_neutral() -> None:
    text = "Globex falls; Acme Securities downgrades to 'neutral'"
    scorer, symbols = scorer_for_targets(("Globex", "Acme Securities"), use_learned=False)
    tickers = scorer.score_document(text, recaps=False).tickers
    assert tickers[symbols[0]].score <= -0.15
    assert tickers[symbols[1]].score == 0.0
    cut = "Acme cut its target for Globex"
    scorer, symbols = scorer_for_targets(("Acme", "Globex"), use_learned=False)
    tickers = scorer.score_document(cut, recaps=False).tickers
    assert tickers[symbols[0]].score == 0.0
    assert tickers[symbols[1]].score <= -0.15


def test_a_headlines_closing_attribution_is_a_source_but_a_ticker_list_is_not() -> None:
    text = "View on Globex remains bullish: Jane Roe, Initech Securities"
    scorer, symbols = scorer_for_targets(("Globex", "Initech Securities"), use_learned=False)
    tickers = scorer.score_document(text, recaps=False).tickers
    assert tickers[symbols[0]].score >= 0.15
    assert tickers[symbols[1]].score == 0.0
    picks = "Our three top picks for 2025: Globex, Initech"
    scorer, symbols = scorer_for_targets(("Globex", "Initech"), use_learned=False)
    tickers = scorer.score_document(picks, recaps=False).tickers
    assert all(tickers[symbol].score >= 0.15 for symbol in symbols)
