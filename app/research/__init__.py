"""Research notes and the finance sentiment engine."""
