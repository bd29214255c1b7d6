"""The interpreting service: its composition root, found by `wir` through the `wir.services` entry point."""

from __future__ import annotations

from importlib.resources import files

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentConfirmed,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeactivated,
    InterpreterDeclined,
    InterpreterRegistered,
    InterpreterUpdated,
    InterpretingRequested,
    InterpretingUnfilled,
)
from wir_interpreting import demo
from wir_interpreting.api import answers, appointments, calendar, interpreters, rules, statements, steps
from wir_interpreting.api.errors import ERRORS
from wir_interpreting.handlers import intake
from wir_interpreting.jobs.compliance import check_compliance
from wir_interpreting.jobs.expiry import expired_assignments
from wir_interpreting.jobs.neighbours import announce_neighbour_bookings
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Job, ServiceSpec, every


def build(settings: InterpretingSettings | None = None) -> ServiceSpec:
    """Interpreting as `wir` runs it; its own settings are read here, once (`WIR_INTERPRETING_*`)."""
    settings = settings or InterpretingSettings()
    return ServiceSpec(
        name="interpreting",
        port=8004,
        description="The district's language pool (Sprachpool) of community interpreters: profiles, "
        "availability and compliance; requests assigned automatically or by hand, confirmed by signed link, "
        "never double-booked; reminders, cancellations, completion and the monthly allowance statement; "
        "neighbouring pools that opt in.",
        migrations=files("wir_interpreting") / "migrations",
        extensions=("btree_gist",),
        subscriptions=[*intake.subscriptions(settings)],
        publishes=[
            InterpreterRegistered,
            InterpreterUpdated,
            InterpreterDeactivated,
            InterpreterComplianceExpiring,
            InterpretingRequested,
            InterpreterAssigned,
            AppointmentConfirmed,
            InterpreterDeclined,
            AppointmentRescheduled,
            AppointmentCancelled,
            AppointmentReminderDue,
            AppointmentCompleted,
            InterpretingUnfilled,
            ErasureCompleted,
        ],
        routers=[
            interpreters.router,
            calendar.router,
            rules.router,
            appointments.router,
            answers.router,
            steps.router,
            statements.router,
        ],
        errors=ERRORS,
        settings=settings,
        seed_demo=demo.seed,
        background=_background(settings),
    )


def _background(settings: InterpretingSettings) -> list[Job]:
    """The periodic checks, at the intervals the settings give."""
    return [
        every(settings.expiry_check_interval_s, expired_assignments(settings), name="expired_assignments"),
        every(
            settings.compliance_check_interval_s, check_compliance(settings), name="interpreter_compliance"
        ),
        every(
            settings.neighbour_check_interval_s,
            announce_neighbour_bookings(settings),
            name="neighbour_bookings",
        ),
    ]
