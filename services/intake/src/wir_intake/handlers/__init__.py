"""What intake does with the events it consumes, one module per producer: `intake` (its own
erasure requests), `every_service` (erasure confirmations), and `timeline` (one queue for the
timeline events of competence, matching, interpreting and notifications)."""
