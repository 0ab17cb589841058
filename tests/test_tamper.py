"""Hand-ins that reach for the grader's machinery are found before they run (coursekit.tamper)."""
import nbformat
import pytest

from coursekit.results import Kind
from coursekit.tamper import describe, scan, suspicious_code
from tests import test_ex1_building_blocks as ex1
from tests import test_ex2_forward_pass as ex2
from tests import test_ex3_grading as ex3
from tests.course import REPO, instructor_notebook, notebook_with

EX3 = "ex3_backpropagation"

TAMPERING = [
    "import coursekit.checks\ncoursekit.checks.check_array = lambda *a, **k: None",
    "np.testing.assert_allclose = lambda *a, **k: None",
    "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)",
    "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
    "get_ipython().events.register('pre_run_cell', lambda info: None)",
    "%config IPCompleter.greedy = True",
    "import importlib\nchecks = importlib.import_module('coursekit.checks')",
    "vars(np)['isclose'] = None",
    "np.__dict__['isclose'] = None",
    "alias = np\nalias.isclose = None",
    "def patch(m):\n    m.isclose = None\npatch(np)",
    "class Yes(np.ndarray):\n    def __array_ufunc__(self, *args, **kwargs):\n        return True",
    "print(open('/etc/passwd').read())",
    # roads to the kernel, the later cells and Python's internals through objects a notebook has
    "hook = np.ctypeslib.ctypes.pythonapi",
    "shell = np.core.multiarray.sys.modules['IPython'].get_ipython()",
    "source = In[-1]",
    "frame = relu.__globals__",
    "np.random.sys.displayhook(0.0)",
    "import siouxdnn\ndef caller(): return siouxdnn.layers.sys._getframe(1).f_back.f_locals",
]

# A graded function handed in as the kit's own reference (siouxdnn), in exercise 1.
REFERENCE_USES = [
    ("dense", "z = a_prev @ w + b", "z = siouxdnn.dense(a_prev, w, b)", "import siouxdnn\n"),
    ("relu", "a = np.maximum(z, 0.0)", "a = ref(z)", "from siouxdnn import relu as ref\n"),
    ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "a = L.sigmoid(z)",
     "import siouxdnn.layers as L\n"),
]


def with_cell(code):
    notebook = instructor_notebook(EX3)
    notebook.cells.insert(2, nbformat.v4.new_code_cell(code))
    return notebook


@pytest.mark.parametrize("code", TAMPERING)
def test_tampering_is_found(code):
    """Each way of switching the checks off is named, with its cell and line."""
    findings = suspicious_code(with_cell(code), instructor_notebook(EX3))
    assert findings and findings[0][0] == 2


@pytest.mark.parametrize("cell, old, new, header", REFERENCE_USES)
def test_using_the_kits_reference_of_an_asked_function_is_flagged(cell, old, new, header):
    """In exercise 1, dense, relu and sigmoid taken from siouxdnn are named (the kit ships its answers)."""
    notebook = notebook_with("ex1_building_blocks", [(cell, old, new), (cell, "def ", header + "def ")])
    problems = scan(notebook, instructor_notebook("ex1_building_blocks"))
    assert [p.kind for p in problems if p.kind is Kind.REFERENCE_USED] == [Kind.REFERENCE_USED]
    assert "uses siouxdnn's" in problems[-1].text()


def test_exercise_3_may_import_the_references_of_earlier_exercises():
    """Exercise 3 imports dense, relu and sigmoid from siouxdnn by design: not flagged."""
    assert scan(instructor_notebook(EX3), instructor_notebook(EX3)) == []
    notebook = notebook_with(EX3, [("sigmoid_backward", "a = sigmoid(z)", "a = siouxdnn.sigmoid(z)"),
                                   ("sigmoid_backward", "def ", "import siouxdnn\ndef ")])
    assert [p.kind for p in scan(notebook, instructor_notebook(EX3))] == []


def honest_hand_ins():
    for module in (ex1, ex2, ex3):
        mistakes = [mistake.changes for mistake in module.MISTAKES.values()]
        for changes in [*module.RIGHT_IN_ANOTHER_STYLE.values(), *mistakes]:
            yield module.EXERCISE, changes


@pytest.mark.parametrize("exercise, changes", list(honest_hand_ins()))
def test_honest_answers_right_or_wrong_are_not_flagged(exercise, changes):
    """Right answers in other styles and typical mistakes, in all exercises: no false alarm."""
    assert scan(notebook_with(exercise, changes), instructor_notebook(exercise)) == []


@pytest.mark.parametrize("exercise", ["ex1_building_blocks", "ex2_forward_pass", EX3])
def test_untouched_student_notebook_is_not_flagged(exercise):
    release = nbformat.read(REPO / "release" / exercise / f"{exercise}.ipynb", as_version=4)
    assert suspicious_code(release, instructor_notebook(exercise)) == []


def test_a_student_cell_marked_locked_is_still_read():
    """Student code is any cell that is not the instructor's, whatever its metadata says."""
    notebook = with_cell("np.isclose = None")
    notebook.cells[2].metadata["nbgrader"] = {"locked": True, "grade_id": "imports", "grade": False, "solution": False}
    assert suspicious_code(notebook, instructor_notebook(EX3))


def test_the_findings_are_described_in_a_few_plain_words():
    """At most three findings are spelled out, the rest counted."""
    findings = [(2, 1, "uses get_ipython")] * 5
    assert describe(findings) == (
        "cell 3 line 1: uses get_ipython; cell 3 line 1: uses get_ipython; "
        "cell 3 line 1: uses get_ipython and 2 more"
    )


def test_scan_gives_one_problem_for_the_summary():
    """A hand-in with findings gets one SUSPICIOUS_CODE problem; a clean one none."""
    (problem,) = scan(with_cell("np.isclose = None"), instructor_notebook(EX3))
    assert problem.kind is Kind.SUSPICIOUS_CODE
    assert problem.text().startswith("has code that may reach into the grader, look at it by hand (cell ")
    assert scan(instructor_notebook(EX3), instructor_notebook(EX3)) == []
