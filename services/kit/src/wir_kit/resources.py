"""What a running service lends its routes and jobs: the database and the settings.

A protocol rather than the runtime itself, so that what a service declares (`ServiceSpec`) and
what runs it (`Runtime`) do not know each other, and a job can be run on anything that has a
database (a test's fixture, the operator CLI).
"""

from __future__ import annotations

from typing import Protocol

from wir_kit.db import Db
from wir_kit.settings import Settings


class Resources(Protocol):
    @property
    def db(self) -> Db: ...

    @property
    def settings(self) -> Settings: ...
