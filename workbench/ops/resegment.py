"""Re-segment documents imported with older importers, with the importers of this version.

The importer of the document's format runs again on the stored original bytes.

- **Same text** (the usual case): the document is changed in place. Its automatic
  segments are replaced by the new ones, then the user's own segment marks
  (``segment_marks``) are applied again in the order they were made, so they win.
  Metadata fields that are empty or were derived by the importer are refreshed;
  a field the user edited, or that was read from the document, is kept. Passages
  do not move (the text did not change).
- **Different text** (the new importer reads the page differently): a document's
  text never changes, so the new reading becomes a **new version** of it (a new
  document with the same original bytes) and its passages move there with the
  re-anchoring of ``ops.reanchor``: doubtful placements are marked for review,
  those that cannot be placed stay on the old version as orphans — nothing is
  dropped. The user's segment marks are carried by their quoted text the same
  way; a mark that cannot be placed with certainty is "not carried" (counted).
  A document that already has a newer version is not re-imported again.

Each document is one undoable step: ``ResegmentResult.changeset`` holds the row
changes to replay (for a new version, the move of passages and marks; the new
version itself stays, as an imported document does). A failing document never
stops the run: its result says why (an importer's bug: "internal error … details
in the log", with the traceback in the log file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from workbench import importers, logfile
from workbench.domain.anchoring import reanchor
from workbench.domain.changes import Changes
from workbench.domain.model import DocumentMetadata, Segment, SegmentKind, new_id, utc_now
from workbench.domain.segments import normalise, remark
from workbench.domain.selectors import make_quote
from workbench.errors import ImportRejected, KnownError, ProjectError
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits
from workbench.ops import reanchor as reanchor_ops
from workbench.ops.documents import complete_metadata, internal_error
from workbench.store import documents as store_docs
from workbench.store import history, versions
from workbench.store import migrations as store_migrations
from workbench.store import passages as store_passages
from workbench.store.changelog import ChangeSet
from workbench.store.project import Project

KINDS = tuple(k.value for k in SegmentKind)  # body, comments, boilerplate
FIELDS: tuple[str, ...] = DocumentMetadata.__slots__  # type: ignore[attr-defined]

UNCHANGED, RESEGMENTED, NEW_VERSION, FAILED = "unchanged", "re-segmented", "new version", "failed"


def kind_counts(segments: Sequence[Segment]) -> dict[str, int]:
    """Characters of each kind (body, comments, boilerplate)."""
    out = dict.fromkeys(KINDS, 0)
    for s in segments:
        out[s.kind.value] += s.end - s.start
    return out


def describe_counts(before: dict[str, int], after: dict[str, int]) -> str:
    """ "body 5,210 → 4,102, comments 0 → 1,108 characters (boilerplate unchanged)"."""
    changed = [f"{k} {before.get(k, 0):,} → {after.get(k, 0):,}" for k in KINDS if before.get(k, 0) != after.get(k, 0)]
    same = [k for k in KINDS if before.get(k, 0) == after.get(k, 0)]
    if not changed:
        return "segments unchanged"
    return f"{', '.join(changed)} characters" + (f" ({', '.join(same)} unchanged)" if same else "")


@dataclass(frozen=True, slots=True)
class ResegmentResult:
    """What re-segmenting did (or, with ``dry_run``, would do) to one document.

    ``status``: "unchanged", "re-segmented", "new version" or "failed" (``reason`` says why).
    ``before``/``after``: characters per kind. ``metadata``: the fields refreshed.
    ``marks``: the user's marks applied again (or carried to the new version);
    ``marks_not_carried``: marks that could not be placed in the new version's text.
    ``moved``/``review``/``orphaned``: passages placed surely, placed but to review, kept on the old version.
    """

    document_id: str
    title: str
    status: str
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    metadata: tuple[str, ...] = ()
    marks: int = 0
    marks_not_carried: int = 0
    new_document_id: str = ""
    moved: int = 0
    review: int = 0
    orphaned: int = 0
    reason: str = ""
    dry_run: bool = False
    changeset: ChangeSet = field(default_factory=lambda: ChangeSet(()), compare=False, repr=False)

    @property
    def changed(self) -> bool:
        return self.status in (RESEGMENTED, NEW_VERSION)

    def summary(self) -> str:
        """What changed, in words (the history entry, the command line, the window's report)."""
        if self.status == FAILED:
            return self.reason
        if self.status == UNCHANGED:
            return "nothing to change" + (f" ({self.reason})" if self.reason else "")
        parts = [describe_counts(self.before, self.after)]
        if self.status == NEW_VERSION:
            parts.insert(0, "the text reads differently now: " + ("would be imported as a new version"
                                                                   if self.dry_run else "imported as a new version"))
            parts.append(f"passages: {self.moved} moved, {self.review} for review, {self.orphaned} orphaned")
            if self.marks or self.marks_not_carried:
                parts.append(f"your segment marks: {self.marks} carried, {self.marks_not_carried} not carried")
        elif self.marks:
            parts.append(f"{self.marks} segment mark(s) of yours applied again")
        if self.metadata:
            parts.append(f"metadata filled in: {', '.join(self.metadata)}")
        return "; ".join(parts)

    def line(self) -> str:
        new = f" → {self.new_document_id[:8]}" if self.new_document_id else ""
        return f"{self.status:12} {self.document_id[:8]}{new} “{self.title}”: {self.summary()}"

    def as_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "title": self.title, "status": self.status,
                "dry_run": self.dry_run, "before": self.before, "after": self.after,
                "metadata": list(self.metadata), "marks": self.marks, "marks_not_carried": self.marks_not_carried,
                "new_document_id": self.new_document_id, "passages": {"moved": self.moved, "review": self.review,
                                                                      "orphaned": self.orphaned},
                "reason": self.reason, "summary": self.summary()}


