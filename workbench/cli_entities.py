"""The Entities window on the command line: ``alias remove|rename|kind|delete|suggest|reject`` (``alias add`` is in
``cli_search``).

    workbench alias remove PROJECT NAME SPELLING...     forget spellings of an entity
    workbench alias rename PROJECT NAME NEW             rename an entity
    workbench alias kind PROJECT NAME place|organisation|person|other|none
    workbench alias delete PROJECT NAME                 delete an entity (the documents are not touched)
    workbench alias suggest PROJECT [NAME]              spellings in the documents that look like NAME's, or pairs
                                                        of names that look like one thing (no NAME)
    workbench alias reject PROJECT NAME SPELLING        SPELLING is not NAME: never suggest it again
    workbench alias groups PROJECT                      the spellings matched automatically (no entity needed)
    workbench alias split PROJECT SPELLING              take SPELLING out of its automatic group

NAME is an entity's name, one of its spellings, or its id. Each change is one undoable step named as in the
Entities window ("Remove spelling", "Rename entity", "Change entity kind", "Delete entity", "Reject spelling",
"Split spelling off").
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.cli import _change, _open
from workbench.cli_search import entity_row
from workbench.errors import BadArgument

KINDS = ("place", "organisation", "person", "other")


def _entity(project: Any, name: str) -> Any:
    """The entity NAME names, after the sources' aliases became entities (as the Entities window does first)."""
    from workbench.ops import entities as entity_ops

    if not project.read_only:
        _change(project, "", entity_ops.seed_from_sources)  # no undo step of its own in the window either
    entity_id = entity_ops.resolve_entity(project, name)
    return next(e for e in entity_ops.list_entities(project) if e.id == entity_id)


def _print_entity(project: Any, entity_id: str, as_json: bool) -> None:
    from workbench.ops import entities as entity_ops

    entity = next(e for e in entity_ops.list_entities(project) if e.id == entity_id)
    if as_json:
        print(json.dumps(entity_row(entity), ensure_ascii=False))
    else:
        print(f"{entity.id}  {entity.kind or '-'}  {entity.name}: {', '.join(entity.aliases) or '(no other spelling)'}")


def _update(args: argparse.Namespace, label: str, **fields: Any) -> int:
    from workbench.ops import entities as entity_ops

    project = _open(args.project)
    try:
        entity = _entity(project, args.name)
        if "aliases" in fields:
            gone = {a.casefold() for a in fields["aliases"]}
            missing = [a for a in fields["aliases"] if a.casefold() not in {x.casefold() for x in entity.aliases}]
            if missing:
                raise BadArgument(f"alias remove: “{missing[0]}” is not a spelling of {entity.name} (its spellings: "
                                  f"{', '.join(entity.aliases) or 'none'}).")
            fields["aliases"] = [a for a in entity.aliases if a.casefold() not in gone]
        _change(project, label, entity_ops.update_entity, entity.id, **fields)
        _print_entity(project, entity.id, args.json)
    finally:
        project.close()
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    return _update(args, "Remove spelling", aliases=args.spellings)


def cmd_rename(args: argparse.Namespace) -> int:
    return _update(args, "Rename entity", name=args.new)


def cmd_kind(args: argparse.Namespace) -> int:
    kind = "" if args.kind == "none" else args.kind
    return _update(args, "Change entity kind", kind=kind)


