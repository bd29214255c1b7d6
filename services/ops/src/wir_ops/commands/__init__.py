"""One module per `wir` command, named as the command (`wir seed-demo` is `seed_demo.py`): it
parses, calls the operation and prints what happened. What a command does beyond that lies
beside it, named `<command>_<what>.py` (`wir dlq`: `dlq_letters.py`, `dlq_queues.py`)."""
