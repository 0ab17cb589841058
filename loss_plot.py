"""A live plot of the training and validation loss while a network trains.

Use it in three steps, as exercise 3 does:

    init_loss_plot()                # or init_loss_plot(epochs=1000): adds a progress bar
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

When the loop says how many epochs it will run, the picture also has a
progress bar with an estimate of the time left. The bar is part of the image,
not a widget: a widget needs a live front end, and a headless run would save
its state in the notebook.

Redraws are cheap, so the training loop hardly notices them: the figure, its
axes and its lines are made once per kernel and reused; the axes (ticks,
labels, legend) are drawn once per set of axis limits and kept as a
background image, so a redraw only pastes that background and draws the two
lines on it (blitting); the limits change rarely (the x axis grows tenfold at
a time, or is fixed by `epochs`; the y axis starts at 0); Pillow writes the
changing text and fills the bar; and the PNG is encoded with fast compression.

Outside Jupyter (a plain Python script) it prints a line of text instead.
"""
import base64
import io
import math
import os
import time

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from PIL import Image, ImageDraw, ImageFont

MIN_REDRAW_INTERVAL = 0.3
"""Seconds between two redraws at least. A redraw takes about 4 ms, so with
redraws requested every 50 epochs the plot moves about 3 times a second and
drawing takes a few percent of the time."""

MAX_REDRAW_INTERVAL = 1.0
"""Seconds after which a requested redraw always happens, whatever the two
shares below say: even on a busy machine the plot moves once a second."""

MAX_DRAWING_SHARE = 0.1
"""At most this share of the (wall-clock) time goes to drawing, even on a slow
machine: a redraw request that comes too soon after the last one is skipped."""

MAX_CPU_SHARE = 0.05
"""At most this share of the kernel's CPU time goes to drawing. On a busy
machine the training gets less CPU per second, so redrawing by the clock
alone would make the plot a bigger share of the work; this rule spaces the
redraws out instead (up to MAX_REDRAW_INTERVAL)."""

PNG_COMPRESSION = 1
"""zlib level for the PNG (0-9): 1 is several times faster than matplotlib's
default and makes the image only about 10% larger."""

FIRST_X_LIMIT = 100
"""Without `epochs`, the x axis first reaches this far and grows tenfold when the
training gets there."""

BAR_COLOUR = "#2ca02c"
"""The filled part of the progress bar (matplotlib's green)."""

FIGURE_INCHES, DPI = (6.4, 4.0), 72
"""The picture's size: 460 x 288 pixels."""

TEXT_PIXELS = 10
"""The size of the title and of the bar's label (matplotlib's 10 points at 72 dpi)."""

TITLE_GAP = 0.02
"""Between the top of the axes and the title's lowest point, as a fraction of the figure's height."""

BAR_LEFT, BAR_BOTTOM, BAR_WIDTH, BAR_HEIGHT = 0.125, 0.93, 0.45, 0.035
"""Where the progress bar is, in fractions of the figure (from its bottom left corner)."""

LABEL_GAP_PIXELS = 8
"""Between the bar's right end and its label."""

BACKGROUNDS_KEPT = 8
"""How many drawn backgrounds (one per set of axis limits) a picture keeps."""

_current_plot = None
"""The plot that add_loss_to_plot() and finish_loss_plot() update."""

_pictures = {}
"""{with_progress: _Picture}: the figures, made once per kernel and reused."""


def _in_jupyter():
    """True when running in a Jupyter kernel, which can show images."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _nice_ceiling(value):
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of 10) >= value > 0."""
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10 * power


def _x_limit(epochs_seen, epochs):
    """Where the x axis ends: at `epochs` when known, else the first FIRST_X_LIMIT * 10**k that fits."""
    if epochs is not None and epochs_seen <= epochs:
        return epochs
    limit = FIRST_X_LIMIT
    while limit < epochs_seen:
        limit *= 10
    return limit


def _final_x_limit(epochs_seen, epochs):
    """The x axis of the final picture: as while training, unless the curves would fill less than half."""
    limit = _x_limit(epochs_seen, epochs)
    if epochs is None and epochs_seen < limit / 2:
        limit = _nice_ceiling(max(epochs_seen, 1))
    return limit


