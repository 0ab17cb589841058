"""The commands `similarity` and `report` on a course folder whose hand-ins are not graded yet.

Similarity reads submitted/ only (no grading needed) and changes nothing;
the report of an ungraded class says so, hand-in by hand-in, and shows the
look-alike pair.
"""
import shutil

import pytest

from coursekit.__main__ import main
from tests.course import REPO, instructor_notebook, make_course, notebook_with, submit
from tests.test_similarity import EXERCISE, cosmetic_copy, with_odd_helper


@pytest.fixture
def course(tmp_path):
    """A course with the released exercise 3 and seven hand-ins: five the instructor's, one planted copy."""
    course = make_course(tmp_path, [EXERCISE])
    (course / "release" / EXERCISE).mkdir(parents=True)
    shutil.copy(REPO / "release" / EXERCISE / f"{EXERCISE}.ipynb", course / "release" / EXERCISE)
    for number in range(5):
        submit(course, f"plain{number}", EXERCISE, instructor_notebook(EXERCISE))
    original = notebook_with(EXERCISE, with_odd_helper([("relu_backward", "np.where(z > 0, da, 0.0)", "da * (z > 0)")]))
    submit(course, "original", EXERCISE, original)
    submit(course, "zz_copy", EXERCISE, cosmetic_copy(original))
    return course


def files(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_similarity_prints_the_copied_pair_first_and_changes_nothing(course, capsys):
    before = files(course)
    assert main(["similarity", EXERCISE, "--course", str(course)]) == 0
    lines = capsys.readouterr().out.splitlines()
    score, first, second = lines[0].split()
    assert (first, second) == ("original", "zz_copy") and float(score) > 0
    assert not any("plain" in line for line in lines)  # the instructor's answers, five times, are no evidence
    assert files(course) == before


def test_similarity_of_an_unknown_exercise_says_which_there_are(course, capsys):
    assert main(["similarity", "ex9", "--course", str(course)]) == 2
    assert f"ex9 is not an exercise of this course ({EXERCISE})" in capsys.readouterr().err


def test_the_report_of_an_ungraded_class_says_not_graded_and_shows_the_pair(course, capsys):
    assert main(["report", "--course", str(course)]) == 0
    assert "Class report:     class_report.html (per check: class_report.csv)" in capsys.readouterr().out
    page = (course / "class_report.html").read_text(encoding="utf-8")
    assert page.count("has no graded notebook: not graded yet") == 7
    assert "<b>original</b> and <b>zz_copy</b>" in page
    rows = (course / "class_report.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith(f"{EXERCISE},") and rows[1].split(",")[3:6] == ["0", "0", "0"]


def test_without_the_student_version_the_report_says_the_hand_ins_were_not_compared(course):
    shutil.rmtree(course / "release")
    assert main(["report", "--course", str(course)]) == 0
    page = (course / "class_report.html").read_text(encoding="utf-8")
    assert f"Not compared: the student version release/{EXERCISE}/{EXERCISE}.ipynb is missing" in page
