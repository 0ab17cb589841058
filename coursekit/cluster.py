"""Grade on a Dask cluster: one hand-in is one task, and nothing is shared but the gradebook.

The machine that runs `python -m coursekit grade --scheduler tcp://HOST:8786`
sends every task what grading needs and the workers do not have:
- the course's own files: nbgrader_config.py and source/<exercise>/ of the
  exercises graded (nbgrader copies the source's other files into autograded/,
  the static scan compares with the source notebook); the released cells and
  their checksums are in the gradebook;
- the hand-in: the files of submitted/<student>/<exercise>/.

A worker lays these out in an empty temporary course folder, grades the
hand-in there exactly as a local worker does (coursekit.grading.grade_one:
sandbox, checks outside the kernel, static scan, feedback page, resume stamp) against the
shared PostgreSQL gradebook, and sends back the Outcome and the files of
autograded/<student>/<exercise>/ and feedback/<student>/<exercise>/. The
command writes them into its course folder, so autograded/, feedback/,
grades.csv and the summary are the same as after a local run.

Faults: a task whose worker dies is run again by Dask on another worker, and
it writes the same gradebook rows again (nbgrader's autograde replaces a
submission's grades), so no score is counted twice; only the result that
comes back is written. Ctrl-C cancels what has not finished; hand-ins whose
results came back carry their stamp (coursekit.stamps), so the next run
resumes. A worker whose kit version is not the command's is refused.

The workers need the kit and requirements-cluster.txt installed, a route to
the scheduler and to the database, and one thread each (`dask worker
--nthreads 1 --nworkers N`): nbgrader changes the process's working folder
while it converts, so one worker process grades one hand-in at a time.
"""
import shutil
import tempfile
import threading
import uuid
from importlib.metadata import version
from pathlib import Path

from coursekit.course import Course, CourseError
from coursekit.environment import sqlite_path, use_grading_environment
from coursekit.results import Kind, Outcome, Problem, Status

KIT_VERSION = version("siouxdnn-course-kit")
"""The kit's version; a worker must have the same."""

CONNECT_SECONDS = 30
"""How long to wait for the scheduler to answer, and for its first worker."""

COURSE_FILES = ("nbgrader_config.py",)
"""The files of the course folder's top that travel with every task (besides source/<exercise>/)."""

SKIPPED = {".ipynb_checkpoints", "__pycache__"}
"""Folders never sent."""

_ONE_AT_A_TIME = threading.Lock()
"""Grading changes the process's working folder: one hand-in at a time per worker process."""


class VersionMismatch(Exception):
    """A worker has another kit version than the command. args: (worker address, its version, the command's)."""

    def __str__(self):
        worker, theirs, ours = self.args
        return (f"the worker {worker} has the course kit {theirs}, but this command has {ours}: "
                f"install the same version on every worker and start it again")


def require_shared_gradebook(course):
    """Raise CourseError when the course's gradebook cannot be shared between machines (SQLite)."""
    if sqlite_path(course.db_url) is not None:
        raise CourseError(
            "Grading on a cluster needs a gradebook every worker can reach, and this course's "
            f"gradebook is a SQLite file ({course.relative(sqlite_path(course.db_url))}). Set "
            "c.CourseDirectory.db_url to a PostgreSQL database in nbgrader_config.py "
            "(README: 'Grading on a cluster'), run `make release`, and grade again."
        )


