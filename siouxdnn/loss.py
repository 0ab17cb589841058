"""The loss function of a binary classifier."""
import numpy as np

EPSILON = 1e-7
"""Predictions are clipped to [EPSILON, 1 - EPSILON] so log() stays finite."""


def binary_cross_entropy_loss(y_true, y_pred):
    """Mean binary cross-entropy over the samples.

    L = -1/M * sum(y * log(p) + (1 - y) * log(1 - p)), with p = y_pred
    clipped to [1e-7, 1 - 1e-7].

    y_true: labels 0.0 or 1.0, shape (M, 1).
    y_pred: predicted probabilities, shape (M, 1).
    Returns the loss as a float.
    """
    y_pred = np.clip(y_pred, EPSILON, 1 - EPSILON)
    losses = y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)
    return float(-np.mean(losses))