def refresh_metadata(old: DocumentMetadata, old_derived: Sequence[str], new: DocumentMetadata,
                     new_derived: Sequence[str]) -> tuple[DocumentMetadata, tuple[str, ...], tuple[str, ...]]:
    """Merge what the importer reads now into the stored metadata.

    A field is refreshed when it is empty or was derived by the importer, and the
    importer gives a value now; a field the user edited (or that was read from the
    document) is kept. Returns (metadata, derived fields, fields whose value changed).
    """
    values, derived, changed = {}, [], []
    for name in FIELDS:
        cur, now = getattr(old, name), getattr(new, name)
        if (not cur or name in old_derived) and now:
            values[name] = now
            if name in new_derived:
                derived.append(name)
            if now != cur:
                changed.append(name)
        else:
            values[name] = cur
            if name in old_derived:
                derived.append(name)
    return DocumentMetadata(**values), tuple(derived), tuple(changed)


def _with_marks(segments: Sequence[Segment], length: int, marks: Sequence[Segment]) -> tuple[Segment, ...]:
    out = normalise(segments, length)
    for m in marks:
        if 0 <= m.start < m.end <= length:
            out = remark(out, length, m.start, m.end, m.kind)
    return out


def _carry_marks(old_text: str, new_text: str, marks: Sequence[Segment]) -> tuple[list[Segment], int]:
    """The marks placed surely in the new text by their quote (in order), and how many could not be."""
    carried, lost = [], 0
    for m in marks:
        if not 0 <= m.start < m.end <= len(old_text):
            lost += 1
            continue
        anchor = reanchor(new_text, make_quote(old_text, m.start, m.end), m.start, len(old_text))
        if anchor is None or anchor.needs_review:
            lost += 1
        else:
            carried.append(Segment(anchor.start, anchor.end, m.kind))
    return carried, lost


@dataclass(frozen=True, slots=True)
class _Stored:
    id: str
    title: str
    filename: str
    sha256: str
    text: str
    original: bytes
    segments: tuple[Segment, ...]
    marks: tuple[Segment, ...]
    metadata: DocumentMetadata
    derived: tuple[str, ...]


def _load(project: Project, doc_id: str) -> _Stored:
    with project.read() as db:
        doc = store_docs.get(db, doc_id)
        return _Stored(doc.id, doc.metadata.title, doc.filename, doc.sha256, doc.text, store_docs.original(db, doc_id),
                       doc.segments, tuple(store_docs.marks(db, doc_id)), doc.metadata, doc.derived)


def newer_versions(project: Project) -> dict[str, str]:
    """Document id → the id of its newer version, for every document that has one."""
    with project.read() as db:
        ids = [d.id for d in store_docs.list_summaries(db)]
        return {prev: doc_id for doc_id in ids if (prev := versions.previous_of(db, doc_id))}


