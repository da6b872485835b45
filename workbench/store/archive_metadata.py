"""Datasette metadata for a published archive (``archive.metadata.json`` beside ``archive.db``).

Titles and descriptions of every table, view and column, the licence and source, the FTS shadow tables hidden,
claims sorted newest first, and the canned queries a reader of the archive needs: verdicts by claimant, recent
corrections, claims by rating, and a full-text search of the verdicts. It lives in the store because the canned
queries are SQL over the archive's schema (``store.archive``); ``ABOUT`` marks a metadata file this app wrote.
"""

from __future__ import annotations

from typing import Any

from workbench.store.archive import CLAIMS_FTS, EVIDENCE_FTS

ABOUT = "Fact-Check Workbench"  # Datasette shows it as "About"; marks a metadata file this app wrote
DEFAULT_LICENSE = "All rights reserved"

COLUMNS: dict[str, dict[str, str]] = {
    "claims": {
        "id": "The claim's identifier (stable across archives)",
        "text": "The claim as checked",
        "claimant_id": "Who made the claim (a source)",
        "claimant": "The claimant's name",
        "claim_date": "When the claim was made (YYYY-MM-DD)",
        "rating": "The verdict, on the rating scale (see ratings)",
        "summary": "The verdict in one line",
        "rationale": "Why: the written rationale, in Markdown",
        "published": "When the verdict was first published (YYYY-MM-DD)",
        "modified": "The date of the latest correction notice, when there is one",
        "url": "The fact check on the publisher's site",
        "tags": "Tags (a JSON list)",
        "attribution": "Who relayed the claim, nearest first (\u201creported via\u201d)",
    },
    "sources": {
        "name": "The source's name", "kind": "Outlet, agency, official, local sources, person\u2026",
        "affiliation": "Its camp or owner (pro-government, pro-opposition, ISIS-linked\u2026)",
        "reliability": "Source reliability, Admiralty code A (completely reliable) to F (cannot be judged)",
        "reliability_label": "The reliability grade in words", "job_title": "A person's role",
        "same_as": "Addresses that identify it elsewhere (a JSON list)", "image": "The address of a picture",
        "aliases": "Other names and spellings (a JSON list)",
    },
    "evidence": {
        "stance": "supports, refutes or context", "kind": "passage, url, file or note",
        "credibility": "Information credibility, Admiralty scale 1 (confirmed) to 6 (cannot be judged)",
        "quote": "The quoted passage (passage evidence)", "document_id": "The document quoted",
        "url": "The web page (url evidence)", "title": "The page's or file's title",
        "accessed": "When the page was read", "archived_document_id": "A saved copy of the page",
        "note": "The note's text (published only when the desk chose to)",
        "file_name": "The file's name (the file itself is not published)", "file_sha256": "SHA-256 of the file",
    },
    "documents": {"title": "Title", "publisher": "Who published it", "url": "Where it was published",
                  "published": "When it was published", "sha256": "SHA-256 of the original file"},
    "corrections": {"date": "When the correction was published", "change": "What changed",
                    "text": "The correction notice"},
    "ratings": {"label": "The rating", "definition": "What it means", "colour": "Its colour in reports",
                "value": "ClaimReview ratingValue (0: not on the numeric scale)", "position": "Order on the scale"},
}

