"""Tests of siouxdnn.gradcheck.check_gradients on exercise 3's own Model.

The Model and the backward blocks are the solution cells of the instructor
notebook, run in a namespace of their own; each typical mistake is that
source with one line changed, as a student would write it.
"""
import contextlib
import io
import re
import time

import nbformat
import numpy as np
import pytest

from siouxdnn import check_gradients, load_data, reset_seed
from siouxdnn.gradcheck import CORRECT_BELOW, WRONG_FROM, relative_error
from tests.course import REPO

NOTEBOOK = REPO / "source" / "ex3_backpropagation" / "ex3_backpropagation.ipynb"
CELLS = ("imports", "binary_cross_entropy_loss_backward", "sigmoid_backward",
         "relu_backward", "dense_backward", "model")
NAMES = ("loss", "x", "w1", "b1", "w2", "b2", "w3", "b3")
X_TRAIN, Y_TRAIN, _, _ = load_data()


def model_class(*changes):
    """Exercise 3's Model class, with its backward blocks, after the (old, new) text changes."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    sources = [c.source for c in notebook.cells
               if c.metadata.get("nbgrader", {}).get("grade_id") in CELLS]
    assert len(sources) == len(CELLS)
    code = "\n\n".join(sources)
    for old, new in changes:
        assert old in code, f"{old!r} is not in the solution any more: update this test"
        code = code.replace(old, new)
    namespace = {}
    exec(compile(code, str(NOTEBOOK), "exec"), namespace)
    return namespace["Model"]


def run_check(model_type, seed=0, samples=10):
    """(errors, printed lines, model) of check_gradients on a fresh model and training samples."""
    reset_seed(seed)
    model = model_type()
    x, y = X_TRAIN[:samples], Y_TRAIN[:samples]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        errors = check_gradients(model, x, y)
    return errors, printed.getvalue().splitlines(), model


def wrong_names(errors):
    return {name for name, error in errors.items() if error >= WRONG_FROM}


def test_a_right_get_gradients_is_correct_on_every_line():
    """The solution's gradients all have rounding-noise errors, and each line says 'correct'."""
    errors, lines, _ = run_check(model_class())
    assert set(errors) == set(NAMES)
    assert all(error < CORRECT_BELOW for error in errors.values()), errors
    assert lines == [f"{name}: relative error < 1e-07, correct" for name in NAMES] + [
        "All gradients match the numerical ones."
    ]


RIGHT_ANSWERS_WRITTEN_ANOTHER_WAY = {
    "loss backward divided by m at the end": [(
        "dy_pred = (1 / m) * (y_pred - y_true) / (y_pred * (1 - y_pred))",
        "dy_pred = (y_pred - y_true) / (y_pred - y_pred ** 2) / m",
    )],
    "sigmoid with a - a**2": [("dz = da * a * (1 - a)", "dz = da * (a - a ** 2)")],
    "relu with a 0/1 mask": [("dz = np.where(z > 0, da, 0.0)", "dz = da * (z > 0)")],
    "dense with np.dot and reshape": [
        ("dw = a_prev.T @ dz", "dw = np.dot(a_prev.T, dz)"),
        ("db = np.sum(dz, axis=0, keepdims=True)", "db = dz.sum(axis=0).reshape(1, -1)"),
        ("da_prev = dz @ w.T", "da_prev = np.dot(dz, w.T)"),
    ],
}


@pytest.mark.parametrize("changes", RIGHT_ANSWERS_WRITTEN_ANOTHER_WAY.values(),
                         ids=RIGHT_ANSWERS_WRITTEN_ANOTHER_WAY)
def test_a_right_answer_written_another_way_prints_the_same_lines(changes):
    """Another right way to write the blocks prints exactly the solution's lines."""
    _, expected, _ = run_check(model_class())
    _, lines, _ = run_check(model_class(*changes))
    assert lines == expected


def test_right_gradients_pass_on_many_models_and_batches():
    """20 random models and batches: no false alarm, ReLU kinks within the step included.

    With a plain centred difference about one in ten of these had a kink
    that made a right gradient look wrong (errors up to 0.013).
    """
    model_type = model_class()
    for seed in range(20):
        reset_seed(seed)
        model = model_type()
        rows = np.random.choice(len(X_TRAIN), size=10, replace=False)
        with contextlib.redirect_stdout(io.StringIO()):
            errors = check_gradients(model, X_TRAIN[rows], Y_TRAIN[rows])
        assert max(errors.values()) < CORRECT_BELOW, (seed, errors)


