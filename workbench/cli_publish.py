"""The published archive on the command line (issue 13, point 8): ``publish`` and ``serve``.

    workbench publish PROJECT -o ARCHIVE.db [--license NAME] [--license-url URL] [--public-notes]
    workbench serve ARCHIVE.db [--port N] [--host 127.0.0.1]

``publish`` writes a read-only public SQLite database of the final verdicts (and ``ARCHIVE.metadata.json``
beside it, Datasette's metadata); ``serve`` runs Datasette on it, read-only (``--immutable``), on this machine
only unless ``--host`` says otherwise. Datasette is the optional ``publish`` extra. Neither changes the project,
so neither is an undo step.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from workbench.errors import BadArgument, ProjectError


def cmd_publish(args: argparse.Namespace) -> int:
    from workbench.ops import project as project_ops
    from workbench.ops import publish as publish_ops

    if not args.project.exists():
        raise ProjectError(f"{args.project}: no such project file.")
    publish_ops.check_target(args.project, args.out)  # before opening: nothing is read for a refused target
    project = project_ops.open_project(args.project, read_only=True)
    try:
        result = publish_ops.publish(project, args.out, license=args.license or "",
                                     license_url=args.license_url or "", public_notes=args.public_notes)
    except OSError as exc:
        raise BadArgument(f"publish: {args.out} could not be written ({exc.strerror or exc}).") from exc
    finally:
        project.close()
    if result.withheld:
        print(f"warning: {result.withheld} claim(s) without a final verdict were left out", file=sys.stderr)
    if args.json:
        print(json.dumps({"path": str(result.path), "metadata": str(result.metadata), "claims": result.claims,
                          "sources": result.sources, "documents": result.documents, "evidence": result.evidence,
                          "corrections": result.corrections, "withheld": result.withheld,
                          "license": result.license, "public_notes": args.public_notes}, ensure_ascii=False))
    else:
        print(f"{result.path}: {result.claims} verdict(s), {result.sources} source(s), {result.evidence} piece(s) "
              f"of evidence, {result.corrections} correction(s); metadata {result.metadata}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from workbench.ops import publish as publish_ops

    if not 0 < args.port < 65536:
        raise BadArgument(f"serve: --port {args.port}: give a port from 1 to 65535.")
    metadata = publish_ops.servable(args.archive)
    if not publish_ops.datasette_available():
        raise BadArgument(publish_ops.INSTALL_HINT)
    command = publish_ops.datasette_command(args.archive, metadata, host=args.host, port=args.port)
    url = f"http://{args.host}:{args.port}/{args.archive.stem}"
    if args.json:
        print(json.dumps({"url": url, "archive": str(args.archive), "metadata": str(metadata) if metadata else None,
                          "host": args.host, "port": args.port}, ensure_ascii=False))
    else:
        print(f"serving {args.archive} read-only at {url} (Ctrl+C stops)")
    sys.stdout.flush()
    proc = subprocess.Popen(command)
    previous = _stop_on_sigterm()
    try:
        status = proc.wait()
    except KeyboardInterrupt:  # Ctrl+C, or SIGTERM: stop Datasette too, never leave it running
        proc.terminate()
        proc.wait(timeout=30)
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if status not in (0, -2, 130):  # Ctrl+C reaches Datasette too
        raise BadArgument(f"serve: Datasette stopped with exit status {status} (is port {args.port} in use?).")
    return 0


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop ``serve`` as Ctrl+C does (main thread only); the previous handler, to put back."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def add_parsers(sub: Any) -> None:
    """Add ``publish`` and ``serve`` to the command line's subparsers."""
    s = sub.add_parser(
        "publish", help="write a read-only public archive of the final verdicts (SQLite, for Datasette)",
        description="Write a read-only public SQLite database of the project's final verdicts — claims, "
                    "ratings, rationales, tags, attribution chains, corrections, the sources they name, public "
                    "evidence and the documents it cites (metadata only) — and its Datasette metadata "
                    "(ARCHIVE.metadata.json) beside it, atomically. Never drafts, history, settings, file "
                    "contents, unused sources or private notes (note evidence text only with --public-notes). "
                    "Refused, nothing written, when no verdict is final, when -o is the project itself, or when "
                    "-o exists and is not an archive written by this app. `workbench serve ARCHIVE` serves it.")
    s.add_argument("project", type=Path)
    s.add_argument("-o", "--out", type=Path, metavar="ARCHIVE", required=True, help="the archive database to write")
    s.add_argument("--license", metavar="NAME", help='the licence of the archive (default "All rights reserved")')
    s.add_argument("--license-url", dest="license_url", metavar="URL", help="the address of the licence's text")
    s.add_argument("--public-notes", action="store_true",
                   help="also publish the text of note evidence and the notes on web pages and files")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_publish)

    s = sub.add_parser(
        "serve", help="serve a published archive with Datasette (read-only, this machine only by default)",
        description="Run Datasette on an archive written by `workbench publish`: read-only (--immutable), with "
                    "its metadata, on 127.0.0.1 unless --host says otherwise; Ctrl+C stops it. Needs the publish "
                    "extra: pip install 'fact-check-workbench[publish]'.")
    s.add_argument("archive", type=Path)
    s.add_argument("--port", type=int, default=8001, metavar="N", help="the port (default 8001)")
    s.add_argument("--host", default="127.0.0.1", metavar="HOST",
                   help="the address to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--json", action="store_true", help='print {"url": …} before serving')
    s.set_defaults(fn=cmd_serve)