def resegment_document(project: Project, doc_id: str, *, dry_run: bool = False, limits: Limits = DEFAULT_LIMITS,
                       newer: str = "") -> tuple[ResegmentResult, Changes]:
    """Re-segment one document (see the module's docstring). ``newer``: the id of its newer version, if any.

    Never raises for a document the importer rejects or fails on: the result says "failed" and why.
    """
    stored = _load(project, doc_id)
    name = stored.filename or f"{stored.title or 'document'}.txt"
    try:
        doc = importers.import_bytes(stored.original, name, limits)
    except ImportRejected as exc:
        return ResegmentResult(doc_id, stored.title, FAILED, reason=f"the importer rejects it now: {exc.reason}",
                               dry_run=dry_run), Changes.NONE
    except Exception as exc:  # a bug in an importer: this document's outcome, never the end of the run
        return ResegmentResult(doc_id, stored.title, FAILED, reason=internal_error(exc, stored.original, name,
                                                                                   "re-segmenting"),
                               dry_run=dry_run), Changes.NONE
    meta, derived = complete_metadata(doc, name)
    if doc.text == stored.text:
        return _in_place(project, stored, doc, meta, derived, dry_run)
    if newer:
        return ResegmentResult(doc_id, stored.title, UNCHANGED, dry_run=dry_run,
                               reason=f"the text reads differently now, but it already has a newer version "
                                      f"({newer[:8]}): re-segment that one"), Changes.NONE
    return _new_version(project, stored, doc, meta, derived, dry_run)


def _in_place(project: Project, stored: _Stored, doc: ImportedDocument, meta: DocumentMetadata,
              derived: tuple[str, ...], dry_run: bool) -> tuple[ResegmentResult, Changes]:
    length = len(stored.text)
    segments = _with_marks(doc.segments, length, stored.marks)
    new_meta, new_derived, fields = refresh_metadata(stored.metadata, stored.derived, meta, derived)
    meta_changed = new_meta != stored.metadata or new_derived != stored.derived
    before, after = kind_counts(stored.segments), kind_counts(segments)
    if segments == stored.segments and not meta_changed:
        return ResegmentResult(stored.id, stored.title, UNCHANGED, before, after, dry_run=dry_run), Changes.NONE
    applied = sum(1 for m in stored.marks if 0 <= m.start < m.end <= length)
    result = ResegmentResult(stored.id, stored.title, RESEGMENTED, before, after, fields, applied, dry_run=dry_run)
    if dry_run:
        return result, Changes.NONE
    changes = Changes.NONE
    with project.logged(undo_label(stored.title)), project.write() as db:
        if segments != stored.segments:
            store_docs.replace_segments(db, stored.id, segments)
            changes |= Changes.SEGMENTS
        if meta_changed:
            store_docs.update_metadata(db, stored.id, new_meta, derived=new_derived)
            changes |= Changes.METADATA
        history.record(db, "document", stored.id, f"re-segmented: {result.summary()}",
                       before={"segments": before, **{f: getattr(stored.metadata, f) for f in fields}},
                       after={"segments": after, **{f: getattr(new_meta, f) for f in fields}})
    return replace(result, changeset=project.last_changeset), changes


def short_title(title: str, n: int = 40) -> str:
    """The title cut at a word boundary to fit ``n`` characters."""
    return title if len(title) <= n else (title[: n - 1].rsplit(" ", 1)[0] or title[: n - 1]) + "…"


def undo_label(title: str) -> str:
    """The name of re-segmenting one document in the operation log (Edit ▸ Undo, ``workbench undo``)."""
    return f"Re-segment “{short_title(title)}”"


