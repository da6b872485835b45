"""Pure reasoning helpers: independent corroboration, readable history, tags."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain.independence import RULE, RULE_DETAIL, Outlets, groups, origin
from workbench.domain.model import Corroboration, EvidenceOrigin, EvidenceView, HistoryEntry, Stance

__all__ = ["RULE", "RULE_DETAIL", "Outlets", "corroboration", "describe", "parse_tags"]


def corroboration(views: Iterable[EvidenceView], outlets: Outlets | None = None) -> Corroboration:
    """Counts by stance and how many independent origins each stance has (the rule: ``domain.independence``).

    ``outlets``: the publisher and address of each passage's document and the sources registry; without it, a
    passage without a source of its own counts as source unknown.
    """
    outlets = outlets or Outlets()
    items = [(v, origin(v, outlets)) for v in views]
    counts = {s: 0 for s in Stance}
    unknown = {s: 0 for s in Stance}
    independent = {s: 0 for s in Stance}
    numbered: dict[str, EvidenceOrigin] = {}
    offset = 0
    for stance in Stance:
        mine = [(v, o) for v, o in items if v.evidence.stance is stance]
        numbers = groups(o for _v, o in mine)
        for (v, o), n in zip(mine, numbers, strict=True):
            numbered[v.evidence.id] = EvidenceOrigin(v.evidence.id, o.label, n + offset if n else 0)
        counts[stance] = len(mine)
        unknown[stance] = numbers.count(0)
        independent[stance] = max(numbers, default=0)
        offset += independent[stance]
    return Corroboration(
        supports=counts[Stance.SUPPORTS], refutes=counts[Stance.REFUTES], context=counts[Stance.CONTEXT],
        independent_supports=independent[Stance.SUPPORTS], independent_refutes=independent[Stance.REFUTES],
        unknown_supports=unknown[Stance.SUPPORTS], unknown_refutes=unknown[Stance.REFUTES],
        unknown_context=unknown[Stance.CONTEXT],
        origins=tuple(numbered[v.evidence.id] for v, _o in items),
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
    "url": "URL", "accessed": "access date", "assignee": "assignee",
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
    if entry.action == "source renamed":
        return [f"claimant's source renamed from {_show(b.get('name'))} to {_show(a.get('name'))}, "
                "everywhere it is used"]
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
