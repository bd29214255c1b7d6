"""Every Prometheus metric of the kit, in the default registry.

Labels are bounded and carry no personal data: no district (33 and more districts times every
other label would multiply the series), no ids, no concrete paths, only route templates.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_HANDLED = Counter(
    "wir_events_handled_total",
    "Deliveries a subscriber finished, by outcome: handled, duplicate, retried, dead_lettered.",
    ("service", "queue", "outcome"),
)
HANDLER_SECONDS = Histogram(
    "wir_event_handler_seconds",
    "Time a subscriber spent on one delivery, until its ack or reject.",
    ("service", "queue"),
)
OUTBOX_PUBLISHED = Counter(
    "wir_outbox_published_total",
    "Outbox rows the relay published with a broker confirm.",
    ("service",),
)
OUTBOX_PUBLISH_FAILURES = Counter(
    "wir_outbox_publish_failures_total",
    "Outbox publish attempts that failed and will be retried, by reason.",
    ("service", "reason"),
)
UNROUTED_EVENTS = Gauge(
    "wir_unrouted_events",
    "Events waiting in the installation's unrouted queue (published, but no queue is bound for "
    "them), as the service's active relay last counted them.",
    ("service",),
)
RELAY_ACTIVE = Gauge(
    "wir_relay_active",
    "1 on the replica holding the relay lock, 0 on standbys.",
    ("service",),
)
HTTP_REQUESTS = Counter(
    "wir_http_requests_total",
    "HTTP requests answered, by method, route template and status.",
    ("service", "method", "route", "status"),
)
HTTP_SECONDS = Histogram(
    "wir_http_request_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ("service", "method", "route"),
)
