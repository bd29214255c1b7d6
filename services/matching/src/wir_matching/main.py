"""The matching service: its composition root, found by `wir` through the `wir.services` entry point."""

from __future__ import annotations

from importlib.resources import files

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.matching.v1 import (
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    MentorshipEnded,
    PersonWaitingForMentor,
    VolunteerComplianceExpiring,
    VolunteerDeactivated,
    VolunteerRegistered,
    VolunteerSuspended,
    VolunteerUpdated,
)
from wir_kit import Job, ServiceSpec, every
from wir_matching import demo
from wir_matching.api import answers, proposals, runs, volunteers
from wir_matching.api.errors import ERRORS
from wir_matching.handlers import competence, intake
from wir_matching.jobs.compliance import check_compliance
from wir_matching.jobs.expiry import expired_proposals
from wir_matching.jobs.runs import due_runs
from wir_matching.jobs.waiting import waiting_alerts
from wir_matching.settings import MatchingSettings


def build(settings: MatchingSettings | None = None) -> ServiceSpec:
    """Matching as `wir` runs it; its own settings are read here, once (`WIR_MATCHING_*`)."""
    settings = settings or MatchingSettings()
    return ServiceSpec(
        name="matching",
        port=8003,
        description="Integrationslotsen and Paten matched to people's mentoring needs, district by "
        "district: volunteers' profiles and compliance, an optimal assignment with reasons, proposals "
        "answered by signed link, and a waiting list that says why.",
        migrations=files("wir_matching") / "migrations",
        subscriptions=[*intake.subscriptions(settings), *competence.subscriptions(settings)],
        publishes=[
            VolunteerRegistered,
            VolunteerUpdated,
            VolunteerDeactivated,
            VolunteerComplianceExpiring,
            VolunteerSuspended,
            ErasureCompleted,
            MatchProposed,
            MatchAccepted,
            MatchDeclined,
            MatchExpired,
            MatchWithdrawn,
            MentorshipEnded,
            PersonWaitingForMentor,
        ],
        routers=[
            volunteers.router,
            proposals.router,
            runs.router,
            answers.router,
        ],
        errors=ERRORS,
        settings=settings,
        seed_demo=demo.seed,
        background=_background(settings),
    )


def _background(settings: MatchingSettings) -> list[Job]:
    """The periodic checks, at the intervals the settings give."""
    return [
        every(settings.compliance_check_interval_s, check_compliance(settings), name="volunteer_compliance"),
        every(settings.run_check_interval_s, due_runs(settings), name="due_runs"),
        every(settings.expiry_check_interval_s, expired_proposals(settings), name="expired_proposals"),
        every(settings.waiting_check_interval_s, waiting_alerts(settings), name="waiting_alerts"),
    ]
