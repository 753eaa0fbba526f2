"""The finance sentiment engine: tokens, splitter, lexicon, rules, stance, evaluation.

``app.sentiment.engine`` holds ``SentimentEngine``; the research notes
(``app.research``) store what it returns.
"""
