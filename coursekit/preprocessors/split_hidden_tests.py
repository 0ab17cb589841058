"""SplitHiddenTests: before the notebook runs, each test cell keeps only what the kernel may see.

The kernel runs the visible part and the kernel part of each test cell (see
coursekit/hidden_tests.py), then one more line that sends the values the
checks part reads (coursekit.transport.send). The checks part, with every
expected value and comparison, stays in the grading process:
JudgeHiddenTests, after execution, puts the full source back and runs it.

Configure it just before the Execute step (nbgrader_config.py does).
"""
from coursekit.hidden_tests import names_read
from coursekit.preprocessors.hidden_test_step import HiddenTestStep
from coursekit.results import is_check

RESOURCE_KEY = "coursekit_hidden_tests"
"""Where the steps keep {cell index: (grade_id, full source, HiddenTest)} in nbgrader's resources."""


def send_line(names):
    """The kernel's last line in a test cell: send the values of `names` to the grader."""
    return f'__import__("coursekit.transport", fromlist=["send"]).send(globals(), {sorted(names)!r})'


class SplitHiddenTests(HiddenTestStep):
    """Each test cell's source becomes its visible and kernel parts plus send_line()."""

    def preprocess(self, nb, resources):
        kept = {}
        for index, cell in enumerate(nb.cells):
            if not is_check(cell):
                continue
            test = self.split(cell.source)
            if test is None:
                continue
            kept[index] = (cell.metadata["nbgrader"]["grade_id"], cell.source, test)
            cell.source = test.kernel_source() + "\n" + send_line(names_read(test.checks))
        resources[RESOURCE_KEY] = kept
        return nb, resources
