"""The desk's settings: the sign-off rule, who may make verdicts final, and the members claims are assigned to.

They are the project's (every copy applies the same rule); saved through ``ops.desk.set_settings`` as the
command line's ``workbench desk set`` ("Edit desk settings").
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import BadArgument
from workbench.ops import desk
from workbench.ui.session import Session


class DeskDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("deskDialog")
        self.setWindowTitle("Desk settings")
        current = session.query(desk.get_settings, default=desk.DeskSettings())
        intro = QLabel("Several fact-checkers on one project: the sign-off rule decides who may make a verdict "
                       "final (draft → in review → final). Reports print who reviewed each final verdict.")
        intro.setWordWrap(True)
        self.signoff = QComboBox()
        self.signoff.setObjectName("deskSignoff")
        self.signoff.addItem("None — anyone may change a verdict's status", "none")
        self.signoff.addItem("Second reader — someone else makes it final", "second")
        self.signoff.setCurrentIndex(max(0, self.signoff.findData(current.signoff)))
        self.reviewers = QPlainTextEdit("\n".join(current.reviewers))
        self.reviewers.setObjectName("deskReviewers")
        self.reviewers.setPlaceholderText("One name a line. Empty: any member other than the one who sent the "
                                          "verdict to review.")
        self.reviewers.setTabChangesFocus(True)
        self.members = QPlainTextEdit("\n".join(current.members))
        self.members.setObjectName("deskMembers")
        self.members.setPlaceholderText("One name a line: offered when assigning a claim (Verdict tab).")
        self.members.setTabChangesFocus(True)
        for box in (self.reviewers, self.members):
            box.setMaximumHeight(110)
        self.rule = QLabel()
        self.rule.setObjectName("deskRule")
        self.rule.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("deskError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Sign-off", self.signoff)
        form.addRow("", self.rule)
        form.addRow("Reviewers", self.reviewers)
        form.addRow("Members", self.members)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.signoff.currentIndexChanged.connect(self._update)
        self.setMinimumWidth(540)
        self.adjustSize()  # the wrapped texts' height at this width
        self._update()

    def _update(self) -> None:
        second = self.signoff.currentData() == "second"
        self.rule.setText("A draft goes to review first, and the person who sent it to review cannot make it "
                          "final (with reviewers listed, only they can)." if second else
                          "Any member may move a verdict between draft, in review and final; who made it final "
                          "is still recorded.")
        self.reviewers.setEnabled(second)

    def save(self) -> None:
        try:
            desk.parse_names(self.reviewers.toPlainText(), "Reviewers")
            desk.parse_names(self.members.toPlainText(), "Members")
        except BadArgument as exc:
            self.error.setText(str(exc))
            return
        self.session.apply(desk.set_settings, signoff=self.signoff.currentData(),
                           reviewers=self.reviewers.toPlainText(), members=self.members.toPlainText(),
                           undo="Edit desk settings")
        self.accept()
