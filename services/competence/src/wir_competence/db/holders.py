"""The holder's name and date of birth, kept from intake's PersonIdentified for the printed record."""

from __future__ import annotations

from uuid import UUID

from wir_competence.domain.holder import BirthDate, Holder
from wir_kit import Tx, load_queries

Q = load_queries("wir_competence.db", "holders.sql")


async def apply_identity(tx: Tx, person_id: UUID, holder: Holder, version: int) -> None:
    born = holder.born
    await tx.execute(
        Q["apply_identity"],
        tx.district,
        person_id,
        holder.name_original,
        holder.name_latin,
        None if born is None else born.year,
        None if born is None else born.month,
        None if born is None else born.day,
        version,
    )


async def holder(tx: Tx, person_id: UUID) -> Holder | None:
    """None while intake has not identified the person yet."""
    row = await tx.fetchrow(Q["holder"], tx.district, person_id)
    if row is None:
        return None
    year = row["birth_year"]
    born = None if year is None else BirthDate(year, row["birth_month"], row["birth_day"])
    return Holder(row["name_original"], row["name_latin"], born)


async def erase(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["erase_holder"], tx.district, person_id)
