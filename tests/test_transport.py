"""coursekit.transport: values travel from the kernel to the grader as data, never as objects."""
import json

import numpy as np
import pytest

from coursekit.transport import MAX_RESULT_CHARS, Opaque, ResultError, decode, encode


def round_trip(value):
    return decode(json.dumps({"x": encode(value)}))["x"]


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**80, 1.5, "text", [1, 2.5, "a"], (1, (2, 3)), {"a": 1, 2: [3]},
    float("inf"), 0.1 + 0.2,
])
def test_plain_data_arrives_as_it_was_sent(value):
    assert round_trip(value) == value and type(round_trip(value)) is type(value)


def test_nan_arrives_as_nan():
    assert np.isnan(round_trip(float("nan")))


def test_arrays_keep_their_type_shape_and_exact_values():
    for array in [np.arange(6.0).reshape(2, 3) / 7, np.array([[True, False]]), np.arange(4, dtype=np.int32),
                  np.zeros((0, 3)), np.array([np.inf, -np.inf, np.nan])]:
        back = round_trip(array)
        assert type(back) is np.ndarray and back.dtype == array.dtype and back.shape == array.shape
        assert np.array_equal(back, array, equal_nan=array.dtype.kind == "f")


def test_numpy_scalars_stay_numpy_scalars():
    assert round_trip(np.float64(0.25)) == 0.25 and type(round_trip(np.float64(0.25))) is np.float64
    assert type(round_trip(np.int64(3))) is np.int64


class Liar(np.ndarray):
    """An ndarray subclass that could redefine comparisons."""


class AlwaysEqual(float):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [
    np.zeros(3).view(Liar), AlwaysEqual(1.0), lambda: 1, object(), np.array(["a"]), np.array([1j]),
    np.array([object()], dtype=object),
])
def test_anything_that_is_not_data_arrives_as_an_opaque_stand_in(value):
    back = round_trip(value)
    assert isinstance(back, Opaque) and back.type_name == type(value).__name__
    assert back != value


def test_a_value_whose_repr_raises_still_travels():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no")
    assert round_trip(Broken()).text == "<no repr>"


@pytest.mark.parametrize("text", [
    "not json", "[1, 2]", json.dumps({"x": {"pickle": "..."}}), json.dumps({"x": {"ndarray": "<U1", "shape": [1],
                                                                                 "data": ["a"]}}),
    json.dumps({"x": {"ndarray": "<f8", "shape": [2, 2], "data": ["1.0"]}}), "x" * (MAX_RESULT_CHARS + 1),
])
def test_a_result_that_is_not_the_kits_data_is_refused(text):
    with pytest.raises(ResultError):
        decode(text)


def test_deep_nesting_is_cut():
    value = []
    for _ in range(100):
        value = [value]
    assert "nested too deeply" in repr(round_trip(value)[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0])
