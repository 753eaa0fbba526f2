"""Alerts: rules over prices and research scores, their events, and the scheduler lease."""
