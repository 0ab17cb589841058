"""Tests of siouxdnn.loss.binary_cross_entropy_loss."""
import warnings

import numpy as np

from siouxdnn import binary_cross_entropy_loss


def test_loss_is_the_mean_over_samples():
    """Two samples with p = 0.8 for the true class each lose -ln(0.8); the mean is the same."""
    y_true = np.array([[1.0], [0.0]])
    y_pred = np.array([[0.8], [0.2]])
    assert np.isclose(binary_cross_entropy_loss(y_true, y_pred), -np.log(0.8))


def test_loss_of_mixed_predictions_by_hand():
    """(-ln 0.5 - ln 0.9 - ln 0.6) / 3 for a 50%, a 90% and a 40%-wrong prediction."""
    y_true = np.array([[1.0], [1.0], [0.0]])
    y_pred = np.array([[0.5], [0.9], [0.4]])
    expected = -(np.log(0.5) + np.log(0.9) + np.log(0.6)) / 3
    assert np.isclose(binary_cross_entropy_loss(y_true, y_pred), expected)


def test_loss_clips_predictions_of_exactly_zero_and_one():
    """A certain, wrong prediction costs -ln(1e-7), not inf, and warns about nothing."""
    y_true = np.array([[1.0], [0.0]])
    y_pred = np.array([[0.0], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = binary_cross_entropy_loss(y_true, y_pred)
    assert np.isclose(loss, -np.log(1e-7))


def test_loss_returns_a_float():
    """The loss is a plain number that prints cleanly."""
    assert isinstance(binary_cross_entropy_loss(np.ones((3, 1)), np.full((3, 1), 0.5)), float)
