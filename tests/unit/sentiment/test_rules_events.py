"""Corporate events in plain news language: deals, capital actions, credit, restructuring,
legal and regulatory news, and the neutral facts that sit beside them."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    "text",
    [
        "The engineering group won a EUR 40 million contract to build a bridge in Poland.",
        "The shipyard has received an order for two cruise ferries.",
        "The company sold its loss-making paper division.",
        "The board raised the dividend by 10 percent.",
        "The company launched a share buyback programme of up to EUR 50 million.",
        "The company refinanced its debt at a lower interest rate.",
        "Moody's upgraded the company's credit rating to Baa2.",
        "The cost-cutting programme is expected to deliver annual savings of EUR 30 million.",
        "The competition authority closed its probe without taking action.",
        "The company settled the lawsuit with its former partner.",
        "The drug received approval from the FDA.",
        "The company was awarded a five-year maintenance contract by the city.",
        "The acquisition will strengthen the group's position in Germany.",
        "The company won the patent case against its rival.",
        "S&P raised its outlook on the company to positive.",
        "The antitrust authority cleared the acquisition without conditions.",
        "The company resumed dividend payments after a three-year break.",
        "The steelmaker reopened its plant after the strike ended.",
        "Recession fears eased on Friday.",
        "The lawsuit was dismissed by the court.",
        "The court did not block the deal.",
    ],
)
def test_good_corporate_news(fin_scorer: SentimentScorer, text: str) -> None:
    """Orders won, troubles ended, upgrades, buybacks, deals cleared."""
    assert polarity(fin_scorer, text) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "The defence company lost a major contract with the navy.",
        "The customer cancelled its order for six aircraft.",
        "Regulators blocked the planned merger of the two telecom operators.",
        "The takeover deal was terminated after the buyer failed to secure financing.",
        "The utility cut its dividend for the first time in a decade.",
        "The airline suspended its dividend to preserve cash.",
        "The new share issue will dilute existing shareholders.",
        "S&P downgraded the retailer to junk status.",
        "Fitch revised the outlook on the bank to negative.",
        "The property developer defaulted on its bond payments.",
        "The company breached the covenants on its bank loans.",
        "The carmaker will close its assembly plant in Belgium.",
        "The bank will cut 2,000 jobs over the next two years.",
        "The chief executive resigned after the accounting scandal.",
        "The CEO was ousted by the board following a string of profit warnings.",
        "The regulator fined the bank EUR 5 million for money laundering failures.",
        "Authorities opened an investigation into the company's accounts.",
        "The FDA rejected the company's application for the new drug.",
        "The carmaker recalled 200,000 vehicles over faulty brakes.",
        "The airline filed for bankruptcy protection.",
        "The company issued a profit warning.",
        "The deal collapsed after talks broke down.",
        "The court ruled against the company in the patent dispute.",
        "The company said it will lay off 500 workers.",
        "The mine was shut after a fatal accident.",
        "Rating agency Moody's cut the bank's rating by two notches.",
        "The European Commission opened an antitrust probe into the chipmaker.",
        "The competition watchdog is expected to block the deal.",
        "The company missed an interest payment on its bonds.",
        "The bank was hit with a USD 1 billion fine.",
        "The company scrapped its share buyback.",
        "The insurer took a EUR 200 million writedown on its investments.",
        "The store closed after the strike.",
        "Quality problems emerged at the new plant.",
        "The loss stems from write-downs on the loan book.",
        "The company did not launch the planned buyback.",
        "The dispute ended talks on a new wage deal.",
    ],
)
def test_bad_corporate_news(fin_scorer: SentimentScorer, text: str) -> None:
    """Orders lost, deals blocked, cuts, downgrades, defaults, fines, recalls."""
    assert polarity(fin_scorer, text) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "The software maker agreed to buy a smaller rival for USD 300 million.",
        "The merger of the two banks was completed on 1 March.",
        "The annual general meeting will be held on 15 April in Helsinki.",
        "The new shares were registered in the trade register on 3 May.",
        "The board appointed John Smith as chief financial officer.",
        "The company designs and manufactures industrial pumps.",
        "The company operates 120 stores in the Nordic countries.",
        "The group employs about 5,000 people in 20 countries.",
        "The company will publish its interim report on 25 July.",
        "The company's shares will be listed on the Helsinki stock exchange.",
        "The company will change its name to Nordic Holdings.",
        "The transaction is expected to close in the second quarter.",
        "The new apartment block is close to the city centre.",
        "The company announced the acquisition of a Swedish rival.",
        "The vehicle breached the security checkpoint.",
        "The chairman recalled that the company was founded in 1920.",
        "The company upgraded its paper machine in Oulu.",
        "The company resumed trading on the stock exchange.",
        "The fine arts foundation opened a new gallery.",
    ],
)
def test_neutral_corporate_facts(fin_scorer: SentimentScorer, text: str) -> None:
    """Meetings, registrations, appointments, business descriptions."""
    assert polarity(fin_scorer, text) == "neutral"
