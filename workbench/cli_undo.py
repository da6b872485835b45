"""``workbench undo``, ``redo`` and ``log``: the project's operation log from the command line.

Every change made in the window or by a CLI command is one action in the log stored in the project file, so
``workbench undo desk.fcw`` undoes the window's last edit as well as the CLI's, and Edit ▸ Undo in the window
undoes a CLI command. A replay that would overwrite a later change made outside the log is refused (exit 1) and
nothing changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workbench.core.workspace import CLI, Workspace
from workbench.errors import BadArgument, NothingToReplay, ReplayRefused


def _entry(e: Any) -> dict[str, Any]:
    return {"action": e.action, "label": e.label, "at": e.at, "who": e.who, "origin": e.origin,
            "state": e.state, "rows": e.rows}


def cmd_replay(args: argparse.Namespace) -> int:
    backward = args.command == "undo"
    if args.steps < 1:
        raise BadArgument(f"--steps must be 1 or more (got {args.steps}).")
    ws = Workspace.open(args.project, origin=CLI)
    done: list[str] = []
    refusal = ""
    try:
        for _ in range(args.steps):
            try:
                outcome = ws.undo() if backward else ws.redo()
            except NothingToReplay as exc:
                refusal = refusal or (str(exc) if not done else "")
                break
            except ReplayRefused as exc:
                refusal = str(exc)
                break
            done.append(str(outcome.result))
        next_undo, next_redo = ws.undo_label, ws.redo_label
    finally:
        ws.close()
    verb = "undone" if backward else "redone"
    if args.json:
        print(json.dumps({verb: done, "refused": refusal, "undo": next_undo, "redo": next_redo},
                         ensure_ascii=False, indent=2))
    else:
        for label in done:
            print(f"{verb}  {label}")
        if not done and refusal.startswith("Nothing"):
            print(refusal)
    if refusal and not refusal.startswith("Nothing"):
        if not args.json:
            print(refusal, file=sys.stderr)
        return 1
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    ws = Workspace.open(args.project, read_only=True, origin=CLI)
    try:
        entries = ws.log(args.limit)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([_entry(e) for e in entries], ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print("nothing in the log: no change made since the operation log was added")
    for e in entries:
        state = "undone " if e.state == "undone" else "       "
        print(f"{e.at}  {state} {e.label}  ({e.who or 'unknown'}, {e.origin or 'window'}, {e.rows} row change(s))")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, what in (("undo", "undo the latest change (made in the window or on the command line)"),
                       ("redo", "redo the latest undone change")):
        p = sub.add_parser(name, help=what, description=f"{what[0].upper()}{what[1:]}. The operation log is kept "
                           "in the project file, so this works after closing the app. A change that a later edit "
                           "outside the log would be overwritten by is refused (exit 1), changing nothing.")
        p.add_argument("project", type=Path)
        p.add_argument("--steps", type=int, default=1, help="how many actions (default 1)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(fn=cmd_replay)
    p = sub.add_parser("log", help="the latest changes that can be undone or redone",
                       description="List the operation log, newest first: when, what, who, from where.")
    p.add_argument("project", type=Path)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_log)
