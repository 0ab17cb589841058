"""The class report's pictures, drawn with matplotlib: numbers in, PNG bytes out.

Each function draws on its own matplotlib Figure (never pyplot's global
state), renders it with the Agg backend and returns the PNG file's bytes,
which coursekit.classpage embeds in the page as a data URI.
"""
import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

WIDTH = 7.0
"""Width of every picture in inches (at DPI dots per inch)."""

DPI = 100

PASS_COLOUR = "#2b8a3e"
FAIL_COLOUR = "#c92a2a"
CLASS_COLOUR = "#1c7ed6"


def _png(figure):
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def score_histogram(scores, max_score, title):
    """How many students got each score: one bar per point from 0 to max_score.

    scores: the graded hand-ins' points. A large maximum is grouped into
    about 40 bars.
    """
    top = max_score or max(scores, default=1) or 1
    step = 1.0 if top <= 40 else math.ceil(top / 40)
    edges = [-step / 2 + step * k for k in range(int(top / step) + 2)]
    figure = Figure(figsize=(WIDTH, 2.6))
    axes = figure.add_subplot()
    axes.hist(scores, bins=edges, color=CLASS_COLOUR, edgecolor="white")
    axes.set_xlim(edges[0], edges[-1])
    axes.set_xlabel(f"points (of {top:g})")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def check_bars(checks, title):
    """The share of the class that passed each check, hardest at the top.

    checks: [(grade_id, share passed 0..1, graded hand-ins)], hardest first.
    """
    figure = Figure(figsize=(WIDTH, 0.8 + 0.32 * max(len(checks), 1)))
    axes = figure.add_subplot()
    names = [name for name, _, _ in checks][::-1]
    shares = [100 * (share or 0) for _, share, _ in checks][::-1]
    axes.barh(names, [100] * len(names), color=FAIL_COLOUR, alpha=0.25)
    bars = axes.barh(names, shares, color=PASS_COLOUR)
    for bar, share in zip(bars, shares):
        axes.text(min(share, 88) + 1, bar.get_y() + bar.get_height() / 2, f"{share:.0f}%", va="center",
                  fontsize=9, color="black")
    axes.set_xlim(0, 100)
    axes.set_xlabel("share of the graded hand-ins that passed (%)")
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=9)
    return _png(figure)


def development(exercises, percents):
    """How the class's points developed across the exercises.

    exercises: the exercise names in order. percents: {student: [percent
    of the maximum or None per exercise]}. Thin grey lines are students
    (gaps where they have no grade), the thick line the median, the band
    the middle half of the class.
    """
    figure = Figure(figsize=(WIDTH, 3.2))
    axes = figure.add_subplot()
    positions = list(range(len(exercises)))
    for values in percents.values():
        axes.plot(positions, [math.nan if v is None else v for v in values], color="grey", alpha=0.35,
                  linewidth=0.8, marker="o", markersize=2.5)
    medians, lows, highs = [], [], []
    for column in positions:
        values = sorted(v[column] for v in percents.values() if v[column] is not None)
        medians.append(quantile(values, 0.5))
        lows.append(quantile(values, 0.25))
        highs.append(quantile(values, 0.75))
    axes.fill_between(positions, lows, highs, color=CLASS_COLOUR, alpha=0.18, label="middle half of the class")
    axes.plot(positions, medians, color=CLASS_COLOUR, linewidth=2.5, marker="o", label="median")
    axes.set_xticks(positions, exercises, fontsize=9)
    axes.set_ylim(-3, 103)
    axes.set_ylabel("points (% of the maximum)")
    axes.set_title("The class's points, exercise by exercise", fontsize=11)
    axes.legend(loc="lower left", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def quantile(values, q):
    """The q-quantile of sorted `values` (linear between points), NaN when there are none."""
    if not values:
        return math.nan
    position = q * (len(values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)