MISTAKES = {
    "no 1/m in the loss backward": (
        [("dy_pred = (1 / m) * ", "dy_pred = ")],
        {"x", "w1", "b1", "w2", "b2", "w3", "b3"},
    ),
    "sigmoid derivative of z instead of a": (
        [("dz = da * a * (1 - a)", "dz = da * z * (1 - z)")],
        {"x", "w1", "b1", "w2", "b2", "w3", "b3"},
    ),
    "relu mask taken from da": (
        [("np.where(z > 0, da, 0.0)", "np.where(da > 0, da, 0.0)")],
        {"x", "w1", "b1", "w2", "b2"},
    ),
    "relu mask the wrong way round": (
        [("np.where(z > 0, da, 0.0)", "np.where(z < 0, da, 0.0)")],
        {"x", "w1", "b1", "w2", "b2"},
    ),
    "dw not transposed": (
        [("dw = a_prev.T @ dz", "dw = dz.T @ a_prev")],
        {"w1", "w2", "w3"},
    ),
    "db without the sum": (
        [("db = np.sum(dz, axis=0, keepdims=True)", "db = dz")],
        {"b1", "b2", "b3"},
    ),
    "db summed over the outputs": (
        [("db = np.sum(dz, axis=0, keepdims=True)", "db = np.sum(dz, axis=1, keepdims=True)")],
        {"b1", "b2", "b3"},
    ),
    "layer 2 backward with layer 2's output instead of its input": (
        [("dense_backward(a1, dz2, self.w2)", "dense_backward(a2, dz2, self.w2)")],
        {"w2"},
    ),
    "layer 1 relu backward with layer 2's z": (
        [("dz1 = relu_backward(z1, da1)", "dz1 = relu_backward(z2, da1)")],
        {"x", "w1", "b1"},
    ),
    "db1 and db2 swapped in the return": (
        [("return loss, dx, dw1, db1, dw2, db2, dw3, db3", "return loss, dx, dw1, db2, dw2, db1, dw3, db3")],
        {"b1", "b2"},
    ),
    "dw3 and dw2 swapped in the return": (
        [("return loss, dx, dw1, db1, dw2, db2, dw3, db3", "return loss, dx, dw1, db1, dw3, db2, dw2, db3")],
        {"w2", "w3"},
    ),
    "dx is the input itself": ([("dx = da0", "dx = a0")], {"x"}),
}


@pytest.mark.parametrize("changes, wrong", MISTAKES.values(), ids=MISTAKES)
def test_each_typical_mistake_is_flagged_on_the_right_lines(changes, wrong):
    """Exactly the affected gradients are wrong, each line names what to look at, and the rest say correct."""
    errors, lines, _ = run_check(model_class(*changes))
    assert wrong_names(errors) == wrong
    by_name = {line.split(":")[0]: line for line in lines[:-1]}
    assert list(by_name) == list(NAMES)
    for name in NAMES:
        if name in wrong:
            assert ", wrong: " in by_name[name], by_name[name]
            assert by_name[name].endswith(f"look at how d{name} is computed"), by_name[name]
        else:
            assert by_name[name].endswith(", correct"), by_name[name]
    assert lines[-1].startswith("Start with ")


def test_a_wrong_shape_is_named_in_a_line_not_a_traceback():
    """dw not transposed gives dw1 the shape (64, 5): the line says both shapes."""
    errors, lines, _ = run_check(model_class(("dw = a_prev.T @ dz", "dw = dz.T @ a_prev")))
    assert errors["w1"] == float("inf")
    assert lines[2] == (
        "w1: dw1 has shape (64, 5) but w1 has shape (5, 64), wrong: a gradient has the shape "
        "of what it belongs to; look at how dw1 is computed"
    )


def test_the_wrong_step_closest_to_the_loss_is_named_first():
    """A wrong relu mask spoils layers 2 and 1: the summary points at b2, the earliest wrong step."""
    _, lines, _ = run_check(model_class(("np.where(z > 0, da, 0.0)", "np.where(z < 0, da, 0.0)")))
    assert lines[-1].startswith("Start with b2, the wrong one closest to the loss:")


