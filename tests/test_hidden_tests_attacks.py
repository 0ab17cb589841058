"""A determined student's tricks earn nothing: the grade is decided outside the kernel (issue #11).

Each trick is added to a hand-in with wrong answers ("the baseline"). The
class is graded as an instructor grades it (coursekit.grading.grade_all, two
workers, with feedback pages). Every trick must score no more than the
baseline in every check, and no feedback page may hold a line of the checks
parts (expected values and comparisons) in any form: plain, reversed or
base64.
"""
import base64

import nbformat
import pytest

from coursekit.course import Course
from coursekit.grading import grade_all
from coursekit.hidden_tests import split
from coursekit.results import Kind
from tests.course import generate, instructor_notebook, make_course, notebook_with, scores, submit

EX3 = "ex3_backpropagation"
EX1 = "ex1_building_blocks"

# The baseline: two wrong answers; the other functions are right.
WRONG = [
    ("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)"),
    ("dense_backward", "dw = a_prev.T @ dz", "dw = (dz.T @ a_prev).T * 1.01"),
]

# A road to `sys` through an object every notebook has: NumPy.
SYS = "np.testing._private.utils.sys"

STUDENT_CELLS = {
    # nbgrader's grade rule: a test cell showing an execute_result got that result's points.
    "display_hook": f"{SYS}.displayhook(100.0)\n",
    # read the running test cell (IPython's input history) and return what it expects
    "reads_the_running_test": (
        "import re\n"
        "def _expected(name):\n"
        f"    source = {SYS}.modules['IPython'].get_ipython().user_ns['In'][-1]\n"
        "    found = re.findall(r'\\[\\[[-0-9., \\n\\[\\]]+\\]\\]', source)\n"
        "    return np.array(eval(found[-1])) if found else np.zeros((1, 1))\n"
    ),
    # an input transformer, reached through NumPy's internals, that drops the hidden tests
    "input_transformer": (
        f"_shell = {SYS}.modules['IPython'].get_ipython()\n"
        "def _drop(lines):\n"
        "    return [line for line in lines if 'transport' not in line]\n"
        "_shell.input_transformers_post.append(_drop)\n"
    ),
    # shadow what test code uses
    "shadowing": "zip = lambda *args: iter(())\nisinstance = lambda *args: True\nlen = lambda x: 8\n",
    # forge a result for the grader from inside the student's own function
    "forged_result": "from coursekit import transport as _t\n",
}

TRICKS = {
    "display_hook": [("sigmoid_backward", "    return dz", f"    {SYS}.displayhook(100.0)\n    return dz")],
    "reads_the_running_test": [("relu_backward", "    return dz", "    return _expected('dz')")],
    "input_transformer": [],
    "shadowing": [],
    "forged_result": [("sigmoid_backward", "    return dz",
                       "    _t.send({'dz': np.zeros((3, 4))}, ['dz'])\n    return dz")],
}


