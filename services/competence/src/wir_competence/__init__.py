"""The competence service: each person's Kompetenznachweis, its history, its bilingual PDF and
consented, revocable sharing with potential employers."""
