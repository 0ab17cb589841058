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

Nothing else needs scrubbing: the checks part, with every expected value,
never ran in the student's kernel (coursekit/hidden_tests.py), so no output
can quote it. What the kernel did run of a hidden test (inputs and calls on
the student's code) may show in an output, and may: it earns nothing.
"""
import textwrap

from nbgrader.preprocessors import ClearHiddenTests

from coursekit.results import is_check

HIDDEN_TESTS_NOTE = "# (hidden tests: the autograder checks more here; a failed check shows its message below)"
"""What the student sees where the hidden tests were."""


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden tests and the tracebacks that quote them from a graded notebook.

    Uses ClearHiddenTests' delimiters, so it follows
    c.ClearHiddenTests.begin_test_delimeter and end_test_delimeter.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if not is_check(cell) or self.begin_test_delimeter not in cell.source:
            return cell, resources  # a student's cell is shown as it is, markers and all
        cell.source = self.without_hidden_tests(cell.source)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = error_lines(output.ename, output.evalue)
        return cell, resources

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


def error_lines(ename, evalue, width=100):
    """An error as Jupyter shows its last line ("AssertionError: ..." with the name in red),
    wrapped to `width` characters so a long message needs no scrolling."""
    lines = []
    for number, line in enumerate(str(evalue).splitlines() or [""]):
        text = f"{ename}: {line}" if number == 0 else line
        lines.extend(textwrap.wrap(text, width, subsequent_indent="    ") or [text])
    lines[0] = lines[0].replace(ename, f"\x1b[0;31m{ename}\x1b[0m", 1)
    return lines
