"""Competence's HTTP routes, one module-level router per resource: records, entries, printed
documents, shares (staff), occupations, and the routes without an account (share links and the
check of a printed code); `errors` maps the domain's errors to answers, `deps` the settings."""
