"""The figures of exercise 4, measured by running its instructor notebook in a fresh kernel.

Prints each optimiser's final validation metrics (the runs of the notebook's
optimiser comparison), the mini-batch and initialisation runs, the epoch where
overfitting starts, the effect of L2 and early stopping, and the final model:

    .venv/bin/python benchmarks/ex4_figures.py

It appends one cell to a copy of the notebook (the file is not changed) that
reads the notebook's own variables after all its cells ran.
"""
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
EXERCISE = "ex4_training"

FIGURES = r'''
def _metrics(history):
    accuracy, precision, recall = get_metrics(Y_val, network_predict(history["weights"], history["biases"], X_val))
    return f"accuracy {accuracy:.3f}, precision {precision:.3f}, recall {recall:.3f}"

print("mini-batch against full batch (50 epochs, sgd 0.01, ex3_init):")
for _name, _history in [("full batch", full_batch), ("batches of 32", mini_batch)]:
    print(f"  {_name:14} validation loss {_history['val_loss'][-1]:.3f}, {_metrics(_history)}")
print("optimisers (20 epochs, batches of 32, ex3_init; sgd and momentum 0.01, adam 0.001):")
for _name, _history in runs.items():
    print(f"  {_name:14} validation loss {_history['val_loss'][-1]:.3f}, {_metrics(_history)}")
print("deep network, 6 hidden layers of 16 (30 epochs, sgd 0.05):")
for _name, _history in deep_runs.items():
    print(f"  {_name:14} validation loss {_history['val_loss'][-1]:.3f}, {_metrics(_history)}")
_lowest = int(np.argmin(overfit["val_loss"]))
print(f"overfitting on 40 samples: lowest validation loss {overfit['val_loss'][_lowest]:.3f} "
      f"after epoch {_lowest}, {overfit['val_loss'][-1]:.3f} after epoch 299 "
      f"(training loss {overfit['train_loss'][-1]:.4f}); {_metrics(overfit)}")
print(f"  with L2 (lam 0.03): validation loss {regularised['val_loss'][-1]:.3f} after epoch 299; "
      f"{_metrics(regularised)}")
print(f"  with early stopping (patience 20): stopped after epoch {len(stopped['val_loss']) - 1}, kept epoch "
      f"{stopped['best_epoch']}; {_metrics(stopped)}")
print(f"final model: stopped after epoch {len(final['val_loss']) - 1}, kept epoch {final['best_epoch']}; "
      f"{_metrics(final)}")
'''


def main():
    notebook = nbformat.read(REPO / "source" / EXERCISE / f"{EXERCISE}.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(FIGURES))
    with tempfile.TemporaryDirectory() as folder:
        NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
    print("".join(o.text for o in notebook.cells[-1].outputs if o.output_type == "stream"), end="")


if __name__ == "__main__":
    main()
