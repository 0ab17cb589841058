"""The class report page shows the known class's numbers, stands alone, and shows a look-alike pair side by side.

The class is tests/test_classreport.py's KNOWN_CLASS; the numbers are read
back from the page's tables as a browser shows them (tags removed).
"""
import base64
import html
import re
from html.parser import HTMLParser

from coursekit import similarity
from coursekit.classpage import PAIRS_SHOWN, render
from coursekit.classreport import summarise
from tests.test_classreport import CHECKS, EX1, EX2, NO_C, WRONG_B, known_class


class _Tables(HTMLParser):
    """The rows of every table of a page, each a list of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(page):
    parser = _Tables()
    parser.feed(page)
    return parser.rows


def section(page, exercise):
    """The part of the page about one exercise."""
    start = page.index(f'<h2 id="{exercise}">')
    following = page.find("<h2 ", start + 1)
    return page[start:following if following > 0 else len(page)]


LINKS = {("ann", EX1): "feedback/ann/ex1/ex1.html", ("ben", EX1): "feedback/ben/ex1/ex1.html"}


def known_page(similar=None):
    return render(summarise(known_class(), CHECKS, [EX1, EX2]), "demo-course", "today", LINKS, similar)


def test_the_checks_table_shows_each_check_s_pass_rate_and_its_failures():
    rows = table_rows(section(known_page(), EX1))
    checks = [row for row in rows if row and row[0].startswith("test_")]
    assert [row[:3] for row in checks] == [["test_b", "3", "2 of 4 (50%)"], ["test_a", "2", "3 of 4 (75%)"],
                                           ["test_c", "1", "3 of 4 (75%)"]]
    assert checks[0][3] == f"{WRONG_B} — 2: ben, cat"
    assert checks[2][3] == f"{NO_C} — 1: cat"


def test_the_hand_ins_to_look_at_are_listed_by_kind_with_the_reason():
    rows = table_rows(section(known_page(), EX1))
    start = rows.index(["what", "student", "why"])
    listed = rows[start + 1:start + 5]
    assert listed[0] == ["not handed in (1)", "dan", "nothing handed in"]
    assert listed[1] == ["unreadable (1)", "eve", "the notebook file is empty, not graded"]
    assert listed[2] == ["timeout (1)", "fay", "test_a ran too long and was stopped"]
    assert listed[3][:2] == ["suspicious code (1)", "fay"] and "os.environ" in listed[3][2]


def test_every_student_has_a_row_with_points_and_a_link_to_the_feedback_page():
    page = section(known_page(), EX1)
    rows = table_rows(page)
    start = rows.index(["student", "points", "status", "feedback"])
    assert rows[start + 1:start + 7] == [
        ["ann", "6", "all checks passed", "feedback"],
        ["ben", "3", "1 check(s) failed", "feedback"],
        ["cat", "2", "2 check(s) failed", ""],
        ["dan", "-", "not handed in", ""],
        ["eve", "-", "unreadable", ""],
        ["fay", "4", "1 check(s) failed", ""],
    ]
    assert '<a href="feedback/ann/ex1/ex1.html">feedback</a>' in page


def test_the_overview_has_a_row_per_exercise():
    rows = table_rows(known_page())
    assert rows[1] == [EX1, "5", "4", "3.5", "3.8", "6", "test_b (50% passed)"]
    assert rows[2] == [EX2, "2", "2", "2", "2", "4", "test_x (50% passed)"]


def test_the_page_stands_alone_its_pictures_are_embedded_pngs():
    page = known_page()
    sources = re.findall(r'<img src="([^"]+)"', page)
    # the development picture, and per exercise a histogram and the checks' bars
    assert len(sources) == 1 + 2 * 2
    for source in sources:
        assert source.startswith("data:image/png;base64,")
        assert base64.b64decode(source.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    addresses = re.findall(r'(?:href|src)="([^"]+)"', page)
    outside = [a for a in addresses if not a.startswith(("data:", "#")) and a not in LINKS.values()]
    assert outside == []
    assert "<script" not in page and "@import" not in page


def test_a_look_alike_pair_is_shown_side_by_side_with_the_shared_lines_marked():
    first = [similarity.Statement("dense_backward", "dw = dz.T @ a_prev", frozenset({"odd"})),
             similarity.Statement("dense_backward", "db = np.sum(dz, axis=0, keepdims=True)", frozenset({"x"}))]
    second = [similarity.Statement("dense_backward", "dw = dz.T@a_prev  ", frozenset({"odd"}))]
    pair = similarity.Pair(4.2, "ann", "ben", frozenset({"odd"}))
    page = section(known_page({EX1: [(pair, first, second)]}), EX1)
    assert "<b>ann</b> and <b>ben</b>: score 4.2" in page
    shared = re.findall(r'<span class="shared">(.*?)</span>', page)
    assert [html.unescape(s) for s in shared] == ["dw = dz.T @ a_prev", "dw = dz.T@a_prev  "]
    assert "db = np.sum(dz, axis=0, keepdims=True)" in page
    assert "not a verdict" in page


def test_more_pairs_than_shown_are_named_after_the_shown_ones():
    """A class with many look-alikes (40 hand-ins, 5 versions: 156 pairs) shows PAIRS_SHOWN side by side
    and names the next ten."""
    statements = [similarity.Statement("dense_backward", "dw = dz.T @ a_prev", frozenset({"odd"}))]
    students = [f"s{number:02d}" for number in range(40)]
    pairs = [(similarity.Pair(9.0, a, b, frozenset({"odd"})), statements, statements)
             for i, a in enumerate(students) for b in students[i + 1:]]
    page = section(known_page({EX1: pairs}), EX1)
    assert page.count('<div class="pair">') == PAIRS_SHOWN
    shown = PAIRS_SHOWN
    following = [f"{p.first} &amp; {p.second} (9)" for p, _, _ in pairs[shown:shown + 10]]
    assert f"Next: {', '.join(following)}. All pairs:" in page


def test_no_pair_says_so():
    assert "No two hand-ins share rare code." in section(known_page(), EX2)