def cmd_delete(args: argparse.Namespace) -> int:
    from workbench.ops import entities as entity_ops

    project = _open(args.project)
    try:
        entity = _entity(project, args.name)
        _change(project, "Delete entity", entity_ops.delete_entity, entity.id)
    finally:
        project.close()
    print(json.dumps({"deleted": entity.id, "name": entity.name}, ensure_ascii=False) if args.json
          else f"deleted {entity.id} {entity.name}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from workbench.ops import entities as entity_ops

    project = _open(args.project)  # the names' counts may need refreshing first
    try:
        if args.name:
            found = entity_ops.suggest_entity_variants(project, _entity(project, args.name).id, limit=args.limit)
        else:
            found = entity_ops.suggest_new_entities(project, limit=args.limit)
    finally:
        project.close()
    if args.json:
        print(json.dumps([{"of": s.of, "variant": s.variant, "score": round(s.score, 3), "documents": s.documents,
                           "entity_id": s.entity_id or None} for s in found], ensure_ascii=False, indent=2))
    else:
        print("\n".join(f"{s.variant}  (like {s.of}; {s.documents} document(s), score {s.score:.2f})"
                        for s in found) if found else "(no suggestions)")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from workbench.ops import entities as entity_ops

    project = _open(args.project)
    try:
        try:
            names = list(_entity(project, args.name).names)
            label = "Reject spelling"
        except BadArgument:  # not an entity: a name of the documents, as in the window's list of pairs
            names, label = [args.name], "Not the same name"
        if not args.spelling.strip():
            raise BadArgument("alias reject: the spelling is empty.")
        _change(project, label, entity_ops.reject_variant, names, args.spelling.strip())
    finally:
        project.close()
    print(json.dumps({"names": names, "rejected": args.spelling.strip()}, ensure_ascii=False) if args.json
          else f"“{args.spelling.strip()}” will not be suggested as a spelling of {names[0]}")
    return 0


def cmd_groups(args: argparse.Namespace) -> int:
    from workbench.ops import entities as entity_ops

    project = _open(args.project)  # the names' counts may need refreshing first
    try:
        groups = entity_ops.automatic_groups(project)
    finally:
        project.close()
    if args.json:
        print(json.dumps([{"names": list(g.names), "documents": g.documents} for g in groups], ensure_ascii=False,
                         indent=2))
    else:
        print("\n".join(f"{' ≈ '.join(g.names)}  ({g.documents} document(s))" for g in groups)
              if groups else "(no spellings matched automatically)")
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    from workbench.domain.variants import name_key
    from workbench.ops import entities as entity_ops

    spelling = args.spelling.strip()
    project = _open(args.project)
    try:
        key = name_key(spelling)
        group = next((g for g in entity_ops.automatic_groups(project) if key in {name_key(n) for n in g.names}),
                     None)
        if group is None:
            raise BadArgument(f"alias split: “{spelling}” is in no automatic spelling group (alias groups lists "
                              "them).")
        spelling = next(n for n in group.names if name_key(n) == key)
        _change(project, "Split spelling off", entity_ops.split_spelling, group.names, spelling)
    finally:
        project.close()
    others = [n for n in group.names if n != spelling]
    print(json.dumps({"spelling": spelling, "group": others}, ensure_ascii=False) if args.json
          else f"“{spelling}” is no longer matched with {', '.join(others)}")
    return 0


def _kind(value: str) -> str:
    if value not in (*KINDS, "none"):
        raise argparse.ArgumentTypeError(f"use {', '.join(KINDS)} or none")
    return value


def add_parsers(sub: Any) -> None:
    parser = sub.choices["alias"]
    parser.description = "Work with entities and the spellings of their names (as the Entities window does)."
    asub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))

    def command(name: str, help_: str, description: str) -> Any:
        a = asub.add_parser(name, help=help_, description=description)
        a.add_argument("project", type=Path)
        a.add_argument("name", metavar="NAME", help="an entity's name, one of its spellings, or its id")
        return a

    a = command("remove", "forget spellings of an entity", "Remove spellings of an entity's name.")
    a.add_argument("spellings", nargs="+", metavar="SPELLING")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_remove)

    a = command("rename", "rename an entity", "Give an entity another name (its spellings stay).")
    a.add_argument("new", metavar="NEW")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_rename)

    a = command("kind", "set what an entity is (place, organisation, person…)", "Set an entity's kind.")
    a.add_argument("kind", type=_kind, metavar="|".join((*KINDS, "none")))
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_kind)

    a = command("delete", "delete an entity", "Delete an entity and its spellings; documents are not touched.")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_delete)

    a = asub.add_parser("suggest", help="spellings the documents use that look like a name",
                        description="With NAME: spellings in the documents that look like the entity's name and "
                                    "are not among its spellings yet (add one with alias add). Without: pairs of "
                                    "names that look like two spellings of one thing.")
    a.add_argument("project", type=Path)
    a.add_argument("name", nargs="?", metavar="NAME", help="an entity's name, one of its spellings, or its id")
    a.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_suggest)

    a = command("reject", "say a spelling is not a name's (never suggested again)",
                "Record that SPELLING is not a spelling of NAME (an entity, or a name of the documents): it is "
                "not suggested again.")
    a.add_argument("spelling", metavar="SPELLING")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_reject)

    a = asub.add_parser("groups", help="the spellings matched automatically",
                        description="Names the documents spell several ways that search, related passages and the "
                                    "claim finder match together with no entity (Khasham ≈ Khusham ≈ Ksham), with "
                                    "the documents using them.")
    a.add_argument("project", type=Path)
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_groups)

    a = asub.add_parser("split", help="take a spelling out of its automatic group",
                        description="SPELLING is no longer matched with the other spellings of its automatic "
                                    "group (one undoable step, as Split off in the Entities window).")
    a.add_argument("project", type=Path)
    a.add_argument("spelling", metavar="SPELLING")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_split)
