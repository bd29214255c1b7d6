"""HTTP, one router per resource: the recipient's own inbox, a person's notifications (delivery
status staff may see), a district's settings. `deps` holds what routes take besides the kit's
database and callers; `errors` how the service's named errors answer."""
