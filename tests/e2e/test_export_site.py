"""Issue 13, point 2 — the static fact-check site (``workbench export PROJECT --format site -o DIR``).

A project with final (one corrected after publication, one in Arabic), in-review and draft claims
(site_sample.py) is exported with the command line; every page is parsed with html5lib in strict mode (any
parse error fails), the sitemap and the Atom feed with xml.etree, each claim page's ClaimReview with json. Then
Chromium (Debian's, driven by Playwright, JavaScript off) reads the site over http and from file://: it follows
links, checks what is visible, the language and direction of each claim, the colour contrast of text and badges,
and takes screenshots at desktop and phone widths.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

import html5lib
import pytest
import site_browser
import site_sample
from html5lib import treebuilders

from workbench import cli
from workbench.domain.model import DocumentMetadata
from workbench.exporters.sitefolder import MARKER
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import settings as settings_ops
from workbench.ops import verdicts
from workbench.ops.project import create_project

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = site_sample.BASE_URL + "/"
FINAL = ("corrected", "person", "arabic")


def wb(*args: object) -> int:
    return cli.main([str(a) for a in args])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[site_sample.Sample]:
    folder = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_DATA_DIR", str(folder / "data"))
        yield site_sample.build(folder / "sample.fcw")


@pytest.fixture(scope="module")
def site(sample: site_sample.Sample) -> Path:
    out = sample.path.parent / "published"
    assert wb("export", sample.path, "--format", "site", "-o", out) == 0
    return out


def parse(path: Path) -> Element:
    """A strict HTML5 parse: any parse error (an unclosed element, a stray end tag…) fails the test."""
    parser = html5lib.HTMLParser(tree=treebuilders.getTreeBuilder("etree"), strict=True,
                                 namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def text(el: Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def pages(site: Path) -> dict[str, Element]:
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}


def claim_page(site: Path, claim_id: str) -> Path:
    return site / "claims" / claim_id[:8] / "index.html"


def details(root: Element) -> dict[str, str]:
    """The page's <dl class="facts">: term → description."""
    dl = root.find(".//dl[@class='facts']")
    assert dl is not None
    return dict(zip([text(dt) for dt in dl.iter("dt")], [text(dd) for dd in dl.iter("dd")], strict=True))


def ld(root: Element) -> list[Any]:
    return [json.loads(s.text or "") for s in root.iter("script") if s.get("type") == "application/ld+json"]


