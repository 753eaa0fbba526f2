"""Alerts: rules over prices and research scores, their events, and the scheduler lease.

Importing the package connects alerts to the writes it watches (a refresh, a note
write) and to the pair report's marks; see `triggers`.
"""

from app.alerts import triggers

triggers.connect()
