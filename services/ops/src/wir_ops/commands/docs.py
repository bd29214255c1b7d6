"""`wir docs`: every installed service's OpenAPI and AsyncAPI documents, written as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from wir_kit.interface_docs import asyncapi, openapi
from wir_kit.runtime import Runtime
from wir_ops.configuration import service_settings
from wir_ops.output import say, show, table
from wir_ops.selection import chosen


def docs(
    out: Annotated[Path, typer.Option(help="Folder to write the documents into.")] = Path("docs/api"),
    services: Annotated[
        list[str] | None,
        typer.Argument(help="Services to document; default: every installed one.", show_default=False),
    ] = None,
) -> None:
    """Write `<service>.openapi.json` and `<service>.asyncapi.json` (nothing is started)."""
    specs = chosen(services)
    if not specs:
        say("no service is installed: nothing to document")
        return
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for spec in specs:
        runtime = Runtime(spec, service_settings(spec))
        for kind, document in (("openapi", openapi(runtime)), ("asyncapi", asyncapi(runtime))):
            path = out / f"{spec.name}.{kind}.json"
            _write(path, document)
            rows.append((spec.name, kind, str(path)))
    show(table(("Service", "Document", "File"), rows, title="Interface documents"))


def _write(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
