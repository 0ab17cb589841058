"""Nothing lost, nobody harmed (issue #12): broken and hostile hand-ins graded beside innocent ones.

One class, graded once by `python -m coursekit grade --workers 2` in a
temporary course: three innocent hand-ins of exercise 1 (right answers) and,
beside them, hand-ins that lose work by accident (A) or attack the grader or
their classmates (B). Each test names one case. Every hand-in is a right
notebook (filled in as students hand it in) with one change.
"""
import csv
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from coursekit.preprocessors.safe_feedback import MATHS
from tests.course import filled_in_notebook, generate, make_course, submit
from tests.test_execute import IGNORES_INTERRUPT

pytestmark = pytest.mark.slow

EX1, EX3 = "ex1_building_blocks", "ex3_backpropagation"
INNOCENTS = ["inno1", "inno2", "inno3"]
SLOT_UIDS = range(64200, 64300)  # SandboxKernelManager's default slot user ids

CONFIG = """
# tests/test_nothing_lost.py: shorter timeouts, a small hand-in size limit
c.Execute.timeout = 30
c.SandboxExecute.interrupt_grace = 5
c.HandinLimits.max_bytes = 2 * 1024**2
"""


def with_cell(exercise, code, after, cell_type="code"):
    """The right notebook of `exercise` with a new cell after the cell `after`."""
    nb = filled_in_notebook(exercise)
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == after)
    new = nbformat.v4.new_code_cell(textwrap.dedent(code)) if cell_type == "code" \
        else nbformat.v4.new_markdown_cell(code)
    nb.cells.insert(index + 1, new)
    return nb


def without_checks(exercise, which):
    """The right notebook of `exercise` without the test cells for which which(grade_id) is true."""
    nb = filled_in_notebook(exercise)
    nb.cells = [c for c in nb.cells if not (c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_")
                                            and which(c.metadata["nbgrader"]["grade_id"]))]
    return nb



NEEDS_TOO_MUCH_MEMORY = """
def collect():
    hoard = []
    while True:
        hoard.append(' ' * 10**6)
collect()
"""

HOLDS_EVERY_PROCESS = """
import os, time
held = 0
try:
    for i in range(100_000):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        held += 1
except OSError:
    pass
print('HELD', held)
time.sleep(20)  # while the classmates beside are graded
"""

FORKS_MEMORY_AND_CPU = """
import os, select, time
ready, done = os.pipe()
children = []
for i in range(4):
    pid = os.fork()
    if pid == 0:
        block = bytearray(700 * 1024**2)
        for j in range(0, len(block), 4096):
            block[j] = 1
        os.write(done, b'x')  # all 700 MB in use
        time.sleep(60)
        os._exit(0)
    children.append(pid)
if os.fork() == 0:
    while True:  # burns CPU after this cell has ended
        pass
filled, deadline = 0, time.monotonic() + 20
while filled < 4 and time.monotonic() < deadline:
    if select.select([ready], [], [], 0.5)[0]:
        filled += len(os.read(ready, 4))
time.sleep(2)
alive = sum(os.waitpid(pid, os.WNOHANG)[0] == 0 for pid in children)
print('CHILDREN ALIVE', alive, 'FILLED', filled)
"""

FLOODS_DISPLAY_UPDATES = """
from IPython.display import display, update_display
for i in range(30):
    display('x', display_id='flood')
for i in range(3):
    update_display('y' * 1_000_000, display_id='flood')
"""

SHOWS_HTML = """
from IPython.display import HTML, Javascript, display
display(HTML('<script>alert("html")</script><img src=x onerror=alert("img")>'))
display(Javascript('alert("js")'))
"""

FORGED_ID = "x\n  inno1 / ex1_building_blocks: \x1b[31mcopied the answers of\x1b[0m"


def forged_summary_line():
    """A locked cell whose grade id holds a newline and escape codes, changed by the student."""
    nb = filled_in_notebook(EX1)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "numpy_demo")
    cell.metadata["nbgrader"]["grade_id"] = FORGED_ID
    cell.source += "\nprint('changed')"
    return nb


