"""Households: who lives together, related how to the household's reference person."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Relation(StrEnum):
    """A member's relation to the household's reference person."""

    REFERENCE_PERSON = "reference_person"
    SPOUSE_OR_PARTNER = "spouse_or_partner"
    CHILD = "child"
    STEPCHILD = "stepchild"
    FOSTER_CHILD = "foster_child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"


class Member(BaseModel):
    model_config = _STRICT

    person_id: UUID = Field(description="A registered person of the district.")
    relation: Relation = Field(description="Relation to the reference person.")


class HouseholdData(BaseModel):
    """The members of a household; minor children are registered people like everyone else."""

    model_config = _STRICT

    members: list[Member] = Field(min_length=1, max_length=30, description="Members, reference person first.")

    @field_validator("members")
    @classmethod
    def _consistent(cls, members: list[Member]) -> list[Member]:
        ids = [member.person_id for member in members]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("duplicate_items", "a person is listed twice")
        references = sum(member.relation is Relation.REFERENCE_PERSON for member in members)
        if references > 1:
            raise PydanticCustomError("reference_person", "a household has at most one reference person")
        return members