def _new_version(project: Project, stored: _Stored, doc: ImportedDocument, meta: DocumentMetadata,
                 derived: tuple[str, ...], dry_run: bool) -> tuple[ResegmentResult, Changes]:
    new_meta, new_derived, fields = refresh_metadata(stored.metadata, stored.derived, meta, derived)
    carried, lost = _carry_marks(stored.text, doc.text, stored.marks)
    segments = _with_marks(doc.segments, len(doc.text), carried)
    with project.read() as db:
        passages = [p for p in store_passages.for_document(db, stored.id) if not p.orphan]
    statuses = [reanchor_ops.Placement(p, reanchor(doc.text, p.quote, p.start, len(stored.text))).status
                for p in passages]
    result = ResegmentResult(
        stored.id, stored.title, NEW_VERSION, kind_counts(stored.segments), kind_counts(segments), fields,
        len(carried), lost, moved=sum(s in ("exact", "moved") for s in statuses),
        review=statuses.count("review"), orphaned=statuses.count("orphan"), dry_run=dry_run)
    if dry_run:
        return result, Changes.NONE
    version_id = new_id()
    with project.write() as db:  # the new version is imported like a file (not undone; documents are never deleted)
        store_docs.insert(db, doc_id=version_id, metadata=new_meta, filename=stored.filename,
                          media_type=doc.media_type, encoding=doc.encoding, sha256=stored.sha256,
                          original=stored.original, text=doc.text, segments=doc.segments, imported_at=utc_now(),
                          derived=new_derived, extraction=doc.extraction)
        history.record(db, "document", version_id, "imported",
                       after={"title": new_meta.title, "filename": stored.filename, "sha256": stored.sha256,
                              "new version of": stored.id})
    # one undoable step: the passages and the user's marks move to the new version
    with project.logged(undo_label(stored.title)), project.write() as db:
        plan, _ = reanchor_ops.apply(project, stored.id, version_id)
        for mark in carried:
            store_docs.add_mark(db, mark_id=new_id(), doc_id=version_id, start=mark.start, end=mark.end,
                                kind=mark.kind, marked_at=utc_now())
        if segments != doc.segments:
            store_docs.replace_segments(db, version_id, segments)
        history.record(db, "document", version_id, f"re-segmented: {result.summary()}",
                       before={"document": stored.id, "segments": result.before},
                       after={"segments": result.after, "marks carried": len(carried), "marks not carried": lost})
    result = ResegmentResult(
        stored.id, stored.title, NEW_VERSION, result.before, result.after, fields, len(carried), lost, version_id,
        moved=plan.count("exact") + plan.count("moved"), review=plan.count("review"), orphaned=plan.count("orphan"),
        changeset=project.last_changeset)
    return result, Changes.DOCUMENTS | Changes.SEGMENTS | Changes.PASSAGES | Changes.CLAIMS


def resegment(
    project: Project,
    doc_ids: Sequence[str] | None = None,
    *,
    dry_run: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[list[ResegmentResult], Changes]:
    """Re-segment ``doc_ids`` (every document when None), one transaction (one undoable step) each.

    ``progress(done, total, title)`` is called before each document; setting ``cancel``
    stops after the current one. With ``dry_run`` nothing is written: the results say
    what would change.

    Raises:
        ProjectError: a read-only project with an older schema (it cannot be upgraded, so not read).
    """
    with project.read() as db:
        if project.read_only and store_migrations.migrations.pending(db):  # not upgraded: the old tables
            raise ProjectError(f"{project.path.name} was made by an older version of Fact-Check Workbench and is "
                               "open read-only, so it cannot be upgraded first: open it for writing once (in the "
                               "window, or re-segment without --dry-run), then try again.", project.path)
        if doc_ids is None:
            doc_ids = [d.id for d in store_docs.list_summaries(db)]
    newer = newer_versions(project)
    results: list[ResegmentResult] = []
    changes = Changes.NONE
    for i, doc_id in enumerate(doc_ids):
        if cancel is not None and cancel.is_set():
            break
        if progress:
            progress(i, len(doc_ids), _title(project, doc_id))
        try:
            result, changed = resegment_document(project, doc_id, dry_run=dry_run, limits=limits,
                                                 newer=newer.get(doc_id, ""))
        except KnownError as exc:  # storage trouble (disk full, locked): this document is not changed
            result, changed = ResegmentResult(doc_id, _title(project, doc_id), FAILED, reason=str(exc),
                                              dry_run=dry_run), Changes.NONE
        except Exception as exc:  # a bug: logged; the other documents are still re-segmented
            logfile.log_exception(f"internal error while re-segmenting document {doc_id}", exc, "workbench.ops")
            result, changed = ResegmentResult(doc_id, _title(project, doc_id), FAILED, dry_run=dry_run,
                                              reason="internal error while re-segmenting — details in the log"
                                              ), Changes.NONE
        results.append(result)
        changes |= changed
    if progress:
        progress(len(results), len(doc_ids), "")
    return results, changes


def _title(project: Project, doc_id: str) -> str:
    try:
        with project.read() as db:
            return store_docs.metadata(db, doc_id).title
    except KnownError:
        return ""
