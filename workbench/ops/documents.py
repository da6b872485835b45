"""Use cases on documents: import, list, read, edit metadata, re-mark segments."""

from __future__ import annotations

import enum
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench import importers
from workbench.domain.changes import Changes
from workbench.domain.model import (
    Document,
    DocumentMetadata,
    DocumentSummary,
    Segment,
    SegmentKind,
    new_id,
    utc_now,
)
from workbench.domain.segments import remark
from workbench.errors import BadArgument, ImportRejected, KnownError
from workbench.importers.base import DEFAULT_LIMITS, ImportCancelled, Limits
from workbench.importers.text import human_size
from workbench.store import documents as store_docs
from workbench.store import history, versions
from workbench.store.project import Project

# importer (format) → the name users know it by, in "internal error in the HTML importer"
FORMAT_NAMES = {"text": "text", "markdown": "Markdown", "html": "HTML", "docx": "DOCX", "pdf": "PDF"}


def printable(text: str) -> str:
    """``text`` as it may be printed on one line: unchanged when every character is printable, else
    Python's repr (quoted; newlines, control and bidi characters, undecodable bytes escaped), so that a
    file name cannot forge a line of output or reorder it."""
    return text if text.isprintable() else repr(text)


def storable(name: str) -> str:
    """A file name as it can be stored: bytes that are not UTF-8 (a Linux file name is bytes, decoded with
    surrogate escapes) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class ImportStatus(enum.StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one file: imported, duplicate (of ``document_id``) or rejected.

    ``previous_id``: an earlier document with the same URL or title that this one
    looks like a new version of (see ``ops.reanchor``), or "".
    """

    path: str
    status: ImportStatus
    document_id: str = ""
    title: str = ""
    reason: str = ""
    previous_id: str = ""

    def line(self) -> str:
        """One line for the user; names and titles with control characters are shown escaped."""
        path, title, reason = printable(self.path), printable(self.title), printable(self.reason)
        if self.status is ImportStatus.REJECTED:
            return f"rejected  {path}: {reason}"
        if self.status is ImportStatus.DUPLICATE:
            return f"duplicate {path} (already imported as {self.document_id[:8]} “{title}”)"
        return f"imported  {path} → {self.document_id[:8]} “{title}”"


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and the supported files inside folders named (recursively, sorted)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in importers.SUPPORTED_SUFFIXES:
                        yield Path(root) / name
        else:
            yield path


