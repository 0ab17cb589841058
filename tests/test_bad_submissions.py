"""Hand-ins that are damaged in the ways students damage them are graded or clearly flagged.

Each hand-in is the instructor's (right) notebook of exercise 1, damaged in
one way, graded by `python -m coursekit grade` in a temporary course. The
right answers must keep their points, and the summary must say what happened.
"""
import copy
import csv
import subprocess
import sys

import pytest

from tests.course import filled_in_notebook, generate, make_course, submit

pytestmark = pytest.mark.slow

EX1 = "ex1_building_blocks"


def right_answers():
    """The student notebook of exercise 1 with every blank filled in correctly."""
    return filled_in_notebook(EX1)


def cell_index(notebook, grade_id):
    return next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def deleted_test_cell():
    notebook = right_answers()
    del notebook.cells[cell_index(notebook, "test_relu")]
    return notebook


def edited_test_cell():
    notebook = right_answers()
    notebook.cells[cell_index(notebook, "test_dense")].source = "print('all good')"
    return notebook


def retyped_test_cell():
    """The test cell deleted and typed in again as a plain cell, without nbgrader's metadata."""
    notebook = right_answers()
    index = cell_index(notebook, "test_sigmoid")
    notebook.cells[index].metadata = {}
    return notebook


def duplicated_test_cell():
    notebook = right_answers()
    index = cell_index(notebook, "test_relu")
    duplicate = copy.deepcopy(notebook.cells[index])
    duplicate.id = "copy-of-test-relu"  # Jupyter gives a pasted cell a new id, but keeps its metadata
    notebook.cells.insert(index + 1, duplicate)
    return notebook


def patches_numpy():
    """Right answers plus a line that would make every comparison pass."""
    notebook = right_answers()
    cell = notebook.cells[cell_index(notebook, "dense")]
    cell.source = "np.isclose = lambda a, b, **kwargs: np.ones(np.shape(a), dtype=bool)\n" + cell.source
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(grade table rows by student, the command's output, the course folder)."""
    course = make_course(tmp_path_factory.mktemp("bad"), [EX1])
    generate(course, EX1)
    for student, notebook in {
        "deleted": deleted_test_cell(),
        "edited": edited_test_cell(),
        "retyped": retyped_test_cell(),
        "duplicated": duplicated_test_cell(),
        "patcher": patches_numpy(),
    }.items():
        submit(course, student, EX1, notebook)
    wrong_name = course / "submitted" / "wrongname" / EX1 / "Untitled.ipynb"
    wrong_name.parent.mkdir(parents=True)
    wrong_name.write_text((course / "release" / EX1 / f"{EX1}.ipynb").read_text())
    result = subprocess.run(
        [sys.executable, "-m", "coursekit", "grade"], cwd=course,
        capture_output=True, text=True, timeout=900, check=True,
    )
    with open(course / "grades.csv", newline="") as f:
        rows = {row[0]: row[1:] for row in csv.reader(f)}
    return rows, result.stdout, course


@pytest.mark.parametrize("student", ["deleted", "edited", "retyped", "duplicated"])
def test_damaged_test_cells_are_restored_and_right_answers_keep_their_points(graded, student):
    """nbgrader puts the instructor's test cells back: 7 of 7, and never more than the maximum."""
    rows, _, _ = graded
    assert rows[student] == ["7", "7"]


def test_the_summary_says_what_the_student_did(graded):
    """Deleted and edited test cells are reported in plain words."""
    _, output, _ = graded
    assert "deleted / ex1_building_blocks: deleted the graded cell(s) test_relu; nbgrader put them back" in output
    assert "edited / ex1_building_blocks: changed the locked cell(s) test_dense; the original was graded" in output
    assert "retyped / ex1_building_blocks: deleted the graded cell(s) test_sigmoid; nbgrader put them back" in output
    assert "duplicated / ex1_building_blocks: copied the cell(s) test_relu; the last copy was graded" in output


def test_a_notebook_with_the_wrong_name_is_reported_not_lost(graded):
    """A hand-in saved as Untitled.ipynb is not graded, is named in the summary, and stays where it was."""
    rows, output, course = graded
    assert ("wrongname / ex1_building_blocks: no ex1_building_blocks.ipynb handed in "
            "(the folder holds Untitled.ipynb), not graded") in output
    assert rows["wrongname"] == ["", "0"]
    assert (course / "submitted" / "wrongname" / EX1 / "Untitled.ipynb").is_file()


def test_code_that_reaches_for_the_checks_is_flagged_for_a_look(graded):
    """A hand-in that replaces np.isclose is named in the summary; it earns what its (right) answers earn."""
    rows, output, _ = graded
    assert "patcher / ex1_building_blocks: has code that may reach into the grader, look at it by hand" in output
    assert "changes np.isclose" in output
    assert rows["patcher"] == ["7", "7"]
