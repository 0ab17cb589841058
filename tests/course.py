"""A throw-away copy of the course for tests that run nbgrader.

Tests never run nbgrader in the repository itself: they copy the course
(source notebooks and nbgrader_config.py) into a temporary folder, whose
config then points nbgrader at that folder and its own SQLite gradebook.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.environment import grading_environment, python_bin

REPO = Path(__file__).resolve().parent.parent
BIN = Path(python_bin())


def make_course(tmp_path, exercises=None):
    """Copy the course into tmp_path/course and return that folder.

    exercises: names of the source folders to copy (all when None).
    """
    course = Path(tmp_path) / "course"
    (course / "source").mkdir(parents=True)
    for folder in sorted((REPO / "source").iterdir()):
        if folder.is_dir() and (exercises is None or folder.name in exercises):
            shutil.copytree(folder, course / "source" / folder.name)
    shutil.copy(REPO / "nbgrader_config.py", course)
    return course


def nbgrader(course, *args, check=True):
    """Run `nbgrader *args` in `course`; returns the CompletedProcess."""
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=course,
        env=grading_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"nbgrader {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


def generate(course, exercise):
    """Generate the student version of `exercise`; returns its notebook path."""
    nbgrader(course, "generate_assignment", exercise, "--force")
    return course / "release" / exercise / f"{exercise}.ipynb"


def instructor_notebook(exercise):
    """The instructor's notebook of `exercise`, read from the repository."""
    return nbformat.read(REPO / "source" / exercise / f"{exercise}.ipynb", as_version=4)


def submit(course, student, exercise, notebook):
    """Hand in `notebook` (a NotebookNode, or a path to copy) for `student`."""
    folder = course / "submitted" / student / exercise
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{exercise}.ipynb"
    if isinstance(notebook, (str, Path)):
        shutil.copy(notebook, target)
    else:
        nbformat.write(notebook, target)
    return target


def autograde(course, student, exercise):
    """Autograde one submission; returns {grade_id: (score, max_score)}."""
    nbgrader(course, "autograde", exercise, "--student", student, "--force")
    return scores(course, student, exercise)


def scores(course, student, exercise):
    """The gradebook's scores of one submission: {grade_id: (score, max_score)}."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(exercise, exercise, student)
        return {grade.name: (grade.score, grade.max_score) for grade in submission.grades}


def replace_in_cell(notebook, grade_id, old, new):
    """Replace `old` by `new` in the cell `grade_id` of `notebook` (in place).

    Used to make a wrong submission from the instructor's solution.
    """
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            if old not in cell.source:
                raise ValueError(f"{old!r} is not in cell {grade_id}")
            cell.source = cell.source.replace(old, new)
            return notebook
    raise ValueError(f"no cell {grade_id}")


def notebook_with(exercise, changes):
    """The instructor's notebook of `exercise` with each (grade_id, old, new) replaced: a made-up hand-in."""
    notebook = instructor_notebook(exercise)
    for grade_id, old, new in changes:
        replace_in_cell(notebook, grade_id, old, new)
    return notebook


