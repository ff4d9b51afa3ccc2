"""Mail as a library: rendering (render.py), the outbox (outbox.py), SMTP transport
(transport.py), link grants (grants.py) and the digest (digest.py). Knows nothing of Temporal."""
