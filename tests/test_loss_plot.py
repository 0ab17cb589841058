"""Tests of loss_plot: in a real Jupyter kernel, and in a plain Python process."""
import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

import loss_plot

TRAINING_CELL = """\
from loss_plot import init_loss_plot, add_loss_to_plot, finish_loss_plot
import time
init_loss_plot()
for epoch in range({epochs}):
    time.sleep(0.001)
    add_loss_to_plot(1.0 / (epoch + 1), 1.5 / (epoch + 1), epoch % 10 == 0)
finish_loss_plot()"""


def run_in_kernel(*sources):
    """Execute the cells in a fresh kernel, as nbclient/nbgrader do; return the notebook."""
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    return notebook


@pytest.fixture(scope="module")
def trained_twice():
    """The training cell run twice in one kernel, then the plot's state printed."""
    return run_in_kernel(
        TRAINING_CELL.format(epochs=300),
        TRAINING_CELL.format(epochs=120),
        "import loss_plot\nprint(len(loss_plot._current_plot.train_losses))",
    )


def test_headless_run_keeps_one_final_image_and_no_stderr(trained_twice):
    """Every redraw replaces the same output: one PNG is saved, and nothing goes to stderr."""
    outputs = trained_twice.cells[0].outputs
    assert len(outputs) == 1
    (output,) = outputs
    assert output.output_type == "display_data"
    assert output.data["image/png"]
    assert output.data["text/plain"] == (
        "finished after 300 epochs: train loss 0.0033, validation loss 0.0050"
    )


def test_running_the_cell_again_starts_a_fresh_plot(trained_twice):
    """The second run shows its own image with only its own 120 epochs."""
    second = trained_twice.cells[1].outputs
    assert len(second) == 1
    assert second[0].data["text/plain"].startswith("finished after 120 epochs")
    assert trained_twice.cells[2].outputs[0].text == "120\n"


def test_nothing_is_written_to_stderr(trained_twice):
    """No warning or log line: nbgrader would score a test cell with stderr 0."""
    for cell in trained_twice.cells:
        for output in cell.outputs:
            assert output.get("name") != "stderr", output.get("text")


def test_plain_python_prints_text_and_does_not_crash(tmp_path):
    """Without a Jupyter kernel the plot falls back to one line of text per redraw."""
    script = tmp_path / "train.py"
    script.write_text(TRAINING_CELL.format(epochs=30))
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "epoch 0: train loss 1.0000, validation loss 1.5000"
    assert lines[-1] == "finished after 30 epochs: train loss 0.0333, validation loss 0.0500"


def test_adding_before_init_says_what_to_do(monkeypatch):
    """add_loss_to_plot without init_loss_plot raises a clear error, not an AttributeError."""
    monkeypatch.setattr(loss_plot, "_current_plot", None)
    with pytest.raises(RuntimeError, match=r"init_loss_plot\(\)"):
        loss_plot.add_loss_to_plot(1.0, 1.0, True)


def test_status_line_names_epoch_and_both_losses():
    """The text beside the plot gives the latest epoch and both losses."""
    plot = loss_plot.LossPlot()
    plot.train_losses = [0.7, 0.5]
    plot.val_losses = [0.8, 0.6]
    assert plot.status() == "epoch 1: train loss 0.5000, validation loss 0.6000"


def test_redraws_are_skipped_when_they_would_dominate_the_time(monkeypatch):
    """A redraw that took 1 s is not repeated 0.5 s later, but is after 9 s."""
    plot = loss_plot.LossPlot()
    clock = iter([100.0, 101.0, 101.5, 110.5])  # start/end of redraw, then two checks
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: next(clock))
    plot.train_losses, plot.val_losses = [1.0], [1.0]
    plot.redraw()
    assert plot._redrawn_recently()
    assert not plot._redrawn_recently()


def test_while_autograding_only_the_final_picture_is_drawn(tmp_path):
    """Under nbgrader (NBGRADER_EXECUTION set) nobody watches: no intermediate redraw, the final one stays."""
    script = tmp_path / "train.py"
    script.write_text(TRAINING_CELL.format(epochs=30))
    env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True, env=env
    )
    assert result.stdout.splitlines() == ["finished after 30 epochs: train loss 0.0333, validation loss 0.0500"]
