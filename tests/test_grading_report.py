"""The pieces of grading that need no kernel: reading a hand-in, the grade table, the summary lines."""
import csv
import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from coursekit.precheck import unreadable
from coursekit.report import MAXIMUM_ROW, GradeTable
from coursekit.results import Kind, Outcome, Problem, Status, points, read_checks

EX = "ex3_backpropagation"


def handin(tmp_path, text=None):
    """Write a hand-in file with `text` (nothing when None); returns its path."""
    folder = tmp_path / "submitted" / "bob" / EX
    folder.mkdir(parents=True)
    path = folder / f"{EX}.ipynb"
    if text is not None:
        path.write_text(text)
    return path


def test_a_notebook_is_readable(tmp_path):
    assert unreadable(handin(tmp_path, nbformat.writes(new_notebook(cells=[new_code_cell("1")])))) is None


def detail(problem):
    """What a person reads of an unreadable() Problem."""
    return problem.detail


def test_a_cut_off_file_is_not_valid_json(tmp_path):
    text = nbformat.writes(new_notebook(cells=[new_code_cell("x = 1")]))
    reason = detail(unreadable(handin(tmp_path, text[: len(text) // 2])))
    assert reason.startswith("notebook is not valid JSON (line ")


def test_other_unreadable_files_say_what_is_wrong(tmp_path):
    assert detail(unreadable(handin(tmp_path / "a", ""))) == "the notebook file is empty"
    assert detail(unreadable(handin(tmp_path / "b", json.dumps({"cells": 3})))) == (
        "the file is JSON but not a Jupyter notebook"
    )
    missing = handin(tmp_path / "c")
    (missing.parent / "Untitled.ipynb").write_text("{}")
    assert unreadable(missing).kind is Kind.NO_NOTEBOOK
    assert detail(unreadable(missing)) == f"no {EX}.ipynb handed in (the folder holds Untitled.ipynb)"
    (tmp_path / "d" / "weird").mkdir(parents=True)
    (tmp_path / "d" / "weird" / f"{EX}.ipynb").write_bytes(b"\xff\xfe\x00binary")
    assert detail(unreadable(tmp_path / "d" / "weird" / f"{EX}.ipynb")) == "the file is not a notebook (not text)"


def test_outcome_lines():
    graded = Outcome("carol", EX, Status.GRADED, score=9.0, max_score=16.0, checks=7,
                     failed_checks=[("test_train", "AssertionError: ...")] * 3,
                     problems=[Problem(Kind.CHANGED_LOCKED_CELLS, ("test_x",))])
    assert graded.status_line() == f"carol / {EX}: 9 of 16 points, 3 of 7 checks failed"
    assert graded.problem_lines() == [f"carol / {EX}: changed the locked cell(s) test_x; the original was graded"]
    broken = Outcome("erin", EX, Status.UNREADABLE,
                     problems=[Problem(Kind.UNREADABLE, detail="notebook is not valid JSON (line 3, column 1: x)")])
    assert broken.status_line() == f"erin / {EX}: notebook is not valid JSON (line 3, column 1: x), not graded"


def test_points_are_written_without_needless_decimals():
    assert [points(16.0), points(7.5), points(1 / 3), points(None)] == ["16", "7.5", "0.33", ""]


def table():
    return GradeTable(
        exercises=["ex1", "ex2"],
        maxima={"ex1": 7.0, "ex2": 9.0},
        scores={"bob": {"ex1": 4.0, "ex2": None}, "alice": {"ex1": 7.0, "ex2": 9.0}},
    )


def test_the_grade_table_has_the_maxima_first_and_one_row_per_student(tmp_path):
    path = tmp_path / "grades.csv"
    table().write_csv(path)
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["student", "ex1", "ex2", "total"],
        [MAXIMUM_ROW, "7", "9", "16"],
        ["alice", "7", "9", "16"],
        ["bob", "4", "", "4"],
    ]


def test_the_printed_table_is_aligned_and_shows_missing_grades_as_dashes():
    assert table().lines() == [
        "student    ex1  ex2  total",
        "(maximum)    7    9     16",
        "alice        7    9     16",
        "bob          4    -      4",
    ]


def check_cell(grade_id, *outputs, points=2):
    cell = new_code_cell("check()", outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id, "points": points}
    return cell


def test_read_checks_lists_failed_checks_with_their_messages():
    notebook = new_notebook(cells=[
        check_cell("test_ok", new_output("stream", name="stdout", text="fine\n")),
        check_cell("test_wrong", new_output("error", ename="AssertionError", evalue="dz is wrong\n in 2 places",
                                            traceback=[])),
        check_cell("test_warns", new_output("stream", name="stderr", text="RuntimeWarning: overflow\n")),
        new_code_cell("train()", outputs=[new_output("error", ename="CellTimeoutError", evalue="", traceback=[])]),
    ])
    outcome = Outcome("bob", EX)
    read_checks(notebook, outcome)
    assert outcome.checks == 3
    assert outcome.failed_checks == [
        ("test_wrong", "AssertionError: dz is wrong in 2 places"),
        ("test_warns", "wrote to stderr: RuntimeWarning: overflow"),
    ]
    assert outcome.problems == [Problem(Kind.TIMEOUT, ("cell 4",))]
    assert outcome.problem_lines() == [f"bob / {EX}: cell 4 ran too long and was stopped"]


def test_read_checks_reports_checks_that_sent_no_result():
    """A test cell that JudgeHiddenTests failed for want of a trustworthy result is a problem line."""
    no_result = new_output("error", ename="GradingError", evalue="The grader got no result", traceback=[])
    outcome = Outcome("mallory", EX)
    read_checks(new_notebook(cells=[check_cell("test_a", no_result)]), outcome)
    assert outcome.failed_checks == [("test_a", "GradingError: The grader got no result")]
    assert outcome.problems == [Problem(Kind.NO_RESULT, ("test_a",))]
