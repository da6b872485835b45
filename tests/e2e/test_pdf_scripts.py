"""Issue 13, point 5 — a PDF for every script: Arabic, Persian, Hebrew, Chinese, Japanese and Korean text is drawn
in every part of the PDF report (title page, headings, verdict box, quotes, rationale, evidence, tables, footer,
DRAFT pages) with real glyphs, never the empty box of a missing glyph, on a machine whose only fonts are DejaVu:
the app ships fallback fonts in resources/fonts/ (see ORIGIN.md there) and render_pdf registers them.

Three independent readings of the exported PDF:
1. its text (pypdf): every word of each script is there, and no character came out as U+0000 (what Qt's PDF
   writer maps a missing glyph to);
2. its structure: the shipped fonts are embedded, and no text-showing operator on any page draws glyph 0 (the
   ``.notdef`` box) of its font — Qt writes fonts as Identity-H CID fonts whose CID is the glyph of the subset, and
   the subset keeps ``.notdef`` at glyph 0;
3. its pixels (pypdfium2): on the title page, the glyphs of each script have ink and differ from one another
   (missing glyphs would all be the same box).
Without the fallback fonts all three fail on such a machine (CJK everywhere, and Arabic in the bold italic claim
headings, were boxes)."""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader
from pypdf.generic import ByteStringObject, ContentStream, DictionaryObject, TextStringObject

from workbench import render_pdf
from workbench.domain.model import DocumentMetadata, Stance
from workbench.exporters.model import Report
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import reports, verdicts
from workbench.ops import settings as settings_ops
from workbench.ops.project import create_project
from workbench.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["NotoNaskhArabic-Bold.ttf", "NotoNaskhArabic-Regular.ttf", "NotoSansHebrew-Bold.ttf",
           "NotoSansHebrew-Regular.ttf", "wqy-microhei.ttf"]


@dataclass(frozen=True)
class Script:
    name: str
    language: str
    claim: str  # quoted from the article: the claim's text, its heading and the passage
    article: str  # the article the claim is quoted from (the claim sentence inside)
    title: str  # the article's title (the citation under the quote)
    claimant: str
    rationale: str
    note: str  # a note as evidence
    letters: str  # letters the claim must show (Persian: those Arabic does not have)


# Written for these tests, in the style of the reports the app is made for.
SCRIPTS = (
    Script("Arabic", "ar", "قالت وزارة الصحة إن عدد الجرحى ارتفع بعد قصف السوق",
           "أفاد مراسلون محليون بسماع انفجارات قرب الجسر. قالت وزارة الصحة إن عدد الجرحى ارتفع بعد قصف السوق. "
           "ولم يتسن التحقق من الصور المتداولة.",
           "انفجارات قرب الجسر", "وزارة الصحة", "لم نجد سجلات المستشفى التي تؤكد الرقم.",
           "اتصلنا بطبيب في المستشفى فنفى وصول جرحى جدد", "قوصجرحسلم"),
    Script("Persian", "fa", "گزارشگر محلی گفت پل چوبی ژاندارمری پیش از ظهر فرو ریخت",
           "خبرگزاری‌ها از درگیری در حومه شهر خبر دادند. گزارشگر محلی گفت پل چوبی ژاندارمری پیش از ظهر فرو ریخت. "
           "تصویری از این پل منتشر نشده است.",
           "درگیری در حومه شهر", "گزارشگر محلی", "تصویر ماهواره‌ای روز بعد پل را سالم نشان می‌دهد.",
           "یک راننده کامیون گفت از پل گذشته است", "پچژگی"),
    Script("Hebrew", "he", "דובר הצבא אמר כי השיירה הגיעה לעיר ביום חמישי בבוקר",
           "כתבים מקומיים דיווחו על תנועת משאיות בכביש הראשי. דובר הצבא אמר כי השיירה הגיעה לעיר ביום חמישי "
           "בבוקר. לא פורסמו תמונות מהמקום.",
           "שיירה בכביש הראשי", "דובר הצבא", "תושבים סיפרו שהשיירה נראתה רק ביום שישי.",
           "נהג מונית אמר שהכביש היה סגור כל הבוקר", "דברצאשיםהגעל"),
    Script("Chinese", "zh", "当地消息人士称车队于周四上午抵达该市",
           "多家媒体报道了城郊的交火。当地消息人士称车队于周四上午抵达该市。目前尚无照片证实这一说法。",
           "城郊交火报道", "当地消息人士", "卫星图像显示车队周五才出现在公路上。",
           "一名出租车司机说当天上午道路封闭", "当地消息车队"),
    Script("Japanese", "ja", "現地の記者によると橋は午前中に崩れたとのことです",
           "郊外で衝突があったと複数の通信社が伝えた。現地の記者によると橋は午前中に崩れたとのことです。"
           "橋の写真はまだ公開されていない。",
           "郊外での衝突について", "現地の記者", "翌日の衛星写真では橋は無傷のように見える。",
           "トラックの運転手は午後に橋を渡ったと話した", "のによるとはにれたことです"),
    Script("Korean", "ko", "현지 기자는 다리가 오전에 무너졌다고 말했다",
           "여러 통신사가 교외에서 교전이 있었다고 전했다. 현지 기자는 다리가 오전에 무너졌다고 말했다. "
           "다리 사진은 아직 공개되지 않았다.",
           "교외 교전 보도", "현지 기자", "다음 날 위성 사진에는 다리가 멀쩡해 보인다.",
           "트럭 운전사는 오후에 다리를 건넜다고 말했다", "현지기자다리오전"),
)
REPORT_TITLE = "تقرير التحقق — 核查报告 — 팩트체크 — דו״ח בדיקה — گزارش — 検証"
AUTHOR = "مكتب التحقق"

