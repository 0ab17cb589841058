"""Grading in parallel, and picking up where an interrupted run stopped.

A small class of exercise 1 (the quickest notebook) in a temporary course:
two right answers, one untouched notebook and one broken file.
"""
import csv
import os
import signal
import subprocess
import sys

import pytest

from tests.course import generate, instructor_notebook, make_course, submit

pytestmark = pytest.mark.slow

EX1 = "ex1_building_blocks"


def make_class(tmp_path):
    """A course with exercise 1 released and four hand-ins; returns its folder."""
    course = make_course(tmp_path, [EX1])
    release = generate(course, EX1)
    submit(course, "ann", EX1, instructor_notebook(EX1))
    submit(course, "ben", EX1, release)
    submit(course, "cas", EX1, instructor_notebook(EX1))
    broken = submit(course, "dan", EX1, release)
    broken.write_text(broken.read_text()[:500])
    return course


def grade(course, *args, **kwargs):
    """Run `python -m coursekit grade` in `course`; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", *args],
        cwd=course, capture_output=True, text=True, timeout=900, check=True, **kwargs,
    )


def table(course):
    with open(course / "grades.csv", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory):
    """The class graded with one worker: the reference result."""
    course = make_class(tmp_path_factory.mktemp("sequential"))
    grade(course, "--workers", "1")
    return course


def test_two_workers_give_the_same_grades_as_one(one_by_one, tmp_path):
    """Grading side by side changes nothing in the grade table."""
    course = make_class(tmp_path)
    result = grade(course, "--workers", "2")
    assert "with 2 worker(s)" in result.stdout
    assert table(course) == table(one_by_one)
    assert table(course)[2:] == [
        ["ann", "7", "7"], ["ben", "0", "0"], ["cas", "7", "7"], ["dan", "", "0"],
    ]


def test_a_second_run_skips_what_was_graded(one_by_one):
    """Unchanged, completely graded hand-ins are not graded again; the table stays the same."""
    before = table(one_by_one)
    result = grade(one_by_one, "--workers", "1")
    assert "Grading 1 hand-in(s)" in result.stdout  # only dan's broken file, which never counts as graded
    assert "3 graded before and unchanged" in result.stdout
    assert table(one_by_one) == before


def test_a_changed_hand_in_and_regrade_are_graded_again(one_by_one):
    """A new file for a hand-in is graded again, and --regrade grades everything."""
    submit(one_by_one, "ben", EX1, instructor_notebook(EX1))
    result = grade(one_by_one, "--workers", "1")
    assert "Grading 2 hand-in(s)" in result.stdout
    assert ["ben", "7", "7"] in table(one_by_one)
    result = grade(one_by_one, "--workers", "1", "--regrade")
    assert "Grading 4 hand-in(s)" in result.stdout


def test_only_the_chosen_students_are_graded(tmp_path):
    """--students grades the matching students only (to share a class between machines).

    The grade table still lists the whole class from the gradebook, so the
    machine that finishes last writes the complete table.
    """
    course = make_class(tmp_path)
    result = grade(course, "--workers", "1", "--students", "[ab]*")
    assert "Grading 2 hand-in(s)" in result.stdout
    assert table(course)[2:] == [["ann", "7", "7"], ["ben", "0", "0"], ["cas", "", "0"], ["dan", "", "0"]]
    assert not (course / "autograded" / "cas").exists()


def test_an_interrupted_run_continues_where_it_stopped(one_by_one, tmp_path):
    """Ctrl-C after the first graded hand-in; the next run grades only the rest, with the same result."""
    course = make_class(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "coursekit", "grade", "--workers", "1"],
        cwd=course, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    for line in process.stdout:
        if "points" in line:  # the first hand-in is graded
            break
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=120)
    assert process.returncode != 0

    result = grade(course, "--workers", "1")
    graded_before = int(result.stdout.split(" graded before")[0].rsplit("; ", 1)[1])
    assert 1 <= graded_before < 4
    assert table(course)[2:] == [
        ["ann", "7", "7"], ["ben", "0", "0"], ["cas", "7", "7"], ["dan", "", "0"],
    ]


def test_a_notebook_that_stops_python_is_reported_and_told(tmp_path):
    """os._exit() in a student cell: the checks before it keep their points, the ones after fail
    with a message that says where the notebook stopped, and a plain problem line."""
    from coursekit.course import Course
    from coursekit.grading import grade_one
    from tests.course import replace_in_cell

    course = make_course(tmp_path, [EX1])
    generate(course, EX1)
    notebook = replace_in_cell(instructor_notebook(EX1), "relu", "def relu", "import os\nos._exit(1)\ndef relu")
    submit(course, "kim", EX1, notebook)
    outcome = grade_one(Course(course), "kim", EX1)
    assert outcome.graded
    assert outcome.score == 2.0  # test_dense ran before relu's cell; relu's and sigmoid's checks did not
    assert [name for name, _ in outcome.failed_checks] == ["test_relu", "test_sigmoid"]
    assert "The notebook stopped in cell" in outcome.failed_checks[0][1]
    assert outcome.problem_lines()[-1] == (
        f"kim / {EX1}: the notebook stopped Python itself in relu (os._exit(), exit() or a crash); "
        "the checks after it failed"
    )
    assert "imports os" in outcome.problems[0].detail  # coursekit.tamper asks for a look, too
    page = (course / "feedback" / "kim" / EX1 / f"{EX1}.html").read_text()
    assert "The notebook stopped in" in page
