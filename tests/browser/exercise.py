"""A student's copy of an exercise notebook, with the blanks filled in correctly.

The student gets the release notebook with blank right-hand sides; a
student who got everything right has what the instructor's notebook has in
each solution cell (tests/course.py: filled_in_notebook). Everything else
(the visible tests, the locked cells) stays exactly as the student received it.
"""
import json
import shutil
from pathlib import Path

import nbformat

from tests.course import filled_in_notebook


def student_copy(repo, exercise, destination):
    """Put a filled-in student copy of `exercise` into the folder `destination`; returns its path.

    Copies the release folder (the notebook and anything shipped beside it)
    and writes the filled-in notebook, without outputs, into it.
    """
    release_dir = Path(repo) / "release" / exercise
    destination = Path(destination)
    shutil.copytree(release_dir, destination, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    notebook = filled_in_notebook(exercise)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    path = destination / f"{exercise}.ipynb"
    nbformat.write(notebook, path)
    return path


def cell_count(path):
    return len(json.loads(Path(path).read_text(encoding="utf-8"))["cells"])
