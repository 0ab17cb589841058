"""Exercise 3 autograded by nbgrader: fair to right answers, sharp on mistakes.

All submissions are made from the instructor's notebook by changing solution
lines, handed in to a temporary copy of the course, and graded in one
`nbgrader autograde` run.
"""
import pytest

from tests.course import ExerciseGrading, Mistake

EXERCISE = "ex3_backpropagation"
FULL = {
    "test_binary_cross_entropy_loss_backward": 2.0,
    "test_sigmoid_backward": 2.0,
    "test_relu_backward": 2.0,
    "test_dense_backward": 3.0,
    "test_get_gradients": 3.0,
    "test_train": 2.0,
    "test_final_metrics": 2.0,
}

# student -> list of (cell grade_id, solution text, replacement)
RIGHT_IN_ANOTHER_STYLE = {
    "alt_dot_and_inplace": [
        ("binary_cross_entropy_loss_backward",
         "(1 / m) * (y_pred - y_true) / (y_pred * (1 - y_pred))",
         "(-(y_true / y_pred) + (1 - y_true) / (1 - y_pred)) / m"),
        ("sigmoid_backward", "a = sigmoid(z)", "a = 1 / (1 + np.exp(-z))"),
        ("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * (a - a**2)"),
        ("relu_backward", "dz = np.where(z > 0, da, 0.0)", "dz = da * (z > 0)"),
        ("dense_backward", "dw = a_prev.T @ dz", "dw = np.dot(a_prev.T, dz)"),
        ("dense_backward", "db = np.sum(dz, axis=0, keepdims=True)", "db = dz.sum(axis=0, keepdims=True)"),
        ("dense_backward", "da_prev = dz @ w.T", "da_prev = np.dot(dz, np.transpose(w))"),
        ("model", "dz2 = relu_backward(z2, da2)", "dz2 = relu_backward(a2, da2)"),
        ("train", "model.w1 = model.w1 - learning_rate * dw1", "model.w1 -= learning_rate * dw1"),
        ("train", "model.b3 = model.b3 - learning_rate * db3", "model.b3 += -learning_rate * db3"),
    ],
    "alt_copy_then_mask": [
        ("relu_backward", "dz = np.where(z > 0, da, 0.0)", "dz = np.copy(da)\n    dz[z <= 0] = 0"),
        ("sigmoid_backward", "dz = da * a * (1 - a)", "dz = np.multiply(da, a * (1.0 - a))"),
        ("dense_backward", "db = np.sum(dz, axis=0, keepdims=True)",
         "db = np.sum(dz, axis=0).reshape(1, -1)"),
    ],
}

# student -> Mistake(changes, the cells that must lose all their points)
MISTAKES = {
    "no_one_over_m": Mistake(
        [("binary_cross_entropy_loss_backward",
          "(1 / m) * (y_pred - y_true) / (y_pred * (1 - y_pred))",
          "(y_pred - y_true) / (y_pred * (1 - y_pred))")],
        {"test_binary_cross_entropy_loss_backward"},
    ),
    "sigmoid_of_z_not_a": Mistake(
        [("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)")],
        {"test_sigmoid_backward", "test_final_metrics"},
    ),
    "relu_in_place": Mistake(
        [("relu_backward", "dz = np.where(z > 0, da, 0.0)", "dz = da\n    dz[z <= 0] = 0")],
        {"test_relu_backward"},
    ),
    "db_without_keepdims": Mistake(
        [("dense_backward", "db = np.sum(dz, axis=0, keepdims=True)", "db = np.sum(dz, axis=0)")],
        {"test_dense_backward"},
    ),
    "dw_transposed": Mistake(
        [("dense_backward", "dw = a_prev.T @ dz", "dw = dz.T @ a_prev")],
        {"test_dense_backward", "test_final_metrics"},
    ),
    "wrong_layer_activation": Mistake(
        [("model", "dense_backward(a1, dz2, self.w2)", "dense_backward(a2, dz2, self.w2)")],
        {"test_get_gradients"},
        # the first wrong gradient walking back from the output, not dx (issue #12)
        "Walking back from the output, dw2 is the first wrong gradient: look at dz2 = relu_backward",
    ),
    "missing_bias_update": Mistake(
        [("train", "model.b1 = model.b1 - learning_rate * db1", "model.b1 = model.b1")],
        {"test_train"},
    ),
    "fixed_learning_rate": Mistake(
        [("train", "model.w2 = model.w2 - learning_rate * dw2", "model.w2 = model.w2 - 1e-2 * dw2")],
        {"test_train"},
    ),
}

# A wrong answer, and code that tries to switch the checks off: (wrong answer, trick).
# Each must earn no more than the same wrong answer without the trick.
TAMPERING = {
    "replaces_the_checks": (
        [("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)")],
        [("binary_cross_entropy_loss_backward", "def binary_cross_entropy_loss_backward",
          "import coursekit.checks\n"
          "coursekit.checks.check_array = lambda *args, **kwargs: None\n"
          "coursekit.checks.check_shape = lambda *args, **kwargs: None\n"
          "np.testing.assert_allclose = lambda *args, **kwargs: None\n"
          "def binary_cross_entropy_loss_backward")],
    ),
    "turns_every_later_cell_into_pass": (
        [("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)")],
        [("train", "def train", "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\ndef train")],
    ),
    "patches_numpy_comparisons": (
        [("dense_backward", "dw = a_prev.T @ dz", "dw = dz.T @ a_prev")],
        [("dense_backward", "def dense_backward",
          "np.isclose = lambda a, b, **kwargs: np.ones(np.shape(a), dtype=bool)\n"
          "np.array_equal = lambda *args, **kwargs: True\n"
          "def dense_backward")],
    ),
}


pytestmark = pytest.mark.slow


class TestGrading(ExerciseGrading):
    """The exercise's hand-ins above, graded: full marks for right answers in any style, 0 for each mistake's check."""

    DEPENDENT = {"test_final_metrics"}  # a wrong backward pass may still train well enough
