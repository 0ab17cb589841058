"""The student's self-check, `python -m coursekit check NOTEBOOK`, tells the truth.

It runs the notebook in a fresh kernel and exits non-zero when a check
fails (unlike `nbgrader validate`, which exits 0 then: nbgrader #1908).
The hand-ins of the example class serve as students' notebooks.
"""
import shutil
import subprocess
import sys

import pytest

from coursekit.selfcheck import Check, has_code, report_lines
from tests.course import REPO

EXAMPLES = REPO / "examples" / "class"


def check(notebook, tmp_path):
    """Run the self-check on a copy of `notebook` in tmp_path, as a student would."""
    copy = tmp_path / notebook.name
    shutil.copy(notebook, copy)
    return subprocess.run(
        [sys.executable, "-m", "coursekit", "check", copy.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.slow
def test_a_complete_notebook_passes(tmp_path):
    result = check(EXAMPLES / "alice_ex1_building_blocks.ipynb", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed  test_dense (2 points)" in result.stdout
    assert "All 3 checks passed." in result.stdout
    assert "hidden tests" in result.stdout


@pytest.mark.slow
def test_a_failed_check_is_listed_with_its_message_and_fails_the_command(tmp_path):
    result = check(EXAMPLES / "bob_ex1_building_blocks.ipynb", tmp_path)
    assert result.returncode == 1
    assert "passed  test_dense" in result.stdout and "passed  test_relu" in result.stdout
    assert "FAILED  test_sigmoid (3 points): NameError: name 'sigmoid' is not defined" in result.stdout
    assert "sigmoid: SyntaxError: invalid syntax (line" in result.stdout  # the cause, in bob's own cell
    assert "1 of 3 checks FAILED." in result.stdout


@pytest.mark.slow
def test_a_check_that_writes_to_stderr_fails_as_in_the_autograder(tmp_path):
    # carol's textbook sigmoid overflows for large |z|: NumPy warns on stderr,
    # and nbgrader gives a check cell that writes to stderr 0 points.
    result = check(EXAMPLES / "carol_ex1_building_blocks.ipynb", tmp_path)
    assert result.returncode == 1
    assert "FAILED  test_sigmoid (3 points): wrote to stderr:" in result.stdout
    assert "overflow" in result.stdout


@pytest.mark.slow
def test_checks_without_visible_code_are_not_called_passed(tmp_path):
    result = check(EXAMPLES / "dave_ex3_backpropagation.ipynb", tmp_path)
    assert result.returncode == 1
    assert "hidden  test_get_gradients (3 points): checked by the autograder only" in result.stdout
    assert "5 of 5 checks FAILED." in result.stdout


def test_a_broken_or_missing_file_is_an_error(tmp_path):
    broken = check(EXAMPLES / "erin_ex4_training.ipynb", tmp_path)
    assert broken.returncode == 2
    assert "is not a readable notebook" in broken.stderr
    missing = subprocess.run([sys.executable, "-m", "coursekit", "check", "nothing.ipynb"],
                             cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_has_code_ignores_comments_and_blank_lines():
    assert not has_code("# The autograder checks get_gradients here.\n\n   # more\n")
    assert has_code("# a comment\nprint(x)")


def test_report_says_when_everything_passed_and_when_not():
    passed = [Check("test_a", 2, "passed"), Check("test_b", 3, "hidden", "checked by the autograder only")]
    lines, ok = report_lines(passed, [])
    assert ok and "All 1 checks passed." in lines
    lines, ok = report_lines(passed, ["training_run: NameError: name 'Model' is not defined"])
    assert not ok and "All 1 checks passed, but 1 other cell(s) raised an error." in lines
    failed = passed + [Check("test_c", 1, "FAILED", "AssertionError: wrong")]
    lines, ok = report_lines(failed, [])
    assert not ok and "1 of 2 checks FAILED." in lines
    assert "  FAILED  test_c (1 point): AssertionError: wrong" in lines
