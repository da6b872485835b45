"""Importing web annotations (Hypothesis API JSON, W3C Web Annotations) onto the project's documents.

Each annotation (``domain.annotation_formats``) is matched to a document — by its target's URL (``documents.url``,
ignoring the scheme, "www.", a trailing slash and the fragment), by ``urn:sha256:<hash>`` (the SHA-256 of the
document's original bytes, as this app's W3C export names documents without a URL), else by its quoted text when
exactly one document holds it — and anchored there by its TextQuoteSelector: first where its
TextPositionSelector says when the text there is the quote (UTF-16 units for Hypothesis, code points for W3C),
then the quote found whatever its white space, quotation marks and dashes (``domain.quote_match``), then the
re-anchoring of ``domain.anchoring`` (exact with context, then fuzzy: small edits). Each anchored annotation
becomes a passage carrying its note (text, tags, who) and its id (``passages.annotation``), shown in the reading
pane as an annotation highlight. An annotation already imported (its id) or whose range is already a passage of
the document is skipped ("already imported"); one that matches no document or cannot be anchored is reported with
its id and the reason. The whole file is one transaction: one undoable step, nothing half-written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from workbench.domain import annotation_formats as formats
from workbench.domain.anchoring import reanchor
from workbench.domain.changes import Changes
from workbench.domain.model import Passage, new_id, utc_now
from workbench.domain.offsets import OffsetMap
from workbench.domain.quote_match import find_quote
from workbench.domain.selectors import make_quote
from workbench.errors import BadArgument
from workbench.ops.documents import ImportStatus
from workbench.store import documents as store_docs
from workbench.store import history
from workbench.store import passages as store_passages
from workbench.store.project import Project

MAX_BYTES = 64 * 1024 * 1024
_HEAD = 65536


@dataclass(frozen=True, slots=True)
class Placed:
    """An annotation imported as a passage."""

    id: str
    passage_id: str
    document_id: str
    title: str
    start: int
    end: int
    method: str  # "position", "quote" (white space/quotation marks forgiven), "exact" or "fuzzy"


@dataclass(frozen=True, slots=True)
class Left:
    """An annotation not imported, and why."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class AnnotationsImport:
    """What importing one file of annotations did."""

    name: str
    format: str  # "hypothesis" or "w3c"
    imported: tuple[Placed, ...] = ()
    skipped: tuple[Left, ...] = ()  # already imported
    unmatched: tuple[Left, ...] = ()  # no document, or the quote not found

    def line(self) -> str:
        parts = [f"{len(self.imported)} annotation(s) imported"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} already imported")
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} not placed")
        return f"{PurePath(self.name).name or self.name}: " + ", ".join(parts) + "."


def decode(data: bytes, name: str) -> Any:
    """The JSON of a file of annotations, or BadArgument naming the file and the reason."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadArgument(f"{name} is not JSON ({exc}).") from None
    if not formats.kind(value):
        raise BadArgument(f"{name} holds no web annotations (Hypothesis API JSON or W3C Web Annotations).")
    return value


def looks_like_annotations(data: bytes) -> bool:
    """Whether these bytes are a file of annotations (decoded and recognised by content)."""
    head = data[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")) or not (b'"target"' in head or b'"rows"' in head or b"Annotation" in head):
        return False
    try:
        return bool(formats.kind(json.loads(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, ValueError):
        return False


class _Documents:
    """The project's documents as annotations are matched to them (texts read when first needed)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.summaries = store_docs.list_summaries(db)
        self.by_url: dict[str, list[str]] = {}
        self.by_sha: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        for d in self.summaries:
            self.titles[d.id] = d.metadata.title or d.filename
            self.by_sha.setdefault(d.sha256, d.id)
            if d.metadata.url.strip():
                self.by_url.setdefault(formats.url_key(d.metadata.url), []).append(d.id)
        self.texts: dict[str, str] = {}

    def text(self, doc_id: str) -> str:
        if doc_id not in self.texts:
            self.texts[doc_id] = store_docs.text(self.db, doc_id)
        return self.texts[doc_id]

    def candidates(self, a: formats.ForeignAnnotation) -> tuple[list[str], str]:
        """The documents ``a`` may be on, or [] and why not."""
        for src in a.sources:
            if src.startswith("urn:sha256:") and src[11:].lower() in self.by_sha:
                return [self.by_sha[src[11:].lower()]], ""
            ids = self.by_url.get(formats.url_key(src)) if "://" in src or src.startswith("www.") else None
            if ids:
                return ids, ""
        if a.quote is not None:
            holding = [d.id for d in self.summaries if find_quote(self.text(d.id), a.quote.exact)]
            if len(holding) == 1:
                return holding, ""
            if len(holding) > 1:
                return [], f"no document with its address ({_first(a)}), and its quote is in {len(holding)} documents"
        return [], f"no document with that address ({_first(a)})" if a.sources else "no target address"


def _first(a: formats.ForeignAnnotation) -> str:
    return a.sources[0] if a.sources else "none"


