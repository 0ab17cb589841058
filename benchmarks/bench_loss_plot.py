"""How much time the live loss plot adds to exercise 3's training loop.

Runs the instructor notebook of exercise 3 in a Jupyter kernel up to the
training cell, then times the seed's 1000-epoch loop (redraw every 50 epochs)
with the real plot and with the three plot functions replaced by no-ops,
alternating, and prints the medians. Target: at most +30%.

    .venv/bin/python benchmarks/bench_loss_plot.py [--repeats 7]
"""
import argparse
import json
import statistics
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "source" / "ex3_backpropagation" / "ex3_backpropagation.ipynb"

TIMED_LOOP = """\
import time as _time
_start = _time.perf_counter()
reset_seed(123)
model = Model()
learning_rate = 1e-2
init_loss_plot()
for epoch in range(1000):
    train_loss = train(model, X_train, Y_train, learning_rate)
    val_loss = model.compute_loss(X_val, Y_val)
    add_loss_to_plot(train_loss, val_loss, epoch%50 == 0)
finish_loss_plot()
_timings.setdefault({label!r}, []).append(_time.perf_counter() - _start)
"""

WITH_PLOT = "from loss_plot import init_loss_plot, add_loss_to_plot, finish_loss_plot"
WITHOUT_PLOT = (
    "def init_loss_plot(): pass\n"
    "def add_loss_to_plot(train_loss, val_loss, redraw): pass\n"
    "def finish_loss_plot(): pass"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    source = nbformat.read(NOTEBOOK, as_version=4)
    setup = []
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        if "init_loss_plot()" in cell.source:
            break
        setup.append(nbformat.v4.new_code_cell(cell.source))
    cells = setup + [nbformat.v4.new_code_cell("from siouxdnn import reset_seed\n_timings = {}")]
    for _ in range(args.repeats):
        cells.append(nbformat.v4.new_code_cell(WITHOUT_PLOT + "\n" + TIMED_LOOP.format(label="no plot")))
        cells.append(nbformat.v4.new_code_cell(WITH_PLOT + "\n" + TIMED_LOOP.format(label="plot")))
    cells.append(nbformat.v4.new_code_cell("import json; print(json.dumps(_timings))"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()

    timings = json.loads(notebook.cells[-1].outputs[0].text)
    without = statistics.median(timings["no plot"])
    with_plot = statistics.median(timings["plot"])
    images = sum("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))
    print(f"1000 epochs without plot: median {without:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in timings['no plot'])})")
    print(f"1000 epochs with plot:    median {with_plot:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in timings['plot'])})")
    print(f"overhead of the live plot: {100 * (with_plot / without - 1):+.1f}% (target: at most +30%)")
    print(f"images kept in the notebook: {images} for {args.repeats} plotted runs")


if __name__ == "__main__":
    main()
