"""The term's clock while grading: due dates, extensions, hand-in times and lateness, per course.

Grading calls these around nbgrader's autograde (coursekit.grading):
write_due_dates() once before a run, prepare_handin() before each hand-in,
timestamp_problems() when it inspects a hand-in; the grade table and the
summary call late_handins() and timed() (coursekit.report).
"""
import json

from coursekit import deadlines as _deadlines
from coursekit.late import LatePenalty
from coursekit.stamps import STAMP
from coursekit.timestamps import TIMESTAMP_FILE, read_timestamp

CLOCK = "clock"
"""The key under which the resume stamp (coursekit.stamps) also keeps clock_inputs()."""


def settings(course):
    """The course's Deadlines (due dates, extensions) from its nbgrader_config.py."""
    return _deadlines.Deadlines(config=course.config)


def policy(course):
    """The course's LatePenalty (the late policy) from its nbgrader_config.py."""
    return LatePenalty(config=course.config)


def write_due_dates(course):
    """Check the course's deadline settings and put the due dates into the gradebook.

    Raises coursekit.deadlines.DeadlineError (a ValueError) for a setting that cannot be read.
    """
    deadlines = settings(course)
    deadlines.check(course.exercises)
    with course.gradebook() as gradebook:
        _deadlines.write_due_dates(gradebook, deadlines, course.exercises)


def prepare_handin(course, student, exercise):
    """Before autograding one hand-in: its time and the student's extension into the gradebook.

    The time is set here too (None without a readable timestamp.txt): nbgrader
    sets it only from a readable file, and would keep an old one otherwise.
    """
    moment, _ = read_timestamp(course.folder("submitted", student, exercise))
    with course.gradebook() as gradebook:
        _deadlines.apply_extension(gradebook, settings(course), student, exercise)
        submission = gradebook.find_submission(exercise, student)
        if submission.timestamp != moment:
            submission.timestamp = moment
            gradebook.db.commit()


def timestamp_problems(course, student, exercise):
    """[Problem] when the hand-in's timestamp.txt cannot be read, else []."""
    _, problem = read_timestamp(course.folder("submitted", student, exercise))
    return [problem] if problem else []


def timed(course, handins):
    """How many of the (student, exercise) hand-ins have a readable time (timestamp.txt)."""
    return sum(1 for student, exercise in handins
               if read_timestamp(course.folder("submitted", student, exercise))[0] is not None)


def clock_inputs(course, student, exercise):
    """What a hand-in's lateness and penalty depend on: its time, due date, extension and the policy."""
    moment, _ = read_timestamp(course.folder("submitted", student, exercise))
    deadlines, rules = settings(course), policy(course)
    return {
        "time": str(moment), "due": str(deadlines.due_date(exercise)),
        "extension": str(deadlines.extension(student, exercise)),
        "policy": {name: getattr(rules, name) for name in sorted(rules.trait_names(config=True))},
    }


def remember_clock(course, student, exercise):
    """Keep clock_inputs() in the hand-in's resume stamp, once it is graded completely."""
    stamp = course.folder("autograded", student, exercise) / STAMP
    try:
        content = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return
    content[CLOCK] = clock_inputs(course, student, exercise)
    stamp.write_text(json.dumps(content))


def clock_changed(course, student, exercise):
    """True if the hand-in's time, due date, extension or the late policy changed since it was graded.

    Such a hand-in is graded again even when the notebook is the same (nbgrader sets the
    penalty while it autogrades).
    """
    stamp = course.folder("autograded", student, exercise) / STAMP
    try:
        remembered = json.loads(stamp.read_text()).get(CLOCK)
    except (OSError, ValueError, AttributeError):
        return True
    return remembered != json.loads(json.dumps(clock_inputs(course, student, exercise)))


__all__ = ["TIMESTAMP_FILE", "clock_changed", "clock_inputs", "policy", "prepare_handin", "remember_clock",
           "settings", "timed", "timestamp_problems", "write_due_dates"]
