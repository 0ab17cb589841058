"""`python -m coursekit release` and `work` (coursekit/release.py): nobody's work is overwritten.

In a temporary copy of the course (exercise 1 only): the release is
generated quietly, students get working copies in work/ that a new release
never touches, and a release notebook changed since it was generated is not
regenerated.
"""
import subprocess
import sys

import pytest

from tests.course import make_course

pytestmark = pytest.mark.slow

EX1 = "ex1_building_blocks"


def kit(course, *args):
    return subprocess.run([sys.executable, "-m", "coursekit", *args], cwd=course,
                          capture_output=True, text=True, timeout=600)


def test_release_never_overwrites_work_and_refuses_a_changed_notebook(tmp_path):
    course = make_course(tmp_path, [EX1])
    first = kit(course, "release")
    assert first.returncode == 0, first.stderr
    assert "Removing existing assignment" not in first.stdout + first.stderr
    release = course / "release" / EX1 / f"{EX1}.ipynb"
    assert (release.parent / "GENERATED").read_text().startswith(
        __import__("coursekit.release", fromlist=["fingerprint"]).fingerprint(release))

    work = kit(course, "work")
    copy = course / "work" / EX1 / f"{EX1}.ipynb"
    assert work.returncode == 0 and copy.read_bytes() == release.read_bytes()
    copy.write_text(copy.read_text().replace("a = ", "a = np.maximum(z, 0)", 1))
    mine = copy.read_bytes()

    again = kit(course, "release")  # the instructor regenerates: unchanged release, work/ untouched
    assert again.returncode == 0, again.stderr
    assert "Removing existing assignment" not in again.stdout + again.stderr
    assert copy.read_bytes() == mine
    assert kit(course, "work").returncode == 0 and copy.read_bytes() == mine  # never overwritten

    release.write_text(release.read_text().replace("a = ", "a = np.maximum(z, 0)", 1))  # work done in release/
    changed = release.read_bytes()
    refused = kit(course, "release")
    assert refused.returncode == 1
    assert "was changed since it was generated" in refused.stderr and "not regenerated" in refused.stderr
    assert release.read_bytes() == changed


def test_every_committed_release_notebook_is_what_was_generated():
    """release/<exercise>/GENERATED matches the committed notebook, so `make release` on a fresh
    clone regenerates it instead of refusing (regenerate with `make release` after changing source/)."""
    from coursekit.course import Course
    from coursekit.release import changed_since_generated
    from tests.course import REPO

    course = Course(REPO)
    for exercise in course.exercises:
        assert not changed_since_generated(course.release_notebook(exercise)), exercise
