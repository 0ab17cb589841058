"""A numerical gradient check for a model's get_gradients.

Exercise 3 asks for get_gradients, the backward pass of the whole network.
check_gradients(model, x, y_true) tells whether each gradient it returns is
right, by comparing it with a numerical gradient: nudge one number up and
down by STEP, see how model.compute_loss changes, and divide (a centred
difference). Only the forward pass is needed for that, so it is an
independent check of the backward pass. Where a ReLU input is within STEP
of 0 the loss has a kink and the centred difference is off; a one-sided
difference is not, so the check takes whichever is closer.

    from siouxdnn import check_gradients
    errors = check_gradients(model, X_train[:10], Y_train[:10])

It prints one line per value get_gradients returns and returns the relative
errors. It works on a copy of every parameter and puts the originals back,
so the model is the same object with the same numbers afterwards.
"""
import numpy as np

PARAMETERS = ("w1", "b1", "w2", "b2", "w3", "b3")
"""The model's parameters, in the order get_gradients returns their gradients."""

STEP = 1e-6
"""How far each number is nudged, up and down, for the centred difference."""

TINY = 1e-8
"""The smallest denominator of the relative error, so that two gradients of 0 compare as equal."""

CORRECT_BELOW = 1e-7
"""A relative error below this is rounding noise: the gradient is correct.

A right get_gradients in float64 gives about 1e-10, whichever way it is
written. Errors below this are printed as "< 1e-07", so that every right
answer prints the same lines."""

WRONG_FROM = 1e-4
"""A relative error from this on means a mistake. Between CORRECT_BELOW and
this, the gradient is probably right: a ReLU input within STEP of 0 makes
the numerical gradient itself a little off."""


def relative_error(analytic, numeric):
    """How far apart two gradients are, relative to their size.

    relative error = |a - n| / max(|a| + |n|, TINY)

    where a is the analytic gradient (from get_gradients), n the numerical
    one, and |.| the Euclidean length of the whole array (the square root
    of the sum of squares; for a single number, its absolute value). It is
    0 when they are equal and close to 1 when they have nothing in common;
    a gradient off by a factor m gives (m - 1) / (m + 1). Taking the length
    of the whole array, not element by element, keeps entries that are
    almost 0 in both (a ReLU that is off for every sample) from turning
    rounding noise into a large error.

    analytic, numeric: arrays (or numbers) of the same shape. Returns a float.
    """
    analytic = np.asarray(analytic, dtype=float)
    numeric = np.asarray(numeric, dtype=float)
    difference = np.linalg.norm((analytic - numeric).ravel())
    size = np.linalg.norm(analytic.ravel()) + np.linalg.norm(numeric.ravel())
    return float(difference / max(size, TINY))


def numerical_gradients(loss, values):
    """Numerical gradients of loss() with respect to the array `values`.

    loss: a function of no arguments that reads `values`.
    values: float array of any shape; this function changes it in place,
        one entry at a time, and puts each entry back exactly.
    Returns three arrays of the shape of `values`; for each entry v, with
    h = STEP and L = loss:
        centred   (L(v + h) - L(v - h)) / 2h, off by rounding noise only (about 1e-10);
        forward   (L(v + h) - L(v)) / h,
        backward  (L(v) - L(v - h)) / h, both off by about h times L's curvature.
    Where a ReLU input lies within h of 0, the loss has a kink between v - h
    and v + h and the centred difference mixes the slopes on both sides of
    it; the one-sided difference away from the kink is still right.
    """
    loss_here = float(loss())
    centred, forward, backward = (np.zeros(values.shape) for _ in range(3))
    for index in np.ndindex(values.shape):
        original = values[index]
        values[index] = original + STEP
        loss_up = float(loss())
        values[index] = original - STEP
        loss_down = float(loss())
        values[index] = original
        centred[index] = (loss_up - loss_down) / (2 * STEP)
        forward[index] = (loss_up - loss_here) / STEP
        backward[index] = (loss_here - loss_down) / STEP
    return centred, forward, backward


def closest_numerical_gradient(analytic, centred, forward, backward):
    """Per entry, whichever of the three numerical gradients is closest to `analytic`.

    In smooth places the three agree to about 1e-6, so a wrong analytic
    gradient stays wrong; at a ReLU kink a right one matches the slope on
    one side of it. All arrays have the same shape; returns one like them.
    """
    candidates = np.stack([centred, forward, backward])
    closest = np.argmin(np.abs(candidates - analytic), axis=0)
    return np.take_along_axis(candidates, closest[np.newaxis], axis=0)[0]


def verdict(error, gradient_name):
    """The plain-words verdict on a relative error, e.g. 'correct'."""
    if error < CORRECT_BELOW:
        return "correct"
    if error < WRONG_FROM:
        return "probably correct (a ReLU input close to 0 makes the check itself a little off)"
    return f"wrong: look at how {gradient_name} is computed"


def format_error(error):
    """The relative error as printed: two digits, or '< 1e-07' for rounding noise."""
    if error < CORRECT_BELOW:
        return f"< {CORRECT_BELOW:.0e}"
    return f"{error:.2g}"