def read_limited(path: Path, limits: Limits) -> bytes:
    """Read a file after checking its size against ``limits`` (before reading)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportRejected(path.name, "is not a regular file")
        if size > limits.max_bytes:
            raise ImportRejected(
                path.name, f"is too large ({human_size(size)}; the limit is {human_size(limits.max_bytes)})")
        with path.open("rb") as fh:
            return fh.read(limits.max_bytes + 1)
    except FileNotFoundError as exc:
        raise ImportRejected(path.name, "does not exist") from exc
    except PermissionError as exc:
        raise ImportRejected(path.name, "cannot be read (permission denied)") from exc
    except OSError as exc:
        raise ImportRejected(path.name, f"cannot be read ({exc.strerror or exc})") from exc


def import_data(project: Project, data: bytes, name: str, limits: Limits = DEFAULT_LIMITS,
                cancel: threading.Event | None = None) -> ImportOutcome:
    """Import one file's bytes (parsed in the import sandbox, see ``importers.sandbox``).

    Never raises for bad input: returns a rejected outcome. Raises ``ImportCancelled`` when
    ``cancel`` is set while the file is being read (the sandbox's process is killed at once).
    """
    name = storable(name)
    sha = hashlib.sha256(data).hexdigest()
    with project.read() as db:
        existing = store_docs.id_by_sha256(db, sha)
    if existing:
        with project.read() as db:
            title = store_docs.metadata(db, existing).title
        return ImportOutcome(name, ImportStatus.DUPLICATE, existing, title)
    from workbench.ops import bundle as bundle_ops

    # a project bundle, exported ClaimReview or annotations: recognised by content, never a text document "{"
    refusal = bundle_ops.document_refusal(data, name) or bundle_ops.exported_data_refusal(data)
    from workbench.ops import annotations as annotation_ops

    if refusal is None and annotation_ops.looks_like_annotations(data):  # Hypothesis API JSON (no @context)
        refusal = ("is a file of web annotations (Hypothesis), not an article: import them onto the project's "
                   "documents with “workbench annotations import PROJECT FILE” (or drop the file on the window)")
    if refusal is not None:
        return ImportOutcome(name, ImportStatus.REJECTED, reason=refusal)
    try:
        doc = importers.import_bytes(data, name, limits, cancel)
    except ImportRejected as exc:
        return ImportOutcome(name, ImportStatus.REJECTED, reason=exc.reason)
    except ImportCancelled:
        raise
    except Exception as exc:  # a bug in an importer: this file's outcome, never the end of the batch
        return ImportOutcome(name, ImportStatus.REJECTED, reason=internal_error(exc, data, name))
    meta, derived = complete_metadata(doc, name)
    doc_id = new_id()
    try:
        with project.write() as db:
            if store_docs.id_by_sha256(db, sha):  # imported meanwhile by another thread
                return ImportOutcome(name, ImportStatus.DUPLICATE, store_docs.id_by_sha256(db, sha) or "",
                                     meta.title)
            store_docs.insert(db, doc_id=doc_id, metadata=meta, filename=Path(name).name,
                              media_type=doc.media_type, encoding=doc.encoding, sha256=sha, original=data,
                              text=doc.text, segments=doc.segments, imported_at=utc_now(), derived=derived,
                              extraction=doc.extraction)
            history.record(db, "document", doc_id, "imported",
                           after={"title": meta.title, "filename": Path(name).name, "sha256": sha})
            previous = versions.previous_version(db, doc_id, by_title=bool(doc.metadata.title))
    except KnownError as exc:
        return ImportOutcome(name, ImportStatus.REJECTED, reason=str(exc))
    return ImportOutcome(name, ImportStatus.IMPORTED, doc_id, meta.title, previous_id=previous or "")


def complete_metadata(doc: importers.ImportedDocument, name: str) -> tuple[DocumentMetadata, tuple[str, ...]]:
    """The importer's metadata and derived fields; with no title found or derived, the file name (derived)."""
    meta, derived = doc.metadata, tuple(doc.derived)
    if not meta.title:
        meta = DocumentMetadata(**{**_asdict(meta), "title": Path(name).stem})
        derived = (*derived, "title") if "title" not in derived else derived
    return meta, derived


def importer_name(data: bytes, name: str) -> str:
    """The importer ``import_bytes`` chooses for these bytes, as users call it ("HTML"), or ""."""
    try:
        fmt = importers.sniff_format(data, name)
    except Exception:  # sniffing itself failed: say "the importer"
        return ""
    return FORMAT_NAMES.get(fmt, fmt)


def internal_error(exc: BaseException, data: bytes, name: str, doing: str = "importing") -> str:
    """Log ``exc`` with its traceback (see ``workbench.logfile``) and return the reason shown for the file."""
    fmt = importer_name(data, name)
    where = f"the {fmt} importer" if fmt else "the importer"
    from workbench import logfile  # the log file's handlers load with the first error

    logfile.log_exception(f"internal error in {where} while {doing} {name!r} ({len(data)} bytes)", exc,
                          "workbench.importers")
    return f"internal error in {where} — details in the log"


def _asdict(meta: DocumentMetadata) -> dict[str, str]:
    return {k: getattr(meta, k) for k in DocumentMetadata.__slots__}  # type: ignore[attr-defined]


def import_file(project: Project, path: Path, limits: Limits = DEFAULT_LIMITS,
                cancel: threading.Event | None = None) -> ImportOutcome:
    path = Path(path)
    try:
        data = read_limited(path, limits)
    except ImportRejected as exc:
        return ImportOutcome(str(path), ImportStatus.REJECTED, reason=exc.reason)
    outcome = import_data(project, data, path.name, limits, cancel)
    return ImportOutcome(str(path), outcome.status, outcome.document_id, outcome.title, outcome.reason,
                         outcome.previous_id)


def import_files(
    project: Project,
    paths: Sequence[Path],
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[list[ImportOutcome], Changes]:
    """Import files and folders one by one (each file its own transaction).

    ``progress(done, total, name)`` is called before each file; setting ``cancel``
    stops at once: the file being read is abandoned (its sandbox process killed, no
    outcome for it) and no further file is read. Files already imported stay imported.
    Every file is parsed in the import sandbox under ``limits`` (memory, time, output);
    a file over a limit is rejected with a reason naming the limit. A file
    never stops the batch: bad input and bugs alike (an importer raising anything
    but ``ImportRejected``, logged with its traceback) become its rejected outcome.
    """
    files = list(expand_paths(paths))
    outcomes: list[ImportOutcome] = []
    for i, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            break
        if progress:
            progress(i, len(files), path.name)
        try:
            outcomes.append(import_file(project, path, limits, cancel))
        except ImportCancelled:
            break
        except KnownError as exc:  # storage trouble while reading the project (the write's own is handled)
            outcomes.append(ImportOutcome(str(path), ImportStatus.REJECTED, reason=str(exc)))
        except Exception as exc:  # a bug outside the importer
            from workbench import logfile

            logfile.log_exception(f"internal error while importing {str(path)!r}", exc, "workbench.ops")
            outcomes.append(ImportOutcome(str(path), ImportStatus.REJECTED,
                                          reason="internal error while importing — details in the log"))
    if progress:
        progress(len(outcomes), len(files), "")
    changed = any(o.status is ImportStatus.IMPORTED for o in outcomes)
    return outcomes, (Changes.DOCUMENTS if changed else Changes.NONE)


def list_documents(project: Project) -> list[DocumentSummary]:
    with project.read() as db:
        return store_docs.list_summaries(db)


def get_document(project: Project, doc_id: str) -> Document:
    """A document with its text (kept in the project's text cache: the highlights added next need it)."""
    from workbench.ops import text_cache

    with project.read() as db:
        doc = store_docs.get(db, doc_id)
    text_cache.cached_text(project, doc_id, lambda: doc.text)
    return doc


def resolve_document(project: Project, prefix: str) -> str:
    with project.read() as db:
        return store_docs.resolve_id(db, prefix)


def update_metadata(project: Project, doc_id: str, meta: DocumentMetadata) -> Changes:
    """Save edited metadata (one transaction, recorded in history)."""
    if meta.published and not _is_iso_date(meta.published):
        raise BadArgument(f"“{meta.published}” is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY).")
    with project.write() as db:
        before = store_docs.metadata(db, doc_id)
        if before == meta:
            return Changes.NONE
        was_derived = store_docs.derived(db, doc_id)  # a field the user edits is no longer derived
        still_derived = tuple(f for f in was_derived if getattr(before, f, None) == getattr(meta, f, None))
        store_docs.update_metadata(db, doc_id, meta, derived=still_derived)
        history.record(db, "document", doc_id, "metadata edited",
                       before={k: v for k, v in _asdict(before).items() if _asdict(meta)[k] != v},
                       after={k: v for k, v in _asdict(meta).items() if _asdict(before)[k] != v})
    return Changes.METADATA


def _is_iso_date(value: str) -> bool:
    from workbench.ops.claims import is_real_date

    return is_real_date(value)


def remark_segment(project: Project, doc_id: str, start: int, end: int, kind: SegmentKind) -> Changes:
    """Mark [start, end) of a document as body, comments or boilerplate.

    The mark is recorded even when the range already shows that kind: re-segmenting
    (``ops.resegment``) applies the user's marks over the importer's segments.
    """
    with project.write() as db:
        doc_text = store_docs.text(db, doc_id)
        if not 0 <= start < end <= len(doc_text):
            raise BadArgument(f"range {start}..{end} is outside the document ({len(doc_text)} characters).")
        old = store_docs.segments(db, doc_id)
        new = remark(old, len(doc_text), start, end, kind)
        if new == old and _already_marked(store_docs.marks(db, doc_id), start, end, kind):
            return Changes.NONE
        if new != old:
            store_docs.replace_segments(db, doc_id, new)
        store_docs.add_mark(db, mark_id=new_id(), doc_id=doc_id, start=start, end=end, kind=kind, marked_at=utc_now())
        history.record(db, "document", doc_id, "segment re-marked",
                       after={"start": start, "end": end, "kind": kind.value})
    return Changes.SEGMENTS


def _already_marked(marks: Sequence[Segment], start: int, end: int, kind: SegmentKind) -> bool:
    """Whether the user's latest mark touching [start, end) covers all of it with ``kind``."""
    latest = next((m for m in reversed(marks) if m.start < end and start < m.end), None)
    return latest is not None and latest.kind == kind and latest.start <= start and end <= latest.end


def segments(project: Project, doc_id: str) -> tuple[Segment, ...]:
    with project.read() as db:
        return store_docs.segments(db, doc_id)


_LANGUAGE_RE = __import__("re").compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
METADATA_FIELDS = ("title", "publisher", "author", "url", "published", "language", "direction")


def edit_metadata(project: Project, doc_id: str, **fields: str | None) -> Changes:
    """Change only the given metadata fields of a document (None: unchanged; "" clears), then save them as
    ``update_metadata`` does (one transaction, recorded in history).

    Checked before anything is written: the URL is an http(s) address (ClaimReview's ``appearance``), the
    publication date a real date (YYYY, YYYY-MM or YYYY-MM-DD), the language a tag like ``en`` or ``pt-BR``, the
    direction ``ltr``, ``rtl`` or "" (unknown).
    """
    import dataclasses

    from workbench.ops.evidence import check_date, check_url

    unknown = sorted(set(fields) - set(METADATA_FIELDS))
    if unknown:
        raise BadArgument(f"{', '.join(unknown)}: not a metadata field (use {', '.join(METADATA_FIELDS)}).")
    values = {k: v.strip() if k in ("url", "published", "language", "direction") else " ".join(v.split())
              for k, v in fields.items() if v is not None}
    if values.get("url"):
        values["url"] = check_url(values["url"])
    if values.get("published"):
        values["published"] = check_date(values["published"], "publication date")
    if values.get("language") and not _LANGUAGE_RE.fullmatch(values["language"]):
        raise BadArgument(f"“{values['language']}” is not a language tag: use e.g. en, ar, fr or pt-BR.")
    if "direction" in values:
        values["direction"] = values["direction"].lower()
        if values["direction"] not in ("", "ltr", "rtl"):
            raise BadArgument(f"“{fields['direction']}” is not a writing direction: use ltr, rtl or \"\" "
                              "(unknown: each paragraph decides).")
    with project.write() as db:
        current = store_docs.metadata(db, doc_id)
        return update_metadata(project, doc_id, dataclasses.replace(current, **values))
