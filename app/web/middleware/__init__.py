"""ASGI middlewares, one per module; app.web.app and app.web.security install them.

An answer a middleware gives on its own (a refusal, a server error) follows the one
error policy of app.web.errors: a page for browsers, JSON for API clients.
"""
