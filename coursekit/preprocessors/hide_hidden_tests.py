"""HideHiddenTests: feedback pages that show which checks failed and why, without the hidden tests.

Stock `nbgrader generate_feedback` renders the autograded notebook, whose
test cells hold the hidden tests again (nbgrader puts them back to grade),
and whose error outputs quote those tests line by line in the traceback.
HideHiddenTests removes both before the page is rendered:

- the `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS` region of each
  cell becomes one comment line;
- in those cells, an error output keeps only its last line, for example
  "AssertionError: dw has shape (5, 4), but it must have the shape of w: (4, 5).",
  wrapped so it needs no scrolling.

nbgrader_config.py puts it first in c.GenerateFeedback.preprocessors, so every
`nbgrader generate_feedback` (formgrader's button, `python -m coursekit grade`)
hides the tests.
"""
import textwrap

from nbgrader.preprocessors import ClearHiddenTests

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
        """`source` with each hidden-test region replaced by HIDDEN_TESTS_NOTE (a region without
        its end line runs to the end of the cell)."""
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
        # A region without its end (a student's cell can hold the marker text) runs to the
        # end of the cell: hidden rather than shown, and the page is still written.
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
