"""The sources registry's table model and wording helpers (used by ``sources_dialog``)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from workbench.domain.model import RELIABILITY, Source
from workbench.ui.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex

AFFILIATION_EXAMPLES = ("pro-government", "pro-opposition", "ISIS-linked", "US-led coalition", "Kurdish-led SDF",
                        "Russian state media", "independent")
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def usage_sentence(name: str, usage: dict[str, int]) -> str:
    """“SMART” is the claimant of 2 claims, relays 1 claim and is the source of 3 pieces of evidence."""
    parts = []
    if usage.get("claimant"):
        parts.append("is the claimant of " + plural(usage["claimant"], "claim", "claims"))
    if usage.get("attribution"):
        parts.append("relays " + plural(usage["attribution"], "claim", "claims"))
    if usage.get("evidence"):
        parts.append("is the source of " + plural(usage["evidence"], "piece", "pieces") + " of evidence")
    if not parts:
        return f"“{name}” is not used by any claim or evidence."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"“{name}” {listed}."


def split_aliases(text: str) -> list[str]:
    """Aliases typed one per line or separated by commas (or semicolons)."""
    return [a.strip() for a in re.split(r"[\n,;]", text) if a.strip()]



class SourceTableModel(RowsTableModel):
    HEADERS = ("Name", "Kind", "Affiliation", "Rel.", "Uses")
    TIPS = ("", "", "", "Source reliability (Admiralty code): A completely reliable … F cannot be judged",
            "Claims made or relayed, and evidence citing it")

    rows: list[tuple[Source, int]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        src, uses = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (src.name, src.kind, src.affiliation, src.reliability, uses)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 3 and src.reliability:
                return f"{src.reliability} — {RELIABILITY[src.reliability]}"
            if col == 0 and src.aliases:
                return f"{src.name}\nalso: {', '.join(src.aliases)}"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return src.id
        if role == SEARCH_ROLE:
            return " ".join((src.name, *src.aliases, src.kind, src.affiliation, src.notes))
        return None

    def row_of(self, source_id: str) -> int:
        return next((i for i, (s, _n) in enumerate(self.rows) if s.id == source_id), -1)
