"""Grading on a Dask cluster (coursekit.cluster): the same results as a local run, and the faults.

The cluster is real: a scheduler and two workers, separate processes on
loopback, each in an empty folder of its own (tests/services.py), with a
PostgreSQL gradebook. The reference is the example class graded locally with
a SQLite gradebook.
"""
import html
import io
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from coursekit import cluster, stamps
from coursekit.course import Course, CourseError
from coursekit.grading import grade_all
from coursekit.handin import import_handins
from coursekit.progress import Progress
from coursekit.report import grade_table
from coursekit.results import Status
from tests.course import REPO, generate, make_course
from tests.services import DaskCluster, postgres_database, use_database

EXAMPLE_CLASS = REPO / "examples" / "class"


def example_course(folder, db_url=None, students=None):
    """A course in `folder` with every exercise released and the example class imported.

    db_url: the gradebook (default: the kit's SQLite file); students: the
    example students to import (default: all).
    """
    root = make_course(folder)
    if db_url:
        use_database(root, db_url)
    course = Course(root)
    for exercise in course.exercises:
        generate(root, exercise)
    handins = sorted(p for p in EXAMPLE_CLASS.glob("*.ipynb") if students is None or p.name.split("_")[0] in students)
    import_handins(course, handins)
    return course


class Quiet(Progress):
    """Progress into a string; on_done(progress) is called after each hand-in."""

    on_done = None
    made = []

    def __init__(self, total):
        super().__init__(total, stream=io.StringIO(), terminal=False)
        Quiet.made.append(self)

    def done(self, line):
        super().done(line)
        if self.on_done:
            self.on_done(self)


def grade(course, **options):
    """grade_all() and the grade table written to grades.csv, as the command does; returns the Outcomes."""
    outcomes = grade_all(course, progress=options.pop("progress", Quiet), **options)
    grade_table(course, outcomes).write_csv(course.root / "grades.csv")
    return outcomes


def without_sandbox_folder(text):
    """`text` with each kernel's private folder (a new random name every time, on any run) written as SANDBOX."""
    return re.sub(r"/\S*/sandbox-\w+/", "SANDBOX/", text)


def page_text(page):
    """The text a feedback page shows, whitespace collapsed, sandbox folders as SANDBOX.

    Two runs of the same notebook can split a cell's printed output into
    stream outputs differently (the kernel flushes stdout on a timer), which
    changes the HTML around the text but not the text.
    """
    text = html.unescape(re.sub(r"<[^>]+>", " ", without_sandbox_folder(page)))
    return " ".join(text.split())


def results(course, outcomes):
    """What a run leaves for people: grades.csv, every feedback page, every outcome with its problem lines."""
    feedback = course.root / "feedback"
    return {
        "grades.csv": (course.root / "grades.csv").read_text(),
        "feedback": {p.relative_to(feedback).as_posix(): page_text(p.read_text())
                     for p in sorted(feedback.rglob("*.html"))},
        "outcomes": [(o.student, o.exercise, o.status, o.score, o.max_score,
                      [without_sandbox_folder(line) for line in o.problem_lines()]) for o in outcomes],
    }


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """The example class graded on this machine, 2 workers, SQLite: (course, results)."""
    course = example_course(tmp_path_factory.mktemp("local"))
    return course, results(course, grade(course, workers=2))


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    running = DaskCluster(tmp_path_factory.mktemp("dask"), workers=2)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def database():
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def on_cluster(tmp_path_factory, dask_cluster, database):
    """The example class graded on the cluster with a PostgreSQL gradebook: (course, results)."""
    course = example_course(tmp_path_factory.mktemp("cluster"), database)
    return course, results(course, grade(course, scheduler=dask_cluster.address))


@pytest.mark.slow
def test_the_cluster_gives_the_same_grades_feedback_and_problems_as_a_local_run(local, on_cluster):
    """grades.csv, every feedback page and every problem line are identical; every hand-in graded."""
    (_, expected), (_, got) = local, on_cluster
    assert got["grades.csv"] == expected["grades.csv"]
    assert sorted(got["feedback"]) == sorted(expected["feedback"])
    assert len(got["feedback"]) == len(list(EXAMPLE_CLASS.glob("*.ipynb")))
    for page, text in expected["feedback"].items():
        assert got["feedback"][page] == text, page
    assert got["outcomes"] == expected["outcomes"]


@pytest.mark.slow
def test_graded_notebooks_and_stamps_come_back(on_cluster, dask_cluster):
    """autograded/ holds each graded notebook with its stamp, so the next run grades nothing again."""
    course, expected = on_cluster
    graded = [(o[0], o[1]) for o in expected["outcomes"] if o[2] is Status.GRADED]
    for student, exercise in graded:
        assert course.notebook("autograded", student, exercise).is_file()
        assert stamps.is_graded(course, student, exercise)
    again = grade_all(course, progress=Quiet, scheduler=dask_cluster.address)
    assert Quiet.made[-1].total == 1  # only erin's broken notebook, which is never stamped
    assert [(o.student, o.exercise, o.score) for o in again] == [o[:2] + o[3:4] for o in expected["outcomes"]]


