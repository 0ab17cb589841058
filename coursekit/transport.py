"""Values from the student's kernel to the grading process, as data only.

In the kernel, the last line of a graded test cell calls send(globals(), names):
it encodes the values of those variables and displays them as one output of
the MIME type RESULTS_MIME. The grading process finds that output, removes it
and decode()s it. Only data travels: None, bool, int, float, str, lists,
tuples, dicts and their NumPy counterparts (numeric arrays of exactly
np.ndarray, NumPy scalars). Anything else (a function, a Model, an ndarray
subclass, an object with its own __eq__) arrives as an Opaque stand-in, which
no check accepts. A value is never executed or unpickled on the grader's side.

The student's code runs in the same kernel and can call send() too, or stop
it: that changes nothing it could gain from. The expected values are not in
the kernel, so a forged value is only right if the student computed it; and
a cell with no result, or more than one, fails.
"""
import json
import math

RESULTS_MIME = "application/x-coursekit-results"
"""The MIME type of the output that carries a test cell's values to the grader."""

MAX_RESULT_CHARS = 8 * 1024**2
"""The largest encoded result a test cell may send; a larger one fails the cell."""

MAX_DEPTH = 16
"""How deeply lists, tuples and dicts may nest."""


class Opaque:
    """A value that is not data: its type's name and a short repr, for the student's message."""

    def __init__(self, type_name, text):
        self.type_name = type_name
        self.text = text

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.type_name, self.text) == (other.type_name, other.text)

    __hash__ = None


# --- in the kernel -------------------------------------------------------------------


def send(namespace, names):
    """Display the values of `names` in `namespace` as one RESULTS_MIME output.

    Names not in the namespace are left out (the checks then say the name is
    not defined).
    """
    from IPython.display import publish_display_data

    values = {name: encode(namespace[name]) for name in names if name in namespace}
    publish_display_data({RESULTS_MIME: json.dumps(values, allow_nan=True)})


def encode(value, depth=0):
    """`value` as JSON-able data, with types marked (see decode)."""
    import numpy as np

    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return {"int": str(value)}  # any size, exactly
    if kind is float:
        return {"float": float_text(value)}
    if depth >= MAX_DEPTH:
        return opaque(value, "nested too deeply")
    if kind in (list, tuple):
        return {kind.__name__: [encode(item, depth + 1) for item in value]}
    if kind is dict:
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if kind is np.ndarray and value.dtype.kind in "biuf":
        flat = [float_text(x) if value.dtype.kind == "f" else x for x in value.ravel().tolist()]
        return {"ndarray": value.dtype.str, "shape": list(value.shape), "data": flat}
    if isinstance(value, np.generic) and kind.__module__ == "numpy" and value.dtype.kind in "biuf":
        item = value.item()
        return {"scalar": value.dtype.str, "value": float_text(item) if value.dtype.kind == "f" else item}
    return opaque(value)


def float_text(value):
    """A float as text that JSON keeps exactly, inf and nan included."""
    return repr(float(value)) if math.isfinite(value) else str(float(value))


def opaque(value, why=""):
    """The stand-in of a value that is not data."""
    try:
        text = repr(value)[:200]
    except Exception:  # the student's __repr__ may raise
        text = "<no repr>"
    return {"opaque": type(value).__name__, "repr": f"{text} ({why})" if why else text}


# --- in the grading process ----------------------------------------------------------


class ResultError(ValueError):
    """A result that cannot be read; the message says why."""


def decode(text):
    """The {name: value} a test cell sent, from the RESULTS_MIME text; raises ResultError."""
    if not isinstance(text, str) or len(text) > MAX_RESULT_CHARS:
        raise ResultError("the result is too large or not text")
    try:
        values = json.loads(text)
    except ValueError as error:
        raise ResultError(f"the result is not valid JSON ({error})") from None
    if not isinstance(values, dict):
        raise ResultError("the result is not a table of values")
    return {str(name): _decode(value, 0) for name, value in values.items()}


def _decode(data, depth):
    import numpy as np

    if depth > MAX_DEPTH + 1:
        raise ResultError("the result is nested too deeply")
    if data is None or isinstance(data, (bool, str)):
        return data
    if not isinstance(data, dict) or len(data) == 0:
        raise ResultError(f"unexpected value in the result: {str(data)[:80]}")
    if "int" in data:
        return int(data["int"])
    if "float" in data:
        return float(data["float"])
    if "list" in data or "tuple" in data:
        items = [_decode(item, depth + 1) for item in data.get("list", data.get("tuple"))]
        return items if "list" in data else tuple(items)
    if "dict" in data:
        return {_key(_decode(k, depth + 1)): _decode(v, depth + 1) for k, v in data["dict"]}
    if "ndarray" in data:
        dtype = _numeric_dtype(data["ndarray"])
        shape = tuple(int(n) for n in data["shape"])
        values = [float(x) for x in data["data"]] if dtype.kind == "f" else data["data"]
        array = np.array(values, dtype=dtype)
        if array.size != math.prod(shape):
            raise ResultError("an array in the result has the wrong number of values")
        return array.reshape(shape)
    if "scalar" in data:
        dtype = _numeric_dtype(data["scalar"])
        value = float(data["value"]) if dtype.kind == "f" else data["value"]
        return dtype.type(value)
    if "opaque" in data:
        return Opaque(str(data["opaque"])[:100], str(data.get("repr", ""))[:300])
    raise ResultError(f"unexpected value in the result: {str(data)[:80]}")


def _numeric_dtype(text):
    import numpy as np

    try:
        dtype = np.dtype(str(text))
    except TypeError:
        raise ResultError(f"unknown array type {text!r}") from None
    if dtype.kind not in "biuf":
        raise ResultError(f"not a numeric array type: {text!r}")
    return dtype


def _key(key):
    """A dict key from the result: only hashable data."""
    if isinstance(key, (list, dict, Opaque)):
        raise ResultError("a dict in the result has a key that is not a number or text")
    return key
