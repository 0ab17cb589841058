"""What the steps that handle hidden tests share: the delimiters of the form (coursekit.hidden_tests)."""
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Unicode

from coursekit import hidden_tests


class HiddenTestStep(NbGraderPreprocessor):
    """Base of SplitHiddenTests, JudgeHiddenTests and CheckHiddenTestForm.

    The begin and end delimiters are nbgrader's own (c.ClearHiddenTests.begin_test_delimeter,
    end_test_delimeter), so one setting serves nbgrader and the kit.
    """

    checks_delimiter = Unicode(
        hidden_tests.CHECKS_DELIMITER,
        help="The line in a hidden test between the kernel part and the checks part.",
    ).tag(config=True)

    def split(self, source):
        """The cell's HiddenTest, or None without hidden tests; raises HiddenTestFormError."""
        delimiters = ClearHiddenTests(config=self.config)
        return hidden_tests.split(source, delimiters.begin_test_delimeter, delimiters.end_test_delimeter,
                                  self.checks_delimiter)
