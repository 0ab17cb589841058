"""Feedback for students: which checks failed and why, without the hidden tests.

Stock `nbgrader generate_feedback` renders the autograded notebook, whose
test cells hold the hidden tests again (nbgrader puts them back to grade),
and whose error outputs quote those tests line by line in the traceback.
HideHiddenTests removes both before the page is rendered:

- the `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS` region of each
  cell becomes one comment line;
- in those cells, an error output keeps only its last line, for example
  "AssertionError: dw has shape (5, 4), but it must have shape the shape of w: (4, 5).",
  wrapped so it needs no scrolling.

The grade command passes FEEDBACK_PREPROCESSORS to nbgrader on the command
line. To make every `nbgrader generate_feedback` (formgrader's button too)
hide the tests, put the same list in nbgrader_config.py:

    c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
"""
import html
import textwrap

from nbgrader.preprocessors import ClearHiddenTests, GetGrades
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor

from coursekit.course import last_error_line

HIDDEN_TESTS_NOTE = "# (hidden tests: the autograder checks more here; a failed check shows its message below)"
"""What the student sees where the hidden tests were."""


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden tests and the tracebacks that quote them from a graded notebook.

    Uses ClearHiddenTests' delimiters, so it follows
    c.ClearHiddenTests.begin_test_delimeter and end_test_delimeter.
    """

    def preprocess(self, nb, resources):
        """Collect the hidden-test lines of the whole notebook, then clean every cell."""
        self._hidden = []
        for cell in nb.cells:
            if cell.cell_type == "code":
                self._hidden.extend(self.hidden_lines(cell.source))
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        # Any cell's output may quote hidden tests: a later cell can print(In).
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.evalue = scrub(output.evalue, self._hidden)
            elif output.output_type == "stream":
                output.text = scrub(output.text, self._hidden)
            elif "text/plain" in output.get("data", {}):
                output.data["text/plain"] = scrub(output.data["text/plain"], self._hidden)
        if self.begin_test_delimeter not in cell.source:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [scrub(line, self._hidden) for line in output.traceback]
            return cell, resources
        cell.source = self.without_hidden_tests(cell.source)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = error_lines(output.ename, output.evalue)
        return cell, resources

    def hidden_lines(self, source):
        """The lines of the hidden-test regions that are long enough to recognise."""
        lines, hidden = [], False
        for line in source.split("\n"):
            if self.begin_test_delimeter in line:
                hidden = True
            elif self.end_test_delimeter in line:
                hidden = False
            elif hidden and len(line.strip()) >= MIN_HIDDEN_LINE:
                lines.append(line.strip())
        return lines

    def without_hidden_tests(self, source):
        """`source` with each hidden-test region replaced by HIDDEN_TESTS_NOTE."""
        lines = []
        hidden = False
        for line in source.split("\n"):
            if self.begin_test_delimeter in line:
                hidden = True
                indent = line[: len(line) - len(line.lstrip())]
                lines.append(indent + HIDDEN_TESTS_NOTE)
            elif self.end_test_delimeter in line:
                hidden = False
            elif not hidden:
                lines.append(line)
        if hidden:
            raise RuntimeError(f"No '{self.end_test_delimeter}' after '{self.begin_test_delimeter}'")
        return "\n".join(lines)


MIN_HIDDEN_LINE = 12
"""Hidden-test lines shorter than this (a bracket, `else:`) are too common to scrub."""

SCRUBBED = "[a line of the hidden tests was removed here]"


def scrub(text, hidden_lines):
    """`text` without any line that quotes a hidden-test line.

    A student's code can print or raise what it reads about the code that
    calls it (the hidden tests); this keeps that out of the feedback page.
    """
    if not hidden_lines:
        return text
    kept = []
    for line in text.split("\n"):
        quotes_hidden = any(hidden in line for hidden in hidden_lines)
        kept.append(SCRUBBED if quotes_hidden else line)
    return "\n".join(kept)


def error_lines(ename, evalue, width=100):
    """An error as Jupyter shows its last line ("AssertionError: ..." with the name in red),
    wrapped to `width` characters so a long message needs no scrolling."""
    lines = []
    for number, line in enumerate(str(evalue).splitlines() or [""]):
        text = f"{ename}: {line}" if number == 0 else line
        lines.extend(textwrap.wrap(text, width, subsequent_indent="    ") or [text])
    lines[0] = lines[0].replace(ename, f"\x1b[0;31m{ename}\x1b[0m", 1)
    return lines


FEEDBACK_PREPROCESSORS = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
"""nbgrader's feedback pipeline (GetGrades, CSSHTMLHeaderPreprocessor) with HideHiddenTests first."""


def generate_feedback(course, student, exercise):
    """Write feedback/<student>/<exercise>/<exercise>.html for one autograded hand-in.

    Runs nbgrader's generate_feedback in this process, with FEEDBACK_PREPROCESSORS
    (nbgrader_config.py sets them too, for the formgrader). Returns None, or
    a sentence saying why there is no feedback.
    """
    api = course.api()
    api.config.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    result = api.generate_feedback(exercise, student, force=True)
    page = course.feedback_file(student, exercise)
    if not result["success"] or not page.is_file():
        return "nbgrader generate_feedback failed: " + last_error_line(
            result.get("error", "") + "\n" + result.get("log", "")
        )
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
