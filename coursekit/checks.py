"""Assertions for the notebooks' hidden tests, with messages a student understands.

A failed check raises AssertionError with a sentence that says what is wrong,
for example "dw has shape (5, 4), but it must have the shape of w: (4, 5)".
nbgrader shows that sentence in the student's feedback.

The hidden tests run inside `quiet()`: a NumPy warning written to stderr
would cost a right answer its points (nbgrader scores a test cell 0 when
it writes to stderr).
"""
import contextlib
import warnings

import numpy as np


@contextlib.contextmanager
def quiet():
    """Silence NumPy floating-point warnings and Python warnings inside the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            yield


def check_shape(name, actual, shape, what=None):
    """Assert that `actual` is a NumPy array of the given shape.

    what: how the shape is described to the student, e.g. "the shape of w".
    """
    # Exactly an ndarray: a subclass can redefine ==, isclose and friends.
    if type(actual) is not np.ndarray:
        raise AssertionError(
            f"{name} must be a NumPy array, but it is {type(actual).__name__}: {actual!r}"
        )
    shape = tuple(shape)
    if actual.shape != shape:
        described = f"{what}: {shape}" if what else f"shape {shape}"
        raise AssertionError(
            f"{name} has shape {actual.shape}, but it must have {described}."
        )


def check_array(name, actual, expected, atol=1e-7, rtol=1e-6, hint=""):
    """Assert that `actual` has the shape and, within tolerance, the values of `expected`.

    atol, rtol: as in np.allclose. The defaults accept answers computed in
    another order (rounding in the 16th digit) and reject real mistakes.
    hint: a sentence added to the message when the values are wrong.
    """
    expected = np.asarray(expected, dtype=float)
    check_shape(name, actual, expected.shape)
    if not np.all(np.isfinite(actual)):
        raise AssertionError(f"{name} contains inf or nan: {actual}")
    wrong = ~np.isclose(actual, expected, atol=atol, rtol=rtol)
    if wrong.any():
        index = tuple(int(i) for i in np.argwhere(wrong)[0])
        message = (
            f"{name} is wrong in {int(wrong.sum())} of {wrong.size} places; "
            f"for example at index {index} it is {actual[index]:.8g}, expected {expected[index]:.8g}."
        )
        if hint:
            message += " " + hint
        raise AssertionError(message)


def check_number(name, actual, expected, tolerance, hint=""):
    """Assert that the number `actual` is within `tolerance` of `expected`."""
    try:
        value = float(actual)
    except (TypeError, ValueError):
        raise AssertionError(f"{name} must be a number, but it is {actual!r}") from None
    if not abs(value - expected) <= tolerance:
        message = f"{name} is {value:.6g}, expected {expected:.6g} (within {tolerance:g})."
        if hint:
            message += " " + hint
        raise AssertionError(message)


def numerical_gradient(f, x, step=1e-5):
    """Centred-difference estimate of the gradient of the scalar function f at x.

    f: takes no arguments and reads x, which this function changes in place
       and restores; x: float array of any shape. Returns an array like x.
    """
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + step
        f_plus = f()
        x[index] = original - step
        f_minus = f()
        x[index] = original
        gradient[index] = (f_plus - f_minus) / (2 * step)
    return gradient


def check_gradient(name, analytic, numeric, rtol=1e-4, atol=1e-7):
    """Assert that an analytic gradient agrees with a numerical estimate.

    The numerical estimate carries rounding errors of about 1e-10, so tiny
    gradients are compared with the absolute tolerance atol and the others
    with the relative tolerance rtol (as in np.isclose). A wrong backward
    pass is off by far more than either.
    """
    check_shape(name, analytic, numeric.shape)
    if not np.all(np.isfinite(analytic)):
        raise AssertionError(f"{name} contains inf or nan.")
    wrong = ~np.isclose(analytic, numeric, rtol=rtol, atol=atol)
    if wrong.any():
        index = tuple(int(i) for i in np.argwhere(wrong)[0])
        raise AssertionError(
            f"{name} does not match the numerical gradient check in {int(wrong.sum())} "
            f"of {wrong.size} places: at index {index} it is {analytic[index]:.6g}, "
            f"but the loss changes at a rate of {numeric[index]:.6g} there."
        )
