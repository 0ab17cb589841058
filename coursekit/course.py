"""The course folder: its exercises, its nbgrader folders, and running nbgrader in it.

A course folder holds nbgrader_config.py and source/<exercise>/<exercise>.ipynb
for every exercise (the kit's rule: one notebook per exercise, named like its
folder). nbgrader's own settings decide where everything else is:
submitted/, autograded/, feedback/ and the gradebook (SQLite by default).
"""
import re
import sqlite3
from pathlib import Path

from nbgrader.api import Gradebook
from traitlets.config.loader import PyFileConfigLoader

from coursekit.environment import sqlite_path
from coursekit.timestamps import TolerantCourseDirectory


class CourseError(Exception):
    """The course folder is not usable; the message says why and what to do."""


def exercise_order(name):
    """Sort key that puts ex2_... before ex10_...."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


class Course:
    """One course folder, read through nbgrader's own configuration."""

    def __init__(self, root="."):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise CourseError(
                f"{self.root} is not a course folder: it has no nbgrader_config.py. "
                "Run the command in the kit's folder, or pass --course."
            )
        self.config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        self.coursedir = TolerantCourseDirectory(config=self.config, root=str(self.root))

    def __reduce__(self):
        """Pickle as the folder's path, so a Course can be sent to a worker process."""
        return (Course, (str(self.root),))

    @property
    def course_id(self):
        return self.coursedir.course_id

    @property
    def db_url(self):
        """The gradebook's database URL (nbgrader's setting CourseDirectory.db_url)."""
        return self.coursedir.db_url

    def gradebook(self):
        """nbgrader's Gradebook of the course, to use in a `with` block.

        Opening a gradebook that does not exist yet creates it, and nbgrader
        runs `alembic` as a program for that: the command that calls this
        has set up the grading environment (coursekit.environment).
        """
        return Gradebook(self.db_url, self.course_id)

    @property
    def exercises(self):
        """The exercise names: the folders source/<name>/ that hold <name>.ipynb."""
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", "."))
        if not source.is_dir():
            return []
        names = [d.name for d in source.iterdir() if (d / f"{d.name}.ipynb").is_file()]
        return sorted(names, key=exercise_order)

    def folder(self, step, student, exercise):
        """nbgrader's folder of one step ('submitted', 'autograded', ...) for one hand-in."""
        directory = getattr(self.coursedir, f"{step}_directory")
        return Path(self.coursedir.format_path(directory, student, exercise))

    def notebook(self, step, student, exercise):
        """The notebook of one hand-in in one step, e.g. submitted/<s>/<ex>/<ex>.ipynb."""
        return self.folder(step, student, exercise) / f"{exercise}.ipynb"

    def feedback_file(self, student, exercise):
        """The feedback page of one hand-in: feedback/<s>/<ex>/<ex>.html."""
        return self.folder("feedback", student, exercise) / f"{exercise}.html"

    def release_notebook(self, exercise):
        """The student's version of an exercise: release/<ex>/<ex>.ipynb."""
        return self.notebook("release", ".", exercise)

    def submitted_students(self):
        """The student ids that have a folder in submitted/."""
        submitted = self.root / self.coursedir.submitted_directory
        if not submitted.is_dir():
            return []
        return sorted(d.name for d in submitted.iterdir() if d.is_dir() and not d.name.startswith("."))

    def relative(self, path):
        """`path` relative to the course folder when it is inside it, for messages."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def share_gradebook(self):
        """Let several processes write to a SQLite gradebook at once.

        Switches the database to SQLite's write-ahead log, where readers never
        block a writer. The setting stays with the file. Other databases
        (PostgreSQL) need nothing.
        """
        path = sqlite_path(self.db_url)
        if path is None:
            return
        with self.gradebook():
            pass  # creates the gradebook if it is not there yet
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()

    def api(self):
        """nbgrader's Python API for this course: nbgrader commands run in this process.

        Grading uses it instead of `nbgrader` as a program, which costs about
        2 s per command to start. The command that calls this has set up the
        grading environment (coursekit.environment.use_grading_environment),
        so the kernels nbgrader starts get it.
        """
        from nbgrader.apps import NbGraderAPI

        return NbGraderAPI(coursedir=self.coursedir, config=self.config)


def last_error_line(output):
    """The most telling line of nbgrader's log output: its last ERROR line, or its last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "| ERROR]" in line or line.startswith(("Error", "ERROR"))]
    if errors:
        return errors[-1]
    return lines[-1] if lines else "no output"
