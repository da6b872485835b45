"""Publishing a project's final verdicts as a read-only archive for Datasette (issue 13, point 8).

``publish(project, out)`` reads what may be published (``store.archive.read_public``: final claims and what they
name, never drafts, history, oplog, settings, file blobs or private notes) and writes ``out`` (an SQLite database,
atomically) and its Datasette metadata beside it (``<out stem>.metadata.json``). It refuses — ``BadArgument``,
nothing written — when no claim is final, when ``out`` is the project itself, or when ``out`` (or the metadata
file) exists and is not one this app wrote. ``servable(path)`` checks a file before ``workbench serve`` runs
Datasette on it; ``datasette_command`` is that command.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from workbench import atomicfile
from workbench.domain.model import utc_now
from workbench.errors import BadArgument
from workbench.ops import settings as settings_ops
from workbench.ops.reports import DEFAULT_TITLE
from workbench.store import archive
from workbench.store import archive_metadata as meta
from workbench.store.project import Project

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
INSTALL_HINT = "workbench serve needs the publish extra: pip install 'fact-check-workbench[publish]'"


@dataclass(frozen=True)
class Published:
    path: Path
    metadata: Path
    claims: int
    sources: int
    documents: int
    evidence: int
    corrections: int
    withheld: int  # claims left out: their verdict is not final
    license: str


def metadata_path(db_path: Path) -> Path:
    """``archive.db`` → ``archive.metadata.json`` beside it."""
    return Path(db_path).with_name(Path(db_path).stem + ".metadata.json")


def _ours(metadata: Path) -> bool:
    try:
        return json.loads(metadata.read_text(encoding="utf-8")).get("about") == meta.ABOUT
    except (OSError, ValueError, AttributeError):
        return False


def check_target(project_path: Path, out: Path) -> None:
    """Refuse an output that would overwrite the project or a file this app did not write as an archive."""
    md = metadata_path(out)
    for target in (out, md):
        if archive.same_file(target, project_path):
            raise BadArgument(f"publish: {target} is the project itself: choose another name for the archive.")
    if out.exists():
        problem = archive.archive_problem(out)
        if problem:
            raise BadArgument(f"publish: {out} exists and {problem}: it is not replaced. Choose a new name, or the "
                              "name of an archive published before.")
    if md.exists() and not _ours(md):
        raise BadArgument(f"publish: {md} exists and is not the Datasette metadata of an archive: it is not "
                          "replaced. Move it away or choose another name for the archive.")


def publish(project: Project, out: Path, *, license: str = "", license_url: str = "",
            public_notes: bool = False) -> Published:
    """Write the archive of the project's final verdicts to ``out`` and its metadata beside it."""
    out = Path(out)
    check_target(project.path, out)
    settings = settings_ops.get_settings(project)
    with project.read() as db:
        content = archive.read_public(db, base_url=settings.base_url, public_notes=public_notes)
    if not content.claims:
        raise BadArgument(f"publish: {project.path.name} has no claim whose verdict is final "
                          f"({content.withheld} not final): nothing to publish. Mark verdicts final first "
                          "(workbench verdict PROJECT --claim ID --status final).")
    title = settings.title or DEFAULT_TITLE
    licence = license.strip() or meta.DEFAULT_LICENSE
    about = archive.About(title=title, author=settings.author, base_url=settings.base_url, license=licence,
                          license_url=license_url.strip(), generated_at=utc_now(), public_notes=public_notes)
    by = f" by {settings.author}" if settings.author else ""
    description = (f"{len(content.claims)} published fact check(s){by}: final verdicts only, with their evidence, "
                   f"sources and corrections. Archive made {about.generated_at[:10]}.")
    md = meta.metadata(out.stem, title=title, description=description, license=licence,
                       license_url=about.license_url, source=settings.author or title, source_url=settings.base_url)
    md_path = metadata_path(out)
    archive.write_archive(out, content, about)
    atomicfile.atomic_write(md_path, (json.dumps(md, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return Published(out, md_path, len(content.claims), len(content.sources), len(content.documents),
                     len(content.evidence), len(content.corrections), content.withheld, licence)


def servable(path: Path) -> Path | None:
    """Check that ``path`` is an archive to serve (BadArgument if not); its metadata file, when there is one."""
    path = Path(path)
    if not path.exists():
        raise BadArgument(f"serve: {path}: no such file.")
    problem = archive.archive_problem(path)
    if problem:
        raise BadArgument(f"serve: {path}: {problem}; workbench serve serves archives written by "
                          "`workbench publish PROJECT -o ARCHIVE.db`.")
    md = metadata_path(path)
    return md if md.is_file() else None


def datasette_available() -> bool:
    from importlib.util import find_spec

    return find_spec("datasette") is not None


def datasette_command(path: Path, metadata: Path | None, *, host: str = DEFAULT_HOST,
                      port: int = DEFAULT_PORT) -> list[str]:
    """Datasette serving the archive read-only: ``--immutable`` (no locking, counts cached), its metadata,
    this host only unless told otherwise. Datasette 0.65 loads no remote assets (its CSS and scripts are its
    own); nothing here fetches anything."""
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(path), "--host", host,
           "--port", str(port), "--setting", "default_cache_ttl", "3600",
           "--setting", "sql_time_limit_ms", "1000"]
    if metadata is not None:
        cmd += ["--metadata", str(metadata)]
    return cmd
