"""The service's own Prometheus metrics; labels are bounded and carry no personal data."""

from __future__ import annotations

from prometheus_client import Counter

DELIVERY_ATTEMPTS = Counter(
    "wir_notifications_delivery_attempts_total",
    "Attempts to hand a message to a channel, by channel and outcome (sent, transient, permanent).",
    ("channel", "outcome"),
)
