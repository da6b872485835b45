"""Report templates (Jinja2) and the environment that renders them.

A template is a folder named after it holding ``report.html.j2`` and/or ``report.md.j2`` (and, optionally,
``evidence/<snippet>.html.j2`` / ``.md.j2``: how each evidence kind is printed, see ``domain.evidence_kinds``);
the project setting ``template`` picks one. Folders are looked up in ``Report.template_dirs`` (the user's
templates folder first, then the bundled ``resources/templates``); a file a template lacks is taken from
``default``. A newsroom restyles its reports by copying ``resources/templates/default`` to
``<config dir>/templates/<name>`` and editing it.

Templates render in Jinja's sandbox with autoescaping on for HTML, so a template cannot reach Python
internals and every value is escaped unless a filter marks it safe (only ``json_ld``, ``rationale`` HTML
already sanitised by nh3, and the Markdown helpers do).
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from workbench import paths
from workbench.domain.model import CREDIBILITY, RELIABILITY
from workbench.errors import KnownError
from workbench.exporters import escape
from workbench.exporters.pacing import paced

DEFAULT = "default"
FILES = ("report.html.j2", "report.md.j2")


def bundled_dir() -> Path:
    """The folder of the templates shipped with the app (resources/templates; also in a frozen bundle)."""
    from workbench.resources import resource_path

    return resource_path("templates")


def available(dirs: Iterable[Path | str]) -> list[str]:
    """Names of the template folders found in ``dirs`` (each holding at least one report template)."""
    names: set[str] = set()
    for d in [*map(Path, dirs), bundled_dir()]:
        if not d.is_dir():
            continue
        for sub in d.iterdir():
            if sub.is_dir() and any((sub / f).is_file() for f in FILES):
                names.add(sub.name)
    return sorted(names, key=lambda n: (n != DEFAULT, n.casefold()))


def _date(value: str) -> str:
    """An ISO timestamp or date as YYYY-MM-DD."""
    return (value or "")[:10]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _day(value: str) -> str:
    """An ISO date as a reader writes it ("13 December 2017"); anything else as it is."""
    value = (value or "")[:10]
    y, m, d = value[:4], value[5:7], value[8:10]
    if len(value) == 10 and value[4] == value[7] == "-" and (y + m + d).isdigit() and 1 <= int(m) <= 12:
        return f"{int(d)} {_MONTHS[int(m) - 1]} {y}"
    return value


def _datetime(value: str) -> str:
    """An ISO UTC timestamp as "YYYY-MM-DD HH:MM UTC"."""
    value = value or ""
    return f"{value[:10]} {value[11:16]} UTC" if len(value) >= 16 else value


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache: a template is parsed and compiled once and then loaded, keyed by its source's
    checksum (an edited template is compiled again). Compiling the report template took ~100 ms on the worker,
    and Python's ``compile`` holds the interpreter lock throughout, so the window stopped for 15-30 ms while the
    Export dialog first opened (issue 15). A cache file that cannot be read or written is passed over: the
    template is compiled as before."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):  # unreadable or damaged: compiled
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full or read-only disk: nothing kept
            super().dump_bytecode(bucket)


def _compiled_templates() -> FileSystemBytecodeCache | None:
    folder = paths.template_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


@lru_cache(maxsize=16)
def environment(name: str, dirs: tuple[str, ...]) -> ImmutableSandboxedEnvironment:
    """The Jinja environment of template ``name`` (cached; files are reloaded when they change)."""
    roots = [*map(Path, dirs), bundled_dir()]
    loaders = [FileSystemLoader(str(r / name)) for r in roots if (r / name).is_dir()]
    loaders += [FileSystemLoader(str(r / DEFAULT)) for r in roots if (r / DEFAULT).is_dir()]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(enabled_extensions=("html.j2", "html")),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=True, bytecode_cache=_compiled_templates())
    env.filters.update({
        "safe_url": escape.safe_url, "colour": escape.colour, "text_colour": escape.text_colour_on,
        "md": escape.md_text, "md_rationale": escape.safe_markdown, "date": _date, "day": _day, "datetime": _datetime,
        "json_ld": lambda v: Markup(escape.json_for_script(v)),
    })
    env.globals.update({"CREDIBILITY": CREDIBILITY, "RELIABILITY": RELIABILITY})
    return env


def render(name: str, dirs: Iterable[str], file: str, **context: object) -> str:
    """Render ``file`` of template ``name``; a broken or unsafe template is a KnownError naming it."""
    try:
        template = environment(name, tuple(dirs)).get_template(file)
        return "".join(paced(template.generate(**context)))
    except TemplateNotFound as exc:
        raise KnownError(f"The report template “{name}” has no {file} (and neither has “default”).") from exc
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, TemplateSyntaxError) and exc.lineno else ""
        raise KnownError(f"The report template “{name}” cannot be used: {file}{where}: {exc}") from exc
