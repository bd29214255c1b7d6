"""The operator CLI `wir`: migrations, the local platform, demo data, tokens, dead letters.

`cli.py` lists the commands; `commands/` holds each one beside its helpers. Shared by every
command: `registry` (the installed services), `selection` (the ones a command acts on),
`configuration` (settings from `WIR_*`) and `output`. `sandbox` runs a throwaway `wir run`
for end-to-end tests and benchmarks.
"""
