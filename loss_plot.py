"""A live plot of the training and validation loss while a network trains.

Use it in three steps, as exercise 3 does:

    init_loss_plot()
    for epoch in range(1000):
        ...
        add_loss_to_plot(train_loss, val_loss, epoch % 50 == 0)
    finish_loss_plot()

How it works: the figure is drawn to a PNG image and shown with IPython's
display(..., display_id=True); every redraw replaces that one image in place.
This works in JupyterLab, Notebook 7, VS Code and in headless runs (nbclient,
nbconvert, nbgrader), where the saved notebook keeps only the final image. It
needs no `%matplotlib` magic; `%matplotlib notebook` does not work in
JupyterLab 4 or Notebook 7.

Outside Jupyter (a plain Python script) it prints a line of text instead.
"""
import base64
import io
import os
import time

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

MAX_DRAWING_SHARE = 0.1
"""At most this share of the training time goes to drawing: a redraw request
that comes too soon after the last one is skipped. Drawing a PNG takes about
50 ms, so a fast loop is redrawn about twice a second."""

_current_plot = None
"""The plot that add_loss_to_plot() and finish_loss_plot() update."""


def _in_jupyter():
    """True when running in a Jupyter kernel, which can show images."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class LossPlot:
    """One figure with the train and validation loss per epoch."""

    def __init__(self):
        self.train_losses = []
        self.val_losses = []
        self.in_jupyter = _in_jupyter()
        self._last_redraw_end = None
        self._last_redraw_seconds = 0.0
        self._handle = None
        # While nbgrader autogrades, nobody watches: only the final picture is drawn.
        self.unwatched = "NBGRADER_EXECUTION" in os.environ
        if self.in_jupyter:
            self._make_figure()

    def _make_figure(self):
        self.figure = Figure(figsize=(6.4, 4.0), dpi=72)
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_subplot()
        (self.train_line,) = self.axes.plot([], [], label="train loss")
        (self.val_line,) = self.axes.plot([], [], label="validation loss")
        self.axes.set_xlabel("epoch")
        self.axes.set_ylabel("loss")
        self.axes.grid(True, alpha=0.3)
        self.axes.legend(loc="upper right")
        self.axes.set_title("waiting for the first epoch", fontsize="medium")

    def add(self, train_loss, val_loss, redraw):
        """Record one epoch's losses; redraw the plot if `redraw` is true."""
        self.train_losses.append(float(train_loss))
        self.val_losses.append(float(val_loss))
        if redraw and not self.unwatched and not self._redrawn_recently():
            self.redraw()

    def _redrawn_recently(self):
        """True if redrawing now would spend more than MAX_DRAWING_SHARE of the time drawing."""
        if self._last_redraw_end is None:
            return False
        since_last = time.perf_counter() - self._last_redraw_end
        wanted_gap = self._last_redraw_seconds * (1 / MAX_DRAWING_SHARE - 1)
        return since_last < wanted_gap

    def status(self, finished=False):
        """One line of text: the latest epoch and both losses."""
        if not self.train_losses:
            return "no epochs recorded"
        epoch = len(self.train_losses) - 1
        what = f"finished after {epoch + 1} epochs" if finished else f"epoch {epoch}"
        return (
            f"{what}: train loss {self.train_losses[-1]:.4f}, "
            f"validation loss {self.val_losses[-1]:.4f}"
        )

    def redraw(self, finished=False):
        """Show the current state: the image in Jupyter, a text line elsewhere."""
        start = time.perf_counter()
        if self.in_jupyter:
            self._draw(finished)
        else:
            print(self.status(finished), flush=True)
        self._last_redraw_end = time.perf_counter()
        self._last_redraw_seconds = self._last_redraw_end - start

    def _draw(self, finished):
        epochs = range(len(self.train_losses))
        # A single epoch is a single point: show it as a dot, not as an empty line.
        marker = "o" if len(epochs) == 1 else ""
        for line, losses in ((self.train_line, self.train_losses), (self.val_line, self.val_losses)):
            line.set_data(epochs, losses)
            line.set_marker(marker)
        self.axes.set_xlim(0, max(1, len(epochs) - 1))
        self.axes.relim()
        self.axes.autoscale_view(scalex=False)
        status = self.status(finished)
        self.axes.set_title(status, fontsize="medium")
        self._show(status)

    def _show(self, status):
        """Show the figure as a PNG, with the status line as its text version."""
        from IPython.display import display

        buffer = io.BytesIO()
        self.figure.canvas.print_png(buffer)
        png = base64.b64encode(buffer.getvalue()).decode("ascii")
        output = {"image/png": png, "text/plain": status}
        if self._handle is None:
            self._handle = display(output, raw=True, display_id=True)
        else:
            self._handle.update(output, raw=True)

    def finish(self):
        """Draw the final state, whatever redraws were skipped."""
        self.redraw(finished=True)


def init_loss_plot():
    """Start a new, empty loss plot. Call it once before the training loop."""
    global _current_plot
    _current_plot = LossPlot()
    return None


def add_loss_to_plot(train_loss, val_loss, redraw):
    """Add one epoch's train and validation loss to the plot.

    train_loss, val_loss: numbers (floats or 0-d arrays).
    redraw: if true, update the picture now. Drawing takes time, so redraw
    every few epochs, not every epoch.
    """
    if _current_plot is None:
        raise RuntimeError("Call init_loss_plot() before add_loss_to_plot().")
    _current_plot.add(train_loss, val_loss, redraw)


def finish_loss_plot():
    """Draw the final plot with every epoch. Call it after the training loop."""
    if _current_plot is None:
        raise RuntimeError("Call init_loss_plot() before finish_loss_plot().")
    _current_plot.finish()
