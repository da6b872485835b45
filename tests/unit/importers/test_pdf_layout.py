"""Reading order and page furniture from line boxes (pure functions, no PDF)."""

from __future__ import annotations

from workbench.importers.pdf_furniture import furniture_key, is_page_number, split_furniture
from workbench.importers.pdf_layout import Line, Page, reading_order, rows_of


def box(text: str, x0: float, top: float, width: float = 200.0, height: float = 10.0) -> Line:
    return Line(text, x0, x0 + width, top, top + height, first_word=30.0)


def column(prefix: str, x0: float, count: int, top: float = 100.0) -> list[Line]:
    return [box(f"{prefix} line {i} of the article's running text", x0, top + 12 * i) for i in range(count)]


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def test_two_columns_are_read_one_after_the_other() -> None:
    left, right = column("left", 50, 6), column("right", 300, 6)
    blocks = reading_order(right + left)  # any order in, reading order out
    assert [texts(b.lines) for b in blocks] == [texts(left), texts(right)]


def test_a_title_across_both_columns_comes_first_and_a_footer_last() -> None:
    title = box("A title spanning both columns", 50, 60, width=450)
    left, right = column("left", 50, 5), column("right", 300, 5)
    closing = box("A full-width closing line", 50, 200, width=450)
    blocks = reading_order([*right, closing, *left, title])
    assert [b.lines[0].text for b in blocks] == [title.text, left[0].text, right[0].text, closing.text]


def test_staggered_columns_are_not_chained_into_one_row() -> None:
    left = column("left", 50, 8, top=100)
    right = column("right", 300, 8, top=105)  # baselines half a line lower
    rows = rows_of(left + right)
    assert all(len({ln.text.split()[0] for ln in row}) == len(row) for row in rows)
    assert [texts(b.lines) for b in reading_order(left + right)] == [texts(left), texts(right)]


def test_one_line_with_a_wide_gap_is_not_two_columns() -> None:
    lines = [box("Name", 50, 100, width=40), box("Value", 400, 100, width=40), *column("text", 50, 4, top=112)]
    (block,) = reading_order(lines)  # one flow: the row is read left to right, then the text below
    assert texts(block.lines)[:2] == ["Name Value", lines[2].text]


def test_a_table_is_read_row_by_row() -> None:
    cells = [box(f"r{r}c{c}", 50 + 120 * c, 100 + 12 * r, width=40) for r in range(4) for c in range(3)]
    (block,) = reading_order(cells)
    assert block.table
    assert [ln.text for ln in block.lines] == ["r0c0 r0c1 r0c2", "r1c0 r1c1 r1c2", "r2c0 r2c1 r2c2", "r3c0 r3c1 r3c2"]


def test_right_to_left_columns_are_read_from_the_right() -> None:
    left = [box(f"هذا هو السطر رقم {i} من العمود الأيسر", 50, 100 + 12 * i) for i in range(5)]
    right = [box(f"هذا هو السطر رقم {i} من العمود الأيمن", 300, 100 + 12 * i) for i in range(5)]
    assert [b.lines[0].text for b in reading_order(left + right)] == [right[0].text, left[0].text]


def test_page_numbers_are_recognised() -> None:
    for text in ("7", "- 7 -", "Page 7 of 12", "page 7", "7 / 12", "[vii]", "Page 1 sur 1", "— 12 —", "٣"):
        assert is_page_number(text), text
    for text in ("2019 was a hard year", "Page after page", "7 killed", "Chapter 7"):
        assert not is_page_number(text), text


def test_furniture_key_ignores_digits_and_spacing() -> None:
    assert furniture_key("Weekly  Bulletin 7") == furniture_key("weekly bulletin 12")


def _page(head: str, body_prefix: str, foot: str, number: int) -> Page:
    lines = [box(head, 50, 30)] if head else []
    lines += column(body_prefix, 50, 30, top=80)
    lines += [box(foot.format(n=number), 250, 800, width=60)] if foot else []
    return Page(595, 842, tuple(lines))


def test_running_heads_and_page_numbers_are_found_across_pages() -> None:
    pages = [_page("EUPHRATES VALLEY WEEKLY 14", f"p{n}", "Page {n} of 4", n) for n in range(1, 5)]
    parts = split_furniture(pages)
    assert [texts(p.head) for p in parts] == [["EUPHRATES VALLEY WEEKLY 14"]] * 4
    assert [texts(p.foot) for p in parts] == [[f"Page {n} of 4"] for n in range(1, 5)]
    assert all(len(p.body) == 30 for p in parts)


def test_alternating_heads_are_found_on_left_and_right_pages() -> None:
    heads = ["Field Notes", "The Footage From the Bridge"]
    pages = [_page(heads[n % 2], f"p{n}", "", n) for n in range(1, 4)]
    assert [texts(p.head) for p in split_furniture(pages)] == [[heads[1]], [heads[0]], [heads[1]]]


def test_a_first_line_that_repeats_nowhere_is_body() -> None:
    heads = ["Truce holds in Abu Dhuhur", "Convoy reaches the bridge", "Shelling resumes at dawn"]
    pages = [_page(heads[n - 1], f"p{n}", "", n) for n in range(1, 4)]
    assert all(p.head == [] for p in split_furniture(pages))


def test_line_numbers_in_the_margin_are_furniture() -> None:
    body = column("text", 100, 10)
    numbers = [box(str(i + 1), 60, 100 + 12 * i, width=10) for i in range(10)]
    (part,) = split_furniture([Page(595, 842, tuple(body + numbers))])
    assert texts(part.side) == [str(i) for i in range(1, 11)]
    assert texts(part.body) == texts(body)


def test_turned_text_is_furniture() -> None:
    slug = Line("jbell on DSKJLSW7X2PROD with PROPOSALS", 18, 23, 300, 500, vertical=True)
    (part,) = split_furniture([Page(595, 842, (*column("text", 100, 5), slug))])
    assert part.side == [slug]
