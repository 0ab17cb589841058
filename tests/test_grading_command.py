"""`python -m coursekit grade` refuses clearly when it cannot do its job, and changes nothing then."""
import subprocess
import sys

from tests.course import REPO, make_course

EX3 = "ex3_backpropagation"


def grade(course, *args):
    return subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", *args, "--course", str(course)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )


def test_an_exercise_missing_from_the_gradebook_asks_for_make_release(tmp_path):
    course = make_course(tmp_path, exercises=[EX3])
    handins = tmp_path / "download"
    handins.mkdir()
    handin = handins / f"alice_{EX3}.ipynb"
    handin.write_text((REPO / "release" / EX3 / f"{EX3}.ipynb").read_text())

    result = grade(course, str(handins))

    assert result.returncode == 2
    assert "Imported 1 hand-in(s)" in result.stdout
    assert f"The gradebook does not know {EX3} yet. Run `make release`" in result.stderr
    assert not (course / "autograded").exists() and not (course / "grades.csv").exists()


def test_a_missing_hand_in_folder_is_an_error(tmp_path):
    course = make_course(tmp_path, exercises=[EX3])
    result = grade(course, str(tmp_path / "no-such.zip"))
    assert result.returncode == 2
    assert "no-such.zip: no such file or folder" in result.stderr
    assert not (course / "submitted").exists()


def test_a_folder_that_is_no_course_is_an_error(tmp_path):
    result = grade(tmp_path)
    assert result.returncode == 2
    assert "is not a course folder: it has no nbgrader_config.py" in result.stderr