def error_messages(course, student, exercise):
    """{grade_id: the errors and stderr that the autograded notebook shows in that cell}."""
    notebook = nbformat.read(course / "autograded" / student / exercise / f"{exercise}.ipynb", as_version=4)
    messages = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        errors = [f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"]
        stderr = [o.text for o in cell.get("outputs", []) if o.get("name") == "stderr"]
        if grade_id and (errors or stderr):
            messages[grade_id] = "\n".join(stderr + errors)
    return messages


def autograde_class(folder, exercise, submissions):
    """Release `exercise` in a new course in `folder`, hand in {student: notebook} and autograde all.

    Besides the given submissions, "instructor" hands in the instructor's
    notebook and "untouched" the release notebook. One `nbgrader autograde`
    run grades them all. Returns {student: ({grade_id: (score, max)}, error_messages)}.
    """
    course = make_course(folder, [exercise])
    release = generate(course, exercise)
    everyone = {"instructor": instructor_notebook(exercise), "untouched": release, **submissions}
    for student, notebook in everyone.items():
        submit(course, student, exercise, notebook)
    nbgrader(course, "autograde", exercise, "--force")
    return {
        student: (scores(course, student, exercise), error_messages(course, student, exercise))
        for student in everyone
    }


def filled_in_notebook(exercise):
    """The student notebook of `exercise` with every blank filled in correctly, as a student hands it in.

    Each solution cell of the release notebook is replaced by the instructor's
    cell with the same grade_id: outside the implementation regions the two
    are the same (tests/test_release.py proves it), inside is the answer.
    """
    release = nbformat.read(REPO / "release" / exercise / f"{exercise}.ipynb", as_version=4)
    answers = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in instructor_notebook(exercise).cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in release.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
    return release


class Mistake:
    """A typical mistake: the changes that make it, the checks that must score 0, a phrase of the message.

    losing: a grade id or a set of them; phrase: text the first losing cell's
    message must contain ("" when the message is the student's own error).
    """

    def __init__(self, changes, losing, phrase=""):
        self.changes = changes
        self.losing = {losing} if isinstance(losing, str) else set(losing)
        self.phrase = phrase
        self.first = losing if isinstance(losing, str) else sorted(losing)[0]


def students_from(table):
    """Parametrize a test of ExerciseGrading with `student` over the class's table `table`
    (tests/conftest.py reads this mark)."""
    def mark(function):
        function.students_from = table
        return function
    return mark


class ExerciseGrading:
    """The grading tests every exercise has; a module subclasses it as `TestGrading` beside its tables
    (the module's EXERCISE, FULL, RIGHT_IN_ANOTHER_STYLE, MISTAKES and TAMPERING are taken as they are).

    EXERCISE: the exercise; FULL: {grade_id: points};
    RIGHT_IN_ANOTHER_STYLE: {student: [(grade_id, old, new)]} that must keep full marks;
    MISTAKES: {student: Mistake};
    DEPENDENT: checks whose score may follow from a mistake elsewhere (a final metric).
    All hand-ins are made from the instructor's notebook and graded in one nbgrader run.
    """

    EXERCISE = None
    FULL = {}
    RIGHT_IN_ANOTHER_STYLE = {}
    MISTAKES = {}
    DEPENDENT = set()
    TAMPERING = {}
    """{student: (wrong answer changes, trick changes)}: each must earn no more than the
    same wrong answer without the trick."""

    TABLES = ("EXERCISE", "FULL", "RIGHT_IN_ANOTHER_STYLE", "MISTAKES", "TAMPERING")

    def __init_subclass__(cls, **kwargs):
        """Take the tables the subclass does not set itself from its module, where they are the spec."""
        super().__init_subclass__(**kwargs)
        module = sys.modules[cls.__module__]
        for name in cls.TABLES:
            if name not in cls.__dict__ and hasattr(module, name):
                setattr(cls, name, getattr(module, name))

    @pytest.fixture(scope="class")
    @classmethod
    def graded(cls, tmp_path_factory):
        """Every hand-in autograded once: {student: ({grade_id: (score, max)}, error messages)}."""
        submissions = cls.submissions()
        return autograde_class(tmp_path_factory.mktemp(cls.EXERCISE), cls.EXERCISE, submissions)

    @classmethod
    def submissions(cls):
        """{student: notebook} of every table; subclasses add their own."""
        submissions = {s: notebook_with(cls.EXERCISE, c) for s, c in cls.RIGHT_IN_ANOTHER_STYLE.items()}
        submissions.update({s: notebook_with(cls.EXERCISE, m.changes) for s, m in cls.MISTAKES.items()})
        for student, (wrong, trick) in cls.TAMPERING.items():
            submissions[student] = notebook_with(cls.EXERCISE, wrong + trick)
            submissions[student + "_without_trick"] = notebook_with(cls.EXERCISE, wrong)
        return submissions

    @staticmethod
    def points(result):
        return {grade_id: score for grade_id, (score, _) in result[0].items()}

    def test_instructor_solution_gets_full_marks(self, graded):
        """The instructor's notebook, handed in as is, earns every point, without any error output."""
        assert self.points(graded["instructor"]) == self.FULL
        assert {g: m for g, (_, m) in graded["instructor"][0].items()} == self.FULL
        assert graded["instructor"][1] == {}

    def test_untouched_student_notebook_scores_zero(self, graded):
        """The release notebook, handed in without any work, scores 0 and is graded without crashing."""
        assert self.points(graded["untouched"]) == {grade_id: 0.0 for grade_id in self.FULL}

    @students_from("RIGHT_IN_ANOTHER_STYLE")
    def test_right_answers_in_another_style_keep_full_marks(self, graded, student):
        """A right answer written another way keeps every point."""
        assert self.points(graded[student]) == self.FULL, graded[student][1]

    @students_from("MISTAKES")
    def test_mistake_loses_points_in_its_own_cell(self, graded, student):
        """The cells the mistake belongs to score 0 and say why; the others keep their points."""
        mistake = self.MISTAKES[student]
        result = self.points(graded[student])
        for grade_id in mistake.losing:
            assert result[grade_id] == 0.0, grade_id
        for grade_id in set(self.FULL) - mistake.losing - self.DEPENDENT:
            assert result[grade_id] == self.FULL[grade_id], grade_id
        assert mistake.phrase in graded[student][1][mistake.first]

    @students_from("TAMPERING")
    def test_switching_the_checks_off_earns_nothing(self, graded, student):
        """A trick (replacing the checks, NumPy's comparisons, every later cell) earns no more
        than the same wrong answer without it."""
        tricked, honest = self.points(graded[student]), self.points(graded[student + "_without_trick"])
        assert all(tricked[cell] <= honest[cell] for cell in self.FULL), (tricked, honest)
        assert sum(honest.values()) < sum(self.FULL.values())