def check_gradients(model, x, y_true, parameters=PARAMETERS):
    """Check every value model.get_gradients(x, y_true) returns against a numerical gradient.

    model: has get_gradients(x, y_true), compute_loss(x, y_true) and the
        array attributes named in `parameters`; get_gradients returns
        (loss, dx, dw1, db1, dw2, db2, dw3, db3) for the default parameters.
    x: inputs, shape (samples, features); a few samples are enough (each
        number of the model is nudged twice, so 10 samples take about 0.3 s).
    y_true: labels, shape (samples, 1).
    parameters: the names of the model's parameters in the order of their
        gradients, after loss and dx.

    Prints one line per returned value, e.g. "w2: relative error < 1e-07, correct"
    or "b1: relative error 0.67, wrong: look at how db1 is computed". "loss" is
    compared with model.compute_loss(x, y_true), "x" is dx, the gradient with
    respect to the input. See relative_error() for the definition. The
    numerical gradient of each entry is the centred difference, or, where it
    is closer to get_gradients' value, a one-sided difference: at a ReLU kink
    within STEP the centred difference is off, a one-sided one is not
    (see numerical_gradients and closest_numerical_gradient).

    Returns {name: relative error} for "loss", "x" and each parameter; a
    gradient that is missing, has the wrong shape or contains nan or inf has
    error inf. The model is left exactly as it was: the same arrays with the
    same numbers.
    """
    names = ("loss", "x") + tuple(parameters)
    gradient_names = ["loss", "dx"] + [f"d{name}" for name in parameters]
    x = np.array(x, dtype=float)
    y_true = np.array(y_true, dtype=float)
    originals = {name: getattr(model, name) for name in parameters}
    saved = {name: np.array(value, copy=True) for name, value in originals.items()}
    try:
        returned = model.get_gradients(x.copy(), y_true.copy())
        _put_back(model, originals, saved, report=True)
        if not isinstance(returned, (tuple, list)) or len(returned) != len(names):
            count = len(returned) if isinstance(returned, (tuple, list)) else 1
            print(
                f"get_gradients returned {count} value{'s' if count != 1 else ''}, but it must "
                f"return {len(names)}, in this order: {', '.join(gradient_names)}."
            )
            return {name: float("inf") for name in names}
        errors = {}
        for name, gradient_name, analytic in zip(names, gradient_names, returned):
            numerical = _numerical(model, name, x, y_true)
            errors[name] = _compare(name, gradient_name, analytic, numerical)
    finally:
        _put_back(model, originals, saved, report=False)
    _summarise(errors, names)
    return errors


def _numerical(model, name, x, y_true):
    """The numerical value of what get_gradients returns as `name`, from compute_loss.

    Returns (centred, forward, backward) as numerical_gradients does; for
    "loss", the loss three times.

    Nudges a copy, never the model's own array: the copy is set on the model
    while it is nudged and the original is set back afterwards.
    """
    if name == "loss":
        loss = float(model.compute_loss(x, y_true))
        return loss, loss, loss
    if name == "x":
        nudged = x.copy()
        return numerical_gradients(lambda: model.compute_loss(nudged, y_true), nudged)
    original = getattr(model, name)
    nudged = np.array(original, dtype=float)
    setattr(model, name, nudged)
    try:
        return numerical_gradients(lambda: model.compute_loss(x, y_true), nudged)
    finally:
        setattr(model, name, original)


def _compare(name, gradient_name, analytic, numerical):
    """Print the line for one returned value; return its relative error (inf if unusable).

    numerical: (centred, forward, backward) from _numerical.
    """
    expected_shape = np.shape(numerical[0])
    try:
        analytic = np.asarray(analytic, dtype=float)
    except (TypeError, ValueError):
        print(f"{name}: {gradient_name} is not an array of numbers, wrong: look at how {gradient_name} is computed")
        return float("inf")
    if name == "loss":
        analytic = analytic.reshape(()) if analytic.size == 1 else analytic
    if analytic.shape != expected_shape:
        print(
            f"{name}: {gradient_name} has shape {analytic.shape} but {name} has shape "
            f"{expected_shape}, wrong: a gradient has the shape of what it belongs to; "
            f"look at how {gradient_name} is computed"
        )
        return float("inf")
    if not np.all(np.isfinite(analytic)):
        print(f"{name}: {gradient_name} contains nan or inf, wrong: look at how {gradient_name} is computed")
        return float("inf")
    error = relative_error(analytic, closest_numerical_gradient(analytic, *numerical))
    print(f"{name}: relative error {format_error(error)}, {verdict(error, gradient_name)}")
    return error


def _summarise(errors, names):
    """One closing line: all right, or which wrong value to fix first."""
    wrong = [name for name in names if errors[name] >= WRONG_FROM]
    if not wrong:
        print("All gradients match the numerical ones.")
        return
    if "loss" in wrong:
        print("Start with the loss: get_gradients must return model.compute_loss(x, y_true).")
        return
    # Backpropagation runs from the loss back to x: the last wrong value in
    # get_gradients' order comes from the earliest wrong step of the backward pass.
    print(
        f"Start with {wrong[-1]}, the wrong one closest to the loss: backpropagation runs "
        "from the loss back to x, so one wrong step makes every gradient computed after it wrong too."
    )


def _put_back(model, originals, saved, report):
    """Make the model's parameters the original arrays with their original numbers again.

    report: print a line for each parameter that had been changed.
    """
    for name, original in originals.items():
        changed = getattr(model, name) is not original or not np.array_equal(
            np.asarray(original), saved[name], equal_nan=True
        )
        if changed and report:
            print(f"get_gradients changed model.{name}; it must only compute gradients. It is put back.")
        if changed and isinstance(original, np.ndarray):
            np.copyto(original, saved[name])
        if changed:
            setattr(model, name, original)
