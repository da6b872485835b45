"""Use cases on the sources registry: outlets, agencies, officials, "local sources", people."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from workbench.domain.changes import Changes
from workbench.domain.model import RELIABILITY, Source, new_id, utc_now
from workbench.errors import BadArgument, NotFound
from workbench.store import history, sources
from workbench.store.project import Project


def _clean(name: str, reliability: str, aliases: tuple[str, ...] | list[str]) -> tuple[str, str, tuple[str, ...]]:
    name = " ".join(name.split())
    if not name:
        raise BadArgument("A source needs a name.")
    reliability = reliability.strip().upper()
    if reliability and reliability not in RELIABILITY:
        raise BadArgument(f"“{reliability}” is not a reliability grade: use A (completely reliable) to "
                          "F (cannot be judged).")
    seen: dict[str, str] = {}
    for a in aliases:
        a = " ".join(a.split())
        if a and a.casefold() != name.casefold():
            seen.setdefault(a.casefold(), a)
    return name, reliability, tuple(sorted(seen.values(), key=str.casefold))


def _snapshot(src: Source) -> dict[str, object]:
    return {"name": src.name, "kind": src.kind, "affiliation": src.affiliation, "reliability": src.reliability,
            "notes": src.notes, "aliases": list(src.aliases), "same_as": list(src.same_as),
            "job_title": src.job_title, "image": src.image}


def _web_address(value: str, what: str) -> str:
    """``value`` as an absolute http(s) URL (stripped), or BadArgument naming ``what``."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise BadArgument(f"{what} must be a web address starting with http:// or https:// (not “{value}”).")
    return value


def clean_identity(same_as: str | Iterable[str] | None, image: str | None,
                   ) -> tuple[tuple[str, ...] | None, str | None]:
    """Identity links as stored: ``same_as`` URLs (given as a list or as text with one per line or separated by
    spaces/commas; duplicates dropped, order kept) and the image URL; None leaves a field unchanged."""
    urls = None
    if same_as is not None:
        items = same_as.replace(",", " ").split() if isinstance(same_as, str) else [u.strip() for u in same_as]
        urls = tuple(dict.fromkeys(_web_address(u, "A “same as” link") for u in items if u))
    return urls, (None if image is None else _web_address(image, "The image") if image.strip() else "")


def create_source(project: Project, name: str, *, kind: str = "", affiliation: str = "", reliability: str = "",
                  notes: str = "", aliases: tuple[str, ...] | list[str] = (), same_as: str | Iterable[str] = (),
                  job_title: str = "", image: str = "") -> tuple[str, Changes]:
    name, reliability, aliases = _clean(name, reliability, aliases)
    urls, picture = clean_identity(same_as, image)
    with project.write() as db:
        for candidate in (name, *aliases):
            existing = sources.find_by_name(db, candidate)
            if existing:
                raise BadArgument(f"A source called “{candidate}” already exists ({sources.get(db, existing).name}).")
        src = Source(id=new_id(), name=name, kind=kind.strip(), affiliation=affiliation.strip(),
                     reliability=reliability, notes=notes.strip(), aliases=aliases, same_as=urls or (),
                     job_title=" ".join(job_title.split()), image=picture or "")
        sources.insert(db, src, utc_now())
        history.record(db, "source", src.id, "source created", after=_snapshot(src))
    return src.id, Changes.SOURCES


