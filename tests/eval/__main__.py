"""Run the evaluation suites.

``python -m tests.eval [--fast] [--suite NAME ...] [--markdown OUT.md] [--json OUT.json] [--rows] [--list]``

Every module ``tests/eval/suite_<name>.py`` is a suite (see ``base.discover``). A summary table per suite goes to
stdout (and the per-document rows with ``--rows``). A full run (no ``--fast``, no ``--suite``, no explicit output)
also writes ``tests/eval/results/latest.md`` and ``latest.json``. A suite that raises is reported as failed and
the exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
import traceback
from importlib import metadata
from pathlib import Path

from tests.eval import report
from tests.eval.base import EVAL_DIR, SuiteResult, discover

RESULTS_DIR = EVAL_DIR / "results"
_VERSIONED = ("trafilatura", "readability-lxml", "lxml", "pypdf", "python-docx", "charset-normalizer")


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=EVAL_DIR, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


def context(fast: bool, names: list[str]) -> dict[str, str]:
    """What was run, where and with which versions (for the report's header)."""
    versions = []
    for package in _VERSIONED:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    changed = _git("--no-optional-locks", "status", "--porcelain", "--untracked-files=no")
    dirty = " (with uncommitted changes)" if changed else ""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD") + dirty,
        "mode": "fast subset" if fast else "full corpus",
        "suites": ", ".join(names),
        "python": sys.version.split()[0],
        "packages": ", ".join(versions),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description="Run the evaluation suites.")
    parser.add_argument("--fast", action="store_true", help="score each suite's small fixed subset only")
    parser.add_argument("--suite", nargs="+", metavar="NAME", help="run only these suites (default: all)")
    parser.add_argument("--markdown", type=Path, metavar="OUT.md", help="write a Markdown report here")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="write a JSON report here")
    parser.add_argument("--rows", action="store_true", help="also print the per-document rows")
    parser.add_argument("--list", action="store_true", help="list the suites and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen suites, print and write the reports; 0 when every suite ran, 1 otherwise, 2 on bad usage."""
    args = parse_args(argv)
    suites = discover()
    if args.list:
        print("\n".join(suites))
        return 0
    names = args.suite or list(suites)
    unknown = [name for name in names if name not in suites]
    if unknown:
        print(f"unknown suite(s): {', '.join(unknown)}; available: {', '.join(suites)}", file=sys.stderr)
        return 2
    results: list[tuple[SuiteResult, float]] = []
    failures: dict[str, str] = {}
    for name in names:
        start = time.perf_counter()
        try:
            result = suites[name](args.fast)
        except Exception:  # one broken suite must not hide the others' results
            failures[name] = traceback.format_exc()
            print(f"== {name}: FAILED\n{failures[name]}", file=sys.stderr)
            continue
        seconds = time.perf_counter() - start
        results.append((result, seconds))
        print(report.console(result, seconds, args.rows), flush=True)
    markdown_out, json_out = args.markdown, args.json
    if not (args.fast or args.suite or markdown_out or json_out):
        markdown_out, json_out = RESULTS_DIR / "latest.md", RESULTS_DIR / "latest.json"
    info = context(args.fast, names)
    for path, text in ((markdown_out, report.markdown(results, failures, info)),
                       (json_out, report.to_json(results, failures, info))):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
