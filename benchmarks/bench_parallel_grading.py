"""Grading a class of exercise 3: `python -m coursekit grade` against stock nbgrader's default pipeline.

Makes two temporary copies of the course with N hand-ins of exercise 3 (the
instructor's solution and typical mistakes, in turn), both released with the
kit's configuration, then grades
- stock:  `nbgrader autograde ex3_backpropagation` with nbgrader's *default*
          configuration (the kit's nbgrader_config.py replaced by one that sets
          only the course id and the gradebook: no sandbox, no canaries, one
          notebook after another, no feedback pages),
- kit:    `python -m coursekit grade --workers W` (W at once, in the sandbox,
          with the canaries, the static scan, the feedback pages and the grade table),
side by side, --repeats times (fresh copies each time, in turn, so both see
the same load), and prints the wall times, the speed-up, whether every
student's total agrees, and the limit: the sum of the notebooks' own cell
times (from the stock run's graded notebooks) divided by the cores. The
kit's kernels run those cells faster (coursekit.environment.KEEP_FREED_MEMORY);
--stock-keeps-freed-memory gives stock's kernels the same setting, to show
the speed-up without it.
Target (issue 15): at least 2x on a 2-core machine for 40 hand-ins.

    .venv/bin/python benchmarks/bench_parallel_grading.py [--students 40] [--workers 2] [--repeats 1]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coursekit.environment import KEEP_FREED_MEMORY, grading_environment  # noqa: E402

EXERCISE = "ex3_backpropagation"
BIN = Path(sys.executable).parent

STOCK_CONFIG = """# nbgrader's default configuration: only the course and its gradebook.
import os
c = get_config()
c.CourseDirectory.course_id = "sioux-dnn"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
"""

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


def make_course(folder, students, stock):
    """A course in `folder` with exercise 3 released (kit config) and `students` hand-ins.

    stock: then replace the kit's nbgrader_config.py by nbgrader's defaults for grading.
    """
    shutil.copytree(REPO / "source" / EXERCISE, folder / "source" / EXERCISE)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    run([BIN / "nbgrader", "generate_assignment", EXERCISE, "--force"], folder)
    if stock:
        (folder / "nbgrader_config.py").write_text(STOCK_CONFIG)
    source = REPO / "source" / EXERCISE / f"{EXERCISE}.ipynb"
    for number in range(students):
        target = folder / "submitted" / f"student{number:02d}" / EXERCISE / f"{EXERCISE}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(hand_in(source, VARIANTS[number % len(VARIANTS)]), target)


def run(command, folder, extra_env=None):
    env = grading_environment()
    env.update(extra_env or {})
    result = subprocess.run([str(part) for part in command], cwd=folder, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed (exit {result.returncode}):\n"
                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def totals(folder):
    """{student: total score} from a course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        return {s.id: gradebook.find_submission(EXERCISE, s.id).score for s in gradebook.students}


def cell_seconds(folder):
    """The sum of every graded notebook's own cell times (nbclient's timing metadata), or None."""
    total = 0.0
    for path in sorted(folder.glob(f"autograded/*/{EXERCISE}/{EXERCISE}.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            timing = cell.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
                continue
            start, end = (datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                          for k in ("iopub.execute_input", "shell.execute_reply"))
            total += (end - start).total_seconds()
    return total or None


def timed(command, folder, extra_env=None):
    start = time.perf_counter()
    run(command, folder, extra_env)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--repeats", type=int, default=1, help="side-by-side rounds (fresh copies each)")
    parser.add_argument("--one-worker-too", action="store_true",
                        help="also time the kit with one worker: its cost per hand-in, whatever the machine's load")
    parser.add_argument("--stock-keeps-freed-memory", action="store_true",
                        help="give stock's kernels the kit's malloc setting too (KEEP_FREED_MEMORY): "
                             "the speed-up without it")
    args = parser.parse_args()

    cores = os.cpu_count()
    print(f"{args.students} hand-ins of {EXERCISE}, {cores} CPU cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ratios = []
    for round_ in range(1, args.repeats + 1):
        with tempfile.TemporaryDirectory() as tmp:
            stock, kit, kit1 = Path(tmp, "stock"), Path(tmp, "kit"), Path(tmp, "kit1")
            make_course(stock, args.students, stock=True)
            make_course(kit, args.students, stock=False)
            stock_env = KEEP_FREED_MEMORY if args.stock_keeps_freed_memory else {}
            stock_seconds = timed([BIN / "nbgrader", "autograde", EXERCISE], stock, stock_env)
            if args.one_worker_too:
                make_course(kit1, args.students, stock=False)
                one = timed([sys.executable, "-m", "coursekit", "grade", "--workers", 1], kit1)
                print(f"round {round_}: python -m coursekit grade --workers 1: {one:6.1f} s = "
                      f"{one / args.students:.2f} s per hand-in (stock: {stock_seconds / args.students:.2f} s)")
            kit_seconds = timed([sys.executable, "-m", "coursekit", "grade", "--workers", args.workers], kit)
            cells = cell_seconds(stock)
            ratios.append(stock_seconds / kit_seconds)
            print(f"round {round_}: stock nbgrader autograde (default configuration, one at a time"
                  f"{', kernels with KEEP_FREED_MEMORY' if stock_env else ''}): {stock_seconds:6.1f} s")
            print(f"round {round_}: python -m coursekit grade --workers {args.workers} (+ sandbox, feedback): "
                  f"{kit_seconds:6.1f} s   speed-up {ratios[-1]:.2f}x")
            if cells:
                limit = cells / cores
                print(f"round {round_}: limit (the notebooks' own cell times {cells:.1f} s / {cores} cores): "
                      f"{limit:6.1f} s   = {stock_seconds / limit:.2f}x stock")
                print(f"round {round_}: the same cells took {cell_seconds(kit):.1f} s in the kit's kernels")
            same = totals(stock) == totals(kit)
            print(f"round {round_}: totals identical: {same} ({len(totals(kit))} students)")
    print(f"speed-up: median {statistics.median(ratios):.2f}x over {len(ratios)} round(s) (target: at least 2x); "
          f"load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
