"""Project files on the command line: a new project (File ▸ New Project…), backups (File ▸ Restore from Backup…,
the automatic backups) and copies (File ▸ Save a Copy…).

    workbench new PROJECT                                  create an empty project (refused if the file exists)
    workbench backup list PROJECT [--all]                  its backups, newest first, numbered (1 = newest)
    workbench backup make PROJECT                          back it up now (as the automatic backup does)
    workbench backup copy PROJECT TARGET                   a consistent copy to a new file
    workbench backup restore PROJECT BACKUP --to TARGET    restore a backup (its number, or its file) to a new file
    workbench backup restore PROJECT BACKUP --in-place     put a backup in place of a damaged project (the damaged
                                                           file is kept beside it as NAME.damaged-TIME)

Backups live in ``<user data>/backups`` (``$WORKBENCH_DATA_DIR/backups`` when set), one folder per project file;
they are made while the window has the project open, and before an upgrade. Nothing here changes a project's
content: a restore writes a new file (or, with --in-place, moves the old one aside), so none of these is a step
of the project's undo history.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.errors import BadArgument, ProjectError


def _backup_json(number: int, b: Any) -> dict[str, Any]:
    return {"number": number, "path": str(b.path), "created": b.created.isoformat(), "label": b.label,
            "size": b.size, "documents": b.documents, "claims": b.claims, "ok": b.ok, "problem": b.problem or None}


def _backup_line(number: int, b: Any) -> str:
    when = b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    what = (f"{b.documents} document(s), {b.claims} claim(s)" if b.ok else f"unreadable: {b.problem}")
    label = f" [{b.label}]" if b.label else ""
    return f"{number:>3}  {when}  {what}{label}  {b.path}"


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.ops import backup as backup_ops

    backups = backup_ops.list_backups(None if args.all else args.project)
    if args.json:
        print(json.dumps([_backup_json(i, b) for i, b in enumerate(backups, 1)], ensure_ascii=False, indent=2))
    elif not backups:
        print(f"no backups of {args.project}" if not args.all else "no backups")
    else:
        print("\n".join(_backup_line(i, b) for i, b in enumerate(backups, 1)))
    return 0


def _existing(path: Path) -> Path:
    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    return path


def cmd_make(args: argparse.Namespace) -> int:
    from workbench.ops import backup as backup_ops
    from workbench.ops import project as project_ops

    project = project_ops.open_project(_existing(args.project), read_only=True)  # refuses a damaged file
    project.close()
    path = backup_ops.make_backup(args.project)
    print(json.dumps({"path": str(path)}) if args.json else path)
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from workbench.ops import backup as backup_ops
    from workbench.ops import project as project_ops

    if args.target.exists():
        raise BadArgument(f"{args.target} already exists: choose a new name for the copy.")
    project = project_ops.open_project(_existing(args.project), read_only=True)
    try:
        path = backup_ops.save_copy(project, args.target)
    finally:
        project.close()
    print(json.dumps({"path": str(path)}) if args.json else path)
    return 0


def _chosen(project: Path, which: str) -> Path:
    """A backup by its number in ``backup list PROJECT`` (1 = newest) or by its file."""
    from workbench.ops import backup as backup_ops

    if which.strip().isdigit():
        backups = backup_ops.list_backups(project)
        n = int(which)
        if not 1 <= n <= len(backups):
            raise BadArgument(f"backup {n}: {project.name} has {len(backups)} backup(s) "
                              f"(see workbench backup list {project}).")
        return Path(backups[n - 1].path)
    path = Path(which)
    if not path.is_file():
        raise BadArgument(f"backup “{which}”: neither a number from `workbench backup list` nor a backup file.")
    return path


def cmd_restore(args: argparse.Namespace) -> int:
    from workbench.ops import backup as backup_ops

    if (args.to is None) == (not args.in_place):
        raise BadArgument("backup restore: give --to TARGET (a new file) or --in-place (replace a damaged "
                          "project, keeping it aside), one of them.")
    backup = _chosen(args.project, args.backup)
    result: dict[str, str | None]
    if args.in_place:
        aside = backup_ops.restore_in_place(_existing(args.project), backup)
        result = {"restored": str(args.project), "backup": str(backup), "moved_aside": str(aside)}
        text = f"restored {backup.name} as {args.project}; the previous file is kept as {aside}"
    else:
        target = backup_ops.restore_to(backup, args.to)
        result = {"restored": str(target), "backup": str(backup), "moved_aside": None}
        text = f"restored {backup.name} as {target}"
    print(json.dumps(result, ensure_ascii=False) if args.json else text)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from workbench.ops import project as project_ops

    if args.project.exists():
        raise BadArgument(f"{args.project} already exists: a new project needs a new file name.")
    project_ops.create_project(args.project).close()
    print(json.dumps({"path": str(args.project)}) if args.json else args.project)
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser("new", help="create an empty project", description="Create an empty project file "
                       "(File ▸ New Project…). Refused if the file exists. (import creates one too.)")
    s.add_argument("project", type=Path)
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_new)

    s = sub.add_parser("backup", help="backups: list, make, copy, restore",
                       description="A project's automatic backups, and copies (File ▸ Save a Copy…, File ▸ Restore "
                                   "from Backup…). Backups are kept in <user data>/backups ($WORKBENCH_DATA_DIR/"
                                   "backups when set).")
    bsub = s.add_subparsers(dest="action", required=True)
    a = bsub.add_parser("list", help="a project's backups, newest first",
                        description="List a project's backups, newest first, numbered for backup restore (1 = "
                                    "newest): when, what they hold, and their file. The project file need not "
                                    "exist any more.")
    a.add_argument("project", type=Path)
    a.add_argument("--all", action="store_true", help="the backups of every project")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_list)

    a = bsub.add_parser("make", help="back a project up now", description="Back a project up now (as the "
                        "automatic backups do: a consistent copy, checked, older ones rotated); prints the file.")
    a.add_argument("project", type=Path)
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_make)

    a = bsub.add_parser("copy", help="save a consistent copy of a project to a new file",
                        description="Write a consistent copy of a project to TARGET (File ▸ Save a Copy…); works "
                                    "while the window has the project open.")
    a.add_argument("project", type=Path)
    a.add_argument("target", type=Path)
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_copy)

    a = bsub.add_parser(
        "restore", help="restore a backup to a new file, or in place of a damaged project",
        description="Restore one of a project's backups: BACKUP is its number in `workbench backup list PROJECT` "
                    "(1 = newest) or its file. --to TARGET writes a new file (never overwrites); --in-place "
                    "replaces PROJECT (a damaged one) and keeps the old file beside it as NAME.damaged-TIME.")
    a.add_argument("project", type=Path)
    a.add_argument("backup", metavar="BACKUP", help="number (1 = newest) or backup file")
    a.add_argument("--to", type=Path, metavar="TARGET", help="the new file to restore to")
    a.add_argument("--in-place", action="store_true", help="replace PROJECT, keeping it aside")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_restore)
