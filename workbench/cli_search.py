"""Command line for search and discovery (issue 5): ``search``, ``alias add``, ``suggest claims|evidence``,
and the rows of ``list entities``. The same ops as the window, so the same ranking as the search panel."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.domain.checkworthy import KIND_LABELS
from workbench.domain.discovery import KINDS, SearchFilters, SearchHit
from workbench.domain.model import Stance
from workbench.domain.search_text import marked
from workbench.errors import BadArgument, ProjectError

SUGGEST = ("claims", "evidence")


def _open(path: Path, read_only: bool = False):  # type: ignore[no-untyped-def]
    from workbench.ops import project as project_ops

    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    return project_ops.open_project(path, read_only=read_only)


def _open_indexed(path: Path, write: bool = False):  # type: ignore[no-untyped-def]
    """Open read-only when the index is ready (works while the window has the project open); otherwise open
    for writing and build the index first (older projects). ``write``: open for writing in any case."""
    from workbench.ops import search as search_ops

    project = _open(path, read_only=True)
    if search_ops.index_state(project) == "ready":
        if not write:
            return project
        project.close()
        return _open(path)
    project.close()
    project = _open(path)
    print("building the search index (once)…", file=sys.stderr)
    search_ops.ensure_index(project)
    return project


def hit_row(hit: SearchHit) -> dict[str, Any]:
    row = asdict(hit)
    row["marks"] = [list(m) for m in hit.marks]
    row["variants"] = list(hit.variants)
    row["snippet_marked"] = marked(hit.snippet, list(hit.marks))
    return row


def hit_line(hit: SearchHit) -> str:
    where = hit.document_title or hit.label
    if hit.kind == "document" and hit.field != "title":
        where += f" [{hit.segment}]"
    variant = f"  (matched “{hit.matched_variant}”, a spelling of {hit.entity})" if hit.entity else ""
    return (f"{hit.kind:8}  {hit.id[:8]}  {hit.document_id[:8] or '--------'}  {hit.start}-{hit.end}  {where}\n"
            f"          {marked(hit.snippet, list(hit.marks))}{variant}")


def cmd_search(args: argparse.Namespace) -> int:
    from workbench.ops import documents as doc_ops
    from workbench.ops import search as search_ops

    project = _open_indexed(args.project)
    try:
        doc_id = doc_ops.resolve_document(project, args.document) if args.document else ""
        filters = SearchFilters(document_id=doc_id, segments=frozenset(args.segment or ()),
                                date_from=args.date_from or "", date_to=args.date_to or "", status=args.status or "")
        hits = search_ops.search(project, args.query, args.kind or None, filters, limit=args.limit)
    finally:
        project.close()
    if args.json:
        print(json.dumps([hit_row(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        print("\n".join(hit_line(h) for h in hits) if hits else "(no hits)")
    if getattr(hits, "truncated", False):
        print(f"note: more than {hits.cap} passages match; the most recently added of them were ranked "
              "(add words or filters to rank them all).", file=sys.stderr)
    return 0


def cmd_alias(args: argparse.Namespace) -> int:
    from workbench.ops import entities as entity_ops

    project = _open(args.project)
    try:
        from workbench.cli import _change

        entity_id, _ = _change(project, "Add spelling", _add_aliases, args.name, args.aliases, args.kind or "")
        entity = next(e for e in entity_ops.list_entities(project) if e.id == entity_id)
    finally:
        project.close()
    if args.json:
        print(json.dumps(entity_row(entity), ensure_ascii=False))
    else:
        print(f"{entity.id}  {entity.name}: {', '.join(entity.aliases)}")
    return 0


def _add_aliases(project: Any, name: str, aliases: list[str], kind: str) -> tuple[str, Any]:
    """The sources' aliases become entities first (as the Entities window does), then the spellings are added."""
    from workbench.ops import entities as entity_ops

    with project.write():
        entity_ops.seed_from_sources(project)
        return entity_ops.add_aliases(project, name, aliases, kind=kind)


def entity_row(entity: Any) -> dict[str, Any]:
    return {"id": entity.id or None, "name": entity.name, "kind": entity.kind, "aliases": list(entity.aliases),
            "source_id": entity.source_id}