# ----- structure, accessibility and links --------------------------------------------------------------
def test_every_page_is_valid_accessible_html_without_script(site: Path, sample: site_sample.Sample) -> None:
    found = pages(site)
    claim_files = {f"claims/{sample.ids[k][:8]}/index.html" for k in FINAL}
    assert {"index.html", "ratings/index.html", "sources/index.html"} | claim_files <= set(found)
    assert {p for p in found if p.startswith("claims/")} == claim_files  # only final verdicts are published
    assert len([p for p in found if p.startswith("sources/") and p != "sources/index.html"]) >= 4
    assert {"style.css", "sitemap.xml", "feed.xml", MARKER} <= {p.name for p in site.iterdir()}
    for name, root in found.items():
        html = root if root.tag == "html" else root.find(".//html")
        assert html is not None and html.get("lang") == "en", name
        assert len(list(root.iter("h1"))) == 1, name
        levels = [int(el.tag[1]) for el in root.iter() if isinstance(el.tag, str) and re.fullmatch(r"h[1-6]", el.tag)]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)
        for landmark in ("header", "nav", "main", "footer"):
            assert len(list(root.iter(landmark))) == 1, (name, landmark)
        first_link = next(root.iter("a"))
        assert first_link.get("href") == "#main" and "Skip" in text(first_link), name
        assert root.find(".//main").get("id") == "main"
        for script in root.iter("script"):
            assert script.get("type") == "application/ld+json", name  # data, never code
        canonical = [link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"]
        expected = BASE + name.removesuffix("index.html")
        assert canonical == [expected], name
        for el in root.iter():
            assert not any(a.lower().startswith("on") for a in el.attrib), (name, el.tag)
        assert not list(root.iter("img")), name  # nothing is hotlinked


def test_links_between_pages_are_relative_and_resolve_to_files(site: Path) -> None:
    for name, root in pages(site).items():
        here = site.joinpath(name).as_uri()
        for a in [*root.iter("a"), *[link for link in root.iter("link") if link.get("rel") != "canonical"]]:
            href = a.get("href") or ""
            if href.startswith(("https://", "http://")):
                assert a.tag == "a" and "nofollow" in (a.get("rel") or ""), (name, href)  # a link out
                continue
            assert not href.startswith(("/", "javascript:", "file:")), (name, href)
            target, fragment = urldefrag(urljoin(here, href))
            path = Path(urlparse(target).path)
            assert path.is_file(), (name, href)  # a file, not a folder: works from file:// too
            if fragment and path.suffix == ".html":
                assert parse(path).find(f".//*[@id='{fragment}']") is not None, (name, href)


def test_each_claim_page_has_one_claim_review_whose_url_is_its_canonical_url(
        site: Path, sample: site_sample.Sample) -> None:
    for key in FINAL:
        root = parse(claim_page(site, sample.ids[key]))
        reviews = ld(root)
        assert len(reviews) == 1 and reviews[0]["@type"] == "ClaimReview"
        review = reviews[0]
        canonical = next(link.get("href") for link in root.iter("link") if link.get("rel") == "canonical")
        assert review["url"] == canonical == f"{BASE}claims/{sample.ids[key][:8]}/"
        assert review["claimReviewed"] == sample.texts[key] and "creativeWorkStatus" not in review
        assert review["author"] == {"@type": "Organization", "name": site_sample.AUTHOR}
        assert text(root.find(".//h1")) == f"“{sample.texts[key]}”"
    corrected = ld(parse(claim_page(site, sample.ids["corrected"])))[0]
    assert corrected["datePublished"] == "2017-12-13" and corrected["dateModified"] == "2017-12-18"
    assert corrected["reviewRating"]["alternateName"] == "False"
    person = ld(parse(claim_page(site, sample.ids["person"])))[0]["itemReviewed"]["author"]
    assert person["@type"] == "Person" and person["jobTitle"].startswith("Spokesman")


def test_no_draft_or_claim_in_review_is_published(site: Path, sample: site_sample.Sample) -> None:
    everything = " ".join(text(root) for root in pages(site).values())
    everything += (site / "feed.xml").read_text() + (site / "sitemap.xml").read_text()
    for key in ("review", "draft"):
        assert sample.texts[key] not in everything and sample.ids[key][:8] not in everything
    assert "DRAFT" not in everything


def test_claim_page_shows_verdict_appearance_evidence_and_corrections(site: Path, sample: site_sample.Sample) -> None:
    root = parse(claim_page(site, sample.ids["corrected"]))
    body = text(root.find(".//main"))
    for expected in ("Our rating False", "The claim is inaccurate.", "Where the claim appeared",
                     "seized 40 tonnes of wheat", "Evidence that refutes the claim (2)",
                     "Evidence that adds context (1)"):
        assert expected in body, expected
    facts = details(root)
    assert facts["Published"] == "13 December 2017 by Euphrates Check Desk"
    assert facts["Updated"] == "18 December 2017 — see the corrections"
    assert facts["Claimed by"] == "Jazira Tribal Forces" and facts["Claim date"] == "11 December 2017"
    assert facts["As reported by"] == "Jazira Tribal Forces → Valley Courier"
    notices = root.find(".//section[@id='corrections']")
    assert notices is not None
    shown = text(notices)
    assert shown.index("18 December 2017 — Rating changed from Mostly false to False") < shown.index(
        "16 December 2017 — Date of the shelling corrected")  # newest first
    assert "residents place the shelling on Tuesday night" in shown
    rationale = root.find(".//div[@class='rationale']")
    assert rationale is not None and rationale.find(".//strong") is not None  # Markdown rendered, sanitised
    mark = root.find(".//blockquote[@class='passage']/mark")
    assert mark is not None and text(mark) == "seized 40 tonnes of wheat"


def test_claims_carry_the_language_and_direction_of_where_they_appeared(site: Path,
                                                                       sample: site_sample.Sample) -> None:
    h1 = parse(claim_page(site, sample.ids["arabic"])).find(".//h1")
    assert h1 is not None and (h1.get("lang"), h1.get("dir")) == ("ar", "rtl")
    h1 = parse(claim_page(site, sample.ids["person"])).find(".//h1")
    assert h1 is not None and (h1.get("lang"), h1.get("dir")) == ("en", "ltr")
    index = parse(site / "index.html")
    cards = {text(h2): h2 for h2 in index.iter("h2")}
    arabic = cards[f"“{sample.texts['arabic']}”"]
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")


def test_index_lists_every_published_claim_newest_first(site: Path, sample: site_sample.Sample) -> None:
    root = parse(site / "index.html")
    cards = [li for li in root.iter("li") if "card" in (li.get("class") or "").split()]
    assert [text(c.find(".//h2")) for c in cards] == [f"“{sample.texts[k]}”" for k in ("corrected", "arabic", "person")]
    first = text(cards[0])
    assert first.startswith("False") and "Claimed by Jazira Tribal Forces" in first
    assert "Updated 18 December 2017" in first
    assert cards[0].find(".//h2/a").get("href") == f"claims/{sample.ids['corrected'][:8]}/index.html"


def test_rating_scale_and_source_pages(site: Path, sample: site_sample.Sample) -> None:
    scale = parse(site / "ratings" / "index.html")
    rows = [[text(td) for td in tr.iter("td")] for tr in scale.find(".//table[@class='scale']").iter("tr")][1:]
    assert rows[0] == ["True", "The claim is accurate and nothing significant is missing.", "#2e7d32"]
    assert len(rows) == 7
    index = parse(site / "sources" / "index.html")
    links = {text(a): a.get("href") for a in index.find(".//main").iter("a")}
    kawa = parse(site / "sources" / links["Kawa Darwish"])
    body = text(kawa.find(".//main"))
    facts = details(kawa)
    assert facts["Role"] == "Spokesman of the Deir Ezzor Military Council" and facts["Affiliation"] == "SDF"
    assert facts["Reliability"] == "C · Fairly reliable (Admiralty code)" and facts["Kind"] == "person"
    assert "Claims it made (1)" in body and "Fact checks citing it as evidence (1)" in body
    picture = [a for a in kawa.iter("a") if a.get("href") == "https://images.example/kawa-darwish.jpg"]
    assert len(picture) == 1 and "Picture of Kawa Darwish" in text(picture[0])
    jtf_page = parse(site / "sources" / links["Jazira Tribal Forces"])
    jtf = text(jtf_page.find(".//main"))
    assert details(jtf_page)["Also called"] == "JTF"
    assert details(jtf_page)["Elsewhere"] == "https://www.wikidata.org/wiki/Q00000001"
    assert "Claims it made (1)" in jtf and "Claims it relayed (1)" in jtf


# ----- sitemap and feed ------------------------------------------------------------------------------------
def test_sitemap_lists_the_published_pages_with_absolute_urls_and_lastmod(site: Path,
                                                                          sample: site_sample.Sample) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    urls = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}
    assert len(urls) == len(root.findall(f"{SM}url"))  # each once
    for u in root.findall(f"{SM}url"):
        assert [c.tag for c in u] == [f"{SM}loc", f"{SM}lastmod"]  # the schema's order
    claims = {f"{BASE}claims/{sample.ids[k][:8]}/": day for k, day in
              (("corrected", "2017-12-18"), ("person", "2017-12-14"), ("arabic", "2017-12-15"))}
    assert {u: urls[u] for u in claims} == claims  # lastmod: date modified, else published
    assert urls[BASE] == urls[f"{BASE}ratings/"] == "2017-12-18"
    assert {BASE, f"{BASE}ratings/", f"{BASE}sources/"} | set(claims) <= set(urls)
    sources = [u for u in urls if u.startswith(f"{BASE}sources/") and u != f"{BASE}sources/"]
    assert len(urls) == 3 + 3 + len(sources) and len(sources) >= 4
    for loc, lastmod in urls.items():
        assert loc.startswith(BASE) and len(loc) < 2048 and urlparse(loc).scheme == "https"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod or "")
        local = site / loc.removeprefix(BASE) / "index.html"
        assert local.is_file(), loc


