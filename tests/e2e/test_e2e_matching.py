"""End to end: intake, matching and notifications as separate processes started by `wir run`.

A coordinator registers a volunteer and a case manager a Dari-speaking person with a mentoring
need; the district's assignment proposes the volunteer, whose e-mail at the SMTP sink carries a
signed link; the volunteer accepts through it without an account, and the person is told in Dari
how to reach the mentor.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import httpx

from wir_kit.auth import issue_dev_token
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.waiting import eventually
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import sandbox

DOCUMENTS = ("criminal_record_certificate", "confidentiality_declaration")


def volunteer(email: str) -> dict[str, object]:
    return {
        "contact": {"display_name": "Jutta Weber", "email": email, "channels": ["email"]},
        "preferred_language": "deu",
        "languages": [{"language": "deu", "native": True}, {"language": "prs", "level": "B2"}],
        "municipality": HEPPENHEIM,
        "travel_km": 15,
        "topics": ["authorities", "housing"],
        "capacity": 1,
        "weekly": [{"weekday": day, "start": "17:00", "end": "19:00"} for day in range(5)],
        "share_contact": {"display_name": "Jutta", "email": email, "channels": ["email"]},
    }


def dari_speaker(email: str) -> dict[str, object]:
    return {
        "given_names": "آمنه",
        "family_name": "رحیمی",
        "transliteration": "Amina Rahimi",
        "date_of_birth": {"year": 1994},
        "country_of_origin": "AF",
        "nationalities": ["AF"],
        "languages": [{"language": "prs", "level": "native"}],
        "preferred_language": "prs",
        "contact": {"email": email, "channels": ["email"]},
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-11-01",
        "residence_status": "aufenthaltsgestattung",
        "consents": [
            {"purpose": purpose, "given": True, "legal_basis": "consent"}
            for purpose in ("processing", "contact_email", "share_with_volunteers")
        ],
    }


async def test_a_proposal_accepted_through_its_link_tells_the_person_how_to_reach_the_mentor(
    sink: MailSink,
) -> None:
    async with sandbox(["intake", "matching", "notifications"], sink.environ()) as platform:

        def bearer(role: str) -> dict[str, str]:
            token = issue_dev_token(platform.settings, sub=f"e2e-{role}", district=BERGSTRASSE, roles=[role])
            return {"Authorization": f"Bearer {token}"}

        coordinator, case_manager = bearer("coordinator"), bearer("case_manager")
        mentor_email = f"jutta.{uuid.uuid4().hex[:8]}@example.org"
        person_email = f"amina.{uuid.uuid4().hex[:8]}@example.org"
        async with httpx.AsyncClient(timeout=10.0) as http:
            created = await http.post(
                platform.url("matching", "/volunteers"), json=volunteer(mentor_email), headers=coordinator
            )
            assert created.status_code == 201, created.text
            volunteer_id = created.json()["volunteer_id"]
            valid = {"expires_on": (date.today() + timedelta(days=365)).isoformat()}
            for kind in DOCUMENTS:
                url = platform.url("matching", f"/volunteers/{volunteer_id}/documents/{kind}")
                assert (await http.put(url, json=valid, headers=coordinator)).status_code == 200

            registered = await http.post(
                platform.url("intake", "/persons?confirmed_new=true"),
                json=dari_speaker(person_email),
                headers={**case_manager, "Idempotency-Key": str(uuid.uuid4())},
            )
            assert registered.status_code == 201, registered.text
            person_id = registered.json()["id"]
            need = await http.post(
                platform.url("intake", f"/persons/{person_id}/needs"),
                json={"kind": "mentoring", "topics": ["housing"]},
                headers={**case_manager, "Idempotency-Key": str(uuid.uuid4())},
            )
            assert need.status_code == 201, need.text

            async def proposed() -> bool:
                run = await http.post(platform.url("matching", "/runs"), headers=coordinator)
                return run.status_code == 200 and bool(run.json()["proposed"])

            assert await eventually(proposed, timeout=60.0)

            proposal = (await sink.wait_for(mentor_email)).message
            text = proposal.get_body(preferencelist=("plain",))
            assert text is not None
            [link] = re.findall(r"https?://\S+/answers/(\S+)", text.get_content())
            page = await http.get(platform.url("matching", f"/answers/{link}"))
            assert page.status_code == 200 and "text/html" in page.headers["content-type"]
            accepted = await http.post(platform.url("matching", f"/answers/{link}/accept"))
            assert accepted.status_code == 200, accepted.text

        told = await eventually(lambda: _accepted_message(sink, person_email), timeout=60.0)
        assert told


async def _accepted_message(sink: MailSink, address: str) -> bool:
    """The person's second message (after the welcome) names the mentor, in Dari's script."""
    for received in sink.to(address):
        body = received.message.get_body(preferencelist=("plain",))
        if body is not None and "Jutta" in body.get_content():
            return any("\u0600" <= ch <= "\u06ff" for ch in body.get_content())
    return False
