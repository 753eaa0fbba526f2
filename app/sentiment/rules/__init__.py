"""Finance rules: turn a token stream into signed signals.

Each signal is ``(position, value, prefers_following)``: ``position`` is the
token index the signal comes from (used to bind it to the nearest ticker),
``value`` is signed strength (about ±1 for one clear statement), and
``prefers_following`` says the signal's target is usually the next ticker
("long SPY", "underweight VTWO") rather than the nearest one.

Rule families, one module each, applied by ``runner`` in one left-to-right
pass plus a valence pass. Each pass is an ordered table of (trigger, rule)
entries (``dispatch``); the first rule that fires on a token uses it:

* ``quantities``: direction × quantity ("profit fell", "costs rose", "net loss
  narrowed") and state changes ("swung to a loss", "returned to profit");
* ``comparisons``: figures ("EUR 5m compared with EUR 4m", "a loss versus a
  profit"), expectations and peers ("beat estimates", "outperformed");
* ``stance``: "long X", "underweight X", "buy puts on X", "upgraded to buy",
  headline imperatives ("Buy X and Y");
* ``analyst``: rating moves ("cuts to Neutral") and camps ("gains a bull");
* ``markets``: "+4%", "buy the dip" / "sell the rally", levels ("52-week high");
* ``corporate``: deals, closures, troubles ended ("settles the lawsuit"),
  "progressed well", "become the largest";
* ``deal_acts``: deals blocked or cleared, buybacks started;
* ``results``: acts on a guide or a payout ("withdrew its forecast", "upgraded its
  outlook", "no dividend will be paid"), "negatively affected by", "surprise profit";
* ``valence``: finance valence words ("bankruptcy", "robust", "headwinds").

``readings`` settles the readings that depend on a neighbouring word ("profit
before taxes", "short interest") before the pass. ``table`` holds the per-word
facts the rules read, ``context`` the per-sentence
state and window helpers (negators such as "not", "no longer", "failed to" flip
the signal that follows them), ``amounts`` figure parsing.
"""

from app.sentiment.rules.runner import RuleRunner
from app.sentiment.rules.table import LEXICON, SCORED_WORDS, Signal
from app.sentiment.rules.valence import NEEDS_NEXT, RECORD_NEXT

__all__ = ["LEXICON", "NEEDS_NEXT", "RECORD_NEXT", "SCORED_WORDS", "RuleRunner", "Signal"]
