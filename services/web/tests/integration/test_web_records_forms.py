"""The entry form's translation to competence's body and back, and competence's problems placed
beside the form's fields: no service needed."""

from __future__ import annotations

from wir_web.pages.records_forms import entry_from_form, field_errors, form_from_entry


def test_a_work_form_becomes_competences_body_without_blanks() -> None:
    form = {
        "occupation": "7512",
        "years": "4,5",
        "country": "SY",
        "started_on": "",
        "evidence_kind": "self_declared",
    }
    assert entry_from_form("work", form) == {
        "kind": "work",
        "occupation": "7512",
        "years": 4.5,
        "country": "SY",
        "evidence": {"kind": "self_declared"},
    }


def test_a_number_that_is_none_is_sent_as_typed_so_competence_names_the_field() -> None:
    body = entry_from_form("schooling", {"years": "twelve", "isced_level": "3", "certificate": "on"})
    assert body["years"] == "twelve" and body["isced_level"] == 3 and body["certificate"] is True


def test_a_language_keeps_its_evidence_as_a_plain_value() -> None:
    body = entry_from_form("language", {"language": "deu", "listening": "B1", "evidence": "self_assessment"})
    assert body == {
        "kind": "language",
        "language": "deu",
        "native": False,
        "listening": "B1",
        "evidence": "self_assessment",
    }


def test_a_stored_entry_fills_the_form_again() -> None:
    stored = {
        "kind": "work",
        "years": 4.5,
        "evidence": {"kind": "certificate", "issuer": "X", "number": None},
    }
    assert form_from_entry(stored) == {
        "kind": "work",
        "years": "4.5",
        "evidence_kind": "certificate",
        "evidence_issuer": "X",
    }


def test_problems_land_beside_their_fields_and_the_rest_above_the_form() -> None:
    problems = {
        "work.ended_on": "the end lies in the future",
        "work.evidence": "a certificate needs its issuer and number",
        "work.evidence.number": "too long",
        "form": "an entry keeps its kind; add a new entry",
    }
    by_field, general = field_errors("work", problems)
    assert by_field == {
        "ended_on": "the end lies in the future",
        "evidence_kind": "a certificate needs its issuer and number",
        "evidence_number": "too long",
    }
    assert general == ["an entry keeps its kind; add a new entry"]
