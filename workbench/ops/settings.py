"""Use cases on the project's report settings: author, base URL, report title, template.

They live in the project file (``settings`` table), so a report made on another machine from the same
project says the same. Each value is checked: the base URL must be an http(s) address (reports build each
claim's URL as ``base URL + "#claim-" + id``), the template must be an installed template folder.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

from workbench.domain.changes import Changes
from workbench.errors import BadArgument
from workbench.store import history
from workbench.store import settings as store_settings
from workbench.store.project import Project

KEYS = {"author": "report.author", "base_url": "report.base_url", "title": "report.title",
        "template": "report.template"}
DEFAULT_TEMPLATE = "default"
_BASE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s\"'<>\\^`{|}#]*)?", re.IGNORECASE)
_TEMPLATE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MAX_LENGTH = {"author": 200, "title": 300}


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What reports print and link to. Empty strings mean "not set" (template: "default")."""

    author: str = ""
    base_url: str = ""
    title: str = ""
    template: str = DEFAULT_TEMPLATE


def get_settings(project: Project) -> ReportSettings:
    with project.read() as db:
        values = store_settings.get_all(db)
    return ReportSettings(**{field: values.get(key, "") for field, key in KEYS.items() if values.get(key)})


def check_base_url(value: str) -> str:
    value = value.strip()
    if value and not _BASE_URL.fullmatch(value):
        raise BadArgument(f"“{value}” is not a base URL: give the http:// or https:// address where the reports "
                          "are published, without spaces, quotes or a #fragment (e.g. https://example.org/checks/).")
    return value


def _check_line(name: str, value: str) -> str:
    value = " ".join(value.split())
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise BadArgument(f"The report {name} contains control characters.")
    if len(value) > MAX_LENGTH[name]:
        raise BadArgument(f"The report {name} is too long ({len(value)} characters; at most {MAX_LENGTH[name]}).")
    return value


def check_template(value: str, available: list[str] | None = None) -> str:
    value = value.strip() or DEFAULT_TEMPLATE
    if not _TEMPLATE.fullmatch(value) or ".." in value:
        raise BadArgument(f"“{value}” is not a template name: use letters, digits, '-', '_' and '.'.")
    names = available if available is not None else template_names()
    if value not in names:
        raise BadArgument(f"There is no report template called “{value}” (installed: {', '.join(names)}). "
                          "A template is a folder holding report.html.j2 and/or report.md.j2.")
    return value


def template_names() -> list[str]:
    from workbench.exporters import templates
    from workbench.ops.reports import template_dirs

    return templates.available(template_dirs())


def set_settings(project: Project, *, author: str | None = None, base_url: str | None = None,
                 title: str | None = None, template: str | None = None) -> Changes:
    """Change the given settings (None: unchanged; "": back to not set). Recorded in history."""
    new: dict[str, str] = {}
    if author is not None:
        new["author"] = _check_line("author", author)
    if base_url is not None:
        new["base_url"] = check_base_url(base_url)
    if title is not None:
        new["title"] = _check_line("title", title)
    if template is not None:
        new["template"] = check_template(template)
    old = asdict(get_settings(project))
    changed = {k: v for k, v in new.items() if old[k] != v}
    if not changed:
        return Changes.NONE
    with project.write() as db:
        for field, value in changed.items():
            store_settings.put(db, KEYS[field], "" if field == "template" and value == DEFAULT_TEMPLATE else value)
        history.record(db, "project", "settings", "report settings edited",
                       before={k: old[k] for k in changed}, after=changed)
    return Changes.PROJECT