TABLES: dict[str, dict[str, Any]] = {
    "claims": {"title": "Verdicts", "description": "Every published fact check: the claim, who made it, the "
               "verdict and why.", "sort_desc": "published", "label_column": "text"},
    "verdicts": {"title": "Verdicts with their ratings", "description": "Claims joined with their claimant and "
                 "the rating's definition and colour.", "sort_desc": "published"},
    "sources": {"title": "Sources", "description": "The claimants, relays and sources of evidence the published "
                "verdicts name.", "label_column": "name"},
    "evidence": {"title": "Evidence", "description": "What each verdict rests on: quoted passages, web pages, "
                 "files (described, not included) and notes, with their stance and credibility."},
    "evidence_cited": {"title": "Evidence with its documents", "description": "Evidence joined with the "
                       "documents it quotes and its source."},
    "appearances": {"title": "Where the claims appeared", "description": "Passages of documents that state a "
                    "claim."},
    "documents": {"title": "Documents", "description": "The articles and pages quoted (their metadata; the "
                  "text is not published).", "label_column": "title"},
    "corrections": {"title": "Corrections", "description": "Correction notices on published verdicts.",
                    "sort_desc": "date"},
    "ratings": {"title": "Rating scale", "description": "The ratings a verdict can have, with their "
                "definitions.", "sort": "position"},
    "claim_tags": {"title": "Tags"},
    "attribution": {"title": "Attribution chains", "description": "Who relayed each claim (position 0 nearest)."},
    "_archive": {"title": "About this archive", "description": "Who published it, when, under which licence."},
}

_VERDICT_COLUMNS = ("c.id, c.text, c.claimant, c.claim_date, c.rating, c.summary, c.published, c.modified, "
                    "c.url")
QUERIES: dict[str, dict[str, Any]] = {
    "verdicts_by_claimant": {
        "title": "Verdicts by claimant",
        "description": "The verdicts on claims made by a claimant (part of the name or of an alias).",
        "sql": f"SELECT {_VERDICT_COLUMNS} FROM claims c JOIN sources s ON s.id = c.claimant_id\n"
               "WHERE s.name LIKE '%' || :claimant || '%'\n"
               "   OR EXISTS (SELECT 1 FROM json_each(s.aliases) WHERE value LIKE '%' || :claimant || '%')\n"
               "ORDER BY c.published DESC, c.id",
    },
    "recent_corrections": {
        "title": "Recent corrections",
        "description": "The latest correction notices, newest first.",
        "sql": "SELECT co.date, co.change, co.text, c.text AS claim, c.rating, c.url, co.claim_id\n"
               "FROM corrections co JOIN claims c ON c.id = co.claim_id\n"
               "ORDER BY co.date DESC, co.id LIMIT 100",
    },
    "claims_by_rating": {
        "title": "Claims by rating",
        "description": "The claims that received a rating (e.g. False), newest first.",
        "sql": f"SELECT {_VERDICT_COLUMNS} FROM claims c WHERE c.rating = :rating\n"
               "ORDER BY c.published DESC, c.id",
    },
    "search_verdicts": {
        "title": "Search verdicts",
        "description": "Full-text search of the claims, their claimants, summaries and rationales, best first.",
        "sql": f"SELECT {_VERDICT_COLUMNS}\n"
               "FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid\n"
               "WHERE claims_fts MATCH escape_fts(:q)\n"
               "ORDER BY claims_fts.rank LIMIT 100",
    },
}

FTS_SHADOW = ("", "_data", "_idx", "_docsize", "_config")


def metadata(database: str, *, title: str, description: str, license: str = "", license_url: str = "",
             source: str = "", source_url: str = "") -> dict[str, Any]:
    """Datasette's metadata for the archive served as ``database`` (its file name without the suffix)."""
    tables: dict[str, dict[str, Any]] = {}
    for name, info in TABLES.items():
        tables[name] = {**info, **({"columns": COLUMNS[name]} if name in COLUMNS else {})}
    tables["claims"]["fts_table"] = "claims_fts"
    tables["evidence"]["fts_table"] = "evidence_fts"
    for fts in ("claims_fts", "evidence_fts"):
        for suffix in FTS_SHADOW:
            tables[fts + suffix] = {"hidden": True}
    out: dict[str, Any] = {"title": title, "description": description,
                           "license": license or DEFAULT_LICENSE}
    if license_url:
        out["license_url"] = license_url
    if source:
        out["source"] = source
    if source_url:
        out["source_url"] = source_url
    out["about"] = ABOUT
    out["databases"] = {database: {"title": title, "description": description, "tables": tables,
                                   "queries": {k: dict(v) for k, v in QUERIES.items()}}}
    return out


SEARCHED = {"claims": CLAIMS_FTS, "evidence": EVIDENCE_FTS}
