"""Research notes and the finance sentiment scorer."""
