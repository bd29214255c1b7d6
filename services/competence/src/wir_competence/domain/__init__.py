"""Competence's pure rules and models: entries and their validation, the record as read at a
moment, ISCO-08 occupations and the printed labels (with their data), the summary and milestone
events, share links and their verdict, verification codes, the printed document's text, and the
named errors. No I/O, no framework, no kit."""
