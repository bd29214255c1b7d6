"""The event contracts the WIR services share, and nothing else.

Import from the modules: `envelope` (the Event base, `tolerant`), `districts`, the vocabularies
(`languages`, `countries`, `cefr`, `consent`, `channels`, `needs`, `gender`, `contact`, `services`),
the producers' versioned events (`intake.v1`, ..., `common.v1`), `catalog`, `compat`.
"""
