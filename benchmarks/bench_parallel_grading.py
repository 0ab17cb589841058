"""Grading a class of exercise 3: `python -m coursekit grade` against stock nbgrader.

Makes two identical temporary copies of the course with N hand-ins of
exercise 3 (the instructor's solution and typical mistakes, in turn), then
- stock:  `nbgrader autograde ex3_backpropagation` (one hand-in after another),
- kit:    `python -m coursekit grade --workers W` (W at once; it also writes
          the feedback pages and the grade table, which stock does not),
and prints both wall times, the speed-up, and whether every score agrees.
Target (issue 6): at least 1.7x on a 2-core machine for 40 hand-ins.

    .venv/bin/python benchmarks/bench_parallel_grading.py [--students 40] [--workers 2]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coursekit.environment import grading_environment  # noqa: E402

EXERCISE = "ex3_backpropagation"
BIN = Path(sys.executable).parent

# (cell, solution text, replacement): typical mistakes, as in tests/test_ex3_grading.py
VARIANTS = [
    [],
    [("relu_backward", "dz = np.where(z > 0, da, 0.0)", "dz = da\n    dz[z <= 0] = 0")],
    [],
    [("dense_backward", "db = np.sum(dz, axis=0, keepdims=True)", "db = np.sum(dz, axis=0)")],
    [("train", "model.b1 = model.b1 - learning_rate * db1", "model.b1 = model.b1")],
]


def hand_in(notebook_path, changes):
    notebook = nbformat.read(notebook_path, as_version=4)
    for grade_id, old, new in changes:
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                cell.source = cell.source.replace(old, new)
    return notebook


def make_course(folder, students):
    """A course in `folder` with exercise 3 released and `students` hand-ins."""
    shutil.copytree(REPO / "source" / EXERCISE, folder / "source" / EXERCISE)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    run([BIN / "nbgrader", "generate_assignment", EXERCISE, "--force"], folder)
    source = REPO / "source" / EXERCISE / f"{EXERCISE}.ipynb"
    for number in range(students):
        target = folder / "submitted" / f"student{number:02d}" / EXERCISE / f"{EXERCISE}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(hand_in(source, VARIANTS[number % len(VARIANTS)]), target)


def run(command, folder):
    subprocess.run([str(part) for part in command], cwd=folder, env=grading_environment(),
                   check=True, capture_output=True, text=True)


def scores(folder):
    """{(student, grade cell): score} from a course's gradebook."""
    from nbgrader.api import Gradebook

    result = {}
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        for student in gradebook.students:
            submission = gradebook.find_submission_notebook(EXERCISE, EXERCISE, student.id)
            for grade in submission.grades:
                result[(student.id, grade.name)] = grade.score
    return result


def timed(command, folder):
    start = time.perf_counter()
    run(command, folder)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        stock, kit = Path(tmp, "stock"), Path(tmp, "kit")
        make_course(stock, args.students)
        make_course(kit, args.students)
        print(f"{args.students} hand-ins of {EXERCISE}, {os.cpu_count()} CPU cores")
        stock_seconds = timed([BIN / "nbgrader", "autograde", EXERCISE], stock)
        print(f"stock nbgrader autograde (one at a time):          {stock_seconds:7.1f} s")
        kit_seconds = timed([sys.executable, "-m", "coursekit", "grade", "--workers", args.workers], kit)
        print(f"python -m coursekit grade --workers {args.workers} (+ feedback): {kit_seconds:7.1f} s")
        print(f"speed-up: {stock_seconds / kit_seconds:.2f}x (target: at least 1.7x)")
        same = scores(stock) == scores(kit)
        print(f"scores identical: {same} ({len(scores(kit))} graded cells)")


if __name__ == "__main__":
    main()