# Unicode ranges of the scripts, after NFKC (which folds Arabic presentation forms back to letters).
RANGES = {
    "Arabic": [(0x0600, 0x06FF)], "Hebrew": [(0x0590, 0x05FF)], "Han": [(0x4E00, 0x9FFF)],
    "Kana": [(0x3040, 0x30FF)], "Hangul": [(0xAC00, 0xD7A3)],
}


def script_of(ch: str) -> str | None:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) < 1:
        return None
    code = ord(folded[0])
    return next((name for name, spans in RANGES.items() if any(lo <= code <= hi for lo, hi in spans)), None)


@dataclass(frozen=True)
class Pdfs:
    published: bytes  # the project report: title page, one claim per page, all final
    draft: bytes  # two claims, one in review: masthead heading, DRAFT banner, mark and footer


def _build(path: Path) -> tuple[Report, Report]:
    project = create_project(path)
    try:
        ids: dict[str, str] = {}
        for s in SCRIPTS:
            outcome = doc_ops.import_data(project, s.article.encode("utf-8"), f"{s.language}.txt")
            doc = outcome.document_id
            doc_ops.update_metadata(project, doc, DocumentMetadata(title=s.title, publisher=s.claimant,
                                                                   published="2017-12-07", language=s.language))
            start, end = claim_ops.locate_quote(project, doc, s.claim)
            ids[s.name], _ = claim_ops.create_claim_from_passage(project, doc, start, end, claimant=s.claimant)
            ev_ops.add_note_evidence(project, ids[s.name], s.note, Stance.REFUTES, title=s.title, credibility=2,
                                     source=s.claimant)
            verdicts.set_verdict(project, ids[s.name], rating="False", rationale=s.rationale, summary=s.note,
                                 status="final")
        draft_doc = doc_ops.import_data(project, SCRIPTS[0].article.encode("utf-8"), "ar-2.txt").document_id
        start, end = claim_ops.locate_quote(project, draft_doc, "ولم يتسن التحقق من الصور المتداولة")
        draft_id, _ = claim_ops.create_claim_from_passage(project, draft_doc, start, end, claimant=AUTHOR)
        verdicts.set_verdict(project, draft_id, rationale=SCRIPTS[3].rationale, status="review")
        settings_ops.set_settings(project, author=AUTHOR, title=REPORT_TITLE)
        published = reports.build_report(project, None, include_drafts=False)
        draft = reports.build_report(project, [draft_id, ids["Korean"]])
    finally:
        project.close()
    assert published.whole_project and len(published.claims) == len(SCRIPTS) and not published.draft
    assert draft.draft and not draft.whole_project
    return published, draft


