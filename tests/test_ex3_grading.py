"""Exercise 3 autograded by nbgrader: fair to right answers, sharp on mistakes.

All submissions are made from the instructor's notebook by changing solution
lines, handed in to a temporary copy of the course, and graded in one
`nbgrader autograde` run.
"""
import pytest

from tests.course import autograde_class, notebook_with

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

# student -> (changes, the cells that must lose all their points)
MISTAKES = {
    "no_one_over_m": (
        [("binary_cross_entropy_loss_backward",
          "(1 / m) * (y_pred - y_true) / (y_pred * (1 - y_pred))",
          "(y_pred - y_true) / (y_pred * (1 - y_pred))")],
        {"test_binary_cross_entropy_loss_backward"},
    ),
    "sigmoid_of_z_not_a": (
        [("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)")],
        {"test_sigmoid_backward", "test_final_metrics"},
    ),
    "relu_in_place": (
        [("relu_backward", "dz = np.where(z > 0, da, 0.0)", "dz = da\n    dz[z <= 0] = 0")],
        {"test_relu_backward"},
    ),
    "db_without_keepdims": (
        [("dense_backward", "db = np.sum(dz, axis=0, keepdims=True)", "db = np.sum(dz, axis=0)")],
        {"test_dense_backward"},
    ),
    "dw_transposed": (
        [("dense_backward", "dw = a_prev.T @ dz", "dw = dz.T @ a_prev")],
        {"test_dense_backward", "test_final_metrics"},
    ),
    "wrong_layer_activation": (
        [("model", "dense_backward(a1, dz2, self.w2)", "dense_backward(a2, dz2, self.w2)")],
        {"test_get_gradients"},
    ),
    "missing_bias_update": (
        [("train", "model.b1 = model.b1 - learning_rate * db1", "model.b1 = model.b1")],
        {"test_train"},
    ),
    "fixed_learning_rate": (
        [("train", "model.w2 = model.w2 - learning_rate * dw2", "model.w2 = model.w2 - 1e-2 * dw2")],
        {"test_train"},
    ),
}

# Wrong answers plus code that switches the checks off: must not earn points.
TAMPERING = {
    "replaces_the_checks": [
        ("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)"),
        ("binary_cross_entropy_loss_backward", "def binary_cross_entropy_loss_backward",
         "import coursekit.checks\n"
         "coursekit.checks.check_array = lambda *args, **kwargs: None\n"
         "coursekit.checks.check_shape = lambda *args, **kwargs: None\n"
         "np.testing.assert_allclose = lambda *args, **kwargs: None\n"
         "def binary_cross_entropy_loss_backward"),
    ],
    "turns_every_later_cell_into_pass": [
        ("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * z * (1 - z)"),
        ("train", "def train", "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\ndef train"),
    ],
    "patches_numpy_comparisons": [
        ("dense_backward", "dw = a_prev.T @ dz", "dw = dz.T @ a_prev"),
        ("dense_backward", "def dense_backward",
         "np.isclose = lambda a, b, **kwargs: np.ones(np.shape(a), dtype=bool)\n"
         "np.array_equal = lambda *args, **kwargs: True\n"
         "def dense_backward"),
    ],
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every submission autograded once: {student: {grade_id: (score, max)}}."""
    submissions = {s: notebook_with(EXERCISE, c) for s, c in RIGHT_IN_ANOTHER_STYLE.items()}
    submissions.update({s: notebook_with(EXERCISE, c) for s, (c, _) in MISTAKES.items()})
    submissions.update({s: notebook_with(EXERCISE, c) for s, c in TAMPERING.items()})
    result = autograde_class(tmp_path_factory.mktemp("ex3"), EXERCISE, submissions)
    return {student: scores for student, (scores, _) in result.items()}


pytestmark = pytest.mark.slow


def points(result):
    return {grade_id: score for grade_id, (score, _) in result.items()}


def test_instructor_solution_gets_full_marks(graded):
    """The instructor's notebook, handed in as is, earns every point (16)."""
    assert points(graded["instructor"]) == FULL
    assert {g: m for g, (_, m) in graded["instructor"].items()} == FULL


def test_untouched_student_notebook_scores_zero(graded):
    """The release notebook, handed in without any work, scores 0 and is graded without crashing."""
    assert points(graded["untouched"]) == {grade_id: 0.0 for grade_id in FULL}


@pytest.mark.parametrize("student", sorted(RIGHT_IN_ANOTHER_STYLE))
def test_right_answers_in_another_style_keep_full_marks(graded, student):
    """np.dot for @, masks for np.where, -= updates, an equal loss formula: all full marks."""
    assert points(graded[student]) == FULL


@pytest.mark.parametrize("student", sorted(MISTAKES))
def test_mistake_loses_points_in_its_own_cell(graded, student):
    """The cell the mistake belongs to scores 0; the other functions keep their points."""
    _, losing = MISTAKES[student]
    result = points(graded[student])
    for grade_id in losing:
        assert result[grade_id] == 0.0, grade_id
    for grade_id in set(FULL) - losing - {"test_final_metrics"}:
        assert result[grade_id] == FULL[grade_id], grade_id


@pytest.mark.parametrize("student", sorted(TAMPERING))
def test_switching_the_checks_off_earns_nothing(graded, student):
    """A notebook that replaces the checks or NumPy's comparisons scores 0 in every cell."""
    assert points(graded[student]) == {grade_id: 0.0 for grade_id in FULL}
