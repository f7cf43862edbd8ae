"""Argument checks shared by the public functions: each error names the argument and says
what was expected.

One rule set for the whole package (the config checkers of :mod:`liquidstate.config` and the
command line's option types are built on it):

- integers are Python or NumPy integers; ``bool`` (and ``numpy.bool_``) is refused where an
  integer or a number is expected, and so is ``10.0`` where an integer is expected;
- numbers are real scalars (Python, NumPy, 0-d arrays); strings are refused, NaN and inf are
  refused by name (``finite``);
- a wrong type raises ``TypeError``, a value out of range ``ValueError``; both messages start
  with the argument's name (``"n_bands must be a positive int, got 0"``).
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

__all__ = ["is_int", "is_real", "integer", "positive_int", "nonnegative_int", "sample_index",
           "real",
           "positive_float", "nonnegative_float", "positive_seconds", "nonnegative_seconds",
           "probability", "open_fraction", "boolean", "choice", "finite_array",
           "positive_floats", "existing_dir", "existing_file"]


# ---------------------------------------------------------------------------- predicates
def is_int(value) -> bool:
    """Whether ``value`` is an integer (Python or NumPy), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def is_real(value) -> bool:
    """Whether ``value`` is a real scalar (Python, NumPy or a 0-d numeric array), not a bool
    and not a string."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, numbers.Real):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


# ---------------------------------------------------------------------------- integers
def integer(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]`` (each bound optional).

    Raises ``TypeError`` for a non-integer (a bool, a float such as ``10.0``, a string) and
    ``ValueError`` for an integer out of range, naming ``name``.
    """
    if minimum == 1 and maximum is None:
        what = "a positive int"
    elif minimum == 0 and maximum is None:
        what = "a non-negative int"
    else:
        what = "an int" + (f" >= {minimum}" if minimum is not None else "") + \
            (" and" if minimum is not None and maximum is not None else "") + \
            (f" <= {maximum}" if maximum is not None else "")
    if not is_int(value):
        raise TypeError(f"{name} must be {what}, got {value!r}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {what}, got {value}")
    return int(value)


def positive_int(value, name: str) -> int:
    """``value`` as an int >= 1 (NumPy integers accepted, bools refused), or a clear error."""
    return integer(value, name, minimum=1)


def nonnegative_int(value, name: str) -> int:
    """``value`` as an int >= 0 (NumPy integers accepted, bools refused), or a clear error."""
    return integer(value, name, minimum=0)


def sample_index(value, name: str, n_samples: int) -> int:
    """``value`` as an index into ``n_samples`` samples, negative ones counted from the end;
    ``TypeError`` for a non-integer, ``IndexError`` out of range, naming ``name``."""
    if not is_int(value):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if not -n_samples <= value < n_samples:
        raise IndexError(f"{name} must be an int in [-{n_samples}, {n_samples}) (the number "
                         f"of samples), got {value}")
    return int(value) % n_samples


# ---------------------------------------------------------------------------- reals
def real(value, name: str, *, low: float | None = None, high: float | None = None,
         low_open: bool = False, high_open: bool = False, unit: str = "") -> float:
    """``value`` as a finite float in the given range (each bound optional; ``*_open``
    excludes it); ``unit`` (e.g. ``"s"``) is named in the messages.

    Raises ``TypeError`` for a non-number (a bool, a string, an array) and ``ValueError``
    for NaN, inf or a number out of range, naming ``name``.
    """
    units = f" ({unit})" if unit else ""
    if not is_real(value):
        raise TypeError(f"{name} must be a real number{units}, got {value!r}")
    x = float(value)
    if low is not None and high is not None:
        bound = f" and in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low is not None:
        bound = f" and {'>' if low_open else '>='} {low:g}"
    elif high is not None:
        bound = f" and {'<' if high_open else '<='} {high:g}"
    else:
        bound = ""
    what = "finite" + bound + units
    if not math.isfinite(x) \
            or (low is not None and (x < low or (low_open and x == low))) \
            or (high is not None and (x > high or (high_open and x == high))):
        shown = repr(value) if math.isfinite(x) else ("NaN" if math.isnan(x) else repr(x))
        raise ValueError(f"{name} must be {what}, got {shown}")
    return x


