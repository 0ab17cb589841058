"""How much time the live loss plot adds to exercise 3's training loop, and how often it moves.

Runs the instructor notebook of exercise 3 in a Jupyter kernel up to the
training cell, then times the seed's 1000-epoch loop (redraw requested every
50 epochs) three ways, side by side in one kernel, in turn (in another
order each round):

    no plot         the three plot functions replaced by no-ops
    plot            init_loss_plot(), as in the seed
    progress bar    init_loss_plot(epochs=1000)

and prints the minimum of the runs, the overhead of each plot, and how often
the plot moved (redraws per second, and the longest time without one).
Targets: at most +10% with the progress bar, at least 2 redraws a second.
The first plotted run of each kind in a kernel also makes the figure and
draws its axes; it is printed too.

    .venv/bin/python benchmarks/bench_loss_plot.py [--repeats 3]
"""
import argparse
import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "source" / "ex3_backpropagation" / "ex3_backpropagation.ipynb"

TIMED_LOOP = """\
import time as _time
_start, _start_cpu = _time.perf_counter(), _time.process_time()
reset_seed(123)
model = Model()
learning_rate = 1e-2
init_loss_plot({init_arguments})
for epoch in range(1000):
    train_loss = train(model, X_train, Y_train, learning_rate)
    val_loss = model.compute_loss(X_val, Y_val)
    add_loss_to_plot(train_loss, val_loss, epoch%50 == 0)
finish_loss_plot()
_end, _end_cpu = _time.perf_counter(), _time.process_time()
_runs.setdefault({label!r}, []).append(_end - _start)
_cpu.setdefault({label!r}, []).append(_end_cpu - _start_cpu)
_redraws.setdefault({label!r}, []).append(_redraw_times(_start, _end))
"""

WITH_PLOT = "from loss_plot import init_loss_plot, add_loss_to_plot, finish_loss_plot"
WITHOUT_PLOT = (
    "def init_loss_plot(epochs=None): pass\n"
    "def add_loss_to_plot(train_loss, val_loss, redraw): pass\n"
    "def finish_loss_plot(): pass"
)
HELPERS = """\
from siouxdnn import reset_seed
import loss_plot as _loss_plot
import numpy as _np
_runs, _cpu, _redraws = {}, {}, {}

# glibc's malloc serves arrays above its mmap threshold (128 kB at first) with
# fresh pages, and raises the threshold when such a block is freed. Training
# allocates arrays of 233 kB (456 x 64 floats) and runs about 2x faster once
# the threshold is above that, and the plot's first image frees a block big
# enough to raise it: without this line the plotted runs beat the unplotted
# ones. Freeing a 32 MB block here puts every run in the same state.
_block = _np.ones(4_000_000)
del _block

def _redraw_times(start, end):
    \"\"\"Seconds from the start of the run to each redraw, and the run's length.\"\"\"
    plot = _loss_plot._current_plot
    if plot is None or not hasattr(plot, "redraw_times"):
        return []
    return [t - start for t in plot.redraw_times] + [plot.drawing_seconds, end - start]
"""
KINDS = (("no plot", WITHOUT_PLOT, ""), ("plot", WITH_PLOT, ""), ("progress bar", WITH_PLOT, "epochs=1000"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--show-gaps", action="store_true", help="print when each redraw happened")
    parser.add_argument("--no-progress-bar", action="store_true",
                        help="leave out the progress bar runs (for a loss_plot without one)")
    args = parser.parse_args()
    # As `make` does: on a busy machine OpenBLAS's spinning threads slow training 3-4x.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(variable, "1")

    source = nbformat.read(NOTEBOOK, as_version=4)
    setup = []
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        if "init_loss_plot()" in cell.source:
            break
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "gradient_check":
            continue  # not needed for training
        setup.append(nbformat.v4.new_code_cell(cell.source))
    kinds = KINDS[:2] if args.no_progress_bar else KINDS
    cells = setup + [nbformat.v4.new_code_cell(HELPERS)]
    for repeat in range(args.repeats):
        # A different order each time, so that no kind always runs right after the same other.
        order = kinds[repeat % len(kinds):] + kinds[:repeat % len(kinds)]
        for label, imports, init_arguments in order:
            loop = TIMED_LOOP.format(label=label, init_arguments=init_arguments)
            cells.append(nbformat.v4.new_code_cell(imports + "\n" + loop))
    cells.append(nbformat.v4.new_code_cell("import json; print(json.dumps([_runs, _cpu, _redraws]))"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()

    runs, cpu, redraws = json.loads(notebook.cells[-1].outputs[0].text)
    print(f"exercise 3's 1000-epoch loop, {args.repeats} runs of each, side by side in one kernel")
    for clock, measured in (("wall-clock time", runs), ("kernel CPU time", cpu)):
        print(f"{clock} (the CPU time counts only the kernel, so other load on the machine matters less):")
        baseline = min(measured["no plot"])
        for label, _, _ in kinds:
            times = measured[label]
            line = f"  {label:13s} min {min(times):.3f} s  (runs: {', '.join(f'{t:.3f}' for t in times)})"
            if label != "no plot":
                line += (f"  overhead {100 * (min(times) / baseline - 1):+.1f}%"
                         f" (its first run {100 * (times[0] / baseline - 1):+.1f}%)")
            print(line)
    for label in [label for label, _, _ in kinds[1:]]:
        rates, gaps, drawing = [], [], []
        if not all(redraws[label]):
            print(f"{label:13s} this loss_plot does not record its redraws")
            continue
        for moments in redraws[label]:
            *redrawn, seconds, length = moments
            rates.append(len(redrawn) / length)
            gaps.append(max(b - a for a, b in zip([0.0] + redrawn, redrawn)))
            drawing.append(f"{len(redrawn)} in {1000 * seconds:.0f} ms")
        print(f"{label:13s} moved {min(rates):.1f} to {max(rates):.1f} times a second, "
              f"longest gap {max(gaps):.2f} s (target: at most 0.5 s); redraws: {', '.join(drawing)}")
    if args.show_gaps:
        for label in [label for label, _, _ in kinds[1:]]:
            for moments in filter(None, redraws[label]):
                *redrawn, seconds, length = moments
                print(f"{label}: redrawn at {', '.join(f'{t:.2f}' for t in redrawn)} s of {length:.2f} s")
    images = sum("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))
    print(f"images kept in the notebook: {images} for {(len(kinds) - 1) * args.repeats} plotted runs")
    print("targets: overhead at most +10% with the progress bar, at least 2 redraws a second")


if __name__ == "__main__":
    main()