def hand_in(student, trick_changes=(), extra_cell=None, tags=None):
    """The baseline hand-in with a trick: changes, a student cell after the imports, test-cell tags."""
    notebook = notebook_with(EX3, [*WRONG, *trick_changes])
    if extra_cell:
        notebook.cells.insert(2, nbformat.v4.new_code_cell(extra_cell))
    if tags:
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution"):
                cell.metadata["tags"] = list(tags)
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The baseline, each trick and two hand-ins of exercise 1, graded like a class with two workers."""
    course = make_course(tmp_path_factory.mktemp("attacks"), [EX1, EX3])
    generate(course, EX1)
    generate(course, EX3)
    submit(course, "baseline", EX3, hand_in("baseline"))
    for student, changes in TRICKS.items():
        submit(course, student, EX3, hand_in(student, changes, STUDENT_CELLS.get(student)))
    submit(course, "tags", EX3, hand_in("tags", tags=["skip-execution", "raises-exception"]))
    release = nbformat.read(course / "release" / EX3 / f"{EX3}.ipynb", as_version=4)
    for cell in release.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution"):
            cell.metadata["tags"] = ["skip-execution"]
    submit(course, "tags_untouched", EX3, release)
    # exercise 1: the kit's own answers handed in as the student's
    submit(course, "reference", EX1, notebook_with(EX1, [
        ("dense", "z = a_prev @ w + b", "z = siouxdnn.dense(a_prev, w, b)"),
        ("dense", "def dense", "import siouxdnn\ndef dense"),
    ]))
    submit(course, "reference_baseline", EX1, notebook_with(EX1, [("dense", "z = a_prev @ w + b", "z = a_prev")]))
    outcomes = grade_all(Course(course), workers=2)
    return course, {(o.student, o.exercise): o for o in outcomes}


def points(course, student, exercise=EX3):
    return {grade_id: score for grade_id, (score, _) in scores(course, student, exercise).items()}


def test_the_baseline_loses_the_points_of_its_wrong_answers(graded):
    """The test is worth something only if the baseline does lose points."""
    course, _ = graded
    result = points(course, "baseline")
    assert result["test_sigmoid_backward"] == 0 and result["test_dense_backward"] == 0
    assert result["test_relu_backward"] == 2 and result["test_train"] == 2


@pytest.mark.parametrize("student", [*TRICKS, "tags"])
def test_a_trick_earns_no_more_than_the_same_hand_in_without_it(graded, student):
    course, _ = graded
    baseline, tricked = points(course, "baseline"), points(course, student)
    assert all(tricked[cell] <= baseline[cell] for cell in baseline), (tricked, baseline)


def test_tags_on_the_untouched_notebook_earn_nothing(graded):
    """skip-execution on every test cell of the released notebook: 0 points, as without the tags."""
    course, _ = graded
    assert set(points(course, "tags_untouched").values()) == {0.0}


def test_checks_that_sent_no_result_are_reported(graded):
    """Dropping the hidden tests or forging a result is a problem line for the instructor."""
    _, outcomes = graded
    for student in ("input_transformer", "forged_result"):
        assert outcomes[(student, EX3)].has(Kind.NO_RESULT), outcomes[(student, EX3)].problem_lines()


def test_the_kits_reference_handed_in_as_an_answer_scores_nothing_and_is_flagged(graded):
    course, outcomes = graded
    assert points(course, "reference", EX1)["test_dense"] == 0
    assert points(course, "reference", EX1)["test_dense"] <= points(course, "reference_baseline", EX1)["test_dense"]
    assert outcomes[("reference", EX1)].has(Kind.REFERENCE_USED)


def checks_lines():
    """Every line of every checks part of exercise 3 worth recognising (long, and not also
    a line of code the kernel runs, such as `import numpy as np`)."""
    checks, ran = [], set()
    for cell in instructor_notebook(EX3).cells:
        test = split(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS") if cell.cell_type == "code" else None
        if test:
            checks += [line.strip() for line in test.checks.splitlines() if len(line.strip()) >= 16]
        ran.update(line.strip() for line in (test.kernel_source() if test else cell.source).splitlines())
    return [line for line in checks if line not in ran]


@pytest.mark.parametrize("student", [*TRICKS, "tags"])
def test_no_feedback_page_holds_the_checks_in_any_form(graded, student):
    """Plain, reversed or base64: no line of a checks part is on any page (they never entered the kernel)."""
    course, _ = graded
    page = (course / "feedback" / student / EX3 / f"{EX3}.html").read_text()
    for line in checks_lines():
        for form in (line, line[::-1], base64.b64encode(line.encode()).decode()[:24]):
            assert form not in page, (student, line)


def test_a_page_that_prints_the_input_history_shows_no_checks(tmp_path):
    """print(In) reversed and base64-encoded at the end of the notebook: still no checks on the page."""
    course = make_course(tmp_path, [EX3])
    generate(course, EX3)
    notebook = hand_in("printer")
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import base64\nprint(str(In)[::-1])\nprint(base64.b64encode(str(In).encode()).decode())"))
    submit(course, "printer", EX3, notebook)
    grade_all(Course(course), workers=1)
    page = (course / "feedback" / "printer" / EX3 / f"{EX3}.html").read_text()
    assert "get_gradients" in page  # the history was printed
    history = str(nbformat.read(course / "autograded" / "printer" / EX3 / f"{EX3}.ipynb", as_version=4).cells[-1])
    for line in checks_lines():
        assert line[::-1] not in page and line[::-1] not in history
