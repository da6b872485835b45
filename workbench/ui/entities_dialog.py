"""Entities and spellings (Edit ▸ Entities and Spellings…, Ctrl+Shift+E).

Left: the entities (places, organisations, people; sources with aliases are added on opening). Right: the
selected entity's name, kind and other spellings, and the spellings the corpus suggests for it (Accept adds
one as an alias, Reject remembers that it is not one). Below: pairs of names in the corpus that look like
one thing spelled two ways, which can become a new entity. Last: the spellings matched automatically (the same
name by the transliteration rules: Khasham / Khusham / Ksham) — search and related passages treat each group as one
name without an entity; "Split off" takes a wrong spelling out of its group. Every change is one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.changes import Changes
from workbench.domain.discovery import ENTITY_KINDS, Entity
from workbench.domain.transliteration import SpellingGroup
from workbench.domain.variants import VariantSuggestion
from workbench.ops import entities as entity_ops
from workbench.ui.session import Session

DATA = Qt.ItemDataRole.UserRole


def _button(text: str, tip: str) -> QPushButton:
    b = QPushButton(text)
    b.setToolTip(tip)
    return b


class EntitiesDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entitiesDialog")
        self.setWindowTitle("Entities and spellings")
        self.session = session
        self.entities: list[Entity] = []
        # left: entities
        self.list = QListWidget()
        self.list.setObjectName("entityList")
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("New entity: its usual name")
        self.add_button = _button("Add", "Add an entity with this name")
        self.delete_button = _button("Delete entity", "Delete the selected entity and its spellings")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("Places, organisations, people"))
        ll.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_name, 1)
        row.addWidget(self.add_button)
        ll.addLayout(row)
        ll.addWidget(self.delete_button)
        # right: the selected entity
        self.name = QLineEdit()
        self.name.setObjectName("entityName")
        self.kind = QComboBox()
        self.kind.addItem("(kind)", "")
        for k in ENTITY_KINDS:
            self.kind.addItem(k.capitalize(), k)
        self.aliases = QListWidget()
        self.aliases.setObjectName("aliasList")
        self.new_alias = QLineEdit()
        self.new_alias.setObjectName("newAlias")
        self.new_alias.setPlaceholderText("Another spelling, e.g. Khusham or خشام")
        self.add_alias_button = _button("Add spelling", "Add this spelling to the entity")
        self.remove_alias_button = _button("Remove spelling", "Remove the selected spelling")
        self.suggested = QListWidget()
        self.suggested.setObjectName("suggestedVariants")
        self.accept_button = _button("Accept", "This is a spelling of the entity: add it")
        self.reject_button = _button("Reject", "Not a spelling of the entity: never suggest it again")
        right = QWidget()
        form = QFormLayout(right)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Spellings", self.aliases)
        arow = QHBoxLayout()
        arow.addWidget(self.new_alias, 1)
        arow.addWidget(self.add_alias_button)
        arow.addWidget(self.remove_alias_button)
        form.addRow("", arow)
        form.addRow("Suggested", self.suggested)
        srow = QHBoxLayout()
        srow.addWidget(self.accept_button)
        srow.addWidget(self.reject_button)
        srow.addStretch(1)
        form.addRow("", srow)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setSizes([260, 440])
        # below: likely new entities
        self.groups = QListWidget()
        self.groups.setObjectName("variantGroups")
        self.group_accept = _button("Make entity", "Make an entity with both names")
        self.group_reject = _button("Not the same", "These are different things: never suggest the pair again")
        box = QGroupBox("Names in the documents that look like one name spelled two ways")
        bl = QVBoxLayout(box)
        bl.addWidget(self.groups)
        grow = QHBoxLayout()
        grow.addWidget(self.group_accept)
        grow.addWidget(self.group_reject)
        grow.addStretch(1)
        bl.addLayout(grow)
        # last: the automatic spelling groups
        self.auto_groups = QListWidget()
        self.auto_groups.setObjectName("automaticGroups")
        self.auto_spellings = QListWidget()
        self.auto_spellings.setObjectName("automaticSpellings")
        self.split_button = _button("Split off", "Not a spelling of the others: stop matching it with them")
        abox = QGroupBox("Spellings matched automatically (the same name by transliteration rules)")
        al = QHBoxLayout(abox)
        al.addWidget(self.auto_groups, 2)
        acol = QVBoxLayout()
        acol.addWidget(self.auto_spellings, 1)
        acol.addWidget(self.split_button)
        al.addLayout(acol, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(top, 3)
        layout.addWidget(box, 2)
        layout.addWidget(abox, 2)
        layout.addWidget(buttons)
        self.resize(760, 760)
        self.list.currentItemChanged.connect(lambda _c, _p: self._show_entity())
        self.add_button.clicked.connect(self.add_entity)
        self.new_name.returnPressed.connect(self.add_entity)
        self.delete_button.clicked.connect(self.delete_entity)
        self.name.editingFinished.connect(self._save_name)
        self.kind.activated.connect(lambda _i: self._save_kind())
        self.add_alias_button.clicked.connect(self.add_alias)
        self.new_alias.returnPressed.connect(self.add_alias)
        self.remove_alias_button.clicked.connect(self.remove_alias)
        self.accept_button.clicked.connect(self.accept_suggestion)
        self.reject_button.clicked.connect(self.reject_suggestion)
        self.group_accept.clicked.connect(self.accept_group)
        self.group_reject.clicked.connect(self.reject_group)
        self.auto_groups.currentItemChanged.connect(lambda _c, _p: self._show_spellings())
        self.split_button.clicked.connect(self.split_spelling)
        session.changed.connect(self._on_changed)
        session.apply(entity_ops.seed_from_sources)
        self.refresh()

    # ----- reading ------------------------------------------------------------------------------------
    def current_entity(self) -> Entity | None:
        item = self.list.currentItem()
        eid = item.data(DATA) if item else None
        return next((e for e in self.entities if e.id == eid), None)

    def refresh(self, select: str = "") -> None:
        keep = select or (self.current_entity().id if self.current_entity() else "")  # type: ignore[union-attr]
        self.entities = self.session.query(entity_ops.list_entities, default=[])
        self.list.blockSignals(True)
        self.list.clear()
        for e in self.entities:
            item = QListWidgetItem(e.name + (f"  ({len(e.aliases)} other spelling{'s' * (len(e.aliases) != 1)})"
                                             if e.aliases else ""))
            item.setData(DATA, e.id)
            self.list.addItem(item)
            if e.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._show_entity()
        self._fill_groups()
        self._fill_automatic()

    def _show_entity(self) -> None:
        e = self.current_entity()
        for w in (self.name, self.kind, self.aliases, self.new_alias, self.add_alias_button, self.remove_alias_button,
                  self.suggested, self.accept_button, self.reject_button, self.delete_button):
            w.setEnabled(e is not None)
        self.aliases.clear()
        self.suggested.clear()
        if e is None:
            self.name.clear()
            return
        self.name.setText(e.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(e.kind)))
        self.aliases.addItems(list(e.aliases))
        suggestions = self.session.query(entity_ops.suggest_entity_variants, e.id, default=[])
        for s in suggestions:
            self._suggestion_item(self.suggested, s, f"{s.variant}   ({s.documents} document"
                                                     f"{'s' * (s.documents != 1)}, {s.score:.0f}% alike)")
        if not suggestions:
            item = QListWidgetItem("(no likely spellings found in the documents)")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggested.addItem(item)
        self.accept_button.setEnabled(bool(suggestions))
        self.reject_button.setEnabled(bool(suggestions))

    @staticmethod
    def _suggestion_item(widget: QListWidget, s: VariantSuggestion, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(DATA, s)
        widget.addItem(item)

    def _fill_groups(self) -> None:
        self.groups.clear()
        for s in self.session.query(entity_ops.suggest_new_entities, default=[]):
            self._suggestion_item(self.groups, s, f"{s.of}  ≈  {s.variant}   ({s.score:.0f}% alike)")
        self.group_accept.setEnabled(self.groups.count() > 0)
        self.group_reject.setEnabled(self.groups.count() > 0)

    def _fill_automatic(self) -> None:
        keep = self.auto_groups.currentRow()
        self.auto_groups.blockSignals(True)
        self.auto_groups.clear()
        for g in self.session.query(entity_ops.automatic_groups, default=[]):
            item = QListWidgetItem(f"{'  ≈  '.join(g.names)}   ({g.documents} document{'s' * (g.documents != 1)})")
            item.setData(DATA, g)
            self.auto_groups.addItem(item)
        if self.auto_groups.count():
            self.auto_groups.setCurrentRow(min(max(keep, 0), self.auto_groups.count() - 1))
        self.auto_groups.blockSignals(False)
        self._show_spellings()

    def current_group(self) -> SpellingGroup | None:
        item = self.auto_groups.currentItem()
        data = item.data(DATA) if item else None
        return data if isinstance(data, SpellingGroup) else None

    def _show_spellings(self) -> None:
        self.auto_spellings.clear()
        g = self.current_group()
        if g is not None:
            self.auto_spellings.addItems(list(g.names))
            self.auto_spellings.setCurrentRow(len(g.names) - 1)  # the least used spelling: the likeliest error
        self.split_button.setEnabled(g is not None)

    # ----- editing --------------------------------------------------------------------------------------
    def add_entity(self) -> str:
        name = self.new_name.text().strip()
        if not name:
            return ""
        entity_id = self.session.apply(entity_ops.create_entity, name, undo="Add entity")
        if entity_id:
            self.new_name.clear()
            self.refresh(select=entity_id)
        return entity_id or ""

    def delete_entity(self) -> None:
        e = self.current_entity()
        if e is not None:
            self.session.apply(entity_ops.delete_entity, e.id, undo="Delete entity")

    def _save_name(self) -> None:
        e = self.current_entity()
        if e is not None and self.name.text().strip() and self.name.text().strip() != e.name:
            self.session.apply(entity_ops.update_entity, e.id, name=self.name.text(), undo="Rename entity")

    def _save_kind(self) -> None:
        e = self.current_entity()
        if e is not None:
            self.session.apply(entity_ops.update_entity, e.id, kind=str(self.kind.currentData() or ""),
                               undo="Change entity kind")

    def add_alias(self) -> None:
        e = self.current_entity()
        text = self.new_alias.text().strip()
        if e is not None and text and self.session.apply(entity_ops.update_entity, e.id, aliases=[*e.aliases, text],
                                                          undo="Add spelling"):
            self.new_alias.clear()

    def remove_alias(self) -> None:
        e, item = self.current_entity(), self.aliases.currentItem()
        if e is not None and item is not None:
            self.session.apply(entity_ops.update_entity, e.id,
                               aliases=[a for a in e.aliases if a != item.text()], undo="Remove spelling")

    def _selected(self, widget: QListWidget) -> VariantSuggestion | None:
        item = widget.currentItem() or (widget.item(0) if widget.count() else None)
        data = item.data(DATA) if item else None
        return data if isinstance(data, VariantSuggestion) else None

    def accept_suggestion(self) -> None:
        e, s = self.current_entity(), self._selected(self.suggested)
        if e is not None and s is not None:
            self.session.apply(entity_ops.accept_variant, e.id, s.variant, undo="Accept spelling")

    def reject_suggestion(self) -> None:
        e, s = self.current_entity(), self._selected(self.suggested)
        if e is not None and s is not None:
            self.session.apply(entity_ops.reject_variant, e.names, s.variant, undo="Reject spelling")

    def accept_group(self) -> None:
        s = self._selected(self.groups)
        if s is not None:
            entity_id = self.session.apply(entity_ops.create_entity, s.of, aliases=[s.variant], undo="Add entity")
            if entity_id:
                self.refresh(select=entity_id)

    def reject_group(self) -> None:
        s = self._selected(self.groups)
        if s is not None:
            self.session.apply(entity_ops.reject_variant, [s.of], s.variant, undo="Not the same name")

    def split_spelling(self) -> None:
        g, item = self.current_group(), self.auto_spellings.currentItem()
        if g is not None and item is not None:
            self.session.apply(entity_ops.split_spelling, g.names, item.text(), undo="Split spelling off")

    def _on_changed(self, changes: Changes) -> None:
        if changes & (Changes.ENTITIES | Changes.DOCUMENTS | Changes.PROJECT | Changes.SOURCES):
            self.refresh()
