"""What is checked on a hand-in before it runs: is it a notebook, and which given cells did the student touch.

Both read the hand-in only; they return Problems (coursekit.results), never raise.
"""
import json

import nbformat
from nbgrader import utils
from traitlets import Integer
from traitlets.config import Configurable

from coursekit.results import Kind, Problem


class HandinLimits(Configurable):
    """What a hand-in file may be, checked before it is read (nbgrader_config.py: c.HandinLimits...)."""

    max_bytes = Integer(
        10 * 1024**2,
        help="Largest hand-in file graded, in bytes (0: no limit). A larger one is not graded: "
             "reading it would cost the grader much time and memory. The course's notebooks "
             "with all their plots are well under 1 MB.",
    ).tag(config=True)


def unreadable(path, max_bytes=0):
    """None if `path` is a notebook nbgrader can read, else the Problem that says what is wrong.

    max_bytes: the largest file read (HandinLimits.max_bytes); 0 for no limit.
    """
    if not path.is_file():
        others = sorted(p.name for p in path.parent.glob("*.ipynb"))
        found = f" (the folder holds {', '.join(others)})" if others else ""
        return Problem(Kind.NO_NOTEBOOK, detail=f"no {path.name} handed in{found}")
    size = path.stat().st_size
    if max_bytes and size > max_bytes:
        return Problem(Kind.TOO_BIG, detail=f"the notebook file is too big ({size / 1024**2:.1f} MB; "
                                            f"at most {max_bytes / 1024**2:g} MB are graded)")
    raw = path.read_bytes()
    if not raw.strip():
        return Problem(Kind.UNREADABLE, detail="the notebook file is empty")
    try:
        text = raw.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError:
        return Problem(Kind.UNREADABLE, detail="the file is not a notebook (not text)")
    except json.JSONDecodeError as error:
        return Problem(Kind.UNREADABLE,
                       detail=f"notebook is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})")
    try:
        nbformat.reads(text, as_version=4)
    except Exception:  # nbformat raises several kinds for JSON that is no notebook
        return Problem(Kind.UNREADABLE, detail="the file is JSON but not a Jupyter notebook")
    return None


def changed_cells(notebook, graded_cells):
    """Problems with the cells the student should have left alone.

    notebook: the hand-in (a NotebookNode). graded_cells: the grade ids the
    exercise's notebook has (from the gradebook). nbgrader quietly grades
    with the original of a changed locked cell and puts a deleted graded cell
    back; the instructor may want to know.
    """
    changed, present, duplicated = [], set(), []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if "grade_id" in meta and meta["grade_id"] in present:
            duplicated.append(meta["grade_id"])
        present.add(meta.get("grade_id"))
        if meta.get("locked") and "checksum" in meta and utils.compute_checksum(cell) != meta["checksum"]:
            changed.append(meta.get("grade_id", "?"))
    deleted = [name for name in graded_cells if name not in present]
    problems = []
    if changed:
        problems.append(Problem(Kind.CHANGED_LOCKED_CELLS, tuple(changed)))
    if deleted:
        problems.append(Problem(Kind.DELETED_CELLS, tuple(deleted)))
    if duplicated:
        problems.append(Problem(Kind.COPIED_CELLS, tuple(sorted(set(duplicated)))))
    return problems
