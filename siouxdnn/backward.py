"""The backward pass of each building block: how the loss changes with its inputs.

Each function takes the gradient of the loss with respect to a block's output
and returns the gradient with respect to its input (and parameters). These are
the reference versions of what students write in exercise 3.
"""
import numpy as np

from siouxdnn.layers import sigmoid
from siouxdnn.loss import EPSILON


def binary_cross_entropy_loss_backward(y_true, y_pred):
    """dL/dy_pred of the mean binary cross-entropy.

    dL/dy_pred = 1/M * (y_pred - y_true) / (y_pred * (1 - y_pred)), with
    y_pred clipped to [1e-7, 1 - 1e-7] as in the loss.

    y_true: labels 0.0 or 1.0, shape (M, 1).
    y_pred: predicted probabilities, shape (M, 1).
    Returns dy_pred, shape (M, 1).
    """
    y_pred = np.clip(y_pred, EPSILON, 1 - EPSILON)
    m = y_pred.shape[0]
    return (y_pred - y_true) / (y_pred * (1 - y_pred)) / m


def sigmoid_backward(z, da):
    """dL/dz of a = sigmoid(z): da * a * (1 - a).

    z, da: the same shape. Returns dz, that shape.
    """
    a = sigmoid(z)
    return da * a * (1 - a)


def relu_backward(z, da):
    """dL/dz of a = relu(z): da where z > 0, else 0.

    z, da: the same shape. Returns a new array dz, that shape; da is not changed.
    """
    return np.where(z > 0, da, 0.0)


def dense_backward(a_prev, dz, w):
    """The gradients of z = a_prev @ w + b.

    a_prev: the layer's input, shape (samples, inputs).
    dz:     dL/dz, shape (samples, outputs).
    w:      weights, shape (inputs, outputs).
    Returns (dw (inputs, outputs), db (1, outputs), da_prev (samples, inputs)).
    """
    dw = a_prev.T @ dz
    db = np.sum(dz, axis=0, keepdims=True)
    da_prev = dz @ w.T
    return dw, db, da_prev
