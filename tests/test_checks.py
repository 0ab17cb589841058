"""Tests of coursekit.checks: the hidden tests' assertions and their messages."""
import numpy as np
import pytest

from coursekit.checks import check_array, check_gradient, check_number, check_shape, numerical_gradient, quiet


def test_check_array_accepts_rounding_differences():
    """An answer computed in another order (differences in the 16th digit) passes."""
    check_array("dz", np.array([[0.1 + 0.2]]), [[0.3]])


def test_check_array_names_a_wrong_value():
    """A wrong value is reported with its index, its value and the expected one."""
    message = r"dz is wrong in 1 of 2 places; for example at index \(0, 1\) it is 2, expected 3"
    with pytest.raises(AssertionError, match=message):
        check_array("dz", np.array([[1.0, 2.0]]), [[1.0, 3.0]])


def test_check_shape_says_which_shape_is_expected():
    """A transposed result is reported with both shapes."""
    with pytest.raises(AssertionError, match=r"dw has shape \(5, 4\), but it must have the shape of w: \(4, 5\)\."):
        check_shape("dw", np.zeros((5, 4)), (4, 5), "the shape of w")


def test_check_shape_message_reads_right_with_and_without_a_description():
    """Not "it must have shape the shape of b" (issue #12)."""
    with pytest.raises(AssertionError) as described:
        check_shape("db", np.zeros(5), (1, 5), "the shape of b")
    assert str(described.value) == "db has shape (5,), but it must have the shape of b: (1, 5)."
    with pytest.raises(AssertionError) as plain:
        check_shape("db", np.zeros(5), (1, 5))
    assert str(plain.value) == "db has shape (5,), but it must have shape (1, 5)."


def test_check_array_rejects_non_arrays_and_nan():
    """A list or an array with nan is not accepted."""
    with pytest.raises(AssertionError, match="must be a NumPy array"):
        check_array("dz", [[1.0]], [[1.0]])
    with pytest.raises(AssertionError, match="inf or nan"):
        check_array("dz", np.array([[np.nan]]), [[1.0]])


def test_an_ndarray_subclass_cannot_fake_equality():
    """A returned subclass whose ufuncs always answer 'equal' is rejected."""
    class AlwaysEqual(np.ndarray):
        def __array_ufunc__(self, *args, **kwargs):
            return True

    with pytest.raises(AssertionError):
        check_array("dz", np.zeros(3).view(AlwaysEqual), [1.0, 2.0, 3.0])


def test_check_number_uses_the_tolerance():
    """0.93 is within 0.02 of 0.938; 0.9 is not."""
    check_number("accuracy", 0.93, 0.938, 0.02)
    with pytest.raises(AssertionError, match="accuracy is 0.9, expected 0.938"):
        check_number("accuracy", 0.9, 0.938, 0.02)


def test_numerical_gradient_of_a_square():
    """d/dx sum(x**2) = 2x, and x is restored afterwards."""
    x = np.array([[1.0, -2.0, 0.5]])
    gradient = numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_allclose(gradient, 2 * x, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0, 0.5]])


def test_check_gradient_catches_a_factor_two():
    """An analytic gradient that is twice the numerical one fails."""
    numeric = np.array([[0.5, -0.25]])
    check_gradient("dw", numeric.copy(), numeric)
    with pytest.raises(AssertionError, match="numerical gradient check"):
        check_gradient("dw", 2 * numeric, numeric)


def test_quiet_silences_numpy_warnings():
    """Inside quiet(), an overflow writes nothing."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with quiet():
            np.exp(np.array([1000.0]))
