"""Write, or check, the contracts' JSON Schema snapshots and golden examples.

    uv run python contracts/tools/snapshot.py                 # rewrite schemas/ and examples/
    uv run python contracts/tools/snapshot.py --check         # exit 1 if they differ from the code
    uv run python contracts/tools/snapshot.py --against REF   # exit 1 on a breaking change since REF

`--check` keeps the committed files in step with the code; `--against` (CI passes the target
branch) keeps a major version compatible with what was published before.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from wir_contracts.compat import breaking_changes
from wir_contracts.snapshots import render_examples, render_schemas

CONTRACTS = Path(__file__).resolve().parents[1]
FOLDERS = {"schemas": render_schemas, "examples": render_examples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare, do not write")
    mode.add_argument("--against", metavar="REF", help="git ref whose schemas must stay valid")
    args = parser.parse_args(argv)
    if args.against:
        return against(args.against)
    return check() if args.check else write()


def write() -> int:
    for folder, render in FOLDERS.items():
        root = CONTRACTS / folder
        expected = render()
        for stale in set(committed(root)) - set(expected):
            (root / stale).unlink()
        for relative, text in expected.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        say(f"wrote {len(expected)} files under {root.relative_to(CONTRACTS.parent)}")
    return 0


def check() -> int:
    problems = []
    for folder, render in FOLDERS.items():
        expected, actual = render(), committed(CONTRACTS / folder)
        problems += [f"{folder}/{path}: missing" for path in sorted(set(expected) - set(actual))]
        problems += [f"{folder}/{path}: no such event" for path in sorted(set(actual) - set(expected))]
        for path in sorted(set(expected) & set(actual)):
            if expected[path] != actual[path]:
                problems.append(f"{folder}/{path}: differs from the code")
                if folder == "schemas":
                    problems += breaking(path, actual[path], expected[path])
    return report(problems, "snapshots are out of date: run `make contracts` and review the diff")


def against(ref: str) -> int:
    problems = []
    for path, text in render_schemas().items():
        published = git_show(ref, f"contracts/schemas/{path}")
        if published is not None:
            problems += breaking(path, published, text)
    for path in published_paths(ref) - set(render_schemas()):
        problems.append(f"schemas/{path}: removed, but published in {ref}")
    return report(problems, f"breaking changes against {ref}: publish a new major version instead")


def breaking(path: str, old: str, new: str) -> list[str]:
    changes = breaking_changes(json.loads(old), json.loads(new))
    return [f"  breaking in {path}: {change}" for change in changes]


def committed(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.json"))}


def git_show(ref: str, path: str) -> str | None:
    shown = subprocess.run(  # noqa: S603 - fixed git executable, ref and path are arguments
        ["git", "show", f"{ref}:{path}"],  # noqa: S607 - git from PATH, as the developer runs it
        cwd=CONTRACTS,
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout if shown.returncode == 0 else None


def published_paths(ref: str) -> set[str]:
    listed = subprocess.run(  # noqa: S603 - fixed git executable, the ref is an argument
        ["git", "ls-tree", "-r", "--name-only", ref, "--", "contracts/schemas"],  # noqa: S607 - git from PATH
        cwd=CONTRACTS.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.removeprefix("contracts/schemas/") for line in listed.stdout.splitlines()}


def report(problems: list[str], advice: str) -> int:
    for problem in problems:
        say(problem)
    if problems:
        say(advice)
        return 1
    return 0


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


if __name__ == "__main__":
    sys.exit(main())
