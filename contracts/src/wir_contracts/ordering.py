"""Order within one aggregate.

Events about an aggregate (a person, a competence record, a match, an appointment) carry the
aggregate's version after the change. Each carries the full state of the part it is about (a
person's profile, consents or contact details), so a consumer keeps the highest version it
applied per aggregate and part and ignores anything older: a late redelivery cannot roll state
back, and one change may well produce several events with the same version.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = ["AggregateVersion"]

AggregateVersion = Annotated[int, Field(ge=1)]
