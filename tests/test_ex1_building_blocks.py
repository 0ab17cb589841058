"""Exercise 1 autograded by nbgrader: fair to right answers, sharp on mistakes.

All submissions are made from the instructor's notebook by changing solution
lines, handed in to a temporary copy of the course, and graded in one
`nbgrader autograde` run.
"""
import pytest

from tests.course import autograde_class, notebook_with

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

# student -> (changes, the cell that must lose all its points, a phrase of its feedback)
MISTAKES = {
    "dense_without_bias": (
        [("dense", "z = a_prev @ w + b", "z = a_prev @ w")],
        "test_dense",
        "plus the bias row b",
    ),
    "dense_elementwise": (
        [("dense", "z = a_prev @ w + b", "z = a_prev * w.T + b")],
        "test_dense",
        "",  # a broadcasting error in the student's own function
    ),
    "relu_maximum_with_1": (
        [("relu", "a = np.maximum(z, 0.0)", "a = np.maximum(z, 1)")],
        "test_relu",
        "relu(z) is z where z > 0",
    ),
    "relu_abs": (
        [("relu", "a = np.maximum(z, 0.0)", "a = np.abs(z)")],
        "test_relu",
        "relu(z) is z where z > 0",
    ),
    "relu_in_place": (
        [("relu", "a = np.maximum(z, 0.0)", "z[z < 0] = 0\n    a = z")],
        "test_relu",
        "relu changed z in place",
    ),
    "sigmoid_sign_flipped": (
        [("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
          "a = np.where(z >= 0, e / (1 + e), 1 / (1 + e))")],
        "test_sigmoid",
        "close to 1 for large positive z",
    ),
    "sigmoid_naive_overflows": (
        [("sigmoid", "e = np.exp(-np.abs(z))", "e = np.exp(-z)"),
         ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))", "a = 1 / (1 + e)")],
        "test_sigmoid",
        "Your sigmoid overflows for large |z|",
    ),
    "sigmoid_where_with_unsafe_branches": (
        [("sigmoid", "e = np.exp(-np.abs(z))", "e = np.exp(-z)"),
         ("sigmoid", "a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
          "a = np.where(z >= 0, 1 / (1 + e), np.exp(z) / (1 + np.exp(z)))")],
        "test_sigmoid",
        "np.where computes both of its branches",
    ),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every submission autograded once: {student: ({grade_id: (score, max)}, error messages)}."""
    submissions = {s: notebook_with(EXERCISE, c) for s, c in RIGHT_IN_ANOTHER_STYLE.items()}
    submissions.update({s: notebook_with(EXERCISE, c) for s, (c, _, _) in MISTAKES.items()})
    return autograde_class(tmp_path_factory.mktemp("ex1"), EXERCISE, submissions)


pytestmark = pytest.mark.slow


def points(result):
    return {grade_id: score for grade_id, (score, _) in result[0].items()}


def test_instructor_solution_gets_full_marks(graded):
    """The instructor's notebook, handed in as is, earns every point (7), without any error output."""
    assert points(graded["instructor"]) == FULL
    assert {g: m for g, (_, m) in graded["instructor"][0].items()} == FULL
    assert graded["instructor"][1] == {}


def test_untouched_student_notebook_scores_zero(graded):
    """The release notebook, handed in without any work, scores 0 and is graded without crashing."""
    assert points(graded["untouched"]) == {grade_id: 0.0 for grade_id in FULL}


@pytest.mark.parametrize("student", sorted(RIGHT_IN_ANOTHER_STYLE))
def test_right_answers_in_another_style_keep_full_marks(graded, student):
    """np.dot, np.where, masked copies, logaddexp, tanh or clipped exp: all full marks."""
    assert points(graded[student]) == FULL, graded[student][1]


@pytest.mark.parametrize("student", sorted(MISTAKES))
def test_mistake_loses_points_in_its_own_cell(graded, student):
    """The cell the mistake belongs to scores 0 and says why; the others keep their points."""
    _, losing, phrase = MISTAKES[student]
    result = points(graded[student])
    assert result[losing] == 0.0
    for grade_id in set(FULL) - {losing}:
        assert result[grade_id] == FULL[grade_id], grade_id
    assert phrase in graded[student][1][losing]
