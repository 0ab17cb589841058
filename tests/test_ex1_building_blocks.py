"""Exercise 1 autograded by nbgrader: fair to right answers, sharp on mistakes.

All submissions are made from the instructor's notebook by changing solution
lines, handed in to a temporary copy of the course, and graded in one
`nbgrader autograde` run.
"""
import pytest

from tests.course import ExerciseGrading, Mistake

EXERCISE = "ex1_building_blocks"
FULL = {
    "test_dense": 2.0,
    "test_relu": 2.0,
    "test_sigmoid": 3.0,
}

# student -> list of (cell grade_id, solution text, replacement)
RIGHT_IN_ANOTHER_STYLE = {
    "alt_dot_where_logaddexp": [
        ("dense", "z = a_prev @ w + b", "z = np.dot(a_prev, w) + b"),
        ("relu", "a = np.maximum(z, 0.0)", "a = np.where(z > 0, z, 0.0)"),
        ("sigmoid", "e = np.exp(-np.abs(z))", "e = np.logaddexp(0.0, -z)"),
        ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "a = np.exp(-e)"),
    ],
    "alt_transpose_mask_tanh": [
        ("dense", "z = a_prev @ w + b", "z = (w.T @ a_prev.T).T + b"),
        ("relu", "a = np.maximum(z, 0.0)", "a = z.copy()\n    a[a < 0] = 0"),
        ("sigmoid", "e = np.exp(-np.abs(z))", "e = np.tanh(z / 2)"),
        ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "a = 0.5 * (1 + e)"),
    ],
    "alt_multiply_clip": [
        ("dense", "z = a_prev @ w + b", "z = np.matmul(a_prev, w) + b"),
        ("relu", "a = np.maximum(z, 0.0)", "a = z * (z > 0)"),
        ("sigmoid", "e = np.exp(-np.abs(z))", "e = np.exp(-np.clip(z, -500, 500))"),
        ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "a = 1 / (1 + e)"),
    ],
    "alt_where_inline": [
        ("relu", "a = np.maximum(z, 0.0)", "a = np.clip(z, 0, None)"),
        ("sigmoid", "e = np.exp(-np.abs(z))", "e = None"),
        ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
         "a = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))"),
    ],
}

# student -> Mistake(changes, the cell that must lose all its points, a phrase of its feedback)
MISTAKES = {
    "dense_without_bias": Mistake(
        [("dense", "z = a_prev @ w + b", "z = a_prev @ w")],
        "test_dense",
        "plus the bias row b",
    ),
    "dense_elementwise": Mistake(
        [("dense", "z = a_prev @ w + b", "z = a_prev * w.T + b")],
        "test_dense",
        "",  # a broadcasting error in the student's own function
    ),
    "relu_maximum_with_1": Mistake(
        [("relu", "a = np.maximum(z, 0.0)", "a = np.maximum(z, 1)")],
        "test_relu",
        "relu(z) is z where z > 0",
    ),
    "relu_abs": Mistake(
        [("relu", "a = np.maximum(z, 0.0)", "a = np.abs(z)")],
        "test_relu",
        "relu(z) is z where z > 0",
    ),
    "relu_in_place": Mistake(
        [("relu", "a = np.maximum(z, 0.0)", "z[z < 0] = 0\n    a = z")],
        "test_relu",
        "relu changed z in place",
    ),
    "sigmoid_sign_flipped": Mistake(
        [("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
          "a = np.where(z >= 0, e / (1 + e), 1 / (1 + e))")],
        "test_sigmoid",
        "close to 1 for large positive z",
    ),
    "sigmoid_naive_overflows": Mistake(
        [("sigmoid", "e = np.exp(-np.abs(z))", "e = np.exp(-z)"),
         ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "a = 1 / (1 + e)")],
        "test_sigmoid",
        "Your sigmoid overflows for large |z|",
    ),
    "sigmoid_where_with_unsafe_branches": Mistake(
        [("sigmoid", "e = np.exp(-np.abs(z))", "e = np.exp(-z)"),
         ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
          "a = np.where(z >= 0, 1 / (1 + e), np.exp(z) / (1 + np.exp(z)))")],
        "test_sigmoid",
        "np.where computes both of its branches",
    ),
}


# A wrong answer, and code that tries to switch the checks off: (wrong answer, trick).
TAMPERING = {
    "patches_numpy_and_the_checks": (
        [("relu", "a = np.maximum(z, 0.0)", "a = np.abs(z)")],
        [("relu", "def relu", "import coursekit.checks\n"
                              "coursekit.checks.check_array = lambda *args, **kwargs: None\n"
                              "np.allclose = lambda *args, **kwargs: True\n"
                              "def relu")],
    ),
}


pytestmark = pytest.mark.slow


class TestGrading(ExerciseGrading):
    """The exercise's hand-ins above, graded: full marks for right answers in any style, 0 for each mistake's check."""