@pytest.mark.slow
def test_a_worker_killed_while_grading_loses_nothing(tmp_path, on_cluster):
    """One worker is killed mid-run: every hand-in is still graded, once, with the same results."""
    students = ["alice", "bob", "carol", "dave"]
    running = DaskCluster(tmp_path / "dask", workers=2)
    killed = []

    def kill_a_busy_worker(progress):
        if killed:
            return
        with running.client() as client:
            busy = [worker for worker, keys in client.processing().items() if keys]
        assert busy, "no worker was grading"
        running.kill_worker(busy[0])
        killed.append(busy[0])

    class Killing(Quiet):
        on_done = staticmethod(kill_a_busy_worker)

    try:
        with postgres_database() as url:
            course = example_course(tmp_path / "class", url, students)
            outcomes = grade(course, scheduler=running.address, progress=Killing)
            handins = [(o.student, o.exercise) for o in outcomes if o.status is Status.GRADED]
            assert killed
            assert len(handins) == len(set(handins)) == len(list(course.root.glob("submitted/*/*/*.ipynb")))
            expected = [o for o in on_cluster[1]["outcomes"] if o[0] in students]
            assert results(course, outcomes)["outcomes"] == expected
            with course.gradebook() as gradebook:
                for student, exercise in handins:
                    notebook = gradebook.find_submission_notebook(exercise, exercise, student)
                    names = [grade.name for grade in notebook.grades]
                    assert len(names) == len(set(names)), (student, exercise)
    finally:
        running.stop()


@pytest.mark.slow
def test_a_worker_with_another_kit_version_is_refused(on_cluster, dask_cluster, monkeypatch):
    """The message names the worker's version and the command's."""
    course, _ = on_cluster
    monkeypatch.setattr(cluster, "KIT_VERSION", "0.0.0-other")
    with pytest.raises(CourseError) as error:
        grade_all(course, progress=Quiet, scheduler=dask_cluster.address, regrade=True)
    message = str(error.value)
    assert "0.0.0-other" in message and cluster.worker_kit_version() in message
    assert "install the same version" in message


def test_a_sqlite_gradebook_is_refused_with_a_scheduler(tmp_path):
    """SQLite cannot be shared between machines: a clear error before anything is sent."""
    course = Course(make_course(tmp_path, ["ex1_building_blocks"]))
    with pytest.raises(CourseError, match="SQLite.*PostgreSQL"):
        grade_all(course, progress=Quiet, scheduler="tcp://127.0.0.1:9")


@pytest.mark.slow
def test_ctrl_c_stops_a_cluster_run_and_the_next_run_resumes(tmp_path, dask_cluster):
    """Ctrl-C after the first graded hand-in stops the command; the next run grades only the rest."""
    students = ["alice", "bob"]
    with postgres_database() as url:
        course = example_course(tmp_path, url, students)
        command = [sys.executable, "-m", "coursekit", "grade", "--scheduler", dask_cluster.address]
        process = subprocess.Popen(command, cwd=course.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, start_new_session=True)
        for line in process.stdout:
            if "points" in line:  # the first hand-in is graded
                break
        os.killpg(process.pid, signal.SIGINT)
        rest = process.communicate(timeout=120)[0]
        assert process.returncode == 130, rest
        assert "run the same command again" in rest
        with dask_cluster.client() as client:  # the tasks already running finish on their workers
            while any(client.processing().values()):
                time.sleep(0.5)

        result = subprocess.run(command, cwd=course.root, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        total = len(list((course.root / "submitted").glob("*/ex*")))
        graded_before = int(result.stdout.split(" graded before")[0].rsplit("; ", 1)[1])
        assert 1 <= graded_before < total
        assert "Grading %d hand-in(s)" % (total - graded_before) in result.stdout
        rows = (course.root / "grades.csv").read_text().splitlines()
        assert [row.split(",")[0] for row in rows] == ["student", "(maximum)", "alice", "bob"]


def test_a_task_carries_the_config_and_the_exercises_sources_only(tmp_path):
    """What travels: nbgrader_config.py and source/<exercise>/ of the exercises graded; no gradebook, no hand-ins."""
    root = make_course(tmp_path)
    (root / "source" / "ex1_building_blocks" / "data.csv").write_text("1,2\n")
    (root / "source" / "ex1_building_blocks" / ".ipynb_checkpoints").mkdir()
    (root / "source" / "ex1_building_blocks" / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    (root / "gradebook.db").write_text("")
    files = cluster.course_files(Course(root), ["ex1_building_blocks"])
    assert sorted(files) == ["nbgrader_config.py", "source/ex1_building_blocks/data.csv",
                             "source/ex1_building_blocks/ex1_building_blocks.ipynb"]
    assert files["nbgrader_config.py"] == (root / "nbgrader_config.py").read_bytes()


def test_a_task_for_another_kit_version_is_refused_before_it_grades():
    """The task itself checks the version: the error names the worker's and the command's."""
    with pytest.raises(cluster.VersionMismatch) as error:
        cluster.grade_remote("0.0.0-other", {}, "ann", "ex1_building_blocks", {})
    assert f"has the course kit {cluster.KIT_VERSION}, but this command has 0.0.0-other" in str(error.value)


def test_results_come_back_into_autograded_and_feedback(tmp_path):
    """A task's files replace what the course had for that hand-in, in autograded/ and feedback/."""
    course = Course(make_course(tmp_path, ["ex1_building_blocks"]))
    old = course.folder("autograded", "ann", "ex1_building_blocks")
    old.mkdir(parents=True)
    (old / "stale.txt").write_text("from an earlier run")
    cluster.store_results(course, "ann", "ex1_building_blocks", {
        "autograded": {"ex1_building_blocks.ipynb": b"{}", stamps.STAMP: b"{}"},
        "feedback": {"ex1_building_blocks.html": b"<html></html>"},
    })
    assert sorted(p.name for p in old.iterdir()) == sorted([stamps.STAMP, "ex1_building_blocks.ipynb"])
    assert course.feedback_file("ann", "ex1_building_blocks").read_bytes() == b"<html></html>"
