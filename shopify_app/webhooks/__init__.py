"""Webhook intake (verify, record once, enqueue) and the handlers per topic."""
