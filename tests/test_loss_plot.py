"""Tests of loss_plot: in a real Jupyter kernel, and in a plain Python process."""
import base64
import io
import os
import re
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


def test_fast_redraws_still_wait_the_minimum_interval(monkeypatch):
    """A 10 ms redraw is not repeated within MIN_REDRAW_INTERVAL (0.3 s), but is after it."""
    plot = loss_plot.LossPlot()
    clock = iter([100.0, 100.01, 100.2, 100.32])
    cpu_clock = iter([10.0, 10.01, 10.32])  # the kernel is busy all the time
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(loss_plot.time, "process_time", lambda: next(cpu_clock))
    plot.train_losses, plot.val_losses = [1.0], [1.0]
    plot.redraw()
    assert plot._redrawn_recently()
    assert not plot._redrawn_recently()


def test_on_a_busy_machine_redraws_keep_to_their_share_of_the_cpu(monkeypatch):
    """A redraw that used 10 ms of CPU waits for 200 ms of CPU (5%), but at most 1 s."""
    plot = loss_plot.LossPlot()
    clock = iter([100.0, 100.01, 100.5, 100.5, 101.1])
    cpu_clock = iter([10.0, 10.01, 10.11, 10.26])  # the kernel gets a quarter of a core
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(loss_plot.time, "process_time", lambda: next(cpu_clock))
    plot.train_losses, plot.val_losses = [1.0], [1.0]
    plot.redraw()
    assert plot._redrawn_recently()  # 0.5 s later, but only 100 ms of CPU since
    assert not plot._redrawn_recently()  # 250 ms of CPU since
    assert not plot._redrawn_recently()  # 1.1 s later: whatever the CPU


PROGRESS_CELL = TRAINING_CELL.replace("init_loss_plot()", "init_loss_plot(epochs={epochs})")


