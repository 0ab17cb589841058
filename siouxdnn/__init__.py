"""Reference implementations and data for the Sioux DNN course.

Each exercise imports from here what the previous exercises built, so a
student who got stuck earlier can still do the next exercise:

    from siouxdnn import dense, relu, sigmoid, binary_cross_entropy_loss
    from siouxdnn import load_data, reset_seed, get_metrics
    from siouxdnn import check_gradients
"""
from siouxdnn.backward import (
    binary_cross_entropy_loss_backward,
    dense_backward,
    relu_backward,
    sigmoid_backward,
)
from siouxdnn.data import FEATURE_NAMES, load_data
from siouxdnn.gradcheck import check_gradients
from siouxdnn.layers import dense, relu, sigmoid
from siouxdnn.loss import binary_cross_entropy_loss
from siouxdnn.metrics import get_metrics
from siouxdnn.network import network_gradients, network_loss, network_predict
from siouxdnn.seed import reset_seed

__all__ = [
    "FEATURE_NAMES",
    "binary_cross_entropy_loss",
    "binary_cross_entropy_loss_backward",
    "check_gradients",
    "dense",
    "dense_backward",
    "get_metrics",
    "load_data",
    "network_gradients",
    "network_loss",
    "network_predict",
    "relu",
    "relu_backward",
    "reset_seed",
    "sigmoid",
    "sigmoid_backward",
]
