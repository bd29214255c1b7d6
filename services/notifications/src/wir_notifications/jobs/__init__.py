"""The service's background loops, run on every replica: the sender, which hands due deliveries
to their channels, and the report of messages whose recipient never appeared."""