HANDINS = {
    # A: work lost by accident
    ("a_last_check_deleted", EX3): lambda: without_checks(EX3, lambda g: g == "test_final_metrics"),
    ("a_every_check_deleted", EX3): lambda: without_checks(EX3, lambda g: True),
    ("a_memory", EX1): lambda: with_cell(EX1, NEEDS_TOO_MUCH_MEMORY, after="test_dense"),
    ("a_stuck", EX1): lambda: with_cell(EX1, IGNORES_INTERRUPT, after="test_relu"),
    ("a_surrogate", EX1): lambda: with_cell(EX1, "print('\\ud800')  # \ud800", after="imports"),
    ("a_marker", EX1): lambda: with_cell(EX1, "# ### BEGIN HIDDEN TESTS\nx = 1", after="imports"),
    # B: one hand-in must not spoil another's
    ("b_hog", EX1): lambda: with_cell(EX1, HOLDS_EVERY_PROCESS, after="test_dense"),
    ("b_forker", EX1): lambda: with_cell(EX1, FORKS_MEMORY_AND_CPU, after="test_dense"),
    ("b_flood", EX1): lambda: with_cell(EX1, FLOODS_DISPLAY_UPDATES, after="imports"),
    ("b_forger", EX1): forged_summary_line,
    ("b_html", EX1): lambda: with_cell(EX1, SHOWS_HTML, after="imports"),
    ("b_html_markdown", EX1): lambda: with_cell(EX1, "<script>alert('md')</script> $x^2$", after="imports",
                                                cell_type="markdown"),
}


def oversize():
    """A right notebook with 3 MB of old output in it (over the 2 MB configured)."""
    nb = filled_in_notebook(EX1)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="z" * 3 * 1024**2)]
    return nb


def slot_processes():
    """The processes running as one of the kernels' slot user ids."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid = int(next(line for line in status.read_text().splitlines() if line.startswith("Uid:")).split()[1])
        except (OSError, StopIteration, ValueError):
            continue
        if uid in SLOT_UIDS:
            found.append(status.parent.name)
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(grade rows by student, the command's output, the course folder, hand-in bytes before)."""
    course = make_course(tmp_path_factory.mktemp("nothing_lost"), [EX1, EX3])
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(CONFIG)
    generate(course, EX1)
    generate(course, EX3)
    for student in INNOCENTS:
        submit(course, student, EX1, filled_in_notebook(EX1))
    for (student, exercise), make in HANDINS.items():
        path = submit(course, student, exercise, filled_in_notebook(exercise))
        path.write_text(json.dumps(make(), indent=1))  # ASCII JSON: "\ud800" stays an escape
    submit(course, "b_oversize", EX1, oversize())
    before = {p: p.read_bytes() for p in (course / "submitted").rglob("*.ipynb")}
    result = subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", "--workers", "2"], cwd=course,
        capture_output=True, text=True, timeout=1200, check=True,
    )
    with open(course / "grades.csv", newline="") as f:
        rows = {row[0]: row[1:] for row in csv.reader(f)}
    return rows, result.stdout, course, before


def autograded(course, student, exercise=EX1):
    return nbformat.read(course / "autograded" / student / exercise / f"{exercise}.ipynb", as_version=4)


def problems_of(output, student, exercise=EX1):
    return [line for line in output.splitlines() if line.startswith(f"  {student} / {exercise}: ")]


def page(course, student, exercise=EX1):
    return (course / "feedback" / student / exercise / f"{exercise}.html").read_text(encoding="utf-8")


def test_innocents_beside_the_attackers_keep_full_marks_and_no_problems(graded):
    """Three right hand-ins graded beside every case below, two at a time: full marks, nothing reported."""
    rows, output, _, _ = graded
    for student in INNOCENTS:
        assert rows[student][0] == "7", (student, output)
        assert problems_of(output, student) == [], output


def test_the_hand_in_files_are_not_changed(graded):
    _, _, course, before = graded
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("student", ["a_last_check_deleted", "a_every_check_deleted"])
def test_deleting_the_last_or_every_check_loses_nothing(graded, student):
    """nbgrader's OverwriteCells crashed here (KeyError); RestoreCells puts the checks back: 16 of 16."""
    rows, output, _, _ = graded
    assert rows[student][1] == "16", output
    assert any("nbgrader put them back" in line for line in problems_of(output, student, EX3)), output


def test_a_cell_that_needs_too_much_memory_gets_memory_error_and_the_rest_runs(graded):
    rows, output, course, _ = graded
    cell = next(c for c in autograded(course, "a_memory").cells if "collect()" in c.source)
    assert [o.ename for o in cell.outputs if o.output_type == "error"] == ["MemoryError"]
    assert rows["a_memory"][0] == "7", output


