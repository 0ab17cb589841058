"""Exercise 2 autograded by nbgrader: fair to right answers, sharp on mistakes.

All submissions are made from the instructor's notebook by changing solution
lines, handed in to a temporary copy of the course, and graded in one
`nbgrader autograde` run.
"""
import pytest

from tests.course import ExerciseGrading, Mistake

EXERCISE = "ex2_forward_pass"
FULL = {
    "test_binary_cross_entropy_loss": 3.0,
    "test_predict": 2.0,
    "test_compute_loss": 1.0,
    "test_get_metrics": 3.0,
}

# student -> list of (cell grade_id, solution text, replacement)
RIGHT_IN_ANOTHER_STYLE = {
    "alt_average_and_counts": [
        ("binary_cross_entropy_loss", "y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7)",
         "y_pred = np.minimum(np.maximum(y_pred, 1e-7), 1 - 1e-7)"),
        ("binary_cross_entropy_loss", "loss = -np.mean(losses)", "loss = -np.average(losses)"),
        ("get_metrics", "predicted = y_pred >= 0.5", "predicted = np.asarray(y_pred) >= 0.5"),
        ("get_metrics", "true_positives = np.sum(actual & predicted)",
         "true_positives = np.count_nonzero(np.logical_and(actual, predicted))"),
        ("get_metrics", "accuracy = np.mean(actual == predicted)",
         "accuracy = np.sum(actual == predicted) / len(y_true)"),
    ],
    "alt_sum_over_len_and_inline_forward": [
        ("binary_cross_entropy_loss",
         "losses = y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)",
         "losses = np.where(y_true == 1, np.log(y_pred), np.log(1 - y_pred))"),
        ("binary_cross_entropy_loss", "loss = -np.mean(losses)", "loss = -np.sum(losses) / len(y_true)"),
        ("model", "a3 = sigmoid(z3)", "a3 = 1 / (1 + np.exp(-z3))"),
        ("model", "y_pred = self.predict(x)",
         "y_pred = sigmoid(dense(relu(dense(relu(dense(x, self.w1, self.b1)), self.w2, self.b2)), self.w3, self.b3))"),
        ("get_metrics", "predicted_positives = np.sum(predicted)", "predicted_positives = int(predicted.sum())"),
        ("get_metrics", "precision = true_positives / predicted_positives if predicted_positives > 0 else 0.0",
         "precision = true_positives / max(predicted_positives, 1)"),
        ("get_metrics", "recall = true_positives / actual_positives if actual_positives > 0 else 0.0",
         "recall = 0.0 if actual_positives == 0 else true_positives / actual_positives"),
    ],
}

# student -> Mistake(changes, the cell that must lose all its points, a phrase of its feedback)
MISTAKES = {
    "loss_summed": Mistake(
        [("binary_cross_entropy_loss", "loss = -np.mean(losses)", "loss = -np.sum(losses)")],
        "test_binary_cross_entropy_loss",
        "minus the mean over the samples",
    ),
    "loss_without_minus": Mistake(
        [("binary_cross_entropy_loss", "loss = -np.mean(losses)", "loss = np.mean(losses)")],
        "test_binary_cross_entropy_loss",
        "minus the mean over the samples",
    ),
    "loss_not_clipped": Mistake(
        [("binary_cross_entropy_loss", "y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7)",
          "y_pred = np.asarray(y_pred)")],
        "test_binary_cross_entropy_loss",
        "Clip y_pred to [1e-7, 1 - 1e-7]",
    ),
    "loss_clipped_in_place": Mistake(
        [("binary_cross_entropy_loss", "y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7)",
          "y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7, out=y_pred)")],
        "test_binary_cross_entropy_loss",
        "changed the caller's y_pred in place",
    ),
    "predict_without_sigmoid": Mistake(
        [("model", "a3 = sigmoid(z3)", "a3 = z3")],
        "test_predict",
        "Does predict end with the sigmoid?",
    ),
    "predict_relu_at_the_end": Mistake(
        [("model", "a3 = sigmoid(z3)", "a3 = relu(z3)")],
        "test_predict",
        "dense, relu, dense, relu, dense, sigmoid",
    ),
    "predict_bias_of_another_layer": Mistake(
        [("model", "z2 = dense(a1, self.w2, self.b2)", "z2 = dense(a1, self.w2, self.b1)")],
        "test_predict",
        "biases that are not zero",
    ),
    "compute_loss_arguments_swapped": Mistake(
        [("model", "loss = binary_cross_entropy_loss(y_true, y_pred)",
          "loss = binary_cross_entropy_loss(y_pred, y_true)")],
        "test_compute_loss",
        "labels first, predictions second",
    ),
    "metrics_precision_and_recall_swapped": Mistake(
        [("get_metrics", "precision = true_positives / predicted_positives if predicted_positives > 0 else 0.0",
          "precision = true_positives / actual_positives if actual_positives > 0 else 0.0"),
         ("get_metrics", "recall = true_positives / actual_positives if actual_positives > 0 else 0.0",
          "recall = true_positives / predicted_positives if predicted_positives > 0 else 0.0")],
        "test_get_metrics",
        "precision = true positives / predicted positives",
    ),
    "metrics_threshold_above_half": Mistake(
        [("get_metrics", "predicted = y_pred >= 0.5", "predicted = y_pred > 0.5")],
        "test_get_metrics",
        "0.5 or more counts as malignant",
    ),
    "metrics_without_zero_division_guard": Mistake(
        [("get_metrics", "precision = true_positives / predicted_positives if predicted_positives > 0 else 0.0",
          "precision = true_positives / predicted_positives"),
         ("get_metrics", "recall = true_positives / actual_positives if actual_positives > 0 else 0.0",
          "recall = true_positives / actual_positives")],
        "test_get_metrics",
        "precision is 0.0 (not a division by zero)",
    ),
}


# A wrong answer, and code that tries to switch the checks off: (wrong answer, trick).
TAMPERING = {
    "shows_a_result_in_every_cell": (
        [("binary_cross_entropy_loss", "loss = -np.mean(losses)", "loss = -np.sum(losses)")],
        [("binary_cross_entropy_loss", "    return float(loss)",
          "    get_ipython().displayhook(100.0)\n    return float(loss)")],
    ),
}


pytestmark = pytest.mark.slow


class TestGrading(ExerciseGrading):
    """The exercise's hand-ins above, graded: full marks for right answers in any style, 0 for each mistake's check."""

