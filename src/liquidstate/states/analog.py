r"""Analog signals through the state filter: the states of an input without a liquid.

A no-liquid control reads its states from the input itself. For spike input that is the
spike-based extractors applied to the input spikes; for an analog input (a signal held for
``dt`` seconds per value, as :func:`~liquidstate.encoders.analog` injects it) it is
:func:`filtered_signals`, the same causal exponential kernel applied to the signal:

.. math:: x_c(t) = \int_0^t u_c(s)\, e^{-(t - s)/\tau}\, ds,

for channel ``c``; ``u_c`` has whatever unit the signal has, ``x_c`` that unit times
seconds. It is the spike filter of :func:`~liquidstate.states.exponential_states` with the
spike train ``sum_k delta(t - t_k)`` (unit 1/s) replaced by ``u_c``: a signal in events per
second gives the expected filtered spike train.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.signal import lfilter

from .._validation import positive_seconds
from .filters import TIME_TOLERANCE, check_neurons, check_taus, sample_times

__all__ = ["filtered_signals", "as_signals"]


def as_signals(signals, name: str = "signals") -> list[np.ndarray]:
    """``signals`` as a list of float64 arrays ``(n_steps_i, n_channels)``, validated.

    Accepts a 3-D array ``(n_samples, n_steps, n_channels)``, a 2-D array ``(n_samples,
    n_steps)`` of single-channel signals, or a sequence of 1-D or 2-D arrays (samples of
    different lengths, the same number of channels)."""
    if isinstance(signals, np.ndarray) and signals.dtype != object:
        if signals.ndim == 2:
            signals = signals[:, :, None]
        if signals.ndim != 3:
            raise ValueError(f"{name} must be a 3-D array (n_samples, n_steps, n_channels), a "
                             f"2-D array (n_samples, n_steps) or a list of arrays, got shape "
                             f"{signals.shape}")
        signals = list(signals)
    if isinstance(signals, (str, bytes)) or not isinstance(signals, (Sequence, np.ndarray)) \
            or len(signals) == 0:
        raise TypeError(f"{name} must be a non-empty sequence of (n_steps, n_channels) "
                        f"arrays or a 2-D/3-D array, got {type(signals).__name__}")
    out = []
    for i, s in enumerate(signals):
        try:
            a = np.asarray(s, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name}[{i}] must be an array of numbers") from None
        if a.ndim == 1:
            a = a[:, None]
        if a.ndim != 2 or a.shape[0] == 0 or a.shape[1] == 0:
            raise ValueError(f"{name}[{i}] must be a non-empty (n_steps, n_channels) array, "
                             f"got shape {a.shape}")
        if out and a.shape[1] != out[0].shape[1]:
            raise ValueError(f"{name}[{i}] has {a.shape[1]} channels, {name}[0] has "
                             f"{out[0].shape[1]}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name}[{i}] contains NaN or inf")
        out.append(a)
    return out


def filtered_signals(signals, *, dt: float, tau: float | Sequence[float] = 0.03, times=None,
                     every: float | None = None, n_bins: int | None = None,
                     at_end: bool = False, channels=None) -> np.ndarray:
    r"""Analog signals filtered with ``exp(-t / tau)`` (exact), sampled at chosen times.

    Value ``k`` of a signal is held over ``[k dt, (k + 1) dt)`` (a sample of ``n`` values
    lasts ``n dt``). For channel ``c`` and time ``t``

    .. math:: x_c(t) = \int_0^t u_c(s)\, e^{-(t - s)/\tau}\, ds

    (unit: the signal's unit times seconds; a constant ``u`` tends to ``tau u``), computed
    exactly for the piecewise-constant signal by the recursion over whole steps

    .. math:: x((k + 1)\,dt) = x(k\,dt)\, e^{-dt/\tau} + u_k\, \tau\, (1 - e^{-dt/\tau}),
              \qquad x(0) = 0,

    and, between grid points, ``x(k dt + l) = x(k dt) e^{-l/tau} + u_k tau (1 - e^{-l/tau})``
    for ``0 <= l < dt``. A sampling time within
    ``liquidstate.states.filters.TIME_TOLERANCE`` (1 ns) after a grid point counts as that grid point.

    Parameters
    ----------
    signals : array or sequence of arrays
        ``(n_samples, n_steps, n_channels)``, ``(n_samples, n_steps)`` (one channel), or a
        list of ``(n_steps_i, n_channels)`` arrays (see ``as_signals``).
    dt : float
        Seconds per signal value.
    tau : float or sequence of float
        Filter time constant(s) in seconds; several give features concatenated
        ``tau``-major (feature ``i * n_channels + c`` is channel ``c`` filtered with
        ``tau[i]``), as :func:`~liquidstate.states.exponential_states`.
    times, every, n_bins, at_end
        The sampling times, exactly one of them, as in
        :func:`~liquidstate.states.exponential_states` (the duration of a sample is
        ``n_steps dt``).
    channels : sequence of int, optional
        The channels to use, in this order; default all.

    Returns
    -------
    ndarray of float64
        ``(n_samples, n_taus * n_channels)`` for a single time point, else ``(n_samples,
        n_times, n_taus * n_channels)``.

    Examples
    --------
    >>> x = filtered_signals(np.ones((1, 200, 1)), dt=0.01, tau=0.03, at_end=True)
    >>> round(float(x[0, 0]), 6)      # tau * u
    0.03
    """
    dt = positive_seconds(dt, "dt")
    taus, _ = check_taus(tau)
    sig = as_signals(signals)
    sel = check_neurons(channels, sig[0].shape[1])
    if sel is not None:
        sig = [s[:, sel] for s in sig]
    durations = np.array([s.shape[0] * dt for s in sig])
    T = sample_times(durations, times=times, every=every, n_bins=n_bins, at_end=at_end)
    n_ch = sig[0].shape[1]
    out = np.empty((len(sig), T.shape[1], taus.size * n_ch))
    for i, u in enumerate(sig):
        out[i] = _filter_one(u, T[i], dt, taus)
    return out[:, 0, :] if out.shape[1] == 1 else out


def _filter_one(u: np.ndarray, t: np.ndarray, dt: float, taus: np.ndarray) -> np.ndarray:
    """The states ``(n_times, n_taus * n_channels)`` of one signal ``u`` (n_steps, C)."""
    n, C = u.shape
    # whole steps completed at each sampling time, and the time into the next step
    k = np.clip(np.floor((t + TIME_TOLERANCE) / dt).astype(np.int64), 0, n)
    lag = np.clip(t - k * dt, 0.0, None)
    out = np.empty((t.size, taus.size * C))
    for i, tau in enumerate(taus):
        decay = np.exp(-dt / tau)
        gain = tau * (1.0 - decay)
        grid = np.zeros((n + 1, C))            # grid[k] = x(k dt)
        # the recursion x_{j+1} = decay x_j + gain u_j as a first-order IIR filter
        grid[1:] = lfilter([gain], [1.0, -decay], u, axis=0)
        part = np.exp(-lag / tau)[:, None]
        held = u[np.minimum(k, n - 1)] * (k < n)[:, None]   # the value held after k dt
        out[:, i * C:(i + 1) * C] = grid[k] * part + held * tau * (1.0 - part)
    return out
