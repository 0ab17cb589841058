"""Tests of siouxdnn.data.load_data: shapes, types, labels, standardisation, determinism."""
import numpy as np

from siouxdnn import FEATURE_NAMES, load_data


def test_shapes_and_dtype():
    """Train (456, 5)/(456, 1) and validation (113, 5)/(113, 1), all float64."""
    X_train, Y_train, X_val, Y_val = load_data()
    assert X_train.shape == (456, 5) and Y_train.shape == (456, 1)
    assert X_val.shape == (113, 5) and Y_val.shape == (113, 1)
    for array in (X_train, Y_train, X_val, Y_val):
        assert array.dtype == np.float64
        assert not np.isnan(array).any()
    assert len(FEATURE_NAMES) == 5


def test_labels_are_zero_or_one_with_both_classes_in_each_split():
    """Labels are 0.0/1.0; 170 + 42 malignant samples as the data README says."""
    _, Y_train, _, Y_val = load_data()
    for labels in (Y_train, Y_val):
        assert set(np.unique(labels)) == {0.0, 1.0}
    assert Y_train.sum() == 170
    assert Y_val.sum() == 42


def test_training_features_are_standardised():
    """Each training feature has mean 0 and standard deviation 1; validation is close but not exact."""
    X_train, _, X_val, _ = load_data()
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=0), 1.0, rtol=1e-12)
    assert np.all(np.abs(X_val.mean(axis=0)) < 0.5)


def test_every_call_returns_the_same_fresh_arrays():
    """Two calls give equal arrays, and changing one result does not change the next."""
    first = load_data()
    first[0][0, 0] = 1e6
    second = load_data()
    third = load_data()
    for a, b in zip(second, third):
        np.testing.assert_array_equal(a, b)
    assert second[0][0, 0] != 1e6


def test_data_is_the_documented_subset():
    """Spot check against the original WDBC file: sample 1 is malignant with radius 17.99."""
    from siouxdnn.data import _read_table

    features, labels, is_train = _read_table()
    assert features.shape == (569, 5)
    np.testing.assert_allclose(features[0], [17.99, 10.38, 0.1184, 0.1471, 0.2419])
    assert labels[0] == 1.0
    assert labels.sum() == 212