def list_entities(project: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows of ``workbench list PROJECT entities``: the entities, and sources with aliases not yet entities."""
    from workbench.ops import entities as entity_ops

    entities = entity_ops.entities_and_sources(project)
    rows = [entity_row(e) for e in entities]
    lines = [f"{e.id or '(source)':36}  {e.kind or '-':12}  {e.name}" + (f": {', '.join(e.aliases)}" if e.aliases
                                                                        else "") for e in entities]
    return rows, lines


def cmd_suggest(args: argparse.Namespace) -> int:
    from workbench.cli import _change
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops import search as search_ops

    what, path = _suggest_order(args.project, args.what)
    args.what, args.project = what, path
    _check_take(args)
    project = _open_indexed(args.project, write=bool(args.make or args.add))
    rows: list[dict[str, Any]]
    made: dict[str, Any] | None = None
    try:
        if args.what == "claims":
            if not args.document:
                raise ProjectError("suggest claims: give --document ID.")
            doc_id = doc_ops.resolve_document(project, args.document)
            found = search_ops.suggest_claims(project, doc_id, comments=args.all_segments,
                                              boilerplate=args.all_segments)
            rows = [{"document_id": doc_id, "start": s.start, "end": s.end, "sentence": s.sentence,
                     "claimant": s.claimant, "chain": list(s.chain), "cue": s.cue, "segment": s.segment.value,
                     "affiliation": s.affiliation, "kind": s.kind, "checkworthiness": s.score} for s in found]
            lines = [f"{i:>2}. {s.start}-{s.end}  {s.claimant}" + (f" (via {' › '.join(s.chain)})" if s.chain else "")
                     + (f"  [{KIND_LABELS[s.kind]}]" if s.kind in KIND_LABELS else "")
                     + f"  check-worthiness {s.score:g}"
                     + f"\n          {s.sentence}" for i, s in enumerate(found, 1)]  # i: for --make; best first
            if args.make:
                chosen = _nth(found, args.make, f"suggest claims: document {doc_id[:8]}")
                claim_id, _ = _change(project, "New claim from suggestion", search_ops.make_claim, doc_id, chosen)
                made = {"id": claim_id, **rows[args.make - 1]}
        else:
            if not args.claim:
                raise ProjectError("suggest evidence: give --claim ID.")
            claim_id = claim_ops.resolve_claim(project, args.claim)
            related = search_ops.related_passages(project, claim_id)
            rows = [{"claim_id": claim_id, "document_id": r.document_id, "document_title": r.document_title,
                     "published": r.published, "start": r.start, "end": r.end, "text": r.text, "score": r.score,
                     "terms": list(r.terms)} for r in related]
            lines = [f"{i:>2}. {r.document_id[:8]}  {r.published or '----------':10}  {r.start}-{r.end}  "
                     f"{r.score:6.2f}  {r.document_title}\n          {marked(r.text, list(r.marks))}"
                     for i, r in enumerate(related, 1)]  # i: for --add
            if args.add:
                passage = _nth(related, args.add, f"suggest evidence: claim {claim_id[:8]}")
                stance = Stance(args.stance)
                ev_id, _ = _change(project, f"Add evidence ({stance.label.lower()})",
                                   search_ops.add_related_as_evidence, claim_id, passage, stance)
                made = {"id": ev_id, "stance": stance.value, **rows[args.add - 1]}
    finally:
        project.close()
    if made is not None:  # --make / --add: what was made, not the list
        print(json.dumps(made, ensure_ascii=False) if args.json else made["id"])
        return 0
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines) if lines else "(no suggestions)")
    return 0


def _check_take(args: argparse.Namespace) -> None:
    """--make goes with claims, --add (with --stance) with evidence."""
    if args.make is not None and (args.what != "claims" or args.make < 1):
        raise BadArgument("suggest: --make N goes with claims, N counting from 1 (the first suggestion).")
    if args.add is not None and (args.what != "evidence" or args.add < 1):
        raise BadArgument("suggest: --add N goes with evidence, N counting from 1 (the first suggestion).")
    if (args.add is None) != (args.stance is None):
        raise BadArgument("suggest evidence: --add N and --stance supports|refutes|context go together.")


def _nth(found: list[Any], n: int, where: str) -> Any:
    if n > len(found):
        raise BadArgument(f"{where}: there {'is' if len(found) == 1 else 'are'} {len(found)} suggestion(s), so "
                          f"no suggestion {n}.")
    return found[n - 1]


def _suggest_order(first: str, second: str) -> tuple[str, Path]:
    """(what, project) from ``suggest PROJECT claims|evidence``, or from the older ``suggest claims|evidence
    PROJECT`` (still accepted)."""
    if second in SUGGEST:
        return second, Path(first)
    if first in SUGGEST:
        return first, Path(second)
    raise BadArgument(f"suggest: “{second}” is not something to suggest: use claims or evidence "
                      "(workbench suggest PROJECT claims|evidence).")


def add_parsers(sub: Any) -> None:
    s = sub.add_parser("search", help="full-text search (names find all their spellings)",
                       description="Search documents, passages, claims, evidence and sources, ranked like the "
                                   "search panel. QUERY: words (all must match), \"a phrase\", a OR b, -word, "
                                   "prefix*. A name listed for an entity (workbench alias add) finds all its "
                                   "spellings; each hit tells which one matched.")
    s.add_argument("project", type=Path)
    s.add_argument("query")
    s.add_argument("--kind", action="append", choices=KINDS, help="only hits of this kind (repeat for several)")
    s.add_argument("--document", metavar="ID", help="only in this document (id or a unique prefix)")
    s.add_argument("--segment", action="append", choices=["body", "comments", "boilerplate"],
                   help="only in this part of documents (repeat for several)")
    s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="documents published from this date")
    s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="documents published until this date")
    s.add_argument("--status", choices=["draft", "review", "final"], help="only claims (and evidence) with it")
    s.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    s.add_argument("--json", action="store_true", help="one object per hit: kind, id, document id and title, "
                                                       "start/end (code points), snippet, matched variant…")
    s.set_defaults(fn=cmd_search)

    s = sub.add_parser("alias", help="entities and their spellings: add, remove, rename, kind, delete, suggest, "
                                     "reject, groups, split",
                       description="Work with entities' names.")
    asub = s.add_subparsers(dest="action", required=True)
    a = asub.add_parser("add", help="add spellings to an entity (created if new)",
                        description="Add other spellings of NAME (an entity's name or one of its spellings; a new "
                                    "entity when none has it). A search for any of them then finds all.")
    a.add_argument("project", type=Path)
    a.add_argument("name")
    a.add_argument("aliases", nargs="+", metavar="ALIAS")
    a.add_argument("--kind", choices=["place", "organisation", "person", "other"])
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_alias)

    s = sub.add_parser("suggest", help="suggest claims in a document, or evidence for a claim",
                       description="claims: sentences of a document that report what someone said, with the "
                                   "claimant and attribution chain (body only unless --all-segments). evidence: "
                                   "passages of other documents sharing a claim's words and names. Nothing is "
                                   "changed, unless --make N (claims) or --add N --stance S (evidence) takes the "
                                   "Nth suggestion, as the window's suggestions do. (The older order, suggest "
                                   "claims|evidence PROJECT, still works.)")
    s.add_argument("project", metavar="PROJECT")
    s.add_argument("what", metavar="claims|evidence", help="what to suggest (claims: most check-worthy first; "
                                                            "opinions, headlines and statements with little to "
                                                            "check marked and listed last)")
    s.add_argument("--document", metavar="ID", help="suggest claims: the document (id or a unique prefix)")
    s.add_argument("--claim", metavar="ID", help="suggest evidence: the claim (id or a unique prefix)")
    s.add_argument("--all-segments", action="store_true", help="suggest claims: include comments and boilerplate")
    s.add_argument("--make", type=int, metavar="N", help="suggest claims: make the Nth suggestion (1 = first) a "
                                                          "claim, with its claimant and attribution chain")
    s.add_argument("--add", type=int, metavar="N", help="suggest evidence: link the Nth passage (1 = first) to the "
                                                         "claim as evidence, with --stance")
    s.add_argument("--stance", choices=[st.value for st in Stance], help="with --add")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_suggest)
