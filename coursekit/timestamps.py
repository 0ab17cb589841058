"""When a hand-in was handed in: nbgrader's timestamp.txt, and LMS submission-times files.

nbgrader reads the time of a hand-in from submitted/<student>/<exercise>/timestamp.txt,
which its exchange writes on `nbgrader submit` and copies on `nbgrader collect`
(for example "2026-10-05 23:58:12.345678 UTC"). A hand-in without one has
no time, so it is never late.

For hand-ins downloaded from an LMS, `python -m coursekit import --times FILE`
writes timestamp.txt beside each hand-in from the LMS's own record of the
submission times:

- Moodle: the assignment's grading worksheet (View all submissions ->
  Download grading worksheet, with "Offline grading worksheet" switched on
  under Feedback types). It is a CSV with the columns "Identifier"
  ("Participant 12345", the number in the download's folder names
  "Jane Smith_12345_assignsubmission_file") and "Last modified (submission)"
  (for example "Monday, 5 October 2026, 11:59 PM", in the teacher's time zone).
- Canvas: its gradebook export has no submission times. Canvas's Submissions
  API has them: open
  https://<canvas>/api/v1/courses/<course>/assignments/<assignment>/submissions?per_page=100
  in the browser while logged in and save the page: a JSON list with
  "user_id" (the number after the student's name in the download's file
  names, smithjane_4421_99813_...) and "submitted_at" (ISO 8601, UTC).

A times entry belongs to a hand-in whose student id is its key, or whose
file name in the download holds the key between underscores (_12345_).

A timestamp.txt that cannot be read is reported (Kind.UNREADABLE_TIMESTAMP)
and the hand-in is graded without a time; nbgrader itself would stop.
"""
import csv
import json
import re

from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc

from coursekit.deadlines import to_utc
from coursekit.results import Kind, Problem

TIMESTAMP_FILE = "timestamp.txt"
"""nbgrader's name for the file that holds a hand-in's time."""

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
"""How the kit writes timestamp.txt: nbgrader's exchange format (ExchangeSubmit.timestamp_format), in UTC."""

MOODLE_ID = "Identifier"
MOODLE_SUBMITTED = "Last modified (submission)"
MOODLE_PARTICIPANT = re.compile(r"\D*(\d+)\s*$")


class TimesFileError(ValueError):
    """A submission-times file is not one the kit knows; the message says what it expected."""


def read_timestamp(folder):
    """The time in folder/timestamp.txt as a naive UTC datetime, or None; and a Problem or None.

    Returns (None, None) when there is no file or it is empty (nbgrader's rule:
    no time), (None, Problem) when it cannot be read.
    """
    path = folder / TIMESTAMP_FILE
    if not path.is_file():
        return None, None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        return None, Problem(Kind.UNREADABLE_TIMESTAMP, detail=f"{TIMESTAMP_FILE}: {error}")
    if not text:
        return None, None
    try:
        return parse_utc(text), None
    except (ValueError, OverflowError, TypeError):
        shown = text if len(text) <= 40 else text[:40] + "..."
        return None, Problem(Kind.UNREADABLE_TIMESTAMP, detail=f"{TIMESTAMP_FILE} says {shown!r}")


def write_timestamp(folder, moment):
    """Write folder/timestamp.txt for a naive UTC datetime, as nbgrader's exchange does."""
    (folder / TIMESTAMP_FILE).write_text(moment.strftime(TIMESTAMP_FORMAT) + "\n", encoding="utf-8")


class TolerantCourseDirectory(CourseDirectory):
    """nbgrader's CourseDirectory, except that an unreadable timestamp.txt means "no time".

    nbgrader's own stops the autograding of the hand-in ("Invalid timestamp
    string"); the kit reports it as a problem line instead (read_timestamp).
    """

    def get_existing_timestamp(self, dest_path):
        try:
            return super().get_existing_timestamp(dest_path)
        except Exception:  # nbgrader's self.fail(): an unreadable file, already reported by the kit
            self.log.warning("Unreadable timestamp in %s; graded without a time", dest_path)
            return None


def read_times_file(path, zone):
    """Read an LMS submission-times file: {key: naive UTC datetime}.

    path: a Moodle grading worksheet (CSV) or a Canvas Submissions API page (JSON).
    zone: the tzinfo of times without an offset (Moodle's are in the teacher's time zone).
    Returns (times, problems): problems are sentences for entries whose time cannot be read.
    Raises TimesFileError for a file of another kind.
    """
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith(("[", "{")):
        return _canvas_times(text, path)
    return _moodle_times(text, path, zone)


def _canvas_times(text, path):
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise TimesFileError(f"{path}: not valid JSON ({error})") from None
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "user_id" in e for e in entries):
        raise TimesFileError(f"{path}: expected Canvas's list of submissions (objects with "
                             "\"user_id\" and \"submitted_at\")")
    times, problems = {}, []
    for entry in entries:
        key, submitted = str(entry["user_id"]), entry.get("submitted_at")
        if not submitted:
            continue  # not submitted
        try:
            times[key] = parse_utc(submitted)
        except (ValueError, OverflowError, TypeError):
            problems.append(f"{path}: user {key}: submitted_at {submitted!r} is not a time")
    return times, problems


def _moodle_times(text, path, zone):
    rows = list(csv.DictReader(text.splitlines()))
    header = rows[0].keys() if rows else []
    if MOODLE_ID not in header or MOODLE_SUBMITTED not in header:
        raise TimesFileError(f"{path}: expected Moodle's grading worksheet (columns {MOODLE_ID!r} and "
                             f"{MOODLE_SUBMITTED!r}) or Canvas's submissions (JSON)")
    times, problems = {}, []
    for row in rows:
        match = MOODLE_PARTICIPANT.match(row[MOODLE_ID] or "")
        submitted = (row[MOODLE_SUBMITTED] or "").strip()
        if not match or submitted in ("", "-"):
            continue
        try:
            times[match.group(1)] = to_utc(submitted, zone)
        except ValueError:
            problems.append(f"{path}: {row[MOODLE_ID]}: {MOODLE_SUBMITTED} {submitted!r} is not a time")
    return times, problems


def time_of(times, student, file_name):
    """The time of a hand-in from `times`: by its student id, or by a key between underscores in its file name."""
    if student in times:
        return times[student]
    parts = set(re.split(r"[_/]", file_name))
    found = [times[key] for key in times if key in parts]
    return found[0] if len(found) == 1 else None


def import_times(course, placed, path, zone):
    """Write timestamp.txt beside each imported hand-in that has a time in the LMS file `path`.

    placed: (student, exercise, name in the download) per hand-in, from the import.
    zone: the tzinfo of times without an offset.
    Returns lines for the instructor: how many times were written, and which
    hand-ins have none or could not be read. Raises TimesFileError.
    """
    times, problems = read_times_file(path, zone)
    written, missing = 0, []
    for student, exercise, name in placed:
        moment = time_of(times, student, name)
        if moment is None:
            missing.append(f"{student} / {exercise}")
            continue
        write_timestamp(course.folder("submitted", student, exercise), moment)
        written += 1
    lines = [f"Submission times from {path}: {written} written to {TIMESTAMP_FILE}."]
    if missing:
        lines.append(f"No time in {path.name} for {len(missing)} hand-in(s), which count as on time: "
                     + ", ".join(missing))
    lines.extend(problems)
    return lines
