"""The rendered page as ink: what the tests of printed marks look at (pdftoppm, poppler-utils)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Pixels = set[tuple[int, int]]
PageInk = Callable[..., Pixels]


@pytest.fixture
def page_ink(tmp_path: Path) -> PageInk:
    """The dark pixels of page 1 of a PDF, rendered at `dpi` and cropped to `crop_mm` (x, y, width,
    height in mm from the page's top left corner)."""
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (poppler-utils) is missing: .ci/run installs it")
        pytest.skip("pdftoppm (poppler-utils) is not installed")

    def render(pdf: bytes, crop_mm: tuple[float, float, float, float], dpi: int) -> Pixels:
        (tmp_path / "page.pdf").write_bytes(pdf)
        x, y, width, height = (str(round(value * dpi / 25.4)) for value in crop_mm)
        crop = ["-x", x, "-y", y, "-W", width, "-H", height]
        command = ["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", *crop]
        subprocess.run([*command, str(tmp_path / "page.pdf"), str(tmp_path / "page")], check=True)
        return dark_pixels((tmp_path / "page.pgm").read_bytes())

    return render


def dark_pixels(pgm: bytes) -> Pixels:
    magic, width, _height, maximum, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5" and int(maximum) == 255
    columns = int(width)
    return {(index % columns, index // columns) for index, value in enumerate(pixels) if value < 128}


@pytest.fixture
def ink_parts() -> Callable[[Pixels], list[Pixels]]:
    """The connected parts of some ink (8-neighbourhood): a letter, a word of joined letters, a mark."""
    return components


def components(pixels: Pixels) -> list[Pixels]:
    left, found = set(pixels), []
    while left:
        stack, component = [left.pop()], set()
        while stack:
            x, y = stack.pop()
            component.add((x, y))
            near = {(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)} & left
            left -= near
            stack += near
        found.append(component)
    return found
