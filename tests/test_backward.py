"""Tests of siouxdnn.backward against values worked out by hand and numerical gradients."""
import numpy as np

from coursekit.checks import numerical_gradient
from siouxdnn import (
    binary_cross_entropy_loss,
    binary_cross_entropy_loss_backward,
    dense,
    dense_backward,
    relu_backward,
    sigmoid,
    sigmoid_backward,
)


def test_loss_backward_matches_hand_values():
    """For y = 1, p = 0.8 the derivative of -log(p) is -1/p = -1.25; divided by M = 2 samples."""
    y_true = np.array([[1.0], [0.0]])
    y_pred = np.array([[0.8], [0.25]])
    # sample 2: d/dp of -log(1 - p) = 1 / (1 - p) = 4/3; halved: 2/3
    np.testing.assert_allclose(
        binary_cross_entropy_loss_backward(y_true, y_pred), [[-0.625], [2.0 / 3.0]], rtol=1e-12
    )


def test_loss_backward_stays_finite_at_0_and_1():
    """Predictions of exactly 0 and 1 are clipped as in the loss: no division by zero."""
    dy = binary_cross_entropy_loss_backward(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]]))
    assert np.all(np.isfinite(dy))


def test_loss_backward_is_the_gradient_of_the_loss():
    """The analytic gradient agrees with a centred difference of binary_cross_entropy_loss."""
    y_true = np.array([[1.0], [0.0], [1.0]])
    y_pred = np.array([[0.3], [0.6], [0.9]])
    numeric = numerical_gradient(lambda: binary_cross_entropy_loss(y_true, y_pred), y_pred)
    np.testing.assert_allclose(binary_cross_entropy_loss_backward(y_true, y_pred), numeric, rtol=1e-6)


def test_sigmoid_backward_at_zero_is_a_quarter_of_da():
    """sigmoid'(0) = 0.5 * 0.5 = 0.25; sigmoid'(ln 3) = 0.75 * 0.25 = 0.1875."""
    z = np.array([[0.0, np.log(3.0)]])
    np.testing.assert_allclose(sigmoid_backward(z, np.array([[2.0, 1.0]])), [[0.5, 0.1875]], rtol=1e-12)


def test_relu_backward_passes_da_where_z_is_positive_only():
    """dz = da where z > 0 and 0 where z <= 0 (0 included); da is left as it was."""
    z = np.array([[1.0, -1.0, 0.0]])
    da = np.array([[0.5, 0.5, 0.5]])
    dz = relu_backward(z, da)
    np.testing.assert_array_equal(dz, [[0.5, 0.0, 0.0]])
    np.testing.assert_array_equal(da, [[0.5, 0.5, 0.5]])
    assert not np.shares_memory(dz, da)


def test_dense_backward_matches_hand_values():
    """For one sample a_prev = [1, 2] and dz = [3]: dw = [[3], [6]], db = [[3]], da_prev = 3 * w.T."""
    a_prev = np.array([[1.0, 2.0]])
    w = np.array([[0.5], [-1.0]])
    dw, db, da_prev = dense_backward(a_prev, np.array([[3.0]]), w)
    np.testing.assert_array_equal(dw, [[3.0], [6.0]])
    np.testing.assert_array_equal(db, [[3.0]])
    np.testing.assert_array_equal(da_prev, [[1.5, -3.0]])


def test_dense_backward_agrees_with_numerical_gradients():
    """With L = sum(dense(a, w, b) * g), dL/dz = g: all three gradients match centred differences."""
    rng = np.random.default_rng(0)
    a_prev, w, b, g = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(1, 2)), rng.normal(size=(4, 2))

    def loss():
        return float(np.sum(dense(a_prev, w, b) * g))

    dw, db, da_prev = dense_backward(a_prev, g, w)
    np.testing.assert_allclose(dw, numerical_gradient(loss, w), rtol=1e-6)
    np.testing.assert_allclose(db, numerical_gradient(loss, b), rtol=1e-6)
    np.testing.assert_allclose(da_prev, numerical_gradient(loss, a_prev), rtol=1e-6)


def test_sigmoid_backward_agrees_with_a_numerical_gradient():
    """With L = sum(sigmoid(z) * g), dL/dz from sigmoid_backward(z, g) matches centred differences."""
    rng = np.random.default_rng(1)
    z, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    numeric = numerical_gradient(lambda: float(np.sum(sigmoid(z) * g)), z)
    np.testing.assert_allclose(sigmoid_backward(z, g), numeric, rtol=1e-6, atol=1e-10)
