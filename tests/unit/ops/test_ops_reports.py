"""Report settings (author, base URL, title, template) and building a report from a project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.domain.changes import Changes
from workbench.errors import BadArgument, NotFound
from workbench.ops import claims as claim_ops
from workbench.ops import reports
from workbench.ops import settings as settings_ops
from workbench.ops.project import Project


def test_settings_default_to_empty(project: Project) -> None:
    assert settings_ops.get_settings(project) == settings_ops.ReportSettings("", "", "", "default")


def test_settings_are_saved_and_recorded(project: Project) -> None:
    changes = settings_ops.set_settings(project, author="  Euphrates   Check Desk ",
                                        base_url="https://check.example.org/2017/tal-sarmin", title="Tal Sarmin")
    assert changes == Changes.PROJECT
    assert settings_ops.get_settings(project) == settings_ops.ReportSettings(
        "Euphrates Check Desk", "https://check.example.org/2017/tal-sarmin", "Tal Sarmin", "default")
    assert settings_ops.set_settings(project, author="Euphrates Check Desk") == Changes.NONE
    settings_ops.set_settings(project, title="")
    assert settings_ops.get_settings(project).title == ""
    with project.read() as db:
        actions = [r[0] for r in db.execute("SELECT action FROM history WHERE entity = 'project'")]
    assert actions == ["report settings edited", "report settings edited"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "https://exa mple.org",
                                 'https://example.org/"><script>', "https://example.org/#frag", "example.org"])
def test_base_url_must_be_a_web_address(project: Project, url: str) -> None:
    with pytest.raises(BadArgument, match="not a base URL"):
        settings_ops.set_settings(project, base_url=url)
    assert settings_ops.get_settings(project).base_url == ""


def test_other_values_are_checked(project: Project) -> None:
    with pytest.raises(BadArgument, match="control characters"):
        settings_ops.set_settings(project, author="Desk\x07")
    with pytest.raises(BadArgument, match="too long"):
        settings_ops.set_settings(project, title="x" * 301)
    for name in ("../etc", "no such", "missing"):
        with pytest.raises(BadArgument):
            settings_ops.set_settings(project, template=name)


def test_a_template_in_the_user_folder_can_be_chosen(project: Project) -> None:
    folder = Path(os.environ["WORKBENCH_CONFIG_DIR"]) / "templates" / "newsroom"
    folder.mkdir(parents=True)
    (folder / "report.html.j2").write_text("<p>{{ report.title }}</p>", encoding="utf-8")
    assert settings_ops.template_names() == ["default", "newsroom"]
    settings_ops.set_settings(project, template="newsroom")
    report = reports.build_report(project, [])
    assert report.template == "newsroom" and str(folder.parent) in report.template_dirs


def test_build_report_keeps_the_order_given_and_refuses_unknown_ids(project: Project, docs: dict[str, str]) -> None:
    doc = docs["khirbet-nour-clashes"]
    ids = []
    for quote in ("Northern Tribes Brigade", "grain mill"):
        start, end = claim_ops.locate_quote(project, doc, quote)
        ids.append(claim_ops.create_claim_from_passage(project, doc, start, end)[0])
    report = reports.build_report(project, list(reversed(ids)))
    assert [cr.id for cr in report.claims] == list(reversed(ids)) and not report.whole_project
    assert [cr.id for cr in reports.build_report(project).claims] == ids
    assert reports.build_report(project).whole_project and reports.build_report(project).title == "Fact-check report"
    with pytest.raises(NotFound):
        reports.build_report(project, ["0000"])
