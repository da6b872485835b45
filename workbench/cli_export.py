"""The command line's reports and interchange: ``export``, ``settings``, and bundles given to ``import``.

    workbench export PROJECT --format FORMAT [--claim ID]... -o OUT     (atomic write; --list-formats)
    workbench export PROJECT --format site -o DIR                       (a static site: a folder of pages)
    workbench settings PROJECT [--author A] [--base-url URL] [--title T] [--template NAME]
    (bundles given to ``workbench import`` are merged in by ``ops.bundle.import_bundles``)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.errors import BadArgument, ProjectError


def _open_read_only(path: Path) -> Any:
    from workbench.ops import project as project_ops

    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    return project_ops.open_project(path, read_only=True)


def _formats() -> list[Any]:
    from workbench import exporters, render_pdf

    render_pdf.register()
    return exporters.available()


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import reports

    formats = _formats()
    if args.list_formats:
        if args.json:
            print(json.dumps([{"name": e.name, "suffix": e.suffix, "description": e.description} for e in formats],
                             ensure_ascii=False, indent=2))
            return 0
        for exp in formats:
            print(f"{exp.name:12} {exp.suffix or 'DIR/':8} {exp.description}")
        return 0
    missing = [flag for flag, value in (("PROJECT", args.project), ("--format", args.format), ("-o OUT", args.out))
               if value is None]
    if missing:
        raise BadArgument(f"export: give {', '.join(missing)} (or --list-formats).")
    project = _open_read_only(args.project)
    try:
        ids = [claim_ops.resolve_claim(project, c) for c in args.claim] if args.claim else None
        warnings = reports.export(project, args.format, ids, Path(args.out), include_drafts=args.include_drafts,
                                  group=args.group)
    except OSError as exc:
        raise BadArgument(f"export: {args.out} could not be written ({exc.strerror or exc}).") from exc
    finally:
        project.close()
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.json:
        print(json.dumps({"path": str(args.out), "format": args.format, "claims": ids, "warnings": warnings,
                          "include_drafts": args.include_drafts}, ensure_ascii=False))
    else:
        print(args.out)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from workbench.ops import project as project_ops
    from workbench.ops import settings as settings_ops

    values = {k: getattr(args, k) for k in ("author", "base_url", "title", "template")}
    changing = any(v is not None for v in values.values())
    if not args.project.exists():
        raise ProjectError(f"{args.project}: no such project file.")
    project = project_ops.open_project(args.project, read_only=not changing)
    try:
        if changing:
            from workbench.cli import _change

            _change(project, "Edit report settings", settings_ops.set_settings, **values)
        current = settings_ops.get_settings(project)
    finally:
        project.close()
    if args.json:
        print(json.dumps({**asdict(current), "templates": settings_ops.template_names()}, ensure_ascii=False))
    else:
        for name, value in asdict(current).items():
            print(f"{name.replace('_', ' ')}: {value or '(not set)'}")
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``export`` and ``settings`` to the command line's subparsers."""
    s = sub.add_parser(
        "export", help="export a report, a static site or interchange data (html, site, pdf, md, csv, claimreview, "
             "annotations, bundle)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Export the project's claims (all, or those given with --claim) in one format; the file is "
                    "written atomically. Only claims whose verdict is final are published (--include-drafts adds "
                    "the others, marked DRAFT); nothing is written when none is final or when ClaimReview lacks "
                    "a required field (the base URL, a final verdict's rating).\n"
                    "Formats (--list-formats describes them):\n"
                    "  html         a self-contained report page with ClaimReview JSON-LD\n"
                    "  site         a static site (-o DIR): index, a page per claim with its ClaimReview, rating\n"
                    "               scale, sources, sitemap.xml, Atom feed; needs the base URL\n"
                    "  pdf          the same report, paginated (A4, page numbers, title page)\n"
                    "  md           the same report in Markdown\n"
                    "  csv          one row per claim, safe for spreadsheets\n"
                    "  claimreview  schema.org ClaimReview JSON-LD\n"
                    "  annotations  W3C Web Annotations of every passage (JSON-LD)\n"
                    "  hypothesis   the same passages as Hypothesis API bodies (JSON; --group ID)\n"
                    "  bundle       the whole project, lossless (read back by “workbench import”)")
    s.add_argument("project", type=Path, nargs="?")
    s.add_argument("--format", "-f", metavar="FORMAT",
                   help="html, site, pdf, md, csv, claimreview, annotations, hypothesis or bundle")
    s.add_argument("--claim", action="append", metavar="ID", help="a claim to export (id or unique prefix; repeat)")
    s.add_argument("-o", "--out", type=Path, metavar="OUT",
                   help="the file to write (for site: the folder, new, empty or a site exported before)")
    s.add_argument("--include-drafts", action="store_true",
                   help="also export claims whose verdict is not final (draft, in review): every page is then "
                        "marked DRAFT, and each ClaimReview creativeWorkStatus Draft; without it only final "
                        "verdicts are exported (the bundle always holds everything)")
    s.add_argument("--group", metavar="ID", default="",
                   help="hypothesis: the Hypothesis group to post in (default __world__, Public)")
    s.add_argument("--list-formats", action="store_true", help="list the formats and exit")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_export)

    s = sub.add_parser("settings", help="show or set the report settings (author, base URL, title, template)",
                       description="Show the project's report settings, or set those given (\"\" clears one). "
                                   "The base URL is where reports are published: ClaimReview URLs are base URL + "
                                   "\"#claim-\" + id. A template is a folder of report.html.j2 / report.md.j2 in "
                                   "resources/templates or <config dir>/templates.")
    s.add_argument("project", type=Path)
    s.add_argument("--author", metavar="NAME", help="who publishes the reports (a newsroom or a person)")
    s.add_argument("--base-url", dest="base_url", metavar="URL", help="http(s) address of the published report")
    s.add_argument("--title", metavar="TEXT", help="the report's title")
    s.add_argument("--template", metavar="NAME", help="the report template (default: default)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_settings)