def files_under(folder):
    """{relative path (str, '/'-separated): bytes} of every file under `folder`, skipped folders left out."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not SKIPPED & set(path.relative_to(folder).parts)
    }


def course_files(course, exercises):
    """{path relative to the course folder: bytes}: what every task needs of the course."""
    files = {name: (course.root / name).read_bytes() for name in COURSE_FILES}
    for exercise in exercises:
        source = course.folder("source", ".", exercise)
        prefix = source.relative_to(course.root).as_posix()
        files.update({f"{prefix}/{name}": data for name, data in files_under(source).items()})
    return files


def write_files(folder, files):
    """Write {relative path: bytes} under `folder`."""
    for name, data in files.items():
        path = Path(folder, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def worker_address():
    """The address of the Dask worker running this task ('' outside a worker)."""
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:
        return ""


def grade_remote(kit_version, course_files, student, exercise, handin):
    """The task: grade one hand-in in a fresh temporary course folder on this worker.

    course_files: {relative path: bytes} from course_files(); handin: the files
    of submitted/<student>/<exercise>/. Returns (Outcome, {step: {relative
    path: bytes}}) with step 'autograded' and 'feedback'.
    Raises VersionMismatch when this worker's kit is not `kit_version`.
    """
    if kit_version != KIT_VERSION:
        raise VersionMismatch(worker_address(), KIT_VERSION, kit_version)
    from coursekit.grading import grade_one

    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="coursekit-task-") as folder:
        use_grading_environment()
        write_files(folder, course_files)
        course = Course(folder)
        write_files(course.folder("submitted", student, exercise), handin)
        outcome = grade_one(course, student, exercise)
        results = {step: files_under(course.folder(step, student, exercise)) for step in ("autograded", "feedback")}
        return outcome, results


def store_results(course, student, exercise, results):
    """Put a task's files into the course's autograded/ and feedback/, as a local run leaves them.

    The feedback page first and the graded notebook with its stamp last: a
    run stopped in between finds no stamp and grades the hand-in again.
    """
    for step in ("feedback", "autograded"):
        folder = course.folder(step, student, exercise)
        shutil.rmtree(folder, ignore_errors=True)
        write_files(folder, results.get(step, {}))


def failed(student, exercise, error):
    """The Outcome of a hand-in whose task failed on the cluster (not the student's doing)."""
    message = " ".join(f"{type(error).__name__}: {error}".split())
    return Outcome(student, exercise, Status.NBGRADER_FAILED, problems=[Problem(Kind.GRADING_FAILED, detail=message)])


def worker_kit_version():
    """Run on each worker by connect(): its kit version."""
    return KIT_VERSION


class Cluster:
    """A connection to a Dask scheduler, for grading; use it in a `with` block.

    note: called with a line of text for the person (a refused worker).
    """

    def __init__(self, scheduler, note=print):
        try:
            from distributed import Client
        except ImportError as error:
            raise CourseError(
                "Grading on a cluster needs Dask: pip install -r requirements-cluster.txt "
                "(on this machine and on every worker)."
            ) from error
        self.scheduler = scheduler
        self.note = note
        self.refused = {}  # worker address -> its kit version
        try:
            self.client = Client(scheduler, timeout=CONNECT_SECONDS)
        except OSError as error:
            raise CourseError(f"Could not reach the Dask scheduler at {scheduler} ({error}). "
                              "Is `dask scheduler` running there, and is the address right?") from error

    def workers(self):
        """The addresses of the workers the scheduler knows."""
        return sorted(self.client.scheduler_info(n_workers=-1)["workers"])

    def check_workers(self):
        """Wait for a worker, refuse the ones with another kit version; returns how many are usable."""
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError as error:
            raise CourseError(f"The Dask scheduler at {self.scheduler} has no workers. Start some with "
                              f"`dask worker {self.scheduler} --nthreads 1`.") from error
        for worker, theirs in self.client.run(worker_kit_version).items():
            if theirs != KIT_VERSION:
                self.refuse(VersionMismatch(worker, theirs, KIT_VERSION))
        usable = [worker for worker in self.workers() if worker not in self.refused]
        if not usable:
            raise CourseError("No worker has this command's version of the course kit: "
                              + "; ".join(str(VersionMismatch(w, v, KIT_VERSION)) for w, v in self.refused.items()))
        return len(usable)

    def refuse(self, mismatch):
        """Never send this worker a task again, and say why."""
        worker, theirs, _ = mismatch.args
        if worker not in self.refused:
            self.refused[worker] = theirs
            self.note(f"Refused {mismatch}.")

    def submit(self, files, course, student, exercise):
        """Send one hand-in to the cluster; returns its future."""
        from coursekit.cluster import grade_remote  # by name, so workers import it

        handin = files_under(course.folder("submitted", student, exercise))
        usable = [worker for worker in self.workers() if worker not in self.refused] if self.refused else None
        return self.client.submit(grade_remote, KIT_VERSION, files, student, exercise, handin,
                                  key=f"grade-{student}-{exercise}-{uuid.uuid4().hex[:8]}",
                                  pure=False, workers=usable)

    def grade(self, course, handins):
        """Grade the (student, exercise) pairs; yield each Outcome once its files are in the course folder."""
        from distributed import as_completed

        files = course_files(course, sorted({e for _, e in handins}))
        pending = {self.submit(files, course, s, e): (s, e) for s, e in handins}
        try:
            finished = as_completed(list(pending))
            for future in finished:
                student, exercise = pending.pop(future)
                try:
                    outcome, results = future.result()
                except VersionMismatch as mismatch:
                    self.refuse(mismatch)
                    self.check_workers()  # raises CourseError when no worker is left
                    again = self.submit(files, course, student, exercise)
                    pending[again] = (student, exercise)
                    finished.add(again)
                    continue
                except Exception as error:  # a task that failed on the cluster fails that hand-in only
                    outcome, results = failed(student, exercise, error), {}
                if results:
                    store_results(course, student, exercise, results)
                yield outcome
        finally:
            self.client.cancel(list(pending))

    def close(self):
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
