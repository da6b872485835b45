"""The exporter interface and the registry (name → Exporter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workbench.atomicfile import atomic_output
from workbench.errors import BadArgument
from workbench.exporters.model import Report

WriteFn = Callable[[Report, BinaryIO], None]
WriteDirFn = Callable[[Report, Path], None]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One output format.

    Attributes:
        name: what ``--format`` and the registry call it.
        title: what the Export dialog lists.
        description: one or two sentences on what the output holds and who reads it.
        suffix: the file suffix, with its dot.
        media_type: the output's media type.
        write: ``write(report, out)`` writes the whole output to a binary file.
        whole_project: the output is always the whole project (bundle), whatever claims are chosen.
        text_preview: "html" or "md" when the Export dialog can preview it, else "".
        write_dir: for a format that is a folder of files (the static site): ``write_dir(report, folder)``
            writes the whole folder (atomically: built beside it, then swapped in); ``write`` then writes the
            page a preview shows. ``suffix`` is "" for such a format.
    """

    name: str
    title: str
    description: str
    suffix: str
    media_type: str
    write: WriteFn
    whole_project: bool = False
    text_preview: str = ""
    write_dir: WriteDirFn | None = None

    @property
    def directory(self) -> bool:
        """The output is a folder (``-o DIR``), not a file."""
        return self.write_dir is not None

    def export(self, report: Report, out: BinaryIO | Path) -> None:
        """Write ``report`` to ``out``: a binary file, or a path written atomically (temporary file in the same
        folder, then renamed: never a 0-byte or half-written file under the target's name). A folder format
        writes to a path only."""
        if self.write_dir is not None:
            if not isinstance(out, str | Path):
                raise BadArgument(f"{self.title} is a folder of files: give the folder to write it to.")
            self.write_dir(report, Path(out))
        elif isinstance(out, str | Path):
            with atomic_output(Path(out)) as fh:
                self.write(report, fh)
        else:
            self.write(report, out)


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Add (or replace) an exporter."""
    _REGISTRY[exporter.name] = exporter


def get(name: str) -> Exporter:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise BadArgument(f"“{name}” is not an export format (available: {', '.join(names())}).") from None


def names() -> list[str]:
    return [e.name for e in available()]


ORDER = ("html", "site", "pdf", "md", "csv", "claimreview", "annotations", "hypothesis", "bundle")  # list order


def available() -> list[Exporter]:
    """Every exporter: the built-in ones in ``ORDER``, then any other in the order registered."""
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(_REGISTRY.values(), key=lambda e: rank.get(e.name, len(ORDER)))
