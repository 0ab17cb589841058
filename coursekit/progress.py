"""How far grading is: hand-ins done of the total, the rate and the time left.

On a terminal a tqdm bar sits under the hand-ins' own lines; when the output
is not a terminal (a log file, CI) every hand-in's line is followed by a plain
line with the same figures. Local and cluster runs use the same Progress.
"""
import sys
import time

from tqdm import tqdm

BAR_FORMAT = "{n_fmt}/{total_fmt} hand-ins {bar} {rate_fmt}, {remaining} left"
"""The bar's text: done/total, the bar, hand-ins per second, the time left."""


def plain_line(done, total, seconds):
    """The figures as a sentence, e.g. '12 of 40 hand-ins graded, 0.48 a second, about 1 min 19 s left'."""
    line = f"{done} of {total} hand-ins graded"
    if done and seconds > 0:
        rate = done / seconds
        line += f", {rate:.2f} a second, about {duration(round((total - done) / rate))} left"
    return line


def duration(seconds):
    """'45 s', '3 min 5 s', '2 h 4 min' for a number of seconds."""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


class Progress:
    """The progress of grading `total` hand-ins, written to `stream` (default: standard output).

    Use it in a `with` block; call done(line) once per finished hand-in with
    that hand-in's line, note(line) for other lines.
    """

    def __init__(self, total, stream=None, terminal=None):
        self.total = total
        self.stream = stream or sys.stdout
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.count = 0
        self.start = time.monotonic()
        self.bar = None
        if self.terminal and total:
            self.bar = tqdm(total=total, file=self.stream, bar_format=BAR_FORMAT, unit="",
                            dynamic_ncols=True, leave=False)

    def note(self, line):
        """Write a line above the bar."""
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def done(self, line):
        """One more hand-in finished: write its line and the figures."""
        self.count += 1
        self.note(line)
        if self.bar is not None:
            self.bar.update(1)
            self.bar.refresh()  # hand-ins take seconds: show every one
        else:
            print("  " + plain_line(self.count, self.total, time.monotonic() - self.start),
                  file=self.stream, flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
