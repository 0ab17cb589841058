"""Reference implementations and data for the Sioux DNN course.

Each exercise imports from here what the previous exercises built, so a
student who got stuck earlier can still do the next exercise:

    from siouxdnn import dense, relu, sigmoid, binary_cross_entropy_loss
    from siouxdnn import load_data, reset_seed, get_metrics
    from siouxdnn import check_gradients
"""
from siouxdnn.data import FEATURE_NAMES, load_data
from siouxdnn.gradcheck import check_gradients
from siouxdnn.layers import dense, relu, sigmoid
from siouxdnn.loss import binary_cross_entropy_loss
from siouxdnn.metrics import get_metrics
from siouxdnn.seed import reset_seed

__all__ = [
    "FEATURE_NAMES",
    "binary_cross_entropy_loss",
    "check_gradients",
    "dense",
    "get_metrics",
    "load_data",
    "relu",
    "reset_seed",
    "sigmoid",
]
