"""CheckHiddenTestForm: `nbgrader generate_assignment` refuses a test cell not in the kit's form.

A hidden test without its `### CHECKS` line would have no checks part to run
outside the student's kernel. Better the instructor hears it when releasing
than the class when grading. See coursekit/hidden_tests.py for the form.
"""
from coursekit.hidden_tests import HiddenTestFormError
from coursekit.preprocessors.hidden_test_step import HiddenTestStep
from coursekit.results import is_check


class CheckHiddenTestForm(HiddenTestStep):
    """Raise a clear error, naming the cell, for a test cell whose hidden part is not in the form."""

    def preprocess_cell(self, cell, resources, index):
        if is_check(cell):
            try:
                self.split(cell.source)
            except HiddenTestFormError as error:
                name = cell.metadata["nbgrader"].get("grade_id", f"cell {index + 1}")
                raise HiddenTestFormError(f"Test cell {name}: {error}.") from None
        return cell, resources
