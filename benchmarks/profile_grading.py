"""Where the kit's time per hand-in goes: one process grades N exercise 3 hand-ins under cProfile.

Prints the wall time of each step of coursekit.grading.grade_submission
(inspect + scan, autograde, feedback, reading the outcome), the notebooks' own
cell times, and the functions with the most cumulative time.

    .venv/bin/python benchmarks/profile_grading.py [--students 4] [--top 30]
"""
import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_parallel_grading import EXERCISE, cell_seconds, make_course  # noqa: E402

from coursekit import feedback, grading  # noqa: E402
from coursekit.course import Course  # noqa: E402
from coursekit.environment import use_grading_environment  # noqa: E402

STEPS = {"inspect": grading, "graded_outcome": grading, "generate_feedback": grading}


def timed_steps(times):
    """Wrap grading's steps so each call's wall time is added to times[name]."""
    def wrap(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                times[name] += time.perf_counter() - start
        setattr(module, name, wrapper)

    for name, module in STEPS.items():
        wrap(module, name)
    from nbgrader.apps.api import NbGraderAPI
    wrap(NbGraderAPI, "autograde")
    wrap(feedback, "write_not_graded_feedback")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--only", action="append", help="a regular expression the listed functions must match")
    args = parser.parse_args()
    use_grading_environment()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "kit")
        make_course(folder, args.students, stock=False)
        course = Course(folder)
        grading.grade_one(course, "student00", EXERCISE)  # warm up: the sandbox probe, imports
        times = defaultdict(float)
        timed_steps(times)
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        for number in range(1, args.students):
            grading.grade_one(course, f"student{number:02d}", EXERCISE)
        profile.disable()
        total = time.perf_counter() - start
        count = args.students - 1
        cells = cell_seconds(folder)
        print(f"{count} hand-ins graded one after another: {total / count:.2f} s each (wall)")
        for name, seconds in sorted(times.items(), key=lambda item: -item[1]):
            print(f"  {name:28s} {seconds / count:6.2f} s each")
        if cells:
            print(f"  {'(the notebooks own cells)':28s} {cells / args.students:6.2f} s each")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(*(args.only or []), args.top)


if __name__ == "__main__":
    main()
