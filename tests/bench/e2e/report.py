"""The figures of the phases side by side: one column per phase, one row per figure."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence

from .accounting import POSTGRES, Cost
from .phases import Result

LABEL = 34
COLUMN = 22


def percentile(sorted_ms: Sequence[float], p: int) -> float:
    if len(sorted_ms) == 1:
        return sorted_ms[0]
    return statistics.quantiles(sorted_ms, n=100, method="inclusive")[p - 1]


def table(results: Sequence[Result]) -> str:
    if not results:
        return "(no phase completed)"
    # A name is "<variant>, <phase>": the variant above, the phase below.
    heads = [r.name.partition(", ") for r in results]
    lines = [_row("", [variant for variant, _, _ in heads]), _row("", [phase for _, _, phase in heads])]
    lines.append(_row("registrations", [f"{r.registrations:d}" for r in results]))
    lines.append(_row("registrations/s", [f"{r.per_second:.1f}" for r in results]))
    for p in (50, 95, 99):
        lines.append(_row(f"latency p{p}, ms", [f"{percentile(r.latencies, p):.0f}" for r in results]))
    lines.append("CPU ms per registration")
    for label, cells in cpu_rows([r.cost for r in results], [r.registrations for r in results]):
        lines.append(_row(label, cells))
    lines.append(_row("commits per registration", [f"{r.commits / r.registrations:.1f}" for r in results]))
    return "\n".join(lines)


def cpu_rows(costs: Sequence[Cost], counts: Sequence[int]) -> list[tuple[str, list[str]]]:
    """(label, cells) per process row, the postgres rows broken down by service served, then
    the total and the whole machine's (which includes whatever else runs there)."""

    def cells(values: Sequence[float]) -> list[str]:
        return [f"{value / n:.2f}" for value, n in zip(values, counts, strict=True)]

    rows: list[tuple[str, list[str]]] = []
    for name in _labels(costs, lambda c: c.cpu):
        rows.append((f"  {name}", cells([c.cpu.get(name, 0.0) for c in costs])))
        if name == POSTGRES:
            served_rows = sorted(_labels(costs, lambda c: c.postgres), key=lambda s: (s == "other", s))
            for served in served_rows:
                rows.append((f"    serving {served}", cells([c.postgres.get(served, 0.0) for c in costs])))
    rows.append(("  platform (all but bench and sink)", cells([c.platform for c in costs])))
    rows.append(("  total", cells([c.total for c in costs])))
    rows.append(("  whole machine (anything running)", cells([c.machine for c in costs])))
    return rows


def _labels(costs: Sequence[Cost], part: Callable[[Cost], Mapping[str, float]]) -> list[str]:
    """The labels of `part` of any cost, in the order they first appear."""
    seen: dict[str, None] = {}
    for each in costs:
        seen.update(dict.fromkeys(part(each)))
    return list(seen)


def _row(label: str, cells: Sequence[str]) -> str:
    return f"{label:<{LABEL}}" + "".join(f"{cell:>{COLUMN}}" for cell in cells)