def update_source(project: Project, source_id: str, *, name: str | None = None, kind: str | None = None,
                  affiliation: str | None = None, reliability: str | None = None, notes: str | None = None,
                  aliases: tuple[str, ...] | list[str] | None = None, same_as: str | Iterable[str] | None = None,
                  job_title: str | None = None, image: str | None = None) -> Changes:
    """Change the given fields of a source (None: unchanged); one undoable step, recorded in history."""
    urls, image = clean_identity(same_as, image)
    with project.write() as db:
        old = sources.get(db, source_id)
        new_name, new_rel, new_aliases = _clean(
            old.name if name is None else name, old.reliability if reliability is None else reliability,
            old.aliases if aliases is None else aliases)
        for candidate in (new_name, *new_aliases):
            other = sources.find_by_name(db, candidate)
            if other and other != source_id:
                raise BadArgument(f"“{candidate}” already names another source ({sources.get(db, other).name}).")
        new = Source(id=source_id, name=new_name, kind=old.kind if kind is None else kind.strip(),
                     affiliation=old.affiliation if affiliation is None else affiliation.strip(),
                     reliability=new_rel, notes=old.notes if notes is None else notes.strip(), aliases=new_aliases,
                     same_as=old.same_as if urls is None else urls,
                     job_title=old.job_title if job_title is None else " ".join(job_title.split()),
                     image=old.image if image is None else image)
        if new == old:
            return Changes.NONE
        sources.update(db, new)
        b, a = _snapshot(old), _snapshot(new)
        history.record(db, "source", source_id, "source edited", before={k: v for k, v in b.items() if a[k] != v},
                       after={k: v for k, v in a.items() if b[k] != v})
    return Changes.SOURCES | Changes.CLAIMS


def delete_source(project: Project, source_id: str) -> Changes:
    """Delete a source; claims and evidence that named it keep everything else (one undoable step)."""
    with project.write() as db:
        old = sources.get(db, source_id)
        sources.delete(db, source_id)
        history.record(db, "source", source_id, "source deleted", before=_snapshot(old))
    return Changes.SOURCES | Changes.CLAIMS | Changes.EVIDENCE


def get_source(project: Project, source_id: str) -> Source:
    with project.read() as db:
        return sources.get(db, source_id)


def resolve_source(project: Project, name_or_id: str) -> str:
    with project.read() as db:
        found = sources.resolve_id(db, name_or_id)
    if not found:
        raise NotFound(f"No source called “{name_or_id}” in this project.")
    return found


def list_sources(project: Project) -> list[Source]:
    with project.read() as db:
        return sources.list_all(db)


def source_usage(project: Project, source_id: str) -> dict[str, int]:
    with project.read() as db:
        return sources.usage(db, source_id)


def track_record(project: Project, source_id: str) -> list[tuple[str, str, str, str]]:
    """(claim id, claim text, role: made / relayed / evidence (stance), rating) for a source."""
    with project.read() as db:
        return sources.track_record(db, source_id)


def has_details(src: Source) -> bool:
    """Whether someone has described the source beyond its name (kind, affiliation, reliability, notes, aliases)."""
    return bool(src.kind or src.affiliation or src.reliability or src.notes or src.aliases or src.same_as
                or src.job_title or src.image)


def unused_sources(project: Project) -> list[Source]:
    """The sources nothing uses — no claim, attribution chain, evidence or entity refers to them — by name."""
    with project.read() as db:
        return [sources.get(db, sid) for sid in sources.unused_ids(db)]


def remove_unused_sources(project: Project, source_ids: list[str] | tuple[str, ...] | None = None,
                          ) -> tuple[list[str], Changes]:
    """Remove unused sources in one undoable step: the given ones (each must still be unused), or all of them.
    Returns the names removed."""
    with project.write() as db:
        unused = sources.unused_ids(db)
        wanted = unused if source_ids is None else list(dict.fromkeys(source_ids))
        for sid in wanted:
            if sid not in unused:
                name = sources.get(db, sid).name  # NotFound for an unknown id
                raise BadArgument(f"“{name}” is in use: it was not removed (nothing was).")
        names = []
        for sid in wanted:
            old = sources.get(db, sid)
            sources.delete(db, sid)
            history.record(db, "source", sid, "source deleted", before=_snapshot(old), after={"reason": "unused"})
            names.append(old.name)
    return names, (Changes.SOURCES if names else Changes.NONE)
