"""``workbench profile`` (who you are), ``workbench desk`` (the desk's sign-off rule, reviewers and members) and
``workbench claim assign`` (who works on a claim). ``workbench list P claims --mine`` lists your claims.

The profile lives in your config folder (no project); the desk's settings live in the project. Assigning is one
undoable step ("Assign claim", as in the window).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any


def cmd_profile(args: argparse.Namespace) -> int:
    from workbench import identity

    profile: identity.Profile | None
    if getattr(args, "action", None) == "set":
        old = identity.load_profile()
        profile = identity.save_profile(identity.Profile(
            args.name, args.organisation if args.organisation is not None else (old.organisation if old else ""),
            args.email if args.email is not None else (old.email if old else "")))
    else:
        profile = identity.load_profile()
    row: dict[str, Any] = {**(asdict(profile) if profile else {"name": "", "organisation": "", "email": ""}),
                           "display": identity.current_display(), "set": profile is not None,
                           "file": str(identity.profile_file())}
    if args.json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
    elif profile is None:
        print(f"No profile set: history names you “{row['display']}” (your login name).\n"
              "Set one with: workbench profile set --name NAME [--organisation ORG] [--email EMAIL]")
    else:
        print(f"name: {profile.name}\norganisation: {profile.organisation or '(not set)'}\n"
              f"email: {profile.email or '(not set)'}\nhistory names you: {profile.display}")
    return 0


def _desk_row(settings: Any) -> dict[str, Any]:
    return {"signoff": settings.signoff, "reviewers": list(settings.reviewers), "members": list(settings.members)}


def _print_desk(row: dict[str, Any], as_json: bool) -> None:
    from workbench.ops.desk import SIGNOFF_RULES

    if as_json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
        return
    print(f"sign-off: {row['signoff']} ({SIGNOFF_RULES[row['signoff']]})\n"
          f"reviewers: {'; '.join(row['reviewers']) or '(any member but the one who sent it to review)'}\n"
          f"members: {'; '.join(row['members']) or '(not listed)'}")


def cmd_desk_show(args: argparse.Namespace) -> int:
    from workbench.cli import _open
    from workbench.ops import desk

    project = _open(args.project, read_only=True)
    try:
        row = _desk_row(desk.get_settings(project))
    finally:
        project.close()
    _print_desk(row, args.json)
    return 0


def cmd_desk_set(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.errors import BadArgument
    from workbench.ops import desk

    if args.signoff is None and args.reviewers is None and args.members is None:
        raise BadArgument("desk set: give at least one of --signoff, --reviewers or --members.")
    project = _open(args.project)
    try:
        _change(project, "Edit desk settings", desk.set_settings, signoff=args.signoff, reviewers=args.reviewers,
                members=args.members)
        row = _desk_row(desk.get_settings(project))
    finally:
        project.close()
    _print_desk(row, args.json)
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import claims as claim_ops
    from workbench.ops import desk

    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        _change(project, "Assign claim", desk.assign, claim_id, args.name)
        assignee = claim_ops.get_claim(project, claim_id).assignee
    finally:
        project.close()
    if args.json:
        print(json.dumps({"id": claim_id, "assignee": assignee}, ensure_ascii=False))
    else:
        print(f"{claim_id}  assigned to {assignee}" if assignee else f"{claim_id}  unassigned")
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser("profile", help="your profile: show, set (the name history and sign-off use)",
                       description="Your profile (name, organisation, optional email), kept in your config folder: "
                                   "history, the operation log and the desk's sign-off name you by it. Without "
                                   "a subcommand: show it.")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_profile, action=None)
    psub = s.add_subparsers(dest="action", required=False)
    a = psub.add_parser("show", help="show your profile", description="Show your profile.")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_profile)
    a = psub.add_parser("set", help="set your name, organisation and email",
                        description="Set your profile. History shows “Name (Organisation)”. Options not given "
                                    "keep their value (\"\" clears).")
    a.add_argument("--name", required=True, metavar="NAME", help="your name (one line, at most 80 characters)")
    a.add_argument("--organisation", metavar="ORG", help="your newsroom or organisation")
    a.add_argument("--email", metavar="EMAIL", help="an email address (optional)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_profile)

    s = sub.add_parser("desk", help="the desk's sign-off rule, reviewers and members: show, set",
                       description="The desk: several fact-checkers on one project. Its sign-off rule decides "
                                   "who may make a verdict final.")
    dsub = s.add_subparsers(dest="action", required=True)
    a = dsub.add_parser("show", help="show the desk's settings", description="Show the sign-off rule, the "
                                                                               "reviewers and the members.")
    a.add_argument("project", type=Path)
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_desk_show)
    a = dsub.add_parser("set", help="set the sign-off rule, reviewers, members",
                        description="Set the desk's settings; only the options given change. --signoff second: a "
                                    "draft goes to review before final, and someone other than the person who sent "
                                    "it to review makes it final (only the reviewers, when listed).")
    a.add_argument("project", type=Path)
    a.add_argument("--signoff", metavar="none|second", help="the sign-off rule")
    a.add_argument("--reviewers", metavar="\"A;B\"", help="who may make verdicts final (\"\": any other member)")
    a.add_argument("--members", metavar="\"A;B;C\"", help="the desk's members (offered when assigning claims)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_desk_set)

    from workbench.cli_edit import _subparsers

    csub = _subparsers(sub, "claim")
    sub.choices["claim"].description = "Work with claims: add, show, set, appearance, unlink, delete, assign."
    a = csub.add_parser("assign", help="assign a claim to a desk member (\"\" unassigns)",
                        description="Assign a claim to a person (a desk member's name); an empty NAME unassigns "
                                    "it. One undoable step (“Assign claim”).")
    a.add_argument("project", type=Path)
    a.add_argument("claim", metavar="CLAIM", help="claim id (or a unique prefix)")
    a.add_argument("name", metavar="NAME", help="who works on it (\"\" unassigns)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_assign)
