"""Tests of siouxdnn.seed.reset_seed."""
import numpy as np

from siouxdnn import reset_seed


def test_reset_seed_repeats_uniform_initialisation():
    """After reset_seed(123), np.random.uniform gives the same weights every time."""
    reset_seed(123)
    first = np.random.uniform(-0.3, 0.3, size=(5, 64))
    np.random.uniform(size=100)  # anything in between
    reset_seed(123)
    second = np.random.uniform(-0.3, 0.3, size=(5, 64))
    np.testing.assert_array_equal(first, second)


def test_different_seeds_differ():
    """reset_seed(1) and reset_seed(2) give different numbers."""
    reset_seed(1)
    a = np.random.uniform(size=3)
    reset_seed(2)
    b = np.random.uniform(size=3)
    assert not np.array_equal(a, b)