def png_pixel(png_bytes, x_fraction, y_fraction):
    """The RGB colour of a PNG at a point given as fractions of its width and height (from the top)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    return image.getpixel((round(x_fraction * (image.width - 1)), round(y_fraction * (image.height - 1))))


BAR_GREEN = (0x2C, 0xA0, 0x2C)


def bar_point(fraction):
    """Where the progress bar is filled up to `fraction`: (x, y) as fractions of the image, y from the top."""
    left, width, bottom, height = 0.125, 0.45, 0.93, 0.035
    return left + width * fraction, 1 - (bottom + height / 2)


def test_progress_bar_run_keeps_one_final_image_with_a_full_bar_and_no_widget_state():
    """With epochs, a headless run saves one image whose bar is filled to the end, and nothing else."""
    notebook = run_in_kernel(PROGRESS_CELL.format(epochs=200))
    (output,) = notebook.cells[0].outputs
    assert output.data["text/plain"] == (
        "finished after 200 epochs: train loss 0.0050, validation loss 0.0075"
    )
    assert set(output.data) == {"image/png", "text/plain"}
    png = base64.b64decode(output.data["image/png"])
    assert png_pixel(png, *bar_point(0.99)) == BAR_GREEN
    assert "widgets" not in notebook.metadata


def test_progress_bar_shows_how_far_the_loop_is(monkeypatch):
    """At 40% of the epochs the bar is green up to 40% of its length and grey after it."""
    shown = []
    monkeypatch.setattr(loss_plot.LossPlot, "_show", lambda self, image, status: shown.append(image.copy()))
    plot = loss_plot.LossPlot(epochs=500)
    plot.in_jupyter = True
    for epoch in range(200):
        plot.add(1.0 / (epoch + 1), 1.5 / (epoch + 1), False)
    plot.redraw()
    png = io.BytesIO()
    shown[-1].convert("RGB").save(png, format="png")
    assert png_pixel(png.getvalue(), *bar_point(0.38)) == BAR_GREEN
    assert png_pixel(png.getvalue(), *bar_point(0.42)) != BAR_GREEN


def test_progress_says_the_share_done_and_the_time_left(monkeypatch):
    """400 of 1000 epochs in 2 s: 40%, about 3 s left; at the end, how long it took."""
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: 100.0)
    plot = loss_plot.LossPlot(epochs=1000)
    plot.train_losses, plot.val_losses = [0.5] * 400, [0.6] * 400
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: 102.0)
    assert plot.progress() == (0.4, "40%, about 3 s left")
    assert plot.status() == "epoch 399 of 1000: train loss 0.5000, validation loss 0.6000"
    plot.train_losses, plot.val_losses = [0.5] * 1000, [0.6] * 1000
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: 400.0)
    assert plot.progress(finished=True) == (1.0, "1000 of 1000 epochs in 5 min")
    assert loss_plot.LossPlot().progress() is None


def test_plain_python_with_epochs_prints_the_progress_in_words(tmp_path):
    """Without Jupyter, each line also says how far the loop is and the time left."""
    script = tmp_path / "train.py"
    script.write_text(PROGRESS_CELL.format(epochs=30))
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r"epoch 0 of 30: train loss 1\.0000, validation loss 1\.5000 \(3%, about \d+ s left\)", lines[0]
    ), lines[0]
    assert lines[-1] == "finished after 30 epochs: train loss 0.0333, validation loss 0.0500"


@pytest.mark.parametrize("epochs", [0, -5, 2.5, "1000", True])
def test_a_wrong_number_of_epochs_says_what_is_wanted(epochs):
    """init_loss_plot(epochs=...) takes a whole number of 1 or more."""
    with pytest.raises(ValueError, match="whole number of epochs"):
        loss_plot.init_loss_plot(epochs=epochs)


def test_a_redraw_pastes_the_kept_axes_instead_of_drawing_them_again(monkeypatch):
    """The axes are drawn once per set of limits, and the figure is reused by the next plot."""
    monkeypatch.setattr(loss_plot.LossPlot, "_show", lambda self, image, status: None)
    full_draws = []
    picture = loss_plot._picture(with_progress=True)
    original_draw = picture.canvas.draw
    monkeypatch.setattr(picture.canvas, "draw", lambda: full_draws.append(1) or original_draw())
    picture.backgrounds.clear()
    for _run in range(2):
        plot = loss_plot.LossPlot(epochs=300)
        plot.in_jupyter = True
        for epoch in range(300):
            plot.add(0.7 / (epoch + 1), 0.75 / (epoch + 1), False)
            if epoch % 30 == 0:
                plot.redraw()
        plot.finish()
    assert loss_plot._picture(with_progress=True) is picture
    assert len(full_draws) == 1


def test_axis_limits_change_rarely():
    """Without epochs the x axis grows tenfold at a time; the final picture fits the curves."""
    assert [loss_plot._x_limit(n, None) for n in (1, 99, 100, 101, 999, 1000, 1001)] == [
        100, 100, 100, 1000, 1000, 1000, 10000
    ]
    assert loss_plot._x_limit(999, 1000) == 1000
    assert loss_plot._final_x_limit(999, None) == 1000
    assert loss_plot._final_x_limit(299, None) == 300
    assert loss_plot._final_x_limit(29, None) == 30
    assert [loss_plot._nice_ceiling(v) for v in (0.72, 0.8, 1.01, 3.3, 0.0123)] == [
        0.8, 0.8, 1.2, 4, 0.015
    ]


def test_a_redraw_that_drew_the_axes_does_not_hold_back_the_next(monkeypatch):
    """The first redraw in a kernel is slow (it makes the figure); the next still comes 0.35 s later."""
    monkeypatch.setattr(loss_plot.LossPlot, "_show", lambda self, image, status: None)
    monkeypatch.setattr(loss_plot, "_pictures", {})
    plot = loss_plot.LossPlot(epochs=100)
    plot.in_jupyter = True
    clock = iter([100.0, 100.5, 100.85])  # the first redraw takes 0.5 s, then a check 0.35 s later
    cpu_clock = iter([10.0, 10.5, 10.85])
    monkeypatch.setattr(loss_plot.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(loss_plot.time, "process_time", lambda: next(cpu_clock))
    plot.train_losses, plot.val_losses = [1.0], [1.0]
    plot._highest_loss = 1.0
    monkeypatch.setattr(plot, "progress", lambda finished=False: (0.01, "1%"))
    plot.redraw()
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
