"""The finance sentiment scorer: tokens, splitter, lexicon, rules, stance, evaluation.

``app.sentiment.scorer`` holds ``SentimentScorer``; the research notes
(``app.research``) store what it returns.
"""