@pytest.fixture(scope="module")
def pdfs(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Pdfs:
    published, draft = _build(tmp_path_factory.mktemp("scripts") / "scripts.fcw")
    return Pdfs(render_pdf.render_pdf(published), render_pdf.render_pdf(draft))


def all_pdfs(pdfs: Pdfs) -> Iterator[tuple[str, bytes]]:
    yield "published", pdfs.published
    yield "draft", pdfs.draft


def pdf_text(data: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def has_word(text: str, word: str) -> bool:
    """A right-to-left word is extracted in logical or in visual (reversed) order, depending on the reader."""
    return word in text or word[::-1] in text


# ----- 1. the text ------------------------------------------------------------------------------------------------

def test_every_script_is_in_the_text_and_nothing_is_a_missing_glyph(pdfs: Pdfs) -> None:
    pages = pdf_text(pdfs.published)
    whole = " ".join(pages)
    squashed = "".join(whole.split())
    for s in SCRIPTS:
        if s.name in ("Arabic", "Persian", "Hebrew"):
            missing = [w for w in s.claim.split() if not has_word(whole, w)]
            assert not missing, (s.name, missing)
        else:
            assert "".join(s.claim.split()) in squashed, s.name
            assert "".join(s.rationale.split()) in squashed, s.name
        assert set(s.letters) <= set(whole), (s.name, set(s.letters) - set(whole))
    # The title page: the report's title in all its scripts, and every claim in the contents.
    for word in REPORT_TITLE.split():
        if word != "—":
            assert has_word(pages[0], word), word
    for _name, data in all_pdfs(pdfs):
        for n, page in enumerate(pdf_text(data), 1):
            assert "\x00" not in page and "\ufffd" not in page, (_name, n, page[:200])
    draft = "".join(" ".join(pdf_text(pdfs.draft)).split())
    assert "DRAFT—notforpublication" in draft
    assert "".join(SCRIPTS[5].claim.split()) in draft


# ----- 2. the fonts -----------------------------------------------------------------------------------------------

def fonts_of(data: bytes) -> dict[str, int]:
    """BaseFont of every font with an embedded program → how many pages use it."""
    found: dict[str, int] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                descriptor = desc.get_object().get("/FontDescriptor")
                if descriptor is not None and {"/FontFile2", "/FontFile", "/FontFile3"} & set(descriptor.get_object()):
                    name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
                    found[name] = found.get(name, 0) + 1
    return found


def test_the_shipped_fallback_fonts_are_embedded(pdfs: Pdfs) -> None:
    assert render_pdf.ensure_fonts() == ("Noto Naskh Arabic", "Noto Sans Hebrew", "WenQuanYi Micro Hei")
    fonts = fonts_of(pdfs.published)
    for name in ("NotoNaskhArabic-Bold", "NotoSansHebrew-Bold", "WenQuanYiMicroHei"):
        assert name in fonts, (name, sorted(fonts))
    assert any(f.startswith("DejaVu") for f in fonts)  # Latin text keeps the template's fonts
    assert "WenQuanYiMicroHei" in fonts_of(pdfs.draft)


def drawn_glyphs(reader: PdfReader, resources: DictionaryObject, content: object) -> Iterator[tuple[str, int]]:
    """(font, glyph code) of every glyph a content stream shows with a two-byte (Identity-H) font, form XObjects
    included."""
    fonts = resources.get("/Font", DictionaryObject()).get_object()
    font_name = ""
    two_bytes = False
    for operands, op in ContentStream(content, reader).operations:
        if op == b"Tf":
            font = fonts[operands[0]].get_object()
            font_name = str(font["/BaseFont"])
            two_bytes = font.get("/Encoding") == "/Identity-H"
        elif op in (b"Tj", b"'", b'"', b"TJ") and two_bytes:
            items = operands[0] if op == b"TJ" else operands[-1:]
            for item in items:
                if isinstance(item, (ByteStringObject, TextStringObject)):
                    raw = item.original_bytes
                    for i in range(0, len(raw) - 1, 2):
                        yield font_name, int.from_bytes(raw[i:i + 2], "big")
        elif op == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from drawn_glyphs(reader, xobject.get("/Resources", resources), xobject)


def test_no_glyph_drawn_is_notdef(pdfs: Pdfs) -> None:
    for name, data in all_pdfs(pdfs):
        reader = PdfReader(io.BytesIO(data))
        seen: dict[str, set[int]] = {}
        for n, page in enumerate(reader.pages, 1):
            notdef = []
            for font, glyph in drawn_glyphs(reader, page["/Resources"].get_object(), page.get_contents()):
                seen.setdefault(font, set()).add(glyph)
                if glyph == 0:
                    notdef.append(font)
            assert not notdef, f"{name} PDF, page {n}: .notdef drawn {len(notdef)}× with {sorted(set(notdef))}"
        # The check reads real glyphs: the fallback fonts drew many different ones.
        assert len(seen.get("/WenQuanYiMicroHei", ())) > 60, sorted(seen)
        if name == "published":
            assert len(seen.get("/NotoNaskhArabic-Bold", ())) > 10 and "/NotoSansHebrew-Bold" in seen, sorted(seen)


# ----- 3. the pixels ----------------------------------------------------------------------------------------------

def band(length: int, i: int) -> slice:
    """The i-th of 8 bands of a length (never empty)."""
    start = length * i // 8
    return slice(start, max(start + 1, length * (i + 1) // 8))


def glyph_cells(data: bytes, page_index: int, scale: float = 3.0) -> dict[str, list[tuple[str, tuple[int, ...], int]]]:
    """Each script's glyphs on a page as pypdfium2 renders it: (character, 8×8 ink grid of its box, ink pixels)."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_index]
        height = page.get_height()
        bitmap = page.render(scale=scale, grayscale=True)
        assert bitmap.n_channels == 1
        buf, stride = bytes(bitmap.buffer), bitmap.stride
        textpage = page.get_textpage()
        cells: dict[str, list[tuple[str, tuple[int, ...], int]]] = {}
        for i in range(textpage.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            script = "tofu" if ch == "\x00" else script_of(ch)
            if script is None:
                continue
            left, bottom, right, top = (v * scale for v in textpage.get_charbox(i))
            x0, y0 = int(left), int(height * scale - top)
            x1, y1 = max(x0 + 1, math.ceil(right)), max(y0 + 1, math.ceil(height * scale - bottom))
            ink = [[buf[y * stride + x] < 128 for x in range(x0, x1)] for y in range(y0, y1)]
            grid = tuple(int(any(any(row[band(x1 - x0, gx)]) for row in ink[band(y1 - y0, gy)]))
                         for gy in range(8) for gx in range(8))
            cells.setdefault(script, []).append((ch, grid, sum(map(sum, ink))))
        textpage.close()
        page.close()
        return cells
    finally:
        pdf.close()


@pytest.mark.parametrize("script,minimum", [("Arabic", 60), ("Hebrew", 30), ("Han", 25), ("Kana", 10),
                                            ("Hangul", 15)])
def test_title_page_glyphs_have_ink_and_are_not_boxes(pdfs: Pdfs, script: str, minimum: int) -> None:
    cells = glyph_cells(pdfs.published, 0)
    assert "tofu" not in cells, f"{len(cells['tofu'])} glyph(s) the text layer maps to U+0000"
    found = cells.get(script, [])
    assert len(found) >= minimum, (script, len(found))
    assert all(ink > 0 for _ch, _grid, ink in found), [ch for ch, _grid, ink in found if not ink]
    # A missing glyph is the same box for every character; real glyphs differ. Distinct characters (Arabic:
    # distinct presentation forms, each its own glyph) must mostly give distinct ink patterns.
    chars = {ch for ch, _grid, _ink in found}
    patterns = {grid for _ch, grid, _ink in found}
    assert len(patterns) >= 0.6 * len(chars), (script, len(patterns), len(chars))
    if script == "Arabic":  # the Persian contents line and title: پ چ ژ گ are drawn
        assert set("پچژگ") <= {unicodedata.normalize("NFKC", ch) for ch in chars}


# ----- the fonts travel with the app ------------------------------------------------------------------------------

def test_the_fonts_are_shipped_with_their_origin_and_licences() -> None:
    fonts = resource_path("fonts")
    assert sorted(p.name for p in fonts.glob("*.tt[fc]")) == SHIPPED
    origin = (fonts / "ORIGIN.md").read_text(encoding="utf-8")
    for name in SHIPPED:
        digest = hashlib.sha256((fonts / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in origin, f"{name}: its SHA-256 in ORIGIN.md is not {digest}"
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text(encoding="utf-8")
    assert "Apache License" in (fonts / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert sum((fonts / name).stat().st_size for name in SHIPPED) < 5.2 * 1024 * 1024  # the .deb stays under 70 MB


def test_the_bundle_spec_copies_every_resources_folder() -> None:
    """The PyInstaller spec (the .deb, the Windows and macOS bundles) lists the folders of resources/ it copies."""
    spec = (ROOT / "packaging" / "workbench.spec").read_text(encoding="utf-8")
    listed = re.search(r"for d in \(([^)]*)\)", spec)
    assert listed, "no resources folder list in packaging/workbench.spec"
    folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert folders <= set(re.findall(r'"([^"]+)"', listed.group(1))), folders


def test_the_fallback_fonts_leave_the_windows_own_font_alone(qapp: object) -> None:
    """The fonts are registered in the app at start (render_pdf.register): the generic family the window's text
    uses ("Sans Serif") must still resolve to the system's font, not to the first fallback (which drew every
    label of the window in Noto Naskh Arabic before this was fixed)."""
    from PySide6.QtGui import QFont, QFontInfo

    shipped = set(render_pdf.ensure_fonts())
    for generic in ("Sans Serif", "sans-serif", "Serif", "Monospace"):
        assert QFontInfo(QFont(generic)).family() not in shipped, generic
        assert not set(QFont.substitutes(generic)) & {f.casefold() for f in shipped}, generic
    assert QFontInfo(QFont("DejaVu Sans")).family() == "DejaVu Sans"
    assert set(QFont.substitutes("DejaVu Sans")) == {f.casefold() for f in shipped}  # the PDF's fonts fall back
