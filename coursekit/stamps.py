"""The resume stamp: which hand-ins were graded completely, so a new run can skip them.

A stamp is autograded/<student>/<exercise>/STAMP, a small JSON file with the
SHA-256 of the notebook that was graded. nbgrader_config.py lists STAMP in
CourseDirectory.ignore, so nbgrader never copies it into feedback/.
"""
import hashlib
import json

STAMP = ".coursekit-graded.json"
"""The stamp's file name, beside each graded notebook."""


def handin_hash(course, student, exercise):
    """The SHA-256 of a hand-in's notebook file, as hex."""
    return hashlib.sha256(course.notebook("submitted", student, exercise).read_bytes()).hexdigest()


def is_graded(course, student, exercise):
    """True if this very hand-in was graded completely before (and its feedback page is there)."""
    stamp = course.folder("autograded", student, exercise) / STAMP
    try:
        graded = json.loads(stamp.read_text())["sha256"]
        return graded == handin_hash(course, student, exercise) and course.feedback_file(student, exercise).is_file()
    except (OSError, ValueError, KeyError):
        return False


def write_stamp(course, student, exercise):
    """Record that the hand-in as it is now was graded completely."""
    stamp = course.folder("autograded", student, exercise) / STAMP
    stamp.write_text(json.dumps({"sha256": handin_hash(course, student, exercise)}))
