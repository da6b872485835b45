"""Evidence kinds as one registry: each kind (passage, web page, file, note…) is one ``KindSpec`` declaration.

Everything that differs between kinds is declared here and looked up by the layers, never branched on:

- what the user enters for it (``fields``, each with its check, default and messages, plus ``title``/``note``)
  and how the ops layer validates it (``Field.clean``);
- how it is summarised in one line (``summary``: lists, the command line, reports) and where it comes from
  (``origin``: "Web: example.org", "File: photo.png");
- how the corroboration count finds the outlet that carried it (``carrier``: "url", "document" or "");
- what exports show: the report templates' snippet (``snippet`` → ``evidence/<snippet>.md.j2`` and
  ``.html.j2`` in the template folder), the CSV count column (``csv_column``), the W3C Web Annotation target
  (``annotation``: "quote", "url" or "" for none);
- its icon (a freedesktop theme name), the evidence dialog's page (``editor``, a key of
  ``workbench.ui.evidence_pages.EDITORS``), its menu action and shortcut.

``register(spec)`` adds a kind; ``EvidenceKind(spec.value)`` is then a valid kind (see ``model.EvidenceKind``)
and the ops, exporters and dialog take it with no other change. Pure Python: no Qt, no SQL.

Example (a kind that reuses the web page's editor and report snippet)::

    register(KindSpec("dataset", "Data set", "Add a data set as evidence", add_label="Add data set…",
                      fields=(URL_FIELD, ACCESSED_FIELD), editor="url", snippet="url", summary=title_or_url,
                      origin=web_origin, carrier="url", annotation="url", icon="x-office-spreadsheet"))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.domain import model
from workbench.domain.model import EvidenceKind, EvidenceView


class FieldError(ValueError):
    """A value a field refuses; the message is for the user (the ops layer raises it as BadArgument)."""


# ----- checks (a field names one by key) ---------------------------------------------------------------------
_URL_RE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_url(url: str, what: str = "") -> str:
    """A web address (http or https), stripped; FieldError otherwise."""
    url = url.strip()
    if not _URL_RE.fullmatch(url):
        raise FieldError(f"“{url}” is not a web address: it must start with http:// or https://.")
    return url


def _real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists."""
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return True


