"""The shared argument checks: what they accept, and errors that name the argument and say
what was expected."""

import numpy as np
import pytest

from liquidstate import _validation as v


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_integers_accept_python_and_numpy_ints(value):
    out = v.positive_int(value, "n")
    assert out == 3 and type(out) is int
    assert v.nonnegative_int(value, "n") == 3
    assert v.integer(value, "n", minimum=2, maximum=3) == 3


@pytest.mark.parametrize("value", [True, np.bool_(True), 3.0, "3", None, [3]])
def test_integers_refuse_bools_floats_and_strings_by_type(value):
    with pytest.raises(TypeError, match=r"^n_runs must be a positive int, got "):
        v.positive_int(value, "n_runs")


def test_integers_out_of_range_name_the_bound():
    with pytest.raises(ValueError, match=r"^n_runs must be a positive int, got 0$"):
        v.positive_int(0, "n_runs")
    with pytest.raises(ValueError, match=r"^washout must be a non-negative int, got -1$"):
        v.nonnegative_int(-1, "washout")
    with pytest.raises(ValueError, match=r"^k must be an int >= 2 and <= 5, got 6$"):
        v.integer(6, "k", minimum=2, maximum=5)
    with pytest.raises(ValueError, match=r"^k must be an int <= 5, got 6$"):
        v.integer(6, "k", maximum=5)
    assert v.integer(-7, "k") == -7


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.5), np.array(0.5)])
def test_reals_accept_numbers_and_0d_arrays(value):
    out = v.positive_seconds(value, "dt")
    assert out == pytest.approx(float(value)) and type(out) is float


@pytest.mark.parametrize("value", [True, "0.5", None, [0.5], np.array([0.5])])
def test_reals_refuse_non_numbers_by_type(value):
    with pytest.raises(TypeError, match=r"^dt must be a real number \(s\), got "):
        v.positive_seconds(value, "dt")


@pytest.mark.parametrize("value, shown", [(float("nan"), "NaN"), (float("inf"), "inf"),
                                          (-float("inf"), "-inf"), (0.0, "0.0"),
                                          (-1, "-1")])
def test_reals_name_nan_inf_and_the_range(value, shown):
    with pytest.raises(ValueError) as e:
        v.positive_seconds(value, "dt")
    assert str(e.value) == f"dt must be finite and > 0 (s), got {shown}"


def test_real_ranges_and_their_words():
    assert v.nonnegative_float(0, "rate", "Hz") == 0.0
    with pytest.raises(ValueError, match=r"^rate must be finite and >= 0 \(Hz\), got -1$"):
        v.nonnegative_float(-1, "rate", "Hz")
    assert v.nonnegative_seconds(0.0, "jitter") == 0.0
    assert v.probability(0, "p") == 0.0 and v.probability(1, "p") == 1.0
    with pytest.raises(ValueError, match=r"^p must be finite and in \[0, 1\], got 1.5$"):
        v.probability(1.5, "p")
    with pytest.raises(ValueError, match=r"^f must be finite and in \(0, 1\), got 1$"):
        v.open_fraction(1, "f")
    with pytest.raises(ValueError, match=r"^x must be finite and < 2, got 2$"):
        v.real(2, "x", high=2, high_open=True)
    with pytest.raises(ValueError, match=r"^x must be finite, got NaN$"):
        v.real(float("nan"), "x")
    assert v.real(-3, "x") == -3.0


def test_boolean_is_strict():
    assert v.boolean(True, "esn") is True and v.boolean(np.bool_(False), "esn") is False
    for value in (1, 0, "true", None):
        with pytest.raises(TypeError, match="^esn must be True or False, got "):
            v.boolean(value, "esn")


def test_choice_names_the_options():
    assert v.choice("mel", "filterbank", ("gammatone", "mel")) == "mel"
    with pytest.raises(ValueError, match=r"^filterbank must be one of 'gammatone', 'mel', "
                                         r"got 'lyon'$"):
        v.choice("lyon", "filterbank", ("gammatone", "mel"))
    with pytest.raises(TypeError, match="^filterbank must be one of"):
        v.choice(1, "filterbank", ("gammatone", "mel"))
    # with none, None and "none" (TOML has no null) both mean None
    assert v.choice("none", "compression", ("log",), none=True) is None
    assert v.choice(None, "compression", ("log",), none=True) is None
    with pytest.raises(ValueError, match="'log' or 'none'"):
        v.choice("sqrt", "compression", ("log",), none=True)
    with pytest.raises(TypeError):
        v.choice(None, "compression", ("log",))


def test_finite_array_names_the_first_bad_value():
    a = v.finite_array([[1, 2], [3, 4]], "X", ndim=2)
    assert a.dtype == np.float64 and a.shape == (2, 2)
    with pytest.raises(ValueError, match=r"^X must be finite, got NaN at index \(1, 0\)$"):
        v.finite_array([[1, 2], [np.nan, 4]], "X")
    with pytest.raises(ValueError, match=r"^x must be finite, got inf at index 2$"):
        v.finite_array([1, 2, np.inf], "x")
    with pytest.raises(ValueError, match=r"^x must be a 1-D array, got shape \(2, 2\)$"):
        v.finite_array([[1, 2], [3, 4]], "x", ndim=1)
    for bad in ("abc", [True, False], [[1, 2], [3]]):
        with pytest.raises(TypeError, match="^x must be an array of numbers"):
            v.finite_array(bad, "x")


def test_positive_floats_take_one_or_several():
    assert v.positive_floats(0.03, "tau", "s") == (0.03,)
    assert v.positive_floats([0.01, np.float64(0.1)], "tau") == (0.01, 0.1)
    with pytest.raises(ValueError, match=r"^tau\[1\] must be finite and > 0 \(s\), got 0$"):
        v.positive_floats([0.01, 0], "tau", "s")
    with pytest.raises(ValueError, match="^tau must hold at least one"):
        v.positive_floats([], "tau")
    with pytest.raises(TypeError, match="^tau must be a number > 0"):
        v.positive_floats("0.1", "tau")


def test_paths(tmp_path):
    f = tmp_path / "a.wav"
    f.write_bytes(b"")
    assert v.existing_dir(str(tmp_path), "path") == tmp_path
    assert v.existing_file(f, "path") == f
    with pytest.raises(FileNotFoundError, match="^path: folder .* does not exist"):
        v.existing_dir(tmp_path / "missing", "path")
    with pytest.raises(NotADirectoryError, match="^path: .* is not a folder"):
        v.existing_dir(f, "path")
    with pytest.raises(IsADirectoryError, match="^cache: .* is a folder, not a file"):
        v.existing_file(tmp_path, "cache")
    with pytest.raises(TypeError, match="^path must be a path"):
        v.existing_dir("", "path")
    with pytest.raises(TypeError, match="^path must be a path"):
        v.existing_file(3, "path")


def test_sample_index_counts_negative_ones_from_the_end():
    assert v.sample_index(2, "sample", 3) == 2 and v.sample_index(np.int32(-1), "sample", 3) == 2
    with pytest.raises(IndexError, match=r"^sample must be an int in \[-3, 3\) .*got 3$"):
        v.sample_index(3, "sample", 3)
    with pytest.raises(TypeError, match="^sample must be an int, got True"):
        v.sample_index(True, "sample", 3)
