"""Use cases on evidence that is not a passage: URLs (with an optional archived copy), files, notes, and any
kind registered in ``domain.evidence_kinds`` (``add_evidence``); and editing any piece of evidence (stance,
credibility grade, source, title, note, the kind's fields).

What a kind needs and how its fields are checked is declared in its ``KindSpec``: nothing here branches on a
kind."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbench.domain import evidence_kinds
from workbench.domain.changes import Changes
from workbench.domain.evidence_kinds import FieldError, KindSpec
from workbench.domain.model import Evidence, EvidenceKind, EvidenceView, Stance, new_id, utc_now
from workbench.errors import BadArgument, ImportRejected
from workbench.importers.base import DEFAULT_LIMITS
from workbench.ops import documents as doc_ops
from workbench.store import claims as store_claims
from workbench.store import history, reasoning, sources
from workbench.store.project import Project

MAX_FILE_BYTES = 50 * 1024 * 1024
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"),
          (b"%PDF-", "application/pdf"), (b"RIFF", "image/webp"), (b"PK\x03\x04", "application/zip"))


def _stance(value: Stance | str) -> Stance:
    try:
        return Stance(value)
    except ValueError as exc:
        raise BadArgument(f"“{value}” is not a stance: use supports, refutes or context.") from exc


def check_credibility(value: int | None) -> int | None:
    if value is not None and not 1 <= int(value) <= 6:
        raise BadArgument(f"Credibility must be a grade from 1 (confirmed) to 6 (cannot be judged), not {value}.")
    return None if value is None else int(value)


def check_url(url: str) -> str:
    try:
        return evidence_kinds.check_url(url)
    except FieldError as exc:
        raise BadArgument(str(exc)) from None


def check_date(value: str, what: str = "date") -> str:
    try:
        return evidence_kinds.check_date(value, what)
    except FieldError as exc:
        raise BadArgument(str(exc)) from None


def kind_spec(kind: EvidenceKind | str) -> KindSpec:
    """The declaration of a kind; BadArgument when it is not one."""
    try:
        return evidence_kinds.get(kind)
    except ValueError as exc:
        raise BadArgument(f"{exc}.") from None


def _clean(spec: KindSpec, values: dict[str, str], *, new: bool) -> dict[str, str]:
    try:
        return spec.clean(values, new=new)
    except FieldError as exc:
        raise BadArgument(str(exc)) from None


def media_type_of(data: bytes, filename: str) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _add(project: Project, ev: Evidence, source: str | None, file: tuple[str, str, bytes] | None = None,
         archive: tuple[bytes, str] | None = None) -> tuple[str, Changes]:
    changes = Changes.EVIDENCE | Changes.CLAIMS
    archived_id = None
    if archive is not None:
        # The archived copy is imported first, in its own transaction, like any import: undoing the evidence
        # must not take the new document's segments with it (document rows are not captured for undo).
        with project.read() as db:
            store_claims.get_claim(db, ev.claim_id)
        outcome = doc_ops.import_data(project, archive[0], archive[1])
        if outcome.status is doc_ops.ImportStatus.REJECTED:
            raise BadArgument(f"The archived copy {archive[1]} cannot be imported: {outcome.reason}.")
        archived_id = outcome.document_id
        changes |= Changes.DOCUMENTS
    with project.write() as db:
        store_claims.get_claim(db, ev.claim_id)
        source_id = None
        if source and source.strip():
            source_id, created = sources.get_or_create(db, source.strip())
            changes |= Changes.SOURCES if created else Changes.NONE
        ev = Evidence(**{**{f: getattr(ev, f) for f in Evidence.__slots__},  # type: ignore[attr-defined]
                         "source_id": source_id, "archived_document_id": archived_id})
        store_claims.insert_evidence(db, ev)
        if file is not None:
            filename, media_type, data = file
            reasoning.insert_file(db, ev.id, filename, media_type, hashlib.sha256(data).hexdigest(), data)
        history.record(db, "evidence", ev.id, "evidence added", claim_id=ev.claim_id,
                       after={"kind": ev.kind.value, "stance": ev.stance.value, "title": ev.title, "url": ev.url,
                              "note": ev.note, "source": sources.get(db, source_id).name if source_id else "",
                              "credibility": ev.credibility, **({"filename": file[0]} if file else {})})
    return ev.id, changes


def _read_archive(archive: Path) -> tuple[bytes, str]:
    try:
        return doc_ops.read_limited(Path(archive), DEFAULT_LIMITS), Path(archive).name
    except ImportRejected as exc:
        raise BadArgument(f"The archived copy {exc.name} {exc.reason}.") from exc


def _read_file(path: Path) -> tuple[str, str, bytes]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadArgument(f"{path.name} is not a file.")
        if size > MAX_FILE_BYTES:
            raise BadArgument(f"{path.name} is too large to store as evidence ({size / 1e6:.1f} MB; "
                              f"the limit is {MAX_FILE_BYTES / 1e6:.0f} MB).")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise BadArgument(f"{path.name} does not exist.") from exc
    except OSError as exc:
        raise BadArgument(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    if not data:
        raise BadArgument(f"{path.name} is empty.")
    return path.name, media_type_of(data, path.name), data


def add_evidence(
    project: Project, claim_id: str, kind: EvidenceKind | str, stance: Stance | str, *,
    fields: Mapping[str, str] | None = None, title: str = "", note: str = "", credibility: int | None = None,
    source: str | None = None, file: Path | None = None, archive: Path | None = None,
) -> tuple[str, Changes]:
    """Add a piece of evidence of any kind the dialog can add (see ``domain.evidence_kinds``).

    Args:
        fields: the kind's fields by name (``{"url": …, "accessed": …}``); checked, defaulted and stripped as
            its ``KindSpec`` declares.
        file: the file to store, for a kind that ``stores_file`` (required there, refused elsewhere).
        archive: a saved copy to import as a document, for a kind that takes an ``archive``.
    """
    spec = kind_spec(kind)
    if not spec.addable:
        raise BadArgument(f"{spec.label} evidence is not added this way.")
    if file is not None and not spec.stores_file:
        raise BadArgument(f"{spec.label} evidence stores no file.")
    if archive is not None and not spec.archive:
        raise BadArgument(f"{spec.label} evidence has no archived copy.")
    archived = _read_archive(archive) if archive is not None else None
    if spec.stores_file and file is None:
        raise BadArgument(f"{spec.label} evidence needs a file.")
    stored = _read_file(file) if file is not None else None
    if spec.note.required:  # the note is the evidence itself: refused before the rest is checked
        try:
            spec.note.clean(note)
        except FieldError as exc:
            raise BadArgument(str(exc)) from None
    checked_stance = _stance(stance)
    cleaned = _clean(spec, {**(fields or {}), "title": title, "note": note}, new=True)
    ev = Evidence(id=new_id(), claim_id=claim_id, kind=spec.kind, stance=checked_stance,
                  credibility=check_credibility(credibility), created_at=utc_now(), **cleaned)
    return _add(project, ev, source, file=stored, archive=archived)


def add_url_evidence(
    project: Project, claim_id: str, url: str, stance: Stance | str, *, title: str = "", accessed: str = "",
    note: str = "", credibility: int | None = None, source: str | None = None, archive: Path | None = None,
) -> tuple[str, Changes]:
    """Link a web address (never fetched) as evidence; ``archive`` is a saved copy to import as a document."""
    return add_evidence(project, claim_id, EvidenceKind.URL, stance, fields={"url": url, "accessed": accessed},
                        title=title, note=note, credibility=credibility, source=source, archive=archive)


def add_file_evidence(
    project: Project, claim_id: str, path: Path, stance: Stance | str, *, title: str = "", note: str = "",
    credibility: int | None = None, source: str | None = None,
) -> tuple[str, Changes]:
    """Store a file (image, PDF, document…) in the project as evidence, with its SHA-256 and media type."""
    return add_evidence(project, claim_id, EvidenceKind.FILE, stance, title=title, note=note,
                        credibility=credibility, source=source, file=Path(path))


def add_note_evidence(
    project: Project, claim_id: str, note: str, stance: Stance | str, *, title: str = "",
    credibility: int | None = None, source: str | None = None,
) -> tuple[str, Changes]:
    """A note as evidence: what a phone call, a colleague or a geolocation showed."""
    return add_evidence(project, claim_id, EvidenceKind.NOTE, stance, title=title, note=note,
                        credibility=credibility, source=source)


def update_evidence(
    project: Project, evidence_id: str, *, stance: Stance | str | None = None, credibility: int | str | None = "",
    source: str | None = None, title: str | None = None, note: str | None = None, url: str | None = None,
    accessed: str | None = None, fields: Mapping[str, str] | None = None,
) -> Changes:
    """Edit a piece of evidence; only the given fields change (credibility "" = unchanged, None = ungraded).

    ``fields`` are the kind's fields by name; ``url`` and ``accessed`` are shorthands for two of them. A field
    the kind does not have (a URL for a note) is left alone.
    """
    changes = Changes.EVIDENCE | Changes.CLAIMS
    with project.write() as db:
        old = store_claims.get_evidence(db, evidence_id)
        spec = kind_spec(old.kind)
        values: dict[str, Any] = {}
        if stance is not None and _stance(stance) is not old.stance:
            values["stance"] = _stance(stance).value
        if credibility != "" and check_credibility(credibility) != old.credibility:  # type: ignore[arg-type]
            values["credibility"] = credibility
        shorthands = {"url": url, "accessed": accessed, "title": title, "note": note}
        given = {**{k: v for k, v in shorthands.items() if v is not None}, **(fields or {})}
        wanted = {k: v for k, v in given.items() if spec.field(k) is not None}
        for name, value in _clean(spec, wanted, new=False).items():
            if value != getattr(old, name):
                values[name] = value
        before: dict[str, Any] = {k: getattr(old, k) for k in values}
        before = {k: (v.value if isinstance(v, Stance) else v) for k, v in before.items()}
        after = dict(values)
        if source is not None:
            new_source = None
            if source.strip():
                new_source, created = sources.get_or_create(db, source.strip())
                changes |= Changes.SOURCES if created else Changes.NONE
            if new_source != old.source_id:
                values["source_id"] = new_source
                before["source"] = sources.get(db, old.source_id).name if old.source_id else ""
                after["source"] = sources.get(db, new_source).name if new_source else ""
        if not values:
            return Changes.NONE
        store_claims.update_evidence(db, evidence_id, values)
        history.record(db, "evidence", evidence_id, "evidence edited", claim_id=old.claim_id, before=before,
                       after={k: v for k, v in after.items() if k != "source_id"})
    return changes


def evidence_views(project: Project, claim_id: str) -> list[EvidenceView]:
    with project.read() as db:
        return store_claims.evidence_views(db, claim_id)


def file_data(project: Project, evidence_id: str) -> bytes | None:
    with project.read() as db:
        return reasoning.file_data(db, evidence_id)


def evidence_view(project: Project, evidence_id: str) -> EvidenceView:
    """One piece of evidence with its passage, document title, source and file (as ``evidence_views``)."""
    with project.read() as db:
        claim_id = store_claims.get_evidence(db, evidence_id).claim_id
        return next(v for v in store_claims.evidence_views(db, claim_id) if v.evidence.id == evidence_id)
