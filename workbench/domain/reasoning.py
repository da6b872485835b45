"""Pure reasoning helpers: independent corroboration, readable history, tags."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain.model import Corroboration, EvidenceView, HistoryEntry, Stance


def affiliation_key(view: EvidenceView) -> str:
    """Evidence from sources of one affiliation counts once; unaffiliated sources count each."""
    src = view.source
    if src is None:
        return f"unsourced:{view.evidence.id}"
    if src.affiliation.strip():
        return f"affiliation:{src.affiliation.strip().casefold()}"
    return f"source:{src.id}"


def corroboration(views: Iterable[EvidenceView]) -> Corroboration:
    counts = {s: 0 for s in Stance}
    groups: dict[Stance, set[str]] = {s: set() for s in Stance}
    for v in views:
        counts[v.evidence.stance] += 1
        groups[v.evidence.stance].add(affiliation_key(v))
    return Corroboration(
        supports=counts[Stance.SUPPORTS], refutes=counts[Stance.REFUTES], context=counts[Stance.CONTEXT],
        independent_supports=len(groups[Stance.SUPPORTS]), independent_refutes=len(groups[Stance.REFUTES]),
    )


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags → sorted unique tags (case kept, compared case-insensitively)."""
    seen: dict[str, str] = {}
    for raw in text.split(","):
        tag = " ".join(raw.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(sorted(seen.values(), key=str.casefold))


_FIELD_NAMES = {
    "text": "text", "claimant": "claimant", "claim_date": "claim date", "status": "status", "rating": "rating",
    "rationale": "rationale", "summary": "summary", "tags": "tags", "attribution": "attribution chain",
    "stance": "stance", "credibility": "credibility", "source": "source", "title": "title", "note": "note",
    "url": "URL", "accessed": "access date",
}


def _show(value: object) -> str:
    if value in (None, "", [], ()):
        return "(none)"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:79] + "…"


def describe(entry: HistoryEntry) -> list[str]:
    """Readable sentences for one history entry, e.g. "rating changed from Unproven to False"."""
    b, a = entry.before, entry.after
    keys = [k for k in a if k in b and a[k] != b[k]] + [k for k in a if k not in b] + [k for k in b if k not in a]
    if entry.action.endswith("edited") or entry.action in ("verdict changed", "evidence edited"):
        lines = []
        for k in dict.fromkeys(keys):
            name = _FIELD_NAMES.get(k, k)
            if k in ("rationale",):
                lines.append(f"{name} edited")
            elif k in b and k in a:
                lines.append(f"{name} changed from {_show(b[k])} to {_show(a[k])}")
            elif k in a:
                lines.append(f"{name} set to {_show(a[k])}")
            else:
                lines.append(f"{name} cleared (was {_show(b[k])})")
        return lines or [entry.action]
    detail = a.get("quote") or a.get("title") or a.get("url") or a.get("filename") or a.get("note") \
        or b.get("quote") or b.get("text") \
        or a.get("text") or a.get("name") or b.get("name") or ""
    stance = a.get("stance") or b.get("stance")
    sentence = entry.action + (f" ({Stance(str(stance)).label.lower()})" if stance else "")
    return [f"{sentence}: {_show(detail)}" if detail else sentence]
