"""coursekit.progress: hand-ins done, total, rate and time left; a bar on a terminal, plain lines otherwise."""
import io

from coursekit import progress
from coursekit.progress import Progress, duration, plain_line


def test_duration_reads_in_seconds_minutes_and_hours():
    """Short times in seconds, longer ones in minutes and seconds, long ones in hours and minutes."""
    assert duration(45) == "45 s"
    assert duration(185) == "3 min 5 s"
    assert duration(7440) == "2 h 4 min"


def test_plain_line_gives_done_total_rate_and_time_left():
    """12 of 40 done in 24 s: 0.5 a second, so 28 more take 56 s."""
    assert plain_line(12, 40, 24.0) == "12 of 40 hand-ins graded, 0.50 a second, about 56 s left"


def test_plain_line_before_the_first_hand_in_has_no_rate():
    assert plain_line(0, 40, 3.0) == "0 of 40 hand-ins graded"


def test_without_a_terminal_each_hand_in_line_is_followed_by_the_figures(monkeypatch):
    """Not a terminal (a log file): the hand-in's own line, then a plain line with the figures; no bar."""
    clock = iter([100.0, 102.0, 104.0])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    out = io.StringIO()
    with Progress(2, stream=out, terminal=False) as meter:
        meter.note("Grading 2 hand-in(s) ...")
        meter.done("alice / ex1: 4 of 4 points")
        meter.done("bob / ex1: 2 of 4 points")
    assert out.getvalue().splitlines() == [
        "Grading 2 hand-in(s) ...",
        "alice / ex1: 4 of 4 points",
        "  1 of 2 hand-ins graded, 0.50 a second, about 2 s left",
        "bob / ex1: 2 of 4 points",
        "  2 of 2 hand-ins graded, 0.50 a second, about 0 s left",
    ]


def test_on_a_terminal_a_bar_shows_done_of_total_under_the_lines():
    """A terminal gets the hand-ins' lines and a bar with done/total and the time left."""
    out = io.StringIO()
    with Progress(3, stream=out, terminal=True) as meter:
        meter.done("alice / ex1: 4 of 4 points")
        shown = out.getvalue()
    assert "alice / ex1: 4 of 4 points\n" in shown
    assert "1/3 hand-ins" in shown and "left" in shown
