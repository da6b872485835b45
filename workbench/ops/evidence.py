"""Use cases on evidence that is not a passage: URLs (with an optional archived copy), files, notes;
and editing any piece of evidence (stance, credibility grade, source, title, note)."""

from __future__ import annotations

import datetime
import hashlib
import mimetypes
import re
from pathlib import Path
from typing import Any

from workbench.domain.changes import Changes
from workbench.domain.model import Evidence, EvidenceKind, EvidenceView, Stance, new_id, utc_now
from workbench.errors import BadArgument, ImportRejected
from workbench.importers.base import DEFAULT_LIMITS
from workbench.ops import documents as doc_ops
from workbench.store import claims as store_claims
from workbench.store import history, reasoning, sources
from workbench.store.project import Project

MAX_FILE_BYTES = 50 * 1024 * 1024
_URL_RE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
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
    url = url.strip()
    if not _URL_RE.fullmatch(url):
        raise BadArgument(f"“{url}” is not a web address: it must start with http:// or https://.")
    return url


def check_date(value: str, what: str = "date") -> str:
    value = value.strip()
    if value and not (_DATE_RE.fullmatch(value) and _real_date(value)):
        raise BadArgument(f"The {what} “{value}” is not a date: use YYYY-MM-DD.")
    return value


def _real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists."""
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return True


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


def add_url_evidence(
    project: Project, claim_id: str, url: str, stance: Stance | str, *, title: str = "", accessed: str = "",
    note: str = "", credibility: int | None = None, source: str | None = None, archive: Path | None = None,
) -> tuple[str, Changes]:
    """Link a web address (never fetched) as evidence; ``archive`` is a saved copy to import as a document."""
    archived = None
    if archive is not None:
        try:
            archived = (doc_ops.read_limited(Path(archive), DEFAULT_LIMITS), Path(archive).name)
        except ImportRejected as exc:
            raise BadArgument(f"The archived copy {exc.name} {exc.reason}.") from exc
    ev = Evidence(id=new_id(), claim_id=claim_id, kind=EvidenceKind.URL, stance=_stance(stance), url=check_url(url),
                  title=title.strip(), note=note.strip(), credibility=check_credibility(credibility),
                  accessed=check_date(accessed or utc_now()[:10], "access date"), created_at=utc_now())
    return _add(project, ev, source, archive=archived)


def add_file_evidence(
    project: Project, claim_id: str, path: Path, stance: Stance | str, *, title: str = "", note: str = "",
    credibility: int | None = None, source: str | None = None,
) -> tuple[str, Changes]:
    """Store a file (image, PDF, document…) in the project as evidence, with its SHA-256 and media type."""
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
    ev = Evidence(id=new_id(), claim_id=claim_id, kind=EvidenceKind.FILE, stance=_stance(stance),
                  title=title.strip(), note=note.strip(), credibility=check_credibility(credibility),
                  created_at=utc_now())
    return _add(project, ev, source, file=(path.name, media_type_of(data, path.name), data))


def add_note_evidence(
    project: Project, claim_id: str, note: str, stance: Stance | str, *, title: str = "",
    credibility: int | None = None, source: str | None = None,
) -> tuple[str, Changes]:
    """A note as evidence: what a phone call, a colleague or a geolocation showed."""
    if not note.strip():
        raise BadArgument("A note needs some text.")
    ev = Evidence(id=new_id(), claim_id=claim_id, kind=EvidenceKind.NOTE, stance=_stance(stance),
                  title=title.strip(), note=note.strip(), credibility=check_credibility(credibility),
                  created_at=utc_now())
    return _add(project, ev, source)


def update_evidence(
    project: Project, evidence_id: str, *, stance: Stance | str | None = None, credibility: int | str | None = "",
    source: str | None = None, title: str | None = None, note: str | None = None, url: str | None = None,
    accessed: str | None = None,
) -> Changes:
    """Edit a piece of evidence; only the given fields change (credibility "" = unchanged, None = ungraded)."""
    changes = Changes.EVIDENCE | Changes.CLAIMS
    with project.write() as db:
        old = store_claims.get_evidence(db, evidence_id)
        values: dict[str, Any] = {}
        if stance is not None and _stance(stance) is not old.stance:
            values["stance"] = _stance(stance).value
        if credibility != "" and check_credibility(credibility) != old.credibility:  # type: ignore[arg-type]
            values["credibility"] = credibility
        for name, value in (("title", title), ("note", note)):
            if value is not None and value.strip() != getattr(old, name):
                values[name] = value.strip()
        if url is not None and old.kind is EvidenceKind.URL and url.strip() != old.url:
            values["url"] = check_url(url)
        if accessed is not None and accessed.strip() != old.accessed:
            values["accessed"] = check_date(accessed, "access date")
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
