"""nbgrader's exchange on one shared server, with two real Unix users, through the whole loop.

The instructor (this process, root) releases exercise 1 into a real exchange
folder; two students, each a Unix user of their own, fetch it, fill it in
and submit; the instructor collects, grades with `python -m coursekit grade`
(a due date between the two submissions: the second is late and loses 10%)
and releases the feedback; each student fetches their own page, which shows
their points and not the hidden tests.

Creating users needs root: run as another user, the test is skipped and says so.
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from tests.course import BIN, REPO, filled_in_notebook, make_course, nbgrader
from tests.test_grading_example import hidden_lines, page_text

EX1 = "ex1_building_blocks"
COURSE_ID = "sioux-dnn"
STUDENTS = ["ckstudent1", "ckstudent2"]

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("useradd"),
    reason="the exchange test creates two Unix users, which needs root (and useradd): run it as root, "
           "as .ci/run does",
)


def student_python(user):
    """How `user` runs the kit's nbgrader: [command...] and extra environment, or a skip.

    The kit's own Python when other users may run it; else the system's Python of the
    same version with the kit's packages on PYTHONPATH (a venv made from a Python under
    /root cannot be run by other users).
    """
    own = [str(BIN / "python")]
    if subprocess.run(["runuser", "-u", user, "--", *own, "-c", "import nbgrader"],
                      cwd="/", capture_output=True).returncode == 0:
        return own, {}
    system = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    packages = sysconfig.get_paths()["purelib"]
    if Path(system).is_file():
        check = subprocess.run(["runuser", "-u", user, "--", "env", f"PYTHONPATH={packages}", system, "-c",
                                "import nbgrader"], cwd="/", capture_output=True)
        if check.returncode == 0:
            return [system], {"PYTHONPATH": packages}
    pytest.skip(f"the students' user {user} cannot run the kit's Python ({BIN / 'python'}) nor {system}: "
                "install the kit where every user may run it")


def as_student(user, *args, cwd=None):
    """Run `nbgrader *args` as the Unix user `user` in their home folder, with the course's exchange."""
    home = Path("/home") / user
    python, extra = student_python(user)
    result = subprocess.run(
        ["runuser", "-u", user, "--", "env", f"HOME={home}", "PATH=/usr/bin:/bin",
         *(f"{name}={value}" for name, value in extra.items()),
         *python, "-m", "nbgrader", *args, f"--course={COURSE_ID}", f"--Exchange.root={EXCHANGE}"],
        cwd=cwd or home, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"{user}: nbgrader {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


EXCHANGE = None


@pytest.fixture(scope="module")
def users():
    for user in STUDENTS:
        subprocess.run(["userdel", "-r", user], capture_output=True)
        subprocess.run(["useradd", "-m", "-s", "/bin/sh", user], check=True, capture_output=True)
    yield STUDENTS
    for user in STUDENTS:
        subprocess.run(["userdel", "-r", user], capture_output=True)


@pytest.fixture(scope="module")
def loop(users, tmp_path_factory):
    """The whole loop; returns (course folder, grade command output, submission times)."""
    global EXCHANGE
    EXCHANGE = Path(tempfile.mkdtemp(prefix="coursekit-exchange-", dir="/tmp"))
    os.chmod(EXCHANGE, 0o777)  # nbgrader's exchange root: every user may write (as on a shared server)
    try:
        course = make_course(tmp_path_factory.mktemp("exchange"), [EX1])
        with open(course / "nbgrader_config.py", "a") as config:
            config.write(f'\nc.Exchange.root = "{EXCHANGE}"\n'
                         'c.LatePenalty.method = "per_day"\nc.LatePenalty.per_day = 0.1\n')
        nbgrader(course, "generate_assignment", EX1, "--force")
        nbgrader(course, "release_assignment", EX1, "--force")

        times = {}
        for user in users:
            listed = as_student(user, "list")
            assert f"{COURSE_ID} {EX1}" in listed.stdout + listed.stderr
            as_student(user, "fetch_assignment", EX1)
            fetched = Path("/home") / user / EX1 / f"{EX1}.ipynb"
            assert fetched.is_file()
            notebook = filled_in_notebook(EX1)
            nbformat.write(notebook, fetched)
            shutil.chown(fetched, user, user)
            as_student(user, "submit", EX1)
            times[user] = datetime.datetime.now(datetime.timezone.utc)
            time.sleep(2)
        # the due date falls between the two submissions: the second student is late
        due = times[users[0]] + (times[users[1]] - times[users[0]]) / 2
        with open(course / "nbgrader_config.py", "a") as config:
            config.write(f'c.Deadlines.timezone = "UTC"\n'
                         f'c.Deadlines.due_dates = {{"{EX1}": "{due:%Y-%m-%d %H:%M:%S.%f}"}}\n')

        nbgrader(course, "collect", EX1)
        graded = subprocess.run([sys.executable, "-m", "coursekit", "grade", "--course", str(course)],
                                capture_output=True, text=True, cwd=REPO, timeout=900)
        assert graded.returncode == 0, graded.stdout + graded.stderr
        nbgrader(course, "release_feedback", EX1)
        for user in users:
            as_student(user, "fetch_feedback", EX1)
        yield course, graded.stdout
    finally:
        shutil.rmtree(EXCHANGE, ignore_errors=True)


def test_collect_puts_each_hand_in_and_its_timestamp_in_submitted(loop):
    course, _ = loop
    for user in STUDENTS:
        folder = course / "submitted" / user / EX1
        assert (folder / f"{EX1}.ipynb").is_file()
        assert (folder / "timestamp.txt").read_text().strip().endswith("UTC")


def test_the_late_submission_loses_points_and_the_one_on_time_keeps_them(loop):
    course, summary = loop
    with open(course / "grades.csv", newline="") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert rows[STUDENTS[0]][EX1] == "7"
    assert rows[STUDENTS[1]][EX1] == "6.3"
    assert rows[STUDENTS[1]][f"{EX1} penalty"] == "0.7"
    assert f"{STUDENTS[1]} / {EX1}: " in summary.split("Late hand-ins (1):")[1]


def test_each_student_fetches_their_own_feedback_without_the_hidden_tests(loop):
    """The late student's page shows nbgrader's own late-penalty line; no page shows a hidden test."""
    for user, score in zip(STUDENTS, ["7.0", "6.3"]):
        pages = list((Path("/home") / user / EX1 / "feedback").glob(f"*/{EX1}.html"))
        assert len(pages) == 1, pages
        text = page_text(pages[0])
        assert f"(Score: {score} / 7.0)" in text
        assert ("Late submission penalty (Score: -0.7)" in text) == (user == STUDENTS[1])
        leaked = [line for line in hidden_lines(EX1) if line in text]
        assert not leaked, leaked[:3]