def anchor(text: str, a: formats.ForeignAnnotation) -> tuple[int, int, str] | None:
    """Where ``a``'s quote is in ``text`` (code points) and how it was found, or None."""
    quote = a.quote
    if quote is None:
        return None
    hint = None
    if a.position is not None:
        start, end = a.position
        if a.units == formats.UTF16:
            offsets = OffsetMap(text)
            start, end = offsets.to_codepoint(start), offsets.to_codepoint(end)
        if text[start:end] == quote.exact:
            return start, end, "position"
        hint = start
    found = find_quote(text, quote.exact)
    if found:
        if len(found) == 1 or (hint is None and not (quote.prefix or quote.suffix)):
            return (*found[0], "quote")
        exact = reanchor(text, quote, hint)  # several: the context and the position decide
        if exact is not None and (exact.start, exact.end) in found:
            return exact.start, exact.end, "quote"
        s, e = min(found, key=lambda r: abs(r[0] - (hint or 0)))
        return s, e, "quote"
    placed = reanchor(text, quote, hint)
    return (placed.start, placed.end, placed.method) if placed is not None else None


def import_annotations(project: Project, data: bytes | Any, name: str) -> tuple[AnnotationsImport, Changes]:
    """Import the annotations of one file (its bytes, or its decoded JSON) in one transaction."""
    value = decode(bytes(data), name) if isinstance(data, bytes | bytearray) else data
    kind = formats.kind(value)
    if not kind:
        raise BadArgument(f"{name} holds no web annotations (Hypothesis API JSON or W3C Web Annotations).")
    found = formats.parse(value)
    imported: list[Placed] = []
    skipped: list[Left] = []
    unmatched: list[Left] = []
    at = utc_now()
    with project.write() as db:
        docs = _Documents(db)
        known = store_passages.annotated(db, [a.id for a in found])
        ranges: dict[str, set[tuple[int, int]]] = {}
        for a in found:
            if a.id in known:
                skipped.append(Left(a.id, "already imported"))
                continue
            if a.problem:
                unmatched.append(Left(a.id, a.problem))
                continue
            ids, why = docs.candidates(a)
            placed = None
            for doc_id in ids:
                spot = anchor(docs.text(doc_id), a)
                if spot is not None:
                    placed = (doc_id, *spot)
                    break
            if placed is None:
                assert a.quote is not None
                reason = why or f"quote not found in “{docs.titles[ids[0]]}”: “{_short(a.quote.exact)}”"
                unmatched.append(Left(a.id, reason))
                continue
            doc_id, start, end, method = placed
            have = ranges.setdefault(doc_id, store_passages.ranges(db, doc_id))
            if (start, end) in have:
                skipped.append(Left(a.id, "already imported (the same passage is in the project)"))
                known.add(a.id)
                continue
            text = docs.text(doc_id)
            passage = Passage(id=new_id(), document_id=doc_id, start=start, end=end,
                              quote=make_quote(text, start, end), note=a.note, annotation=a.id)
            store_passages.insert(db, passage, at)
            have.add((start, end))
            known.add(a.id)
            imported.append(Placed(a.id, passage.id, doc_id, docs.titles[doc_id], start, end, method))
        if imported:
            history.record(db, "document", imported[0].document_id, "annotations imported",
                           after={"file": name, "annotations": len(imported),
                                  "documents": sorted({p.document_id for p in imported})})
    outcome = AnnotationsImport(name, kind, tuple(imported), tuple(skipped), tuple(unmatched))
    return outcome, Changes.PASSAGES if imported else Changes.NONE


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ----- annotation files among files given to the window's import ------------------------------------------
@dataclass(frozen=True, slots=True)
class AnnotationsOutcome:
    """What the window's import did with a file of annotations (listed like a file's outcome)."""

    path: str
    status: ImportStatus
    reason: str = ""
    summary: str = ""
    result: AnnotationsImport | None = None
    document_id: str = ""  # (as a file's ImportOutcome: annotations are no document)
    previous_id: str = ""
    details: tuple[str, ...] = field(default=())

    def line(self) -> str:
        if self.status is ImportStatus.REJECTED:
            return f"rejected  {self.path}: {self.reason}"
        return "\n".join([self.summary, *self.details])


def _read(path: Path) -> bytes | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
                return None
            data = head + fh.read()
    except OSError:
        return None
    return data if looks_like_annotations(data) else None


def import_annotation_files(project: Project, paths: Sequence[Path], label: str,
                            origin: str = "") -> tuple[list[AnnotationsOutcome], list[Path]]:
    """Import the files of annotations among ``paths`` (recognised by content), each as one undoable step named
    ``label``; return their outcomes and the other paths."""
    outcomes: list[AnnotationsOutcome] = []
    rest: list[Path] = []
    for path in paths:
        data = _read(Path(path))
        if data is None:
            rest.append(Path(path))
            continue
        try:
            with project.logged(label, origin):
                result, _ = import_annotations(project, data, Path(path).name)
        except BadArgument as exc:
            outcomes.append(AnnotationsOutcome(str(path), ImportStatus.REJECTED, reason=str(exc)))
            continue
        details = tuple(f"    {left.id}: {left.reason}" for left in result.unmatched)
        if result.imported:
            status = ImportStatus.IMPORTED
        elif result.unmatched and not result.skipped:
            outcomes.append(AnnotationsOutcome(str(path), ImportStatus.REJECTED, result=result, details=details,
                                               reason=result.line() + " " + "; ".join(
                                                   f"{x.id}: {x.reason}" for x in result.unmatched[:5])))
            continue
        else:
            status = ImportStatus.DUPLICATE
        outcomes.append(AnnotationsOutcome(str(path), status, summary=result.line().replace(result.name, str(path), 1),
                                           result=result, details=details))
    return outcomes, rest
