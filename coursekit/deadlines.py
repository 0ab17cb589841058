"""Due dates and extensions: the course's settings, written into nbgrader's gradebook.

In nbgrader_config.py:

    c.Deadlines.timezone = "Europe/Amsterdam"
    c.Deadlines.due_dates = {"ex1_building_blocks": "2026-10-05 23:59",
                             "ex3_backpropagation": "2026-11-02 23:59"}
    c.Deadlines.extensions = {"bob": {"ex3_backpropagation": "2 days"}}

nbgrader keeps a due date per assignment (Assignment.duedate, shown by the
formgrader) and an extension per student and assignment
(SubmittedAssignment.extension); it works out how late a hand-in is from
those and the hand-in's timestamp.txt (SubmittedAssignment.total_seconds_late),
and its AssignLatePenalties step asks the late-penalty plugin
(coursekit.late.LatePenalty) for the penalty. This module only puts the
course's settings into the gradebook: write_due_dates() before grading,
apply_extension() before each hand-in is autograded.

Times are stored as nbgrader stores them: naive datetimes in UTC.
"""
import datetime
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateutil.parser
from nbgrader.api import MissingEntry
from traitlets import Dict, Unicode
from traitlets.config import Configurable

_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(weeks?|days?|hours?|minutes?)\s*", re.IGNORECASE)


class DeadlineError(ValueError):
    """A due date or extension in the settings cannot be read; the message says which and why."""


class Deadlines(Configurable):
    """The course's due dates and extensions (set in nbgrader_config.py)."""

    due_dates = Dict(
        {},
        help="The due date of each exercise: {exercise: 'YYYY-MM-DD HH:MM'}, in `timezone` unless the "
             "text gives its own offset (e.g. '2026-10-05T23:59+02:00'). An exercise without one has "
             "no deadline.",
    ).tag(config=True)

    extensions = Dict(
        {},
        help="Extensions per student and exercise: {student: {exercise: extension}}. An extension is "
             "a duration ('2 days', '36 hours', '90 minutes', or a number of days) or a new due date "
             "('2026-10-07 23:59') for that student.",
    ).tag(config=True)

    timezone = Unicode(
        "",
        help="The time zone of the due dates, e.g. 'Europe/Amsterdam' (an IANA name). Empty: the "
             "grading machine's local time zone.",
    ).tag(config=True)

    def zone(self):
        """The tzinfo of `timezone` (the machine's local zone when empty)."""
        if not self.timezone:
            return datetime.datetime.now().astimezone().tzinfo
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise DeadlineError(f"c.Deadlines.timezone = {self.timezone!r} is not a time zone "
                                f"(use a name such as 'Europe/Amsterdam'): {error}") from None

    def due_date(self, exercise):
        """The due date of `exercise` as a naive UTC datetime, or None."""
        text = self.due_dates.get(exercise)
        if text is None:
            return None
        zone = self.zone()
        try:
            return to_utc(text, zone)
        except ValueError:
            raise DeadlineError(f"c.Deadlines.due_dates[{exercise!r}] = {text!r} is not a date and time "
                                "(write it as 'YYYY-MM-DD HH:MM')") from None

    def extension(self, student, exercise):
        """The extension of `student` for `exercise` as a timedelta, or None."""
        value = self.extensions.get(student, {}).get(exercise)
        if value is None:
            return None
        if isinstance(value, (int, float)):
            return datetime.timedelta(days=value)
        match = _DURATION.fullmatch(str(value))
        if match:
            unit = match.group(2).lower().rstrip("s") + "s"
            return datetime.timedelta(**{unit: float(match.group(1))})
        due = self.due_date(exercise)
        where = f"c.Deadlines.extensions[{student!r}][{exercise!r}] = {value!r}"
        zone = self.zone()
        try:
            new_due = to_utc(str(value), zone)
        except ValueError:
            raise DeadlineError(f"{where} is neither a duration ('2 days') nor a date "
                                "('YYYY-MM-DD HH:MM')") from None
        if due is None:
            raise DeadlineError(f"{where}: {exercise} has no due date in c.Deadlines.due_dates")
        return new_due - due

    def check(self, exercises):
        """Raise DeadlineError for any setting that cannot be read or names no exercise of the course."""
        for exercise in self.due_dates:
            if exercise not in exercises:
                raise DeadlineError(f"c.Deadlines.due_dates names {exercise!r}, which is not an exercise "
                                    f"of this course ({', '.join(exercises)})")
            self.due_date(exercise)
        for student, given in self.extensions.items():
            if not isinstance(given, dict):
                raise DeadlineError(f"c.Deadlines.extensions[{student!r}] must be {{exercise: extension}}")
            for exercise in given:
                if exercise not in exercises:
                    raise DeadlineError(f"c.Deadlines.extensions[{student!r}] names {exercise!r}, which is "
                                        "not an exercise of this course")
                self.extension(student, exercise)


def to_utc(text, zone):
    """Read a date and time; a time without an offset is in `zone`. Returns a naive UTC datetime.

    Raises ValueError when the text is no date.
    """
    try:
        moment = dateutil.parser.parse(str(text))
    except (ValueError, OverflowError) as error:
        raise ValueError(str(error)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def write_due_dates(gradebook, deadlines, exercises):
    """Put each exercise's due date (or none) into nbgrader's gradebook, where the formgrader shows it.

    gradebook: an open nbgrader Gradebook. Only exercises the gradebook knows are touched.
    """
    for exercise in exercises:
        try:
            assignment = gradebook.find_assignment(exercise)
        except MissingEntry:
            continue
        due = deadlines.due_date(exercise)
        if assignment.duedate != due:
            assignment.duedate = due
            gradebook.db.commit()


def apply_extension(gradebook, deadlines, student, exercise):
    """Give `student` the configured extension for `exercise` in nbgrader's gradebook (or remove one).

    Creates the student and the submission entry if needed, so that nbgrader's
    autograde, which keeps an existing entry, works out lateness with it.
    """
    gradebook.update_or_create_student(student)
    gradebook.update_or_create_submission(exercise, student)
    extension = deadlines.extension(student, exercise)
    submission = gradebook.find_submission(exercise, student)
    if submission.extension != extension:
        submission.extension = extension
        gradebook.db.commit()