def _seconds_text(seconds):
    """A duration in plain words: '3 s', '2 min'."""
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"


class _Picture:
    """The figure, its artists and its drawn backgrounds, reused by every LossPlot.

    Matplotlib draws the axes once per set of limits (the background) and the
    two lines on every redraw. The text that changes on every redraw (the
    title and the bar's label) and the bar's filling are drawn with Pillow on
    the finished image: matplotlib renders text glyph by glyph, which took
    half of each redraw.

    with_progress: leave room above the axes for a progress bar and its label.
    """

    def __init__(self, with_progress):
        self.figure = Figure(figsize=FIGURE_INCHES, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        if with_progress:
            self.figure.subplots_adjust(top=0.82)
        self.axes = self.figure.add_subplot()
        (self.train_line,) = self.axes.plot([], [], label="train loss")
        (self.val_line,) = self.axes.plot([], [], label="validation loss")
        self.axes.set_xlabel("epoch")
        self.axes.set_ylabel("loss")
        self.axes.grid(True, alpha=0.3)
        self.axes.legend(loc="upper right")
        # The lines are drawn on every redraw, on top of the kept background.
        for line in (self.train_line, self.val_line):
            line.set_animated(True)
        self.bar = None
        if with_progress:
            self.figure.add_artist(Rectangle(
                (BAR_LEFT, BAR_BOTTOM), BAR_WIDTH, BAR_HEIGHT, transform=self.figure.transFigure,
                facecolor="#e6e6e6", edgecolor="#999999", linewidth=0.8,
            ))
            self.bar = self._pixels(BAR_LEFT, BAR_BOTTOM + BAR_HEIGHT, BAR_LEFT + BAR_WIDTH, BAR_BOTTOM)
        self.font = ImageFont.truetype(font_manager.findfont(FontProperties()), TEXT_PIXELS)
        self.backgrounds = {}
        self.drew_background = False
        """Whether the last show_losses also drew the axes (a slower redraw)."""

    def _pixels(self, left, top, right, bottom):
        """A box given in figure fractions (from the bottom) as whole pixels (from the top)."""
        width, height = self.canvas.get_width_height()
        # Halves round up, as where matplotlib draws the bar's frame (round() would round 264.5 to 264).
        return tuple(math.floor(value + 0.5) for value in
                     (left * width, (1 - top) * height, right * width, (1 - bottom) * height))

    def show_losses(self, train_losses, val_losses, x_limit, y_limit, title, progress=None):
        """Draw the state; returns it as an RGB PIL Image of FIGURE_INCHES * DPI pixels.

        train_losses, val_losses: lists of floats, one per epoch.
        x_limit, y_limit: where the axes end (they start at 0).
        title: the line of text above the axes.
        progress: None, or (fraction done in [0, 1], label text) for the bar.
        """
        limits = (x_limit, y_limit)
        background = self.backgrounds.get(limits)
        self.drew_background = background is None
        if background is None:
            self.axes.set_xlim(0, x_limit)
            self.axes.set_ylim(0, y_limit)
            self.canvas.draw()  # everything but the animated lines
            background = self.canvas.copy_from_bbox(self.figure.bbox)
            if len(self.backgrounds) >= BACKGROUNDS_KEPT:
                self.backgrounds.clear()
            self.backgrounds[limits] = background
        elif self.axes.get_xlim() != (0, x_limit) or self.axes.get_ylim() != (0, y_limit):
            self.axes.set_xlim(0, x_limit)
            self.axes.set_ylim(0, y_limit)
        self.canvas.restore_region(background)
        epochs = range(len(train_losses))
        # A single epoch is a single point: show it as a dot, not as an empty line.
        marker = "o" if len(epochs) == 1 else ""
        renderer = self.canvas.get_renderer()
        for line, losses in ((self.train_line, train_losses), (self.val_line, val_losses)):
            line.set_data(epochs, losses)
            line.set_marker(marker)
            line.draw(renderer)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        image = image.convert("RGB")
        draw = ImageDraw.Draw(image)
        axes_box = self.axes.get_position()
        title_at = self._pixels(axes_box.x0, axes_box.y1 + TITLE_GAP, axes_box.x1, axes_box.y1)
        draw.text(((title_at[0] + title_at[2]) / 2, title_at[1]), title, fill="black",
                  font=self.font, anchor="md")
        if self.bar is not None:
            fraction, label = progress
            left, top, right, bottom = self.bar
            if fraction > 0:
                filled_to = left + round((right - left) * fraction)
                draw.rectangle((left + 1, top + 1, max(left + 1, filled_to - 1), bottom - 1), fill=BAR_COLOUR)
            draw.text((right + LABEL_GAP_PIXELS, (top + bottom) / 2), label, fill="black",
                      font=self.font, anchor="lm")
        return image


def _picture(with_progress):
    """The kernel's picture of that kind, made the first time it is needed."""
    if with_progress not in _pictures:
        _pictures[with_progress] = _Picture(with_progress)
    return _pictures[with_progress]


class LossPlot:
    """The train and validation loss per epoch, shown as a picture that updates in place.

    epochs: how many epochs the loop will run, or None if it does not say;
        with a number, the picture has a progress bar and the time left.
    """

    def __init__(self, epochs=None):
        if epochs is not None and (isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1):
            raise ValueError(f"epochs must be a whole number of epochs, 1 or more, not {epochs!r}.")
        self.epochs = epochs
        self.train_losses = []
        self.val_losses = []
        self.in_jupyter = _in_jupyter()
        self._started = time.perf_counter()
        self._highest_loss = 0.0
        self._last_redraw_end = None
        self._last_redraw_seconds = 0.0
        self._mean_redraw_seconds = 0.0
        self._last_redraw_cpu_end = None
        self._mean_redraw_cpu_seconds = 0.0
        self._typical_redraws = 0
        self._handle = None
        self.redraw_times = []
        """perf_counter() at the end of each redraw (for the benchmark's redraw rate)."""
        self.drawing_seconds = 0.0
        """The time all redraws took together (for the benchmark)."""
        self.unwatched = "NBGRADER_EXECUTION" in os.environ
        """While nbgrader autogrades nobody watches: only the final picture is drawn."""

    def add(self, train_loss, val_loss, redraw):
        """Record one epoch's losses; redraw the plot if `redraw` is true and it is time."""
        train_loss, val_loss = float(train_loss), float(val_loss)
        self.train_losses.append(train_loss)
        self.val_losses.append(val_loss)
        for loss in (train_loss, val_loss):
            if loss > self._highest_loss and math.isfinite(loss):
                self._highest_loss = loss
        if redraw and not self.unwatched and not self._redrawn_recently():
            self.redraw()

    def _redrawn_recently(self):
        """True if a redraw now would come too soon after the last one.

        Too soon: less than MIN_REDRAW_INTERVAL ago; or drawing would take more
        than MAX_DRAWING_SHARE of the time or, until MAX_REDRAW_INTERVAL has
        passed, more than MAX_CPU_SHARE of the kernel's CPU time. A redraw's
        cost is the mean of the typical ones so far (0 before the first): a
        redraw that also drew the axes, such as the first in a kernel, is not.
        """
        if self._last_redraw_end is None:
            return False
        since_last = time.perf_counter() - self._last_redraw_end
        wanted_gap = max(MIN_REDRAW_INTERVAL, self._mean_redraw_seconds * (1 / MAX_DRAWING_SHARE - 1))
        if since_last < wanted_gap:
            return True
        if since_last >= MAX_REDRAW_INTERVAL:
            return False
        cpu_since_last = time.process_time() - self._last_redraw_cpu_end
        return self._mean_redraw_cpu_seconds > MAX_CPU_SHARE * cpu_since_last

    def status(self, finished=False):
        """One line of text: the latest epoch and both losses (and how many epochs in all)."""
        if not self.train_losses:
            return "no epochs recorded"
        epoch = len(self.train_losses) - 1
        if finished:
            what = f"finished after {epoch + 1} epochs"
        elif self.epochs is not None:
            what = f"epoch {epoch} of {self.epochs}"
        else:
            what = f"epoch {epoch}"
        return (
            f"{what}: train loss {self.train_losses[-1]:.4f}, "
            f"validation loss {self.val_losses[-1]:.4f}"
        )

    def progress(self, finished=False):
        """(fraction of the epochs done, e.g. 0.41; '41%, about 3 s left'), or None without epochs."""
        if self.epochs is None:
            return None
        done = len(self.train_losses)
        fraction = min(1.0, done / self.epochs)
        elapsed = time.perf_counter() - self._started
        if finished or done >= self.epochs:
            return fraction, f"{done} of {self.epochs} epochs in {_seconds_text(elapsed)}"
        if done == 0:
            return fraction, "0%"
        left = elapsed / done * (self.epochs - done)
        return fraction, f"{100 * fraction:.0f}%, about {_seconds_text(left)} left"

    def redraw(self, finished=False):
        """Show the current state: the image in Jupyter, a text line elsewhere."""
        start, cpu_start = time.perf_counter(), time.process_time()
        typical = True
        if self.in_jupyter:
            typical = self._draw(finished)
        else:
            progress = self.progress(finished)
            if progress is None or finished:
                print(self.status(finished), flush=True)
            else:
                print(f"{self.status()} ({progress[1]})", flush=True)
        self._last_redraw_end = time.perf_counter()
        self._last_redraw_seconds = self._last_redraw_end - start
        self._last_redraw_cpu_end = time.process_time()
        if typical:
            # The mean of the typical redraws is what the next one will cost; a redraw
            # that drew the axes (the first with new limits) is not typical.
            self._typical_redraws += 1
            share = 1 / self._typical_redraws
            self._mean_redraw_seconds += share * (self._last_redraw_seconds - self._mean_redraw_seconds)
            cpu_seconds = self._last_redraw_cpu_end - cpu_start
            self._mean_redraw_cpu_seconds += share * (cpu_seconds - self._mean_redraw_cpu_seconds)
        self.redraw_times.append(self._last_redraw_end)
        self.drawing_seconds += self._last_redraw_seconds

    def _draw(self, finished):
        """Draw and show the picture; returns False if it also drew the axes (not a typical redraw)."""
        seen = len(self.train_losses)
        x_limit = (_final_x_limit if finished else _x_limit)(max(seen - 1, 1), self.epochs)
        y_limit = _nice_ceiling(self._highest_loss * 1.05) if self._highest_loss > 0 else 1.0
        status = self.status(finished)
        picture = _picture(with_progress=self.epochs is not None)
        image = picture.show_losses(
            self.train_losses, self.val_losses, x_limit, y_limit, status, self.progress(finished)
        )
        self._show(image, status)
        return not picture.drew_background

    def _show(self, image, status):
        """Show the image as a PNG, with the status line as its text version."""
        from IPython.display import display

        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=PNG_COMPRESSION)
        png = base64.b64encode(buffer.getvalue()).decode("ascii")
        output = {"image/png": png, "text/plain": status}
        if self._handle is None:
            self._handle = display(output, raw=True, display_id=True)
        else:
            self._handle.update(output, raw=True)

    def finish(self):
        """Draw the final state, whatever redraws were skipped."""
        self.redraw(finished=True)


def init_loss_plot(epochs=None):
    """Start a new, empty loss plot. Call it once before the training loop.

    epochs: optional, how many epochs the loop will run, e.g. init_loss_plot(epochs=1000);
        then the plot shows a progress bar with the time left.
    """
    global _current_plot
    _current_plot = LossPlot(epochs)
    return None


def add_loss_to_plot(train_loss, val_loss, redraw):
    """Add one epoch's train and validation loss to the plot.

    train_loss, val_loss: numbers (floats or 0-d arrays).
    redraw: if true, update the picture now. Drawing takes time, so redraw
    every few epochs, not every epoch; a request that comes less than
    MIN_REDRAW_INTERVAL seconds after the last redraw is skipped.
    """
    if _current_plot is None:
        raise RuntimeError("Call init_loss_plot() before add_loss_to_plot().")
    _current_plot.add(train_loss, val_loss, redraw)


def finish_loss_plot():
    """Draw the final plot with every epoch. Call it after the training loop."""
    if _current_plot is None:
        raise RuntimeError("Call init_loss_plot() before finish_loss_plot().")
    _current_plot.finish()
