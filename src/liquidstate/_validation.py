"""Argument checks shared by the public functions: each error names the argument."""

from __future__ import annotations

import math
import numbers


def positive_seconds(value, name: str) -> float:
    """``value`` as a finite float > 0 (a duration in seconds), or a clear error."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number of seconds, got {value!r}") from None
    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be finite and > 0 seconds, got {value!r}")
    return x


def positive_int(value, name: str) -> int:
    """``value`` as an int >= 1 (NumPy integers accepted, bools refused), or a clear error."""
    if isinstance(value, bool) or type(value).__name__ == "bool_" \
            or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive int, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value}")
    return int(value)
