"""Wall time of exercise 3's instructor notebook in a fresh kernel (target: at most 10 s).

Each run starts a new kernel and executes every cell, hidden tests included,
as nbgrader's autograde does.

    .venv/bin/python benchmarks/bench_ex3_notebook.py [--repeats 3] [--exercise ex3_backpropagation]
"""
import argparse
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent


def run_once(path):
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        NotebookClient(
            notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}
        ).execute()
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--exercise", default="ex3_backpropagation")
    args = parser.parse_args()
    path = REPO / "source" / args.exercise / f"{args.exercise}.ipynb"
    times = [run_once(path) for _ in range(args.repeats)]
    print(f"{args.exercise}: fresh kernel, all cells: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target at most 10 s)")


if __name__ == "__main__":
    main()
