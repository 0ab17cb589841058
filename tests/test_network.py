"""Tests of siouxdnn.network: a network of any depth, its forward pass and its gradients."""
import numpy as np

from coursekit.checks import numerical_gradient
from siouxdnn import network_gradients, network_loss, network_predict


def _network(layer_sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 0.8, size=(n_in, n_out)) for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    biases = [rng.normal(0, 0.1, size=(1, n_out)) for n_out in layer_sizes[1:]]
    return weights, biases


def test_one_layer_is_logistic_regression():
    """With a single layer the prediction is sigmoid(x @ w + b): for z = 0 it is 0.5, for z = ln 3 it is 0.75."""
    weights = [np.array([[1.0], [0.0]])]
    biases = [np.array([[0.0]])]
    x = np.array([[0.0, 5.0], [np.log(3.0), -2.0]])
    np.testing.assert_allclose(network_predict(weights, biases, x), [[0.5], [0.75]], rtol=1e-12)


def test_hidden_layers_apply_relu():
    """Two layers worked out by hand: the hidden unit's negative value is cut to 0 by relu."""
    weights = [np.array([[1.0, -1.0]]), np.array([[1.0], [1.0]])]
    biases = [np.array([[0.0, 0.0]]), np.array([[0.0]])]
    # x = 2: hidden = relu([2, -2]) = [2, 0]; output z = 2; y = sigmoid(2)
    expected = 1 / (1 + np.exp(-2.0))
    np.testing.assert_allclose(network_predict(weights, biases, np.array([[2.0]])), [[expected]], rtol=1e-12)


def test_loss_is_the_cross_entropy_of_the_predictions():
    """network_loss of a one-layer network with prediction 0.75 for a label 1 is -log(0.75)."""
    weights, biases = [np.array([[1.0]])], [np.array([[0.0]])]
    loss = network_loss(weights, biases, np.array([[np.log(3.0)]]), np.array([[1.0]]))
    assert abs(loss - (-np.log(0.75))) < 1e-12


def test_gradients_of_a_deep_network_agree_with_numerical_gradients():
    """Every weight's and bias's gradient of a 4-layer network matches a centred difference of the loss."""
    weights, biases = _network([3, 5, 4, 3, 1], seed=2)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6, 3))
    y_true = np.array([[1.0], [0.0], [1.0], [1.0], [0.0], [0.0]])
    loss, dweights, dbiases = network_gradients(weights, biases, x, y_true)
    assert abs(loss - network_loss(weights, biases, x, y_true)) < 1e-12
    for param, grad in zip(weights + biases, dweights + dbiases):
        assert grad.shape == param.shape
        numeric = numerical_gradient(lambda: network_loss(weights, biases, x, y_true), param)
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)


def test_gradients_change_nothing_in_place():
    """network_gradients leaves the weights, biases and data as they were."""
    weights, biases = _network([2, 3, 1], seed=4)
    x, y_true = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[1.0], [0.0]])
    copies = [a.copy() for a in weights + biases + [x, y_true]]
    network_gradients(weights, biases, x, y_true)
    for before, after in zip(copies, weights + biases + [x, y_true]):
        np.testing.assert_array_equal(before, after)
