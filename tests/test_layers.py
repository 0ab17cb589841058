"""Tests of siouxdnn.layers: dense, relu and sigmoid against values worked out by hand."""
import warnings

import numpy as np

from siouxdnn import dense, relu, sigmoid


def test_dense_multiplies_and_adds_the_broadcast_bias():
    """dense computes a_prev @ w + b, with b added to every sample."""
    a_prev = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, -1.0]])  # 3 samples, 2 inputs
    w = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.5]])  # 2 inputs, 3 outputs
    b = np.array([[0.5, -0.5, 1.0]])
    # row 1: [1-2, 0+2, 2+1] + b = [-0.5, 1.5, 4.0]
    expected = np.array([[-0.5, 1.5, 4.0], [-0.5, 3.5, 9.0], [1.5, -1.5, 0.5]])
    z = dense(a_prev, w, b)
    assert z.shape == (3, 3)
    np.testing.assert_allclose(z, expected)


def test_relu_zeroes_negatives_and_returns_a_new_array():
    """relu keeps positive values, turns z <= 0 into 0 and leaves its input alone."""
    z = np.array([[-2.0, 0.0, 3.5], [1e-9, -1e-9, 7.0]])
    before = z.copy()
    a = relu(z)
    np.testing.assert_array_equal(a, [[0.0, 0.0, 3.5], [1e-9, 0.0, 7.0]])
    np.testing.assert_array_equal(z, before)
    assert not np.shares_memory(a, z)


def test_sigmoid_matches_hand_values():
    """sigmoid(0) = 0.5, sigmoid(ln 3) = 0.75 and sigmoid(-ln 3) = 0.25."""
    z = np.array([[0.0, np.log(3.0), -np.log(3.0)]])
    np.testing.assert_allclose(sigmoid(z), [[0.5, 0.75, 0.25]], rtol=1e-12)


def test_sigmoid_is_stable_for_large_inputs():
    """sigmoid gives exact limits for |z| = 1000 without any overflow warning."""
    z = np.array([[-1000.0, -50.0, 50.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = sigmoid(z)
    assert np.all(np.isfinite(a))
    assert a[0, 0] == 0.0 and a[0, 3] == 1.0
    np.testing.assert_allclose(a[0, 1], np.exp(-50.0) / (1 + np.exp(-50.0)), rtol=1e-12)


def test_sigmoid_keeps_the_shape():
    """sigmoid works element by element on any shape."""
    assert sigmoid(np.zeros((4, 1))).shape == (4, 1)
