"""A network of any depth: dense layers with ReLU between them and a sigmoid at the end.

Exercise 3's Model has three fixed layers. Exercise 4 trains networks of other
shapes (a deep, narrow one among them), so here the parameters are two lists:

    weights[i]: shape (layer_sizes[i], layer_sizes[i + 1])
    biases[i]:  shape (1, layer_sizes[i + 1])

Layer i computes z = dense(a, weights[i], biases[i]); every layer but the last
applies relu, the last applies sigmoid, whose output is the prediction.
"""
from siouxdnn.backward import (
    binary_cross_entropy_loss_backward,
    dense_backward,
    relu_backward,
    sigmoid_backward,
)
from siouxdnn.layers import dense, relu, sigmoid
from siouxdnn.loss import binary_cross_entropy_loss


def _forward(weights, biases, x):
    """The layers' inputs and pre-activations: (inputs, zs, y_pred)."""
    inputs, zs = [], []
    a = x
    last = len(weights) - 1
    for i, (w, b) in enumerate(zip(weights, biases)):
        inputs.append(a)
        z = dense(a, w, b)
        zs.append(z)
        a = sigmoid(z) if i == last else relu(z)
    return inputs, zs, a


def network_predict(weights, biases, x):
    """The network's predicted probabilities.

    x: samples, shape (M, layer_sizes[0]). Returns y_pred, shape (M, 1).
    """
    _, _, y_pred = _forward(weights, biases, x)
    return y_pred


def network_loss(weights, biases, x, y_true):
    """The binary cross-entropy of the network's predictions for x, a float.

    x: shape (M, layer_sizes[0]); y_true: labels 0.0 or 1.0, shape (M, 1).
    """
    return binary_cross_entropy_loss(y_true, network_predict(weights, biases, x))


def network_gradients(weights, biases, x, y_true):
    """The loss and its gradients with respect to every weight and bias.

    x: shape (M, layer_sizes[0]); y_true: labels 0.0 or 1.0, shape (M, 1).
    Returns (loss, dweights, dbiases): loss a float, dweights[i] the shape of
    weights[i], dbiases[i] the shape of biases[i]. Nothing is changed in place.
    """
    inputs, zs, y_pred = _forward(weights, biases, x)
    loss = binary_cross_entropy_loss(y_true, y_pred)
    da = binary_cross_entropy_loss_backward(y_true, y_pred)
    dweights = [None] * len(weights)
    dbiases = [None] * len(biases)
    for i in reversed(range(len(weights))):
        if i == len(weights) - 1:
            dz = sigmoid_backward(zs[i], da)
        else:
            dz = relu_backward(zs[i], da)
        dweights[i], dbiases[i], da = dense_backward(inputs[i], dz, weights[i])
    return loss, dweights, dbiases
