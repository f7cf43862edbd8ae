"""Input validation and output assembly shared by the encoders (private).

The public encoder functions validate everything here, at the boundary, and hand clean
float64 arrays to the algorithms, which trust them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._validation import nonnegative_float, nonnegative_int, positive_float
from .._validation import real as check_real  # noqa: F401  (a finite real number)
from ..spikes import SpikeTrains

# Relative tolerance for "is this ratio a whole number" (dt / sim_dt, window / dt).
_RATIO_TOL = 1e-9


def check_samples(X, name: str = "X") -> list[np.ndarray]:
    """``X`` as a list of C-contiguous float64 arrays ``(n_steps_i, n_channels)``.

    Accepts a 3-D array ``(n_samples, n_steps, n_channels)`` or a sequence (list, tuple) of
    2-D arrays of possibly different lengths but one channel count. Raises ``ValueError`` or
    ``TypeError`` naming ``name`` for anything else, for empty samples and for NaN or inf.
    """
    if isinstance(X, SpikeTrains):
        raise TypeError(f"{name} must be signals (a list of (n_steps, n_channels) arrays or a "
                        "3-D array), got SpikeTrains, which are already spikes")
    if isinstance(X, np.ndarray):
        if X.ndim == 2:
            raise ValueError(
                f"{name} is a 2-D array {X.shape}; encoders take a 3-D array (n_samples, "
                f"n_steps, n_channels) or a list of 2-D samples: for one sample pass "
                f"{name}[None] or [{name}]")
        if X.ndim != 3:
            raise ValueError(f"{name} must be a 3-D array (n_samples, n_steps, n_channels) or "
                             f"a list of (n_steps, n_channels) arrays, got shape {X.shape}")
        samples = list(X)
    elif isinstance(X, Sequence) and not isinstance(X, (str, bytes)):
        samples = list(X)
    else:
        raise TypeError(f"{name} must be a 3-D array (n_samples, n_steps, n_channels) or a "
                        f"list of (n_steps, n_channels) arrays, got {type(X).__name__}")
    if len(samples) == 0:
        raise ValueError(f"{name} must hold at least one sample, got none")
    out = []
    n_channels = None
    for i, x in enumerate(samples):
        if isinstance(x, SpikeTrains):
            raise TypeError(f"{name}[{i}] is SpikeTrains; encoders take signals")
        try:
            a = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name}[{i}] must be a numeric array (n_steps, n_channels), got "
                            f"{type(x).__name__}") from None
        if a.ndim != 2:
            raise ValueError(
                f"{name}[{i}] must be 2-D (n_steps, n_channels), got shape {a.shape}"
                + ("; a single-channel signal is x.reshape(-1, 1)" if a.ndim == 1 else ""))
        if a.shape[0] == 0:
            raise ValueError(f"{name}[{i}] is empty (0 steps)")
        if a.shape[1] == 0:
            raise ValueError(f"{name}[{i}] has 0 channels")
        if n_channels is None:
            n_channels = a.shape[1]
        elif a.shape[1] != n_channels:
            raise ValueError(f"{name}[{i}] has {a.shape[1]} channels, {name}[0] has "
                             f"{n_channels}: every sample must have the same channels")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name}[{i}] contains NaN or inf")
        out.append(np.ascontiguousarray(a))
    return out


def check_unit_range(samples: list[np.ndarray], encoder: str, name: str = "X") -> None:
    """Raise a ``ValueError`` unless every value lies in [0, 1]."""
    for i, x in enumerate(samples):
        lo, hi = x.min(), x.max()
        if lo < 0.0 or hi > 1.0:
            raise ValueError(
                f"{name}[{i}] has values in [{lo:g}, {hi:g}], but the {encoder} encoder needs "
                f"values in [0, 1]: scale the signal first, e.g. with "
                f"sklearn.preprocessing.MinMaxScaler fitted on the stacked rows")


def check_nonnegative(samples: list[np.ndarray], encoder: str, name: str = "X") -> None:
    """Raise a ``ValueError`` if any value is negative."""
    for i, x in enumerate(samples):
        lo = x.min()
        if lo < 0.0:
            raise ValueError(
                f"{name}[{i}] has negative values (min {lo:g}), but the {encoder} encoder needs "
                f"non-negative signals: shift and scale them first, e.g. to [0, 1] with "
                f"sklearn.preprocessing.MinMaxScaler fitted on the stacked rows")


def check_index(value, name: str = "first_index") -> int:
    """A non-negative int (a sample index)."""
    return nonnegative_int(value, name)


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """A finite real number > 0 (or >= 0 with ``allow_zero``)."""
    return (nonnegative_float if allow_zero else positive_float)(value, name)


def check_per_channel(value, name: str, n_channels: int, *, positive: bool) -> np.ndarray:
    """A finite scalar or a 1-D array of one value per channel, as an array ``(n_channels,)``."""
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of one number per channel, "
                        f"got {value!r}") from None
    if isinstance(value, (bool, np.bool_)) or a.dtype == bool:
        raise TypeError(f"{name} must be a number, got {value!r}")
    if a.ndim == 0:
        a = np.full(n_channels, float(a))
    elif a.shape != (n_channels,):
        raise ValueError(f"{name} must be a scalar or have shape ({n_channels},) (one value "
                         f"per channel), got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if positive and np.any(a <= 0):
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return a


def whole_ratio(numerator: float, denominator: float, what: str) -> int:
    """``numerator / denominator`` as an int >= 1, or a ``ValueError`` saying ``what``."""
    r = numerator / denominator
    k = int(round(r))
    if k < 1 or abs(r - k) > _RATIO_TOL * max(1.0, k):
        raise ValueError(f"{what} must be a whole number >= 1, got {r:.10g}")
    return k


def check_fitted_channels(estimator, samples: list[np.ndarray], name: str = "X") -> None:
    """Raise a ``ValueError`` if ``samples`` has another channel count than seen in ``fit``."""
    c = samples[0].shape[1]
    if c != estimator.n_channels_in_:
        raise ValueError(f"{name} has {c} channels, but {type(estimator).__name__} was fitted "
                         f"with {estimator.n_channels_in_} channels")


def spike_trains(events: list[tuple[np.ndarray, np.ndarray]], durations: np.ndarray,
                 n_channels: int) -> SpikeTrains:
    """Assemble per-sample ``(times, channels)`` into ``SpikeTrains``.

    Times are clipped just below their sample's duration, so that rounding in
    ``(row + fraction) * dt`` can never push a spike of the last row onto the end.
    """
    clipped = []
    for (t, c), d in zip(events, durations):
        clipped.append((np.minimum(t, np.nextafter(d, 0.0)), c))
    return SpikeTrains.from_events(clipped, durations, n_channels)


def durations_of(samples: list[np.ndarray], dt: float) -> np.ndarray:
    """Duration of each sample in seconds: ``n_steps * dt``."""
    return np.array([x.shape[0] * dt for x in samples], dtype=np.float64)