def check_date(value: str, what: str = "") -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or ""; FieldError otherwise."""
    value = value.strip()
    if value and not (_DATE_RE.fullmatch(value) and _real_date(value)):
        raise FieldError(f"The {what or 'date'} “{value}” is not a date: use YYYY-MM-DD.")
    return value


CHECKS: dict[str, Callable[[str, str], str]] = {"url": check_url, "date": check_date}
"""Field checks by key: ``check(value, what) -> cleaned value``, raising FieldError."""


def today() -> str:
    return model.utc_now()[:10]


DEFAULTS: dict[str, Callable[[], str]] = {"today": today}
"""Field defaults by key (what an empty value becomes when the evidence is added)."""


# ----- fields ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Field:
    """One value the user enters for a kind.

    Attributes:
        name: the ``Evidence`` attribute it fills ("url", "accessed", "title", "note").
        label: the dialog's label, with its mnemonic ("&URL").
        check: a key of ``CHECKS`` ("url", "date"), or "" for free text.
        required: an empty value is refused.
        default: a key of ``DEFAULTS`` ("today"): what an empty value becomes when the evidence is added.
        placeholder: the dialog's hint in the empty field.
        what: how messages name it ("access date"); the name when empty.
        missing: what the dialog says when a required field is empty (it says what to do).
        refusal: what the ops layer says when a required field is empty.
        width: the dialog field's maximum width in pixels (0: the form's width).
    """

    name: str
    label: str
    check: str = ""
    required: bool = False
    default: str = ""
    placeholder: str = ""
    what: str = ""
    missing: str = ""
    refusal: str = ""
    width: int = 0

    def initial(self) -> str:
        """What a new piece of evidence starts with (the dialog shows it)."""
        return DEFAULTS[self.default]() if self.default else ""

    def clean(self, value: str, *, new: bool = True) -> str:
        """The value as stored: stripped, defaulted (new evidence), checked; FieldError when refused."""
        value = (value or "").strip()
        if new and not value and self.default:
            value = self.initial()
        if self.check and (value or self.required):
            value = CHECKS[self.check](value, self.what or self.name)
        if self.required and not value:
            raise FieldError(self.refusal or f"The {self.what or self.name} is missing.")
        return value


URL_FIELD = Field("url", "&URL", check="url", required=True, placeholder="https://… (recorded, never fetched)",
                  what="web address", missing="Enter the web address (https://…) of the page.")
ACCESSED_FIELD = Field("accessed", "&Accessed", check="date", default="today", placeholder="YYYY-MM-DD",
                       what="access date", width=130)
TITLE = Field("title", "&Title", placeholder="Optional")
NOTES = Field("note", "&Notes", placeholder="Optional notes")


# ----- one-line summaries and origins ------------------------------------------------------------------------
def title_or_note(v: EvidenceView) -> str:
    return v.evidence.title or v.evidence.note


def title_or_url(v: EvidenceView) -> str:
    return v.evidence.title or v.evidence.url


def quote_or_title(v: EvidenceView) -> str:
    return f"“{v.passage.quote.exact}”" if v.passage is not None else title_or_note(v)


def title_or_filename(v: EvidenceView) -> str:
    return (v.evidence.title or v.file.filename) if v.file is not None else title_or_note(v)


def no_origin(v: EvidenceView) -> str:
    return ""


def note_origin(v: EvidenceView) -> str:
    return "Note"


def document_origin(v: EvidenceView) -> str:
    return v.document_title or "Article"


def web_origin(v: EvidenceView) -> str:
    return "Web: " + (urlsplit(v.evidence.url).hostname or v.evidence.url)


def file_origin(v: EvidenceView) -> str:
    return "File: " + (v.file.filename if v.file else "")


# ----- kinds -------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything about one evidence kind (see the module docstring).

    Attributes:
        value: what ``evidence.kind`` stores ("url").
        label: what lists and tooltips call it ("Web page").
        add_title: the evidence dialog's title when adding one ("Add a web page as evidence").
        add_label: the evidence list's button that adds one ("Add web page…").
        action: the menu entry that adds one ("Add &Web Page Evidence…"); shortcut: its key sequence;
            tip: the entry's status tip.
        fields: what it needs besides title, note, stance, credibility and source, in the dialog's order.
        title, note: the title and note fields (label, placeholder; a note kind's note is required).
        shows_note: its one-line summary is the note (lists add no "Note:" line).
        editor: the evidence dialog's page (``ui.evidence_pages.EDITORS``); "" when the dialog cannot add it.
        from_selection: made from a selection in the reading pane (passages), never added in the dialog.
        snippet: the report templates' snippet: ``evidence/<snippet>.md.j2`` / ``.html.j2``.
        csv_column: the CSV table's column counting a claim's evidence of this kind.
        annotation: the W3C Web Annotation it becomes: "quote" (the passage in its document), "url" (the web
            address as target) or "" (none).
        carrier: how corroboration finds the outlet that carried it: "url" (the address's site), "document"
            (the quoted document's publisher and address) or "" (none: only its source counts).
        stores_file: a file is stored with it (blob, SHA-256, media type).
        archive: it may have an archived copy (a saved page imported as a document).
        icon: a freedesktop icon theme name.
        summary: its one-line summary (lists, command line, reports); origin: where it comes from, in a few
            words.
    """

    value: str
    label: str
    add_title: str
    add_label: str = ""
    action: str = ""
    shortcut: str = ""
    tip: str = ""
    fields: tuple[Field, ...] = ()
    title: Field = TITLE
    note: Field = NOTES
    shows_note: bool = False
    editor: str = "fields"
    from_selection: bool = False
    snippet: str = "note"
    csv_column: str = ""
    annotation: str = ""
    carrier: str = ""
    stores_file: bool = False
    archive: bool = False
    icon: str = "text-x-generic"
    summary: Callable[[EvidenceView], str] = title_or_note
    origin: Callable[[EvidenceView], str] = no_origin

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.value):
            raise ValueError(f"an evidence kind's value is a lower-case identifier, not {self.value!r}")
        if not self.csv_column:
            object.__setattr__(self, "csv_column", f"{self.value}_evidence")

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind(self.value)

    @property
    def addable(self) -> bool:
        """The evidence dialog (and the Add buttons and menu entries) can add it."""
        return bool(self.editor) and not self.from_selection

    def all_fields(self) -> tuple[Field, ...]:
        """Its fields, title and note: every ``Evidence`` text attribute the user sets."""
        return (*self.fields, self.title, self.note)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.all_fields() if f.name == name), None)

    def clean(self, values: dict[str, str], *, new: bool = True) -> dict[str, str]:
        """Every field's value as stored, in order (FieldError on the first refused); a value for a field the
        kind does not have is refused too."""
        names = {f.name for f in self.all_fields()}
        unknown = sorted(set(values) - names)
        if unknown:
            raise FieldError(f"{self.label} evidence has no {', '.join(unknown)}.")
        return {f.name: f.clean(values.get(f.name, ""), new=new) for f in self.all_fields()
                if new or f.name in values}


