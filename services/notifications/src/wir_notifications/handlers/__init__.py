"""What the service does with the events it consumes, one module per producer: intake's people,
matching's volunteers and matches, interpreting's interpreters and appointments, competence's
shared records, and `due_deliveries` for the release the service schedules for itself.

Each runs in the kit's district transaction, which also claims the inbox: a redelivered event
changes nothing. The subscription names are the queues' operational names: never rename one.
"""
