"""Which languages two people share well enough to talk, counting mutually intelligible ones.

Codes are ISO 639-3. Two codes count as shared when they are the same language or belong to one
group below; a group's factor says how well speakers of different members understand each other.
Everything not grouped here counts only when the codes are equal: a wrong "shared" language costs
a failed first meeting, a missed one only a slightly worse proposal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from wir_matching.domain.model import Spoken

GERMAN = "deu"

#: Proficiency on a 0..1 scale by CEFR level; native speakers count as 1.
LEVELS = MappingProxyType({"A1": 0.15, "A2": 0.35, "B1": 0.65, "B2": 0.8, "C1": 0.9, "C2": 1.0})
#: A language listed without a level: intake lists the languages a person speaks, so it is usable,
#: but not more (B1).
UNKNOWN_LEVEL = LEVELS["B1"]
#: German listed without a level: newcomers often list the German they are learning, so A2.
UNKNOWN_GERMAN_LEVEL = LEVELS["A2"]
#: Below this, a language shared is not enough to meet on; German counts from A2 (simple language
#: on everyday matters works and mentors are used to it), every other language from B1.
USABLE = 0.5
USABLE_GERMAN = LEVELS["A2"]


@dataclass(frozen=True, slots=True)
class _Group:
    members: frozenset[str]
    factor: float


# Spoken Persian: Iranian Persian, Dari and the macrolanguage code are one language with regional
# accents. Tajik is the same spoken language but written in Cyrillic, so it counts only in part.
# Arabic: the Mashriqi varieties and Modern Standard Arabic understand each other well enough for
# everyday help (MSA is school language everywhere); Maghrebi varieties (ary, arq, aeb) much less,
# so they stay apart. Serbian, Croatian, Bosnian and Montenegrin are one language by structure.
# Hindi and Urdu are one spoken language (Hindustani) in two scripts.
# Not grouped on purpose: Russian/Ukrainian/Belarusian (understanding is partial and one-sided,
# and most Ukrainians who want a Russian-speaking mentor list Russian themselves; matching them
# silently could put a refugee with a mentor in a language they chose not to name), Kurmanji and
# Sorani (kmr/ckb: not mutually intelligible), Pashto and Dari (different languages).
_GROUPS = (
    _Group(frozenset({"fas", "pes", "prs"}), 0.9),
    _Group(frozenset({"fas", "pes", "prs", "tgk"}), 0.6),
    _Group(frozenset({"ara", "arb", "apc", "ajp", "arz", "acm", "afb", "apd", "ayl", "ayp", "acq"}), 0.9),
    _Group(frozenset({"hbs", "srp", "hrv", "bos", "cnr"}), 0.95),
    _Group(frozenset({"hin", "urd"}), 0.85),
    _Group(frozenset({"pus", "pbt", "pbu", "pst"}), 0.9),
    _Group(frozenset({"sqi", "als", "aln"}), 0.8),
)

#: German names for the coordinators' text; codes not listed are shown as they are.
GERMAN_NAMES = MappingProxyType(
    {
        "deu": "Deutsch", "eng": "Englisch", "fra": "Französisch", "ara": "Arabisch",
        "arb": "Arabisch", "apc": "Levantinisches Arabisch", "ajp": "Levantinisches Arabisch",
        "arz": "Ägyptisches Arabisch", "acm": "Irakisches Arabisch", "fas": "Persisch",
        "pes": "Persisch", "prs": "Dari", "tgk": "Tadschikisch", "pus": "Paschtu", "pbt": "Paschtu",
        "tur": "Türkisch", "kmr": "Kurmandschi", "ckb": "Sorani", "ukr": "Ukrainisch",
        "rus": "Russisch", "pol": "Polnisch", "ron": "Rumänisch", "bul": "Bulgarisch",
        "srp": "Serbisch", "hrv": "Kroatisch", "bos": "Bosnisch", "sqi": "Albanisch",
        "als": "Albanisch", "tir": "Tigrinya", "amh": "Amharisch", "som": "Somali",
        "hin": "Hindi", "urd": "Urdu", "spa": "Spanisch", "ita": "Italienisch", "por": "Portugiesisch",
        "ell": "Griechisch", "vie": "Vietnamesisch", "zho": "Chinesisch", "cmn": "Chinesisch",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Shared:
    """A language the person speaks that the mentor understands, and how well they can talk."""

    language: str  # the person's code: the coordinator reads "speaks Dari", not the mentor's "Farsi"
    quality: float  # 0..1: intelligibility times the weaker speaker's proficiency


def proficiency(spoken: Spoken) -> float:
    if spoken.native:
        return 1.0
    if spoken.level is None:
        return UNKNOWN_GERMAN_LEVEL if spoken.language == GERMAN else UNKNOWN_LEVEL
    return LEVELS.get(spoken.level.upper(), UNKNOWN_LEVEL)


def _factors() -> dict[tuple[str, str], float]:
    factors: dict[tuple[str, str], float] = {}
    for group in _GROUPS:
        for a in group.members:
            for b in group.members:
                if a != b:
                    factors[a, b] = max(factors.get((a, b), 0.0), group.factor)
    return factors


# Looked up for every pair of languages of every person and volunteer of a district in each run.
_FACTORS = MappingProxyType(_factors())


def intelligibility(a: str, b: str) -> float:
    """How well a speaker of `a` and one of `b` understand each other: 1 the same language, 0 not."""
    return 1.0 if a == b else _FACTORS.get((a, b), 0.0)


def family(code: str) -> frozenset[str]:
    """Every code a speaker of `code` can share a language with (itself included)."""
    related = {code}
    for group in _GROUPS:
        if code in group.members:
            related |= group.members
    return frozenset(related)


def shared(person: Iterable[Spoken], mentor: Iterable[Spoken]) -> tuple[Shared, ...]:
    """The person's languages the mentor shares at a usable level, best first (then by code)."""
    mentor_speaks = tuple(mentor)
    best: dict[str, float] = {}
    for own in person:
        for other in mentor_speaks:
            quality = intelligibility(own.language, other.language) * min(
                proficiency(own), proficiency(other)
            )
            threshold = USABLE_GERMAN if own.language == GERMAN == other.language else USABLE
            if quality >= threshold and quality > best.get(own.language, 0.0):
                best[own.language] = quality
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Shared(language, quality) for language, quality in ranked)


def german_name(code: str) -> str:
    return GERMAN_NAMES.get(code, code)
