"""The forward building blocks of a network: a dense layer and two activations."""
import numpy as np


def dense(a_prev, w, b):
    """Fully connected layer: z = a_prev @ w + b.

    a_prev: activations of the previous layer, shape (samples, inputs).
    w:      weights, shape (inputs, outputs).
    b:      biases, shape (1, outputs); broadcast over the samples.
    Returns z, shape (samples, outputs).
    """
    return a_prev @ w + b


def relu(z):
    """Rectified linear unit: z where z > 0, else 0.

    z: any shape. Returns a new array of the same shape; z is not changed.
    """
    return np.maximum(z, 0.0)


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), computed without overflow.

    exp(-z) overflows for large negative z, so for those the equal form
    exp(z) / (1 + exp(z)) is used. Both forms only ever take exp of a
    number <= 0, which cannot overflow.

    z: any shape. Returns an array of the same shape with values in [0, 1].
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
