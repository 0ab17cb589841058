"""Wall time of exercise 4's instructor notebook in a fresh kernel (target: under 30 s).

Each run starts a new kernel and executes every cell, hidden tests included,
as nbgrader's autograde does (the explorer trains once, without widgets).
It also prints the slowest cells, so a change that makes one experiment slow
is easy to find.

    .venv/bin/python benchmarks/bench_ex4_notebook.py [--repeats 3]
"""
import argparse
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
EXERCISE = "ex4_training"
TARGET_SECONDS = 30


def run_once(path):
    """(seconds for the whole notebook, {cell id: seconds}) of one run in a fresh kernel."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        client = NotebookClient(
            notebook, timeout=600, kernel_name="python3", record_timing=True,
            resources={"metadata": {"path": folder}},
        )
        start = time.perf_counter()
        client.execute()
        total = time.perf_counter() - start
    cells = {}
    for cell in notebook.cells:
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "shell.execute_reply" in timing:
            from datetime import datetime
            began = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            ended = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            cells[cell.id] = (ended - began).total_seconds()
    return total, cells


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    path = REPO / "source" / EXERCISE / f"{EXERCISE}.ipynb"
    runs = [run_once(path) for _ in range(args.repeats)]
    times = [total for total, _ in runs]
    print(f"{EXERCISE}: fresh kernel, all cells: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target under {TARGET_SECONDS} s)")
    _, cells = min(runs, key=lambda run: run[0])
    slowest = sorted(cells.items(), key=lambda item: -item[1])[:5]
    print("slowest cells of the fastest run: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest))


if __name__ == "__main__":
    main()
