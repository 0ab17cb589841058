"""JudgeHiddenTests: after the notebook ran, the grading process decides each test cell.

For each test cell SplitHiddenTests prepared, it takes the one result the
kernel sent (coursekit.transport), puts the cell's full source back, and runs
the checks part in this process on the values received. A failed check
becomes an error output with the check's own message, so nbgrader's scoring,
the gradebook, the formgrader and the feedback pages work as before. A cell
that sent no result, more than one, or one that cannot be read fails.

A test cell that checks a function the exercise asks for, where the
student's code takes that function from siouxdnn (the kit's reference
implementation, coursekit.tamper.referenced_names), fails too: the kit ships
the answers of earlier exercises, not the student's.

It also turns every execute_result in a test cell into display_data: nbgrader
gives a test cell the points of its first execute_result before it looks for
errors (nbgrader.utils.determine_grade), which student code could use.

Configure it just after the Execute step (nbgrader_config.py does).
"""
import ast

import nbformat

from coursekit.preprocessors.hidden_test_step import HiddenTestStep
from coursekit.preprocessors.instructor import instructor_notebook
from coursekit.preprocessors.split_hidden_tests import RESOURCE_KEY
from coursekit.results import NO_RESULT_ERROR, is_check
from coursekit.tamper import referenced_names
from coursekit.transport import RESULTS_MIME, ResultError, decode


class JudgeHiddenTests(HiddenTestStep):
    """Run each test cell's checks part on the values its kernel sent; fail the cell if they fail."""

    def preprocess(self, nb, resources):
        kept = resources.pop(RESOURCE_KEY, {})
        borrowed = referenced_names(nb, instructor_notebook(self.config, resources)) if kept else set()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            results = [o for o in cell.outputs if RESULTS_MIME in o.get("data", {})]
            cell.outputs = [o for o in cell.outputs if RESULTS_MIME not in o.get("data", {})]
            if is_check(cell):
                demote_execute_results(cell)
            if index in kept:
                grade_id, source, test = kept[index]
                cell.source = source
                failure = self.judge(cell, results, test.checks, grade_id)
                used = borrowed & names_used(test.kernel_source())
                if used and not failure:
                    failure = reference_failure(sorted(used))
                if failure:
                    cell.outputs.append(error_output(*failure))
        return nb, resources

    def judge(self, cell, results, checks, grade_id):
        """(error name, message) if the cell fails, else None."""
        if any(o.output_type == "error" for o in cell.outputs):
            return None  # the cell failed in the kernel; its own error says why
        if len(results) != 1:
            what = "no result" if not results else f"{len(results)} results instead of one"
            self.log.warning("Test cell %s sent %s.", grade_id, what)
            return NO_RESULT_ERROR, (
                f"The grader got {what} from this check, so it cannot be trusted. Something in the "
                "notebook stops or changes how cells run: run the whole notebook from the top and "
                "make sure this cell runs to its end."
            )
        try:
            values = decode(results[0]["data"][RESULTS_MIME])
        except ResultError as error:
            return NO_RESULT_ERROR, f"The grader could not read the result of this check: {error}."
        return run_checks(checks, values, grade_id)


def run_checks(checks, values, grade_id):
    """Run the checks part on `values` ({name: value}) in a namespace of its own.

    Returns None when every check passes, else (error name, message). Only
    the instructor's code runs here; the values are plain data.
    """
    namespace = {"__name__": f"coursekit_checks_{grade_id}", **values}
    try:
        exec(compile(checks, f"<checks of {grade_id}>", "exec"), namespace)
    except Exception as error:  # a failed check, or a value of the wrong kind
        return type(error).__name__, " ".join(str(error).split()) or type(error).__name__
    return None


def names_used(source):
    """The names and attribute names `source` mentions (the functions a test cell calls)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return names


def reference_failure(names):
    """The failure of a check whose function the student took from siouxdnn."""
    listed = ", ".join(names)
    return "AssertionError", (
        f"Your notebook takes {listed} from siouxdnn, the kit's own reference, instead of writing it: "
        "this exercise asks you to write it yourself, so this check scores 0."
    )


def demote_execute_results(cell):
    """Turn the cell's execute_result outputs into display_data (same content, no score)."""
    for number, output in enumerate(cell.outputs):
        if output.output_type == "execute_result":
            cell.outputs[number] = nbformat.v4.new_output(
                "display_data", data=output.get("data", {}), metadata=output.get("metadata", {}))


def error_output(ename, message):
    """An error output as the kernel would write it."""
    return nbformat.v4.new_output("error", ename=ename, evalue=message, traceback=[f"{ename}: {message}"])
