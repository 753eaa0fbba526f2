"""Notifications through the outbox: webhook signing, SMTP, delivery with retries."""
