"""Detect a submission that disables the checks, before its grades count.

Hidden tests run in the same Python process as the student's code, so a
student cell can, on purpose or not, switch the checks off: replace
`np.testing.assert_allclose` or `coursekit.checks.check_array` by a function
that does nothing, patch `np.isclose`, or stop IPython from showing errors.
nbgrader would then see no error in the test cells and give full marks.

So autograding runs a *canary* after every graded test cell: a check that
must fail. If a canary does not fail with an AssertionError, the checks are
not trustworthy in this notebook: every test cell gets an error output that
says so, and scores 0. The canary cells are removed again before the
notebook is saved, so students and instructors never see them.

Configure both preprocessors around nbgrader's Execute (nbgrader_config.py):

    c.Autograde.autograde_preprocessors = [InsertCanaries, Execute, CheckCanaries, ...]

Limits: a student who inspects each cell's source before it runs (an IPython
pre_run_cell hook) could tell canaries from real tests and disable only the
real ones. The canaries use the same calls as the real tests, which makes
that hard but not impossible; the sandbox (coursekit.sandbox) does not help
here. Review a notebook by hand when its scores look too good to be true.
"""
import nbformat
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from coursekit.results import CHECKS_OFF_ERROR, KERNEL_DIED_ERROR

CANARY_KEY = "coursekit_canary"

CANARIES = [
    # np.testing's assertion must fail on different arrays.
    "import numpy as np\nnp.testing.assert_allclose(np.array([1.0, 2.0]), np.array([1.0, 2.5]))",
    # the course's own checks must fail on different arrays and numbers.
    "import numpy as np\nfrom coursekit.checks import check_array\n"
    "check_array('dz', np.array([[0.5, 0.25]]), [[0.5, 0.125]])",
    "from coursekit.checks import check_number\ncheck_number('accuracy', 0.5, 0.9, 0.02)",
    # a plain assert statement must fail and be shown as an error.
    "assert 1 + 1 == 3, 'one plus one'",
]

TAMPERED = (
    "Every check of this notebook scored 0: the grader's checks do not work in it. "
    "Something in the notebook changes how checks or errors behave (for example it "
    "replaces np.testing or coursekit.checks functions, or IPython's error display). "
    "Remove that code and hand in again, or ask your instructor."
)


def _is_canary(cell):
    return cell.metadata.get(CANARY_KEY, False)


def _raised_assertion(cell):
    """True if the executed cell shows an AssertionError, or did not run (its kernel had died)."""
    return any(
        output.output_type == "error" and output.get("ename") in ("AssertionError", KERNEL_DIED_ERROR)
        for output in cell.get("outputs", [])
    )


class InsertCanaries(NbGraderPreprocessor):
    """Put the canary cells after every graded test cell."""

    def preprocess(self, nb, resources):
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            if cell.cell_type == "code" and utils.is_grade(cell):
                for source in CANARIES:
                    canary = nbformat.v4.new_code_cell(source)
                    canary.metadata[CANARY_KEY] = True
                    cells.append(canary)
        nb.cells = cells
        return nb, resources


class CheckCanaries(NbGraderPreprocessor):
    """Remove the canary cells; if any of them did not fail, fail every test cell."""

    def preprocess(self, nb, resources):
        canaries = [cell for cell in nb.cells if _is_canary(cell)]
        nb.cells = [cell for cell in nb.cells if not _is_canary(cell)]
        if all(_raised_assertion(cell) for cell in canaries):
            return nb, resources

        self.log.warning("The checks were disabled in this notebook; every test cell scores 0.")
        for cell in nb.cells:
            if cell.cell_type == "code" and utils.is_grade(cell):
                cell.outputs.append(
                    nbformat.v4.new_output(
                        "error", ename=CHECKS_OFF_ERROR, evalue=TAMPERED, traceback=[TAMPERED]
                    )
                )
        return nb, resources