def positive_float(value, name: str, unit: str = "") -> float:
    """``value`` as a finite float > 0."""
    return real(value, name, low=0.0, low_open=True, unit=unit)


def nonnegative_float(value, name: str, unit: str = "") -> float:
    """``value`` as a finite float >= 0."""
    return real(value, name, low=0.0, unit=unit)


def positive_seconds(value, name: str) -> float:
    """``value`` as a finite float > 0 (a duration in seconds), or a clear error."""
    return positive_float(value, name, unit="s")


def nonnegative_seconds(value, name: str) -> float:
    """``value`` as a finite float >= 0 (a duration in seconds), or a clear error."""
    return nonnegative_float(value, name, unit="s")


def probability(value, name: str) -> float:
    """``value`` as a float in ``[0, 1]``."""
    return real(value, name, low=0.0, high=1.0)


def open_fraction(value, name: str) -> float:
    """``value`` as a float in ``(0, 1)`` (e.g. a test fraction: both sides non-empty)."""
    return real(value, name, low=0.0, high=1.0, low_open=True, high_open=True)


# ---------------------------------------------------------------------------- others
def boolean(value, name: str) -> bool:
    """``value`` as a bool: ``True``/``False`` (or NumPy's), not 0/1 or strings."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def choice(value, name: str, options: Iterable, *, none: bool = False):
    """``value`` if it is one of ``options`` (strings); with ``none``, ``None`` and the
    string ``"none"`` are accepted too and returned as ``None``."""
    options = tuple(options)
    if none and (value is None or value == "none"):
        return None
    shown = ", ".join(repr(o) for o in options) + (" or 'none'" if none else "")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {shown}, got {value!r}")
    if value not in options:
        raise ValueError(f"{name} must be one of {shown}, got {value!r}")
    return value


def finite_array(value, name: str, *, ndim: int | None = None,
                 dtype=np.float64) -> np.ndarray:
    """``value`` as a NumPy array of ``dtype`` (``ndim`` dimensions if given) whose values
    are all finite; NaN and inf are named with the index of the first."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {value!r}")
    try:
        a = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {_short(value)}") from None
    if np.asarray(value).dtype == bool:
        raise TypeError(f"{name} must be an array of numbers, not of booleans")
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {a.shape}")
    bad = ~np.isfinite(a)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(a[where]) else "inf"
        raise ValueError(f"{name} must be finite, got {kind} at index "
                         f"{where[0] if len(where) == 1 else where}")
    return a


def positive_floats(values, name: str, unit: str = "") -> tuple[float, ...]:
    """``values`` (one number or a non-empty sequence) as a tuple of finite floats > 0."""
    units = f" ({unit})" if unit else ""
    if is_real(values):
        values = [values]
    if isinstance(values, (str, bytes)) or not isinstance(values, (Iterable, np.ndarray)):
        raise TypeError(f"{name} must be a number > 0{units} or a non-empty sequence of them, "
                        f"got {values!r}")
    out = tuple(positive_float(v, f"{name}[{i}]", unit) for i, v in enumerate(values))
    if not out:
        raise ValueError(f"{name} must hold at least one number > 0{units}, got none")
    return out


def existing_dir(path, name: str) -> Path:
    """``path`` (a string or path-like) as a :class:`~pathlib.Path` to an existing folder."""
    p = _path(path, name)
    if not p.exists():
        raise FileNotFoundError(f"{name}: folder {str(p)!r} does not exist")
    if not p.is_dir():
        raise NotADirectoryError(f"{name}: {str(p)!r} is not a folder")
    return p


def existing_file(path, name: str) -> Path:
    """``path`` (a string or path-like) as a :class:`~pathlib.Path` to an existing file."""
    p = _path(path, name)
    if not p.exists():
        raise FileNotFoundError(f"{name}: file {str(p)!r} does not exist")
    if p.is_dir():
        raise IsADirectoryError(f"{name}: {str(p)!r} is a folder, not a file")
    return p


def _path(path, name: str) -> Path:
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and not path):
        raise TypeError(f"{name} must be a path (a non-empty string or path-like), got "
                        f"{path!r}")
    return Path(path)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
