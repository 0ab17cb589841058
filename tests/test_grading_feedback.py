"""Feedback hides the hidden tests but keeps their messages (coursekit.preprocessors.hide_hidden_tests).

The whole pipeline, with nbgrader's own generate_feedback, is tested on the
example class in test_grading_example.py; these tests look at the
preprocessor on its own.
"""
import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from coursekit.course import Course
from coursekit.preprocessors.hide_hidden_tests import HIDDEN_TESTS_NOTE, HideHiddenTests
from tests.course import REPO, instructor_notebook

TEST_CELL = """\
dz = relu_backward(z, da)
print(dz)
### BEGIN HIDDEN TESTS
dz_new = relu_backward(np.array([[1.0, -1.0]]), np.array([[2.0, 3.0]]))
### CHECKS
from coursekit.checks import check_array, quiet
with quiet():
    check_array("dz", dz, [[0.0, 1.0]], hint="secret hint")
### END HIDDEN TESTS"""

TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mAssertionError\x1b[0m   Traceback (most recent call last)",
    '\x1b[0;32m----> 6\x1b[0m     check_array("dz", dz, [[0.0, 1.0]], hint="secret hint")',
    "\x1b[0;31mAssertionError\x1b[0m: dz is wrong in 1 of 2 places.",
]


def graded_cell(source, outputs=()):
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "test", "points": 2}
    return cell


def hide(*cells):
    notebook = new_notebook(cells=list(cells))
    notebook, _ = HideHiddenTests().preprocess(notebook, {})
    return notebook.cells


def test_the_hidden_region_becomes_one_note():
    (cell,) = hide(graded_cell(TEST_CELL))
    assert cell.source == "dz = relu_backward(z, da)\nprint(dz)\n" + HIDDEN_TESTS_NOTE
    assert "check_array" not in cell.source and "secret hint" not in cell.source and "dz_new" not in cell.source


def test_an_error_keeps_its_message_and_loses_the_traceback():
    error = new_output("error", ename="AssertionError", evalue="dz is wrong in 1 of 2 places.",
                       traceback=TRACEBACK)
    printed = new_output("stream", name="stdout", text="[[0. 0.]]\n")
    (cell,) = hide(graded_cell(TEST_CELL, [printed, error]))
    assert cell.outputs[0] == printed
    assert cell.outputs[1].traceback == ["\x1b[0;31mAssertionError\x1b[0m: dz is wrong in 1 of 2 places."]
    assert cell.outputs[1].ename == "AssertionError"


def test_a_long_message_is_wrapped():
    message = "relu_backward changed da in place. " * 6
    error = new_output("error", ename="AssertionError", evalue=message, traceback=TRACEBACK)
    (cell,) = hide(graded_cell(TEST_CELL, [error]))
    lines = cell.outputs[0].traceback
    assert len(lines) == 3 and all(len(line) <= 100 + len("\x1b[0;31m\x1b[0m") for line in lines)
    assert " ".join(line.strip() for line in lines).endswith(message.strip())


def test_a_student_cell_with_the_marker_text_is_left_alone():
    """Only the instructor's test cells are changed: a student cell that mentions the markers
    (even without an end marker) neither breaks the page nor loses its text."""
    student = new_code_cell("# ### BEGIN HIDDEN TESTS\nx = 1")
    (cell,) = hide(student)
    assert cell.source == "# ### BEGIN HIDDEN TESTS\nx = 1"


def test_cells_without_hidden_tests_are_left_alone():
    error = new_output("error", ename="NameError", evalue="name 'x' is not defined", traceback=TRACEBACK)
    cell = graded_cell("print(x)", [error])
    (after,) = hide(cell)
    assert after.source == "print(x)" and after.outputs[0].traceback == TRACEBACK


def test_every_test_cell_of_the_course_loses_its_hidden_tests():
    for exercise in Course(REPO).exercises:
        notebook = instructor_notebook(exercise)
        notebook, _ = HideHiddenTests().preprocess(notebook, {})
        text = nbformat.writes(notebook)
        assert "HIDDEN TESTS" not in text and "coursekit.checks" not in text, exercise


def test_a_student_cell_with_the_marker_text_does_not_stop_the_page():
    """A begin marker without its end (a student typed it) hides the rest of that cell, never raises."""
    source = "x = 1\n# ### BEGIN HIDDEN TESTS\nsecret = 2"
    assert HideHiddenTests().without_hidden_tests(source) == "x = 1\n" + HIDDEN_TESTS_NOTE
