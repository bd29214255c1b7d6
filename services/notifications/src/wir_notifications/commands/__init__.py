"""What changes the service's state, one module per aggregate, each in the caller's district
transaction: load, decide (the domain), save, and publish through the outbox. Notifications are
composed, deliveries move through their plan, the directory follows the producers' events, the
inbox is read, district settings give content and quiet hours."""