def test_a_cell_that_ignores_the_interrupt_ends_as_ran_too_long(graded):
    """The checks before keep their points (test_dense 2, test_relu 2); test_sigmoid fails with a message."""
    rows, output, course, _ = graded
    assert rows["a_stuck"][0] == "4", output
    assert any("ran too long and did not stop when asked, so Python was ended there" in line
               for line in problems_of(output, "a_stuck")), output
    check = next(c for c in autograded(course, "a_stuck").cells
                 if c.metadata.get("nbgrader", {}).get("grade_id") == "test_sigmoid")
    assert "did not run" in check.outputs[-1].evalue


@pytest.mark.parametrize("student", ["a_surrogate", "a_marker"])
def test_odd_text_is_graded_with_a_feedback_page(graded, student):
    """A lone surrogate (in the source and the output), or the hidden-test marker text in a student cell."""
    rows, output, course, _ = graded
    assert rows[student][0] == "7", output
    assert not [line for line in problems_of(output, student) if "not graded" in line], output
    assert "test_dense" in page(course, student)


def test_one_hand_in_holding_every_process_harms_nobody(graded):
    """The process limit holds per kernel (a user id and a cgroup of its own): the hog reaches it,
    keeps its own points, and its classmates graded at the same time are not touched."""
    rows, output, course, _ = graded
    held = next(c for c in autograded(course, "b_hog").cells if "HELD" in c.source)
    assert 100 < int(held.outputs[0].text.split()[1]) < 300
    assert rows["b_hog"][0] == "7", output


def test_forked_children_share_the_kernels_limits_and_end_with_it(graded):
    """4 children of 700 MB under a 2 GiB memory limit: not all survive (the limit holds for the
    tree); the CPU burner left running is gone after grading; the right answers keep their points."""
    rows, output, course, _ = graded
    cell = next(c for c in autograded(course, "b_forker").cells if "CHILDREN ALIVE" in c.source)
    text = "".join(o.get("text", "") for o in cell.outputs)
    if os.geteuid() == 0:
        assert int(text.split("CHILDREN ALIVE")[1].split()[0]) < 4, text
    assert rows["b_forker"][0] == "7", output
    assert slot_processes() == []


def test_display_updates_count_against_the_output_budget(graded):
    """30 copies of a display updated with 1 MB each: the graded notebook stays small (was 57 MB)."""
    _, _, course, _ = graded
    size = (course / "autograded" / "b_flood" / EX1 / f"{EX1}.ipynb").stat().st_size
    assert size < 6 * 1024**2, size


def test_an_oversize_hand_in_is_refused_with_a_problem_line(graded):
    rows, output, course, _ = graded
    assert rows["b_oversize"][0] == "", output
    lines = problems_of(output, "b_oversize")
    assert lines and "the notebook file is too big (3.0 MB; at most 2 MB are graded), not graded" in lines[0]
    assert "too big" in page(course, "b_oversize")


def test_the_summary_escapes_what_comes_from_a_hand_in(graded):
    """A grade id with a newline and escape codes cannot forge a line about another student."""
    _, output, _, _ = graded
    assert "\x1b" not in output
    assert not [line for line in output.splitlines() if "copied the answers of" in line
                and not line.startswith("  b_forger / ")]
    assert any("\\n  inno1" in line and "\\x1b[31m" in line for line in problems_of(output, "b_forger")), output
    assert graded[0]["b_forger"][0] == "7", output  # a grade id nbgrader does not know: graded all the same


@pytest.mark.parametrize("student", ["b_html", "b_html_markdown"])
def test_student_html_and_javascript_never_run_in_the_feedback_page(graded, student):
    _, _, course, _ = graded
    html = page(course, student)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    assert not [s for s in scripts if "alert(" in s], [s[:80] for s in scripts if "alert(" in s]
    assert not re.search(r"<img[^>]*onerror", html)
    assert "alert(" in html  # shown as text


def test_feedback_pages_draw_maths_without_network(graded):
    """The maths of the exercise text are MathML in the page (no MathJax needed), not raw LaTeX."""
    _, _, course, _ = graded
    html = page(course, "inno1")
    release = nbformat.read(course / "release" / EX1 / f"{EX1}.ipynb", as_version=4)
    formulas = [m.group(0) for c in release.cells if c.cell_type == "markdown" for m in MATHS.finditer(c.source)]
    assert formulas and html.count("<math") >= len(formulas)
    assert not [f for f in formulas if f in html]
