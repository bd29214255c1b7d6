"""Typed access to the notifications schema, one module and one `.sql` file of named queries per
table it keeps: recipients (the directory), notifications, deliveries and their history, the
inbox's messages, district settings, and the versions of the matches and appointments seen.
Every function takes the district transaction."""
