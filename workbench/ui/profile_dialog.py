"""Your profile: the name (and organisation, optional email) that history, the operation log and the desk's
sign-off use. Kept in the config folder (``workbench.identity``), not in a project.

``ask_profile_on_first_run`` is called by the composition root (``app.gui_main``) once the window is built: when
no profile is set and the user was never asked, it asks once; skipping is allowed (the login name stands in).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench import identity
from workbench.errors import BadArgument

ASKED_KEY = "profile/asked"


class ProfileDialog(QDialog):
    """Edit and save the profile; ``saved`` is the profile once saved (None: skipped or cancelled)."""

    def __init__(self, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle("Welcome — who is checking?" if first_run else "Your profile")
        self.saved: identity.Profile | None = None
        current = identity.load_profile()
        intro = QLabel(
            "History, undo and the desk's sign-off name you as “Name (Organisation)”; reports print who reviewed "
            "each final verdict. This stays on this computer (" + str(identity.profile_file()) + ")."
            + ("\n\nYou can skip this: your login name (" + identity.login_name() + ") is used until you set it "
               "(Edit ▸ Your Profile…)." if first_run else ""))
        intro.setWordWrap(True)
        self.name = QLineEdit(current.name if current else "")
        self.name.setObjectName("profileName")
        self.name.setPlaceholderText("e.g. Lina Haddad")
        self.name.setMaxLength(identity.MAX_NAME)
        self.organisation = QLineEdit(current.organisation if current else "")
        self.organisation.setObjectName("profileOrganisation")
        self.organisation.setPlaceholderText("e.g. Night Desk, Orontes Dispatch (optional)")
        self.organisation.setMaxLength(identity.MAX_ORGANISATION)
        self.email = QLineEdit(current.email if current else "")
        self.email.setObjectName("profileEmail")
        self.email.setPlaceholderText("name@example.org (optional)")
        self.email.setMaxLength(identity.MAX_EMAIL)
        self.preview = QLabel()
        self.preview.setObjectName("profilePreview")
        self.error = QLabel()
        self.error.setObjectName("profileError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        if first_run:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Skip")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Organisation", self.organisation)
        form.addRow("Email", self.email)
        form.addRow("History shows", self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for field in (self.name, self.organisation, self.email):
            field.textChanged.connect(self._update)
        self.setMinimumWidth(520)
        self.adjustSize()  # the wrapped texts' height at this width
        self._update()

    def _profile(self) -> identity.Profile:
        return identity.make_profile(self.name.text(), self.organisation.text(), self.email.text())

    def _update(self) -> None:
        try:
            self.preview.setText(self._profile().display)
            self.error.setText("")
            ok = True
        except BadArgument as exc:
            self.preview.setText("—")
            self.error.setText(str(exc) if self.name.text().strip() or self.email.text() else "")
            ok = False
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def save(self) -> None:
        try:
            self.saved = identity.save_profile(self._profile())
        except BadArgument as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def ask_profile_on_first_run(settings: QSettings, parent: QWidget | None = None) -> identity.Profile | None:
    """Ask for the profile once when none is set (skipping is allowed and remembered); the profile saved."""
    if identity.load_profile() is not None or settings.value(ASKED_KEY, False, type=bool):
        return None
    settings.setValue(ASKED_KEY, True)
    dialog = ProfileDialog(parent, first_run=True)
    dialog.exec()
    return dialog.saved
