"""A throw-away copy of the course for tests that run nbgrader.

Tests never run nbgrader in the repository itself: they copy the course
(source notebooks and nbgrader_config.py) into a temporary folder, whose
config then points nbgrader at that folder and its own SQLite gradebook.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def nbgrader_env():
    """The environment to run nbgrader in: the venv's bin first on PATH (for alembic)."""
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    return env


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
        env=nbgrader_env(),
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
