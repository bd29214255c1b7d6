"""The runtime every WIR service is built from. What a service may use is named here; the
rest is the kit's own (and the operator CLI's), and may change without notice.

A test locks this list (`tests/unit/test_public_api.py`): a name added here is a promise.
"""

from wir_kit.api import Coordinator, Database, Instant, Staff, settings_of
from wir_kit.auth import CurrentPrincipal, Principal, Role, principal, require_roles
from wir_kit.db import Db, Tx
from wir_kit.http_errors import Answer, invalid, invalid_model, refused, shown
from wir_kit.jobs import each_district, every, nap
from wir_kit.links import (
    BadLink,
    LinkClaim,
    LinkExpired,
    choice_form,
    form_value,
    link_notice,
    link_page,
    link_page_answer,
    read_link,
    sign_link,
)
from wir_kit.logging import get_logger
from wir_kit.resources import Resources
from wir_kit.service import Job, ServiceSpec
from wir_kit.settings import Settings
from wir_kit.sqlfile import load_queries
from wir_kit.subscriptions import PermanentFailure, Subscription
from wir_kit.tx import RowClaim

__all__ = [
    "Answer",
    "BadLink",
    "Coordinator",
    "CurrentPrincipal",
    "Database",
    "Db",
    "Instant",
    "Job",
    "LinkClaim",
    "LinkExpired",
    "PermanentFailure",
    "Principal",
    "Resources",
    "Role",
    "RowClaim",
    "ServiceSpec",
    "Settings",
    "Staff",
    "Subscription",
    "Tx",
    "choice_form",
    "each_district",
    "every",
    "form_value",
    "get_logger",
    "invalid",
    "invalid_model",
    "link_notice",
    "link_page",
    "link_page_answer",
    "load_queries",
    "nap",
    "principal",
    "read_link",
    "refused",
    "require_roles",
    "settings_of",
    "shown",
    "sign_link",
]
