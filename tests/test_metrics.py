"""Tests of siouxdnn.metrics.get_metrics, including its edge cases."""
import warnings

import numpy as np
import pytest

from siouxdnn import get_metrics


def test_metrics_by_hand():
    """2 true positives, 1 false positive, 1 false negative, 1 true negative."""
    y_true = np.array([[1.0], [1.0], [0.0], [1.0], [0.0]])
    y_pred = np.array([[0.9], [0.6], [0.7], [0.2], [0.1]])
    accuracy, precision, recall = get_metrics(y_true, y_pred)
    assert accuracy == pytest.approx(3 / 5)
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(2 / 3)


def test_threshold_of_exactly_one_half_counts_as_positive():
    """A prediction of 0.5 is positive, one just below is negative."""
    y_true = np.array([[1.0], [0.0]])
    y_pred = np.array([[0.5], [0.4999999]])
    assert get_metrics(y_true, y_pred) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize(
    "y_true, y_pred, expected",
    [
        ([[1.0], [0.0]], [[0.1], [0.2]], (0.5, 0.0, 0.0)),  # nothing predicted positive
        ([[0.0], [0.0]], [[0.9], [0.2]], (0.5, 0.0, 0.0)),  # no actual positives
        ([[0.0], [0.0]], [[0.1], [0.2]], (1.0, 0.0, 0.0)),  # neither
    ],
)
def test_no_positives_give_zero_without_warnings(y_true, y_pred, expected):
    """Precision and recall are 0.0, with no division warning, when their denominator is 0."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            result = get_metrics(np.array(y_true), np.array(y_pred))
    assert result == expected
    assert all(isinstance(value, float) for value in result)