def test_the_wrong_number_of_values_gives_one_clear_line():
    """A get_gradients that forgets loss and dx gets one line saying what it must return."""
    model_type = model_class((
        "return loss, dx, dw1, db1, dw2, db2, dw3, db3", "return dw1, db1, dw2, db2, dw3, db3"
    ))
    errors, lines, _ = run_check(model_type)
    assert lines == [
        "get_gradients returned 6 values, but it must return 8, in this order: "
        "loss, dx, dw1, db1, dw2, db2, dw3, db3."
    ]
    assert errors == {name: float("inf") for name in NAMES}


def test_nan_in_a_gradient_is_wrong_not_a_crash():
    """A gradient with nan in it gets a line of its own."""
    errors, lines, _ = run_check(model_class(("dx = da0", "dx = da0 * np.nan")))
    assert errors["x"] == float("inf")
    assert lines[1] == "x: dx contains nan or inf, wrong: look at how dx is computed"


def snapshot(model):
    return {name: (getattr(model, name), getattr(model, name).copy()) for name in NAMES[2:]}


def assert_unchanged(model, before):
    for name, (array, values) in before.items():
        assert getattr(model, name) is array, f"model.{name} is another array now"
        assert np.array_equal(array, values), f"model.{name} has other numbers now"


def test_the_model_is_left_exactly_as_it_was():
    """Same arrays, same numbers, bit for bit; the inputs are not changed either."""
    reset_seed(5)
    model = model_class()()
    before = snapshot(model)
    x, y = X_TRAIN[:10].copy(), Y_TRAIN[:10].copy()
    with contextlib.redirect_stdout(io.StringIO()):
        check_gradients(model, x, y)
    assert_unchanged(model, before)
    assert np.array_equal(x, X_TRAIN[:10]) and np.array_equal(y, Y_TRAIN[:10])


@pytest.mark.parametrize("change", [
    "        self.w1 -= 0.1 * dw1\n",  # in place
    "        self.b2 = self.b2 + 1.0\n",  # a new array
])
def test_a_get_gradients_that_changes_the_model_is_reported_and_undone(change):
    """The check says so and puts the parameter back."""
    model_type = model_class(("        return loss, dx,", change + "        return loss, dx,"))
    reset_seed(5)
    model = model_type()
    before = snapshot(model)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        check_gradients(model, X_TRAIN[:10], Y_TRAIN[:10])
    name = "w1" if "w1" in change else "b2"
    assert f"get_gradients changed model.{name}; it must only compute gradients." in printed.getvalue()
    assert_unchanged(model, before)


def test_the_model_is_put_back_when_get_gradients_raises():
    """An error in the student's code still leaves the model's own arrays in place."""
    model_type = model_class(("dx = da0", "dx = da0\n        self.w1 = None\n        raise ValueError('oops')"))
    reset_seed(5)
    model = model_type()
    before = snapshot(model)
    with pytest.raises(ValueError, match="oops"):
        check_gradients(model, X_TRAIN[:10], Y_TRAIN[:10])
    assert_unchanged(model, before)


def test_ten_samples_take_well_under_a_second():
    """The check nudges every one of the model's 4,609 numbers twice; that stays fast."""
    reset_seed(0)
    model = model_class()()
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        check_gradients(model, X_TRAIN[:10], Y_TRAIN[:10])
    assert time.process_time() - start < 1.0


def test_relative_error_follows_its_definition():
    """|a - n| / max(|a| + |n|, tiny), with |.| the length of the whole array."""
    assert relative_error([[3.0, 4.0]], [[3.0, 4.0]]) == 0.0
    assert relative_error([[2.0, 0.0]], [[1.0, 0.0]]) == pytest.approx(1 / 3)
    assert relative_error([[3.0, 0.0]], [[0.0, 4.0]]) == pytest.approx(5 / 7)
    assert relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    assert relative_error(0.5, -0.5) == pytest.approx(1.0)


def test_the_mistake_quoted_in_exercise_3_prints_what_the_text_says():
    """The notebook's example of a wrong line (db1 and db2 swapped) is what the check prints there."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "gradient_check")
    assert "reset_seed(1)" in cell.source and "X_train[:10], Y_train[:10]" in cell.source
    text = notebook.cells[notebook.cells.index(cell) + 1].source
    quoted = re.search(r"`(b1: relative error [^`]*)`", text).group(1)
    _, lines, _ = run_check(model_class(
        ("return loss, dx, dw1, db1, dw2, db2, dw3, db3", "return loss, dx, dw1, db2, dw2, db1, dw3, db3")
    ), seed=1)
    assert quoted in lines
