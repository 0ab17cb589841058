"""Tests of coursekit.preprocessors.skeleton: solution regions become the seed's skeleton."""
import nbformat
import pytest

from coursekit.preprocessors.skeleton import SkeletonSolutions, SolutionSyntaxError, skeleton_lines


def test_assignments_keep_their_left_hand_side():
    """`x = expr` becomes `x = ` (with the space), tuple targets included."""
    region = ["    dw = a_prev.T @ dz", "    dw3, db3, da2 = dense_backward(a2, dz3, self.w3)"]
    assert skeleton_lines(region) == ["    dw = ", "    dw3, db3, da2 = "]


def test_attribute_targets_are_kept():
    """`model.w1 = ...` becomes `model.w1 = `."""
    assert skeleton_lines(["    model.w1 = model.w1 - learning_rate * dw1"]) == ["    model.w1 = "]


def test_plain_name_assignments_are_given_whole():
    """`da3 = dy_pred` is a given line and stays as it is."""
    region = ["        dy_pred = f(y)", "", "        da3 = dy_pred", "", "        dx = da0"]
    assert skeleton_lines(region) == ["        dy_pred = ", "", "        da3 = dy_pred", "", "        dx = da0"]


def test_other_statements_and_comments_are_removed():
    """Loops, expressions and comments are solution and disappear; blank lines stay."""
    region = [
        "    # the trick: copy first",
        "    dz = np.copy(da)",
        "    dz[z <= 0] = 0",
        "",
        "    for i in range(3):",
        "        print(i)",
    ]
    assert skeleton_lines(region) == ["    dz = ", "    dz[z <= 0] = ", ""]


def test_multi_line_statements_become_one_skeleton_line():
    """A solution spread over lines gives one `x = ` line and no leftovers."""
    region = ["    db = np.sum(", "        dz, axis=0,", "        keepdims=True)"]
    assert skeleton_lines(region) == ["    db = "]


def test_invalid_solution_gives_a_clear_error():
    """A region that is not Python on its own names the problem."""
    with pytest.raises(SolutionSyntaxError, match="not valid Python"):
        skeleton_lines(["    x = (1 +"])


def make_cell(source):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "f", "locked": False}
    return cell


def run_preprocessor(source):
    pre = SkeletonSolutions(
        begin_solution_delimeter="BEGIN IMPLEMENTATION", end_solution_delimeter="END IMPLEMENTATION"
    )
    notebook = nbformat.v4.new_notebook(cells=[make_cell(source)])
    notebook.metadata["kernelspec"] = {"language": "python", "name": "python3"}
    notebook, _ = pre.preprocess(notebook, {})
    return notebook.cells[0].source


def test_preprocessor_keeps_markers_and_code_outside_regions():
    """The markers and everything around the region stay untouched."""
    source = (
        "def relu_backward(z, da):\n"
        "    #### BEGIN IMPLEMENTATION ####\n"
        "    dz = np.where(z > 0, da, 0.0)\n"
        "    #### END IMPLEMENTATION ####\n"
        "    return dz"
    )
    assert run_preprocessor(source) == (
        "def relu_backward(z, da):\n"
        "    #### BEGIN IMPLEMENTATION ####\n"
        "    dz = \n"
        "    #### END IMPLEMENTATION ####\n"
        "    return dz"
    )


def test_preprocessor_rejects_a_missing_end_marker():
    """A region without END is an error, not a silently truncated cell."""
    with pytest.raises(RuntimeError, match="without an END marker"):
        run_preprocessor("#### BEGIN IMPLEMENTATION ####\nx = 1")


def test_nbgraders_private_hook_is_still_what_the_skeleton_overrides():
    """SkeletonSolutions overrides nbgrader's private ClearSolutions._replace_solution_region(cell, language),
    whose signature changed before. If nbgrader renames it or changes its arguments, this fails
    (and students would get `raise NotImplementedError()` stubs)."""
    import inspect

    from nbgrader.preprocessors import ClearSolutions

    assert list(inspect.signature(ClearSolutions._replace_solution_region).parameters) == ["self", "cell", "language"]
    assert "self._replace_solution_region(cell, language)" in inspect.getsource(ClearSolutions.preprocess_cell)