def test_atom_feed_has_one_entry_per_verdict_and_shows_corrections(site: Path, sample: site_sample.Sample) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == BASE and feed.findtext(f"{ATOM}title") == site_sample.TITLE
    assert feed.findtext(f"{ATOM}updated") == "2017-12-18T00:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == site_sample.AUTHOR
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [f"{BASE}feed.xml"]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"{BASE}claims/{sample.ids[k][:8]}/"
                                                          for k in ("corrected", "arabic", "person")]
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "summary"):
            assert entry.findtext(f"{ATOM}{tag}"), tag
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.findtext(f"{ATOM}updated") or "")
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")
    corrected = entries[0]
    assert corrected.findtext(f"{ATOM}title") == f"Corrected: False: “{sample.texts['corrected']}”"
    assert corrected.findtext(f"{ATOM}published") == "2017-12-13T00:00:00Z"
    assert corrected.findtext(f"{ATOM}updated") == "2017-12-18T00:00:00Z"
    assert "Correction of 2017-12-18: Rating changed from Mostly false to False" in corrected.findtext(
        f"{ATOM}summary")
    person = entries[2]
    assert person.findtext(f"{ATOM}updated") == person.findtext(f"{ATOM}published") == "2017-12-14T00:00:00Z"


# ----- drafts, refusals, atomic replacement ------------------------------------------------------------
def test_include_drafts_marks_draft_pages_and_keeps_them_out_of_sitemap_and_feed(
        sample: site_sample.Sample, tmp_path: Path) -> None:
    out = tmp_path / "review-copy"
    assert wb("export", sample.path, "--format", "site", "-o", out, "--include-drafts") == 0
    for key in ("review", "draft"):
        page = claim_page(out, sample.ids[key])
        root = parse(page)
        banner = [p for p in root.iter("p") if "draft-banner" in (p.get("class") or "")]
        assert len(banner) == 1 and text(banner[0]).startswith("DRAFT — not for publication")
        robots = [m.get("content") for m in root.iter("meta") if m.get("name") == "robots"]
        assert robots == ["noindex, nofollow"]
        reviews = ld(root)
        if key == "review":  # rated: a ClaimReview, marked as a draft
            assert len(reviews) == 1 and reviews[0]["creativeWorkStatus"] == "Draft"
        else:  # not rated yet: no ClaimReview can be made
            assert reviews == []
    for key in FINAL:
        root = parse(claim_page(out, sample.ids[key]))
        assert not [p for p in root.iter("p") if "draft-banner" in (p.get("class") or "")]
        assert "creativeWorkStatus" not in ld(root)[0]
    index = text(parse(out / "index.html"))
    assert "DRAFT · In review — not published" in index and "DRAFT · Draft — not published" in index
    published = (out / "sitemap.xml").read_text() + (out / "feed.xml").read_text()
    assert not any(sample.ids[k][:8] in published for k in ("review", "draft"))
    assert all(sample.ids[k][:8] in published for k in FINAL)


