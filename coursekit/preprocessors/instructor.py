"""The instructor's notebook of the hand-in being graded: source/<assignment>/<notebook>.ipynb."""
from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory


def instructor_notebook(config, resources):
    """Read the instructor's notebook of the notebook nbgrader is processing.

    config: the step's traitlets config (it holds the course's CourseDirectory);
    resources: nbgrader's resources, whose "nbgrader" entry names the
    assignment and the notebook.
    """
    names = resources["nbgrader"]
    coursedir = CourseDirectory(config=config)
    folder = coursedir.format_path(coursedir.source_directory, ".", names["assignment"])
    path = Path(folder) / f"{names['notebook']}.ipynb"
    if not path.is_file():
        raise FileNotFoundError(f"The instructor's notebook {path} is needed to grade; it is missing.")
    return nbformat.read(path, as_version=4)
