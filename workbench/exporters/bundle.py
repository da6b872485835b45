"""The project bundle: the whole project as one lossless JSON document (``ops.bundle.import_bundle`` reads it).

Format ``fact-check-workbench-bundle``, version 1::

    {
      "format": "fact-check-workbench-bundle", "version": 1,
      "schema_version": 3,                 # the project schema the rows follow
      "generator": "Fact-Check Workbench 0.1.0", "exported_at": "2024-05-01T10:00:00Z", "project": "name",
      "blob_columns": {"documents": ["original"], "evidence_files": ["data"]},   # base64 in the rows
      "tables": {"documents": [{"id": …, "sha256": …, "original": "<base64>", "text": …, …}, …],
                 "segments": […], "passages": […], "sources": […], "source_aliases": […], "ratings": […],
                 "claims": […], "appearances": […], "evidence": […], "evidence_files": […],
                 "attribution": […], "claim_tags": […], "document_versions": […], "settings": […],
                 "history": […]}
    }

Every row of every table, column by column, sorted by primary key: documents keep their original bytes (with
the SHA-256 they must match), files given as evidence their bytes; history keeps every entry. Optional ``log``
(the operation log: ``[{"uuid", "state", "changes": [[table, op, old, new], …]}, …]``) and ``known`` (UUID → state
of other projects' entries merged into this one) let a merge tell who changed what (``ops.merge``); a reader that
only imports rows ignores them.
"""

from __future__ import annotations

import base64
from typing import Any, BinaryIO

from workbench import APP_NAME, __version__
from workbench.exporters import escape
from workbench.exporters.model import Report

FORMAT = "fact-check-workbench-bundle"
VERSION = 1


def bundle_document(report: Report) -> dict[str, Any]:
    if report.tables is None:
        raise ValueError("a bundle needs the project's tables (build the report with tables=True)")
    t = report.tables
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, rows in t.tables.items():
        blobs = set(t.blob_columns.get(name, ()))
        tables[name] = [{k: (base64.b64encode(v).decode("ascii") if k in blobs and v is not None else v)
                         for k, v in r.items()} for r in rows]
    doc = {"format": FORMAT, "version": VERSION, "schema_version": t.schema_version,
           "generator": f"{APP_NAME} {__version__}", "exported_at": report.generated_at,
           "project": report.project_name,
           "blob_columns": {k: list(v) for k, v in sorted(t.blob_columns.items()) if v}, "tables": tables}
    if t.log or t.known:
        doc["log"] = list(t.log)
        doc["known"] = dict(t.known or {})
    return doc


def write(report: Report, out: BinaryIO) -> None:
    out.write(escape.dumps(bundle_document(report), 1).encode("utf-8") + b"\n")
