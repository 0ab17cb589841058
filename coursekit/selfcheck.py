"""The student's self-check: run a notebook in a fresh kernel and report its checks.

    python -m coursekit check ex3_backpropagation.ipynb

runs every cell from the top in a new kernel, as the autograder will, and
lists each check cell of the notebook as passed or FAILED, with the error
message. It exits with status 1 when a check failed or a cell raised an
error, 0 otherwise. (nbgrader's own `validate` exits 0 even when checks
fail, nbgrader issue #1908.)

A check passes or fails by the autograder's own rule (nbgrader's
utils.determine_grade): a check cell that raises an error or writes to
stderr fails. The student's notebook has only the visible part of each
check; the autograder adds hidden tests, so passing here is no guarantee
of full points. A check cell with no visible code is listed as checked
by the autograder only.
"""
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbgrader import utils

from coursekit.environment import grading_environment
from coursekit.results import CELL_TIMEOUT_ERROR, failure_message, is_check, points

CELL_TIMEOUT = 300
"""Seconds a cell may run before the check stops it (training takes a few seconds)."""


class NotebookUnreadable(Exception):
    """The file is not a notebook that can be checked; the message says why."""


@dataclass
class Check:
    """The result of one check cell."""

    name: str
    points: float
    status: str  # "passed", "FAILED" or "hidden"
    message: str = ""

    def line(self):
        unit = "point" if self.points == 1 else "points"
        text = f"{self.status:<7} {self.name} ({points(self.points)} {unit})"
        return f"{text}: {self.message}" if self.message else text


def check_notebook(path, timeout=CELL_TIMEOUT):
    """Run the notebook at `path` in a fresh kernel.

    Returns (checks, errors): a Check per check cell, and one line per other
    cell that raised an error. Raises NotebookUnreadable.
    """
    try:
        notebook = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise NotebookUnreadable(f"{path}: no such file") from None
    except Exception as error:
        raise NotebookUnreadable(f"{path} is not a readable notebook: {error}") from None
    if not any(is_check(cell) for cell in notebook.cells):
        raise NotebookUnreadable(f"{path} has no check cells: is it one of the course's notebooks?")

    client = NotebookClient(
        notebook,
        timeout=timeout,
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": CELL_TIMEOUT_ERROR,
            "evalue": f"the cell ran longer than {timeout} seconds and was stopped",
            "traceback": [],
        },
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
    )
    # The kernel's own stderr (a warning about unencrypted local ports) would only confuse.
    client.execute(env=grading_environment(), stderr=subprocess.DEVNULL)

    checks, errors = [], []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        name = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {number}")
        if is_check(cell):
            checks.append(_check(cell, name))
        elif any(output.output_type == "error" for output in cell.outputs):
            errors.append(f"{name}: {failure_message(cell)}")
    return checks, errors


def _check(cell, name):
    max_points = float(cell.metadata["nbgrader"]["points"])
    if not has_code(cell.source):
        return Check(name, max_points, "hidden", "checked by the autograder only")
    score, _ = utils.determine_grade(cell)
    if score is not None and score < max_points:
        return Check(name, max_points, "FAILED", failure_message(cell))
    return Check(name, max_points, "passed")


def has_code(source):
    """True if `source` has a line that is neither blank nor a comment."""
    return any(line.strip() and not line.strip().startswith("#") for line in source.splitlines())


def report_lines(checks, errors):
    """The self-check's report, and whether everything passed, as (lines, ok)."""
    lines = ["  " + check.line() for check in checks]
    if errors:
        lines += ["", "Errors in other cells (the checks after them may fail because of these):"]
        lines += ["  " + error for error in errors]
    failed = [check for check in checks if check.status == "FAILED"]
    visible = [check for check in checks if check.status != "hidden"]
    hidden = len(checks) - len(visible)
    lines.append("")
    if failed:
        lines.append(f"{len(failed)} of {len(visible)} checks FAILED.")
    elif errors:
        lines.append(f"All {len(visible)} checks passed, but {len(errors)} other cell(s) raised an error.")
    else:
        lines.append(f"All {len(visible)} checks passed.")
    extra = f" and {hidden} more checks" if hidden else ""
    lines.append(f"The autograder also runs hidden tests{extra}: passing here is no guarantee of full points.")
    return lines, not failed and not errors
