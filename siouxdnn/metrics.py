"""Accuracy, precision and recall of a binary classifier."""
import numpy as np

THRESHOLD = 0.5
"""A prediction of at least THRESHOLD counts as positive (class 1)."""


def get_metrics(y_true, y_pred):
    """Accuracy, precision and recall of predictions thresholded at 0.5.

    y_true: labels 0.0 or 1.0, shape (M, 1).
    y_pred: predicted probabilities, shape (M, 1).
    Returns (accuracy, precision, recall) as floats:
      accuracy  = correct predictions / M
      precision = true positives / predicted positives (0.0 if none predicted)
      recall    = true positives / actual positives    (0.0 if there are none)
    """
    actual = np.asarray(y_true) == 1
    predicted = np.asarray(y_pred) >= THRESHOLD
    true_positives = np.sum(actual & predicted)

    accuracy = np.mean(actual == predicted)
    precision = true_positives / predicted.sum() if predicted.any() else 0.0
    recall = true_positives / actual.sum() if actual.any() else 0.0
    return float(accuracy), float(precision), float(recall)