def test_refusals_write_nothing(sample: site_sample.Sample, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                ) -> None:
    foreign = tmp_path / "my-documents"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert wb("export", sample.path, "--format", "site", "-o", foreign) == 2
    err = capsys.readouterr().err
    assert "is not empty and is not a site this app wrote" in err
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"] and (foreign / "notes.txt").read_text() == "keep me"
    a_file = tmp_path / "report.html"
    a_file.write_text("old")
    assert wb("export", sample.path, "--format", "site", "-o", a_file) == 2
    assert "is not a folder" in capsys.readouterr().err and a_file.read_text() == "old"

    no_url = tmp_path / "no-url.fcw"
    no_url.write_bytes(sample.path.read_bytes())
    assert wb("settings", no_url, "--base-url", "") == 0
    capsys.readouterr()
    assert wb("export", no_url, "--format", "site", "-o", tmp_path / "new-site") == 2
    err = capsys.readouterr().err
    assert "base URL" in err and "--base-url" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "my-documents", "no-url.fcw", "report.html"] or \
        not (tmp_path / "new-site").exists()
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_exporting_again_replaces_the_earlier_site(sample: site_sample.Sample, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()  # an empty folder is fine
    assert wb("export", sample.path, "--format", "site", "-o", out, "--include-drafts") == 0
    draft_page = claim_page(out, sample.ids["draft"])
    assert draft_page.is_file()
    assert wb("export", sample.path, "--format", "site", "-o", out) == 0  # over a site this app wrote
    assert not draft_page.exists() and claim_page(out, sample.ids["corrected"]).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary or old folder left


def test_hostile_text_comes_out_inert(tmp_path: Path) -> None:
    path = tmp_path / "hostile.fcw"
    project = create_project(path)
    try:
        article = ("Checkpoint Falls, Channel Says\n\nA pro-government channel said the army took the checkpoint "
                   "at Abu Hardub on Monday. Residents said nothing changed.\n")
        doc = doc_ops.import_data(project, article.encode(), "abu-hardub.txt").document_id
        doc_ops.update_metadata(project, doc, DocumentMetadata(
            title='</title><script>alert("t")</script>', publisher='"><svg onload=alert(1)>',
            url="javascript:alert(2)", published="2018-01-08", language='en" onmouseover="alert(3)'))
        start, end = claim_ops.locate_quote(project, doc, "the army took the checkpoint at Abu Hardub")
        claim_id, _ = claim_ops.create_claim_from_passage(
            project, doc, start, end, text='The army took it </script><script>alert(4)</script> <a href="javascript:'
            'alert(5)">see</a>', claimant='<img src=x onerror=alert(6)>')
        verdicts.set_verdict(project, claim_id, rating="False", status="final",
                             rationale="[click](javascript:alert(7)) <script>alert(8)</script>",
                             summary="<b onclick=alert(9)>x</b>")
        settings_ops.set_settings(project, base_url="https://checks.example.org/h", title="<i>Checks</i>")
    finally:
        project.close()
    out = tmp_path / "site"
    assert wb("export", path, "--format", "site", "-o", out) == 0
    for name, root in pages(out).items():
        for el in root.iter():
            assert el.tag not in ("img", "svg", "iframe", "object", "embed", "base", "form"), (name, el.tag)
            assert not any(a.lower().startswith("on") for a in el.attrib), (name, el.tag, el.attrib)
            assert not (el.get("href") or "").lower().startswith("javascript:"), name
            if el.tag == "script":
                assert el.get("type") == "application/ld+json"
                data = json.loads(el.text or "")
                assert "</script" not in (el.text or "").lower()
                assert data["claimReviewed"].startswith("The army took it </script><script>alert(4)")
    page = parse(claim_page(out, claim_id))
    assert "<script>alert(4)</script>" in text(page.find(".//h1"))  # shown as text
    assert page.find(".//h1").get("lang") is None  # a bad language tag is dropped, not spliced
    for xml in ("feed.xml", "sitemap.xml"):
        ET.parse(out / xml)  # still well-formed XML
    assert "alert(4)" in (out / "feed.xml").read_text()  # as escaped text


# ----- in a real browser ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = site_browser.available()
    if missing:  # `make test` installs Chromium (as root) and playwright: never skipped, a missing browser fails
        pytest.fail(f"{missing} (run `make test` as root, or install Debian's chromium and the test extra)")
    with site_browser.browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with site_browser.serve(site) as base:
        yield base


def _rgb(css: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _luminance(rgb: tuple[float, float, float, float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def contrast(fg: str, bg: str) -> float:
    a, b = _luminance(_rgb(fg)), _luminance(_rgb(bg))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


COLOURS = """() => [...document.querySelectorAll(
    '.badge, p, li, dt, dd, h1, h2, h3, a, td, th, cite, time, mark, .grade, .context, .url')]
  .filter(el => el.offsetParent !== null && el.textContent.trim()).map(el => {
  let bg = 'rgba(0, 0, 0, 0)';
  for (let n = el; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; }
  }
  return {tag: el.tagName, cls: el.className, text: el.textContent.trim().slice(0, 40),
          fg: getComputedStyle(el).color, bg: bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg};
})"""


def test_in_a_browser_without_javascript(browser: Any, served: str, site: Path, sample: site_sample.Sample,
                                         tmp_path: Path) -> None:
    page = site_browser.open_page(browser, served + "index.html")
    try:
        assert page.evaluate("() => document.documentElement.lang") == "en"
        assert page.evaluate("() => document.scripts.length") == 0  # the index ships no script at all
        page.get_by_role("link", name=sample.texts["corrected"]).click()
        page.wait_for_load_state()
        assert page.url == f"{served}claims/{sample.ids['corrected'][:8]}/index.html"
        h1 = page.locator("h1")
        assert h1.count() == 1 and h1.is_visible() and sample.texts["corrected"] in h1.inner_text()
        badge = page.locator(".verdict .badge")
        assert badge.is_visible() and badge.inner_text() == "False"
        assert page.locator("#corrections").is_visible()
        page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)
        for item in page.evaluate(COLOURS):
            assert contrast(item["fg"], item["bg"]) >= 4.5, item
        page.goto(served + f"claims/{sample.ids['arabic'][:8]}/index.html")
        assert page.evaluate("() => getComputedStyle(document.querySelector('h1')).direction") == "rtl"
        assert page.evaluate("() => getComputedStyle(document.querySelector('blockquote.passage')).direction") == "rtl"
        assert page.evaluate("() => document.querySelector('h1').lang") == "ar"
        page.goto(served + "index.html")
        badges = page.evaluate(COLOURS)
        assert {b["text"] for b in badges if "badge" in b["cls"]} == {"False", "Unproven", "Mostly true"}
        for item in badges:
            assert contrast(item["fg"], item["bg"]) >= 4.5, item
        page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
        page.goto(served + "ratings/index.html")  # every colour of the scale, as badges
        for item in page.evaluate(COLOURS):
            assert contrast(item["fg"], item["bg"]) >= 4.5, item
    finally:
        page.context.close()
    for png in ("claim.png", "index.png"):
        assert (tmp_path / png).read_bytes().startswith(b"\x89PNG") and (tmp_path / png).stat().st_size > 20_000


def test_on_a_phone_and_from_file(browser: Any, site: Path, sample: site_sample.Sample, tmp_path: Path) -> None:
    page = site_browser.open_page(browser, (site / "index.html").as_uri(), width=390)
    try:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        page.get_by_role("link", name=sample.texts["person"]).click()  # from disk: the link names a file
        page.wait_for_load_state()
        assert page.url == claim_page(site, sample.ids["person"]).as_uri()
        assert page.locator("h1").is_visible() and page.locator(".verdict .badge").inner_text() == "Mostly true"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(29, 29, 31)"  # the CSS loaded
        page.get_by_role("link", name="Kawa Darwish").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Kawa Darwish"
        page.screenshot(path=str(tmp_path / "mobile.png"))
    finally:
        page.context.close()
    assert (tmp_path / "mobile.png").read_bytes().startswith(b"\x89PNG")
