"""Market-desk and column vocabulary: how traders, strategists and market columns name
a good or a poor setup ("a multibagger", "a tepid response", "profit-taking", "gold
shines"). Full weight in the finance channel, like ``lexicon.FINANCE_VALENCE``, which
takes these in (space-separated, as its own lists).

Written for this scorer from general market usage; words common in company prose with
another sense ("tanks" as containers, "support" as help, "correction" of a release) are
left out or read by a rule in context.
"""

from __future__ import annotations

# A good setup.
DESK_POSITIVE = (
    "outperformer outperformers multibagger multibaggers run-up comeback comebacks turnaround "
    "rerating re-rating rerated re-rated upmove upswing breakout undervalued thumbs-up "
    "over-subscribed shines shone glitters glittered"
)
# A poor one: thin demand, a weak tape, a sell-off, a supply overhang.
DESK_NEGATIVE = (
    "downbeat tepid lacklustre lackluster subdued muted underperformer underperformers laggard "
    "laggards overhang oversupply bottleneck bottlenecks profit-taking profit-booking wary rout "
    "meltdown bloodbath carnage crunch downswing overbought frothy choppy choppiness caution "
    "shaky fragile grim"
)
