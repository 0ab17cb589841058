"""What deciding the grade outside the kernel costs: the kit's grading of exercise 3, now and before.

Grades the same N hand-ins of exercise 3 (the instructor's solution and
typical mistakes, in turn) with `python -m coursekit grade --workers 1` in
two kits: this one, and an older checkout given with --before (its own
folder with its own .venv, e.g. a `git worktree` of the commit before the
change, set up with `make setup`). Rounds alternate between the two, and
each reports the wall time and the CPU time of the grading process and the
children it waits for. The sandboxed kernels are not among those (they
run in bubblewrap's own process tree), so the CPU figure shows the work
that moved into the grading process (the checks), and the wall time the
whole.

    .venv/bin/python benchmarks/bench_checks_outside.py --before ../wt-pre11 [--students 8] [--rounds 2]
"""
import argparse
import csv
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coursekit.environment import grading_environment  # noqa: E402
from tests.course import replace_in_cell  # noqa: E402
from tests.test_ex3_grading import MISTAKES  # noqa: E402

EXERCISE = "ex3_backpropagation"


def make_course(kit, folder, students):
    """A course in `folder`, from the kit in `kit`, with exercise 3 released and `students` hand-ins."""
    shutil.copytree(kit / "source" / EXERCISE, folder / "source" / EXERCISE)
    shutil.copy(kit / "nbgrader_config.py", folder)
    run(kit, ["nbgrader", "generate_assignment", EXERCISE, "--force"], folder)
    import nbformat

    variants = [[], *(mistake.changes for mistake in MISTAKES.values())]
    for number in range(students):
        target = folder / "submitted" / f"student{number:02d}" / EXERCISE / f"{EXERCISE}.ipynb"
        target.parent.mkdir(parents=True)
        # each kit's own instructor notebook, with the same answers changed: the solution cells
        # are the same in both kits, the test cells are each kit's own
        notebook = nbformat.read(kit / "source" / EXERCISE / f"{EXERCISE}.ipynb", as_version=4)
        for grade_id, old, new in variants[number % len(variants)]:
            replace_in_cell(notebook, grade_id, old, new)
        nbformat.write(notebook, target)


def run(kit, command, folder):
    """Run a program of the kit's own .venv in `folder`; returns (wall seconds, CPU seconds)."""
    env = grading_environment()
    env["PATH"] = str(kit / ".venv" / "bin") + ":" + env["PATH"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(kit / ".venv" / "bin" / command[0]), *map(str, command[1:])], cwd=folder, env=env,
                   check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the older kit's folder (with its .venv)")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    kits = {"before": args.before.resolve(), "now": REPO}
    results = {name: [] for name in kits}
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(args.rounds):
            for name, kit in kits.items():
                folder = Path(tmp, f"{name}{number}")
                make_course(kit, folder, args.students)
                wall, cpu = run(kit, ["python", "-m", "coursekit", "grade", "--workers", "1"], folder)
                results[name].append((wall, cpu))
                totals = [row[-1] for row in csv.reader(open(folder / "grades.csv")) if row][2:]
                graded = sum(1 for total in totals if total)
                print(f"round {number + 1} {name:6}: {wall:6.1f} s wall, {cpu:6.1f} s CPU "
                      f"({cpu / args.students:.2f} s CPU per hand-in); {graded} of {args.students} graded, "
                      f"points {' '.join(totals)}")
    for measure, index in (("wall", 0), ("CPU", 1)):
        before = min(r[index] for r in results["before"])
        now = min(r[index] for r in results["now"])
        print(f"{measure} time per hand-in, best round: before {before / args.students:.2f} s, "
              f"now {now / args.students:.2f} s ({100 * (now / before - 1):+.1f}%)")


if __name__ == "__main__":
    main()
