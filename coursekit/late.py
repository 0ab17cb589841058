"""The late policy: nbgrader's late-penalty plugin with the course's rules, and how late each hand-in was.

nbgrader's autograde pipeline ends with its AssignLatePenalties step. For a
hand-in whose timestamp is after its due date (with the student's extension,
coursekit.deadlines), that step asks its plugin for a penalty in points and
stores it in the gradebook (SubmittedNotebook.late_submission_penalty);
nbgrader's own score stays the raw score. nbgrader_config.py makes
LatePenalty that plugin:

    c.AssignLatePenalties.plugin_class = "coursekit.late.LatePenalty"
    c.LatePenalty.method = "per_day"      # or "none" (the default), "zero_after"
    c.LatePenalty.per_day = 0.1           # a tenth of the exercise's points per day late
    c.LatePenalty.max_penalty = 0.5       # at most half of them
    c.LatePenalty.zero_after_days = 7     # 0 points when more than 7 days late
    c.LatePenalty.grace_minutes = 5       # up to 5 minutes late counts as on time

read_lateness() reads back, for the grade table and the summary, how late a
hand-in was, its raw score, the penalty and the final score.
"""
import math
from dataclasses import dataclass

from nbgrader.api import MissingEntry
from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Enum, Float

DAY = 24 * 60 * 60


class LatePenalty(LateSubmissionPlugin):
    """The course's late policy, as nbgrader's late-submission plugin."""

    method = Enum(
        ("none", "per_day", "zero_after"),
        default_value="none",
        help="What a late hand-in costs. 'none': nothing (late hand-ins are only reported). "
             "'per_day': `per_day` of the exercise's points for every day or part of a day late, at "
             "most `max_penalty` of them (and 0 points beyond `zero_after_days`, when set). "
             "'zero_after': 0 points when more than `zero_after_days` days late, nothing before.",
    ).tag(config=True)

    per_day = Float(0.1, help="Share of the exercise's points taken per day late (method 'per_day').").tag(
        config=True)

    max_penalty = Float(1.0, help="The most a late hand-in loses, as a share of the exercise's points "
                                  "(method 'per_day').").tag(config=True)

    zero_after_days = Float(0, help="A hand-in more than this many days late gets 0 points (method "
                                    "'zero_after'; with 'per_day' when above 0).").tag(config=True)

    grace_minutes = Float(0, help="A hand-in at most this many minutes late counts as on time.").tag(
        config=True)

    def counted_seconds(self, seconds_late):
        """The seconds late that count: after the grace minutes; 0 within them."""
        if seconds_late <= self.grace_minutes * 60:
            return 0.0
        return float(seconds_late)

    def penalty(self, seconds_late, score, max_score):
        """The points a hand-in `seconds_late` late loses (0 when none), at most its score.

        seconds_late: past the due date, extension included; score: its raw score;
        max_score: the exercise's maximum.
        """
        seconds = self.counted_seconds(seconds_late)
        if seconds <= 0 or self.method == "none":
            return 0.0
        if self.zero_after_days > 0 or self.method == "zero_after":
            if seconds > self.zero_after_days * DAY:
                return float(score)
        if self.method == "per_day":
            days = math.ceil(seconds / DAY)
            share = min(self.per_day * days, self.max_penalty)
            return round(min(float(score), share * float(max_score)), 6)
        return 0.0

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        """nbgrader's hook (called by AssignLatePenalties for a late notebook): the penalty, or None."""
        max_score = self._max_score()
        penalty = self.penalty(total_seconds_late, score, score if max_score is None else max_score)
        return penalty or None

    def _max_score(self):
        """The maximum of the notebook being graded, from the AssignLatePenalties step that made this plugin."""
        step = self.parent
        try:
            with_gradebook = step.gradebook
            notebook = with_gradebook.find_notebook(step.notebook_id, step.assignment_id)
        except (AttributeError, MissingEntry):
            return None
        return notebook.max_score


@dataclass(frozen=True)
class Lateness:
    """How late one hand-in was and what it cost.

    seconds_late: past the due date for this student (extension included);
    counted: False when within the grace minutes; extension: the student's
    extension (a timedelta) or None; raw_score, penalty, final_score: points.
    """

    student: str
    exercise: str
    seconds_late: float
    counted: bool
    extension: object
    raw_score: float
    penalty: float
    final_score: float


def read_lateness(gradebook, exercise, student, policy):
    """The Lateness of one graded hand-in, or None when it was on time or has no timestamp.

    gradebook: an open nbgrader Gradebook; policy: a LatePenalty (for the grace minutes).
    """
    try:
        submission = gradebook.find_submission(exercise, student)
    except MissingEntry:
        return None
    seconds = submission.total_seconds_late
    if not seconds:
        return None
    penalty = float(submission.late_submission_penalty or 0)
    raw = float(submission.score or 0)
    return Lateness(student, exercise, seconds, policy.counted_seconds(seconds) > 0, submission.extension,
                    raw, penalty, raw - penalty)


def describe_duration(seconds):
    """A duration in words: '2 days 3 hours', '5 hours 10 minutes', '3 minutes', '20 seconds'."""
    seconds = int(round(seconds))
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    if not words:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return " ".join(words[:2])
