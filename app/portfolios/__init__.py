"""Saved pair trades and portfolios: what users keep to watch, with their analytics."""
