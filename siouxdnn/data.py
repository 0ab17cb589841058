"""The course data set: five features of breast-cancer cell nuclei.

See siouxdnn/data_files/README.md for its source, license and the meaning of
each feature.
"""
from importlib import resources

import numpy as np

FEATURE_NAMES = (
    "radius_mean",
    "texture_mean",
    "smoothness_mean",
    "concave_points_mean",
    "symmetry_mean",
)
"""The five input features, in column order."""

DATA_FILE = "wdbc5.csv"


def _read_table():
    """The shipped CSV as (features (569, 5), labels (569,), is_train (569,))."""
    path = resources.files("siouxdnn") / "data_files" / DATA_FILE
    with path.open("r", encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    feature_columns = [header.index(name) for name in FEATURE_NAMES]
    features = np.array(
        [[float(row[c]) for c in feature_columns] for row in rows], dtype=np.float64
    )
    labels = np.array([float(row[header.index("malignant")]) for row in rows])
    is_train = np.array([row[header.index("split")] == "train" for row in rows])
    return features, labels, is_train


def load_data():
    """The training and validation sets, standardised.

    Each feature is shifted and scaled with the mean and standard deviation
    of the *training* set, so the validation set is treated as unseen data.
    The split is fixed in the data file: every call, on every machine,
    returns the same arrays.

    Returns X_train (456, 5), Y_train (456, 1), X_val (113, 5), Y_val (113, 1),
    all float64. Labels are 1.0 for malignant and 0.0 for benign.
    """
    features, labels, is_train = _read_table()
    mean = features[is_train].mean(axis=0)
    std = features[is_train].std(axis=0)
    standardised = (features - mean) / std

    X_train = standardised[is_train]
    Y_train = labels[is_train].reshape(-1, 1)
    X_val = standardised[~is_train]
    Y_val = labels[~is_train].reshape(-1, 1)
    return X_train, Y_train, X_val, Y_val