_BUILT_IN = (
    KindSpec("passage", "Passage", "Edit evidence", fields=(), editor="passage", from_selection=True,
             snippet="passage", annotation="quote", carrier="document", icon="format-justify-left",
             summary=quote_or_title, origin=document_origin),
    KindSpec("url", "Web page", "Add a web page as evidence", add_label="Add web page…",
             action="Add &Web Page Evidence…", shortcut="Ctrl+4", fields=(URL_FIELD, ACCESSED_FIELD),
             tip="Link a web address to the current claim (it is never fetched)",
             title=Field("title", "&Title", placeholder="Title of the page"), editor="url", snippet="url",
             carrier="url", archive=True, icon="text-html", summary=title_or_url, origin=web_origin),
    KindSpec("file", "File", "Add a file as evidence", add_label="Add file…", action="Add F&ile Evidence…",
             shortcut="Ctrl+5", tip="Store a file (image, PDF…) in the project as evidence for the current claim",
             title=Field("title", "&Title", placeholder="What it shows (the file name if empty)"),
             editor="file", snippet="file", stores_file=True, icon="image-x-generic", summary=title_or_filename,
             origin=file_origin),
    KindSpec("note", "Note", "Add a note as evidence", add_label="Add note…", action="Add &Note Evidence…",
             shortcut="Ctrl+6", tip="Write a note (a call, a geolocation…) as evidence for the current claim",
             note=Field("note", "&Note", required=True, what="note",
                        placeholder="What you found out: a phone call, a geolocation, a colleague's check…",
                        missing="Write the note: what you found out, and how.", refusal="A note needs some text."),
             shows_note=True, editor="note", snippet="note", icon="text-x-generic", summary=title_or_note,
             origin=note_origin),
)
_REGISTRY: dict[str, KindSpec] = {spec.value: spec for spec in _BUILT_IN}
BUILT_IN = frozenset(_REGISTRY)
"""The kinds that are members of ``EvidenceKind`` (they cannot be unregistered)."""


def register(spec: KindSpec) -> KindSpec:
    """Add a kind (or replace one's declaration); ``EvidenceKind(spec.value)`` is valid from now on."""
    if spec.value not in BUILT_IN:
        model.extend_evidence_kinds(spec.value)
    _REGISTRY[spec.value] = spec
    return spec


def unregister(value: str) -> None:
    """Remove a kind added with ``register`` (tests, plug-ins being unloaded)."""
    if value in BUILT_IN:
        raise ValueError(f"the built-in evidence kind {value!r} cannot be removed")
    _REGISTRY.pop(value, None)
    model.retract_evidence_kind(value)


def get(kind: str) -> KindSpec:
    """The declaration of a kind (an ``EvidenceKind`` or its value); ValueError when there is none."""
    try:
        return _REGISTRY[str(kind)]
    except KeyError:
        raise ValueError(f"“{kind}” is not an evidence kind (known: {', '.join(_REGISTRY)})") from None


def specs() -> list[KindSpec]:
    """Every kind, the built-in ones first, then the others in the order registered."""
    return list(_REGISTRY.values())


def addable() -> list[KindSpec]:
    """The kinds the evidence dialog adds (all but passages), in order."""
    return [s for s in _REGISTRY.values() if s.addable]


def summary(view: EvidenceView) -> str:
    """A piece of evidence in one line (its kind's ``summary``)."""
    return get(view.evidence.kind).summary(view)


class _Values:
    """The registered kinds' values, read when asked (a bundle's ``evidence.kind`` is checked against it)."""

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in _REGISTRY

    def __iter__(self) -> Iterator[str]:
        return iter(list(_REGISTRY))

    def __len__(self) -> int:
        return len(_REGISTRY)


VALUES = _Values()
