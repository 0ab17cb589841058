"""Feedback pages: nbgrader's generate_feedback for one hand-in, and a page for a hand-in not graded.

The pages hide the hidden tests: nbgrader_config.py puts
coursekit.preprocessors.hide_hidden_tests.HideHiddenTests into nbgrader's
feedback pipeline, which generate_feedback() here runs in-process.
"""
import html

from coursekit.course import last_error_line
from coursekit.results import Kind, Problem


def generate_feedback(course, student, exercise):
    """Write feedback/<student>/<exercise>/<exercise>.html for one autograded hand-in.

    Runs nbgrader's generate_feedback in this process, with the course's
    feedback pipeline. Returns None, or the Problem that says why there is
    no page.
    """
    result = course.api().generate_feedback(exercise, student, force=True)
    page = course.feedback_file(student, exercise)
    if not result["success"] or not page.is_file():
        log = result.get("error", "") + "\n" + result.get("log", "")
        return Problem(Kind.FEEDBACK_FAILED, detail=last_error_line(log))
    return None


NOT_GRADED_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{exercise}: not graded</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto;">
<h1>{exercise}: not graded</h1>
<p>Student: {student}</p>
<p>Your hand-in could not be graded: {reason}.</p>
<p>Please open your notebook in Jupyter, check that it shows your work, save it,
and hand in the file <code>{exercise}.ipynb</code> again.</p>
</body>
</html>
"""


def write_not_graded_feedback(course, student, exercise, reason):
    """Write a feedback page that tells the student why their hand-in was not graded."""
    page = course.feedback_file(student, exercise)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        NOT_GRADED_PAGE.format(
            exercise=html.escape(exercise), student=html.escape(student), reason=html.escape(reason)
        ),
        encoding="utf-8",
    )
