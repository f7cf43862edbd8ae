"""Exponentially filtered spike trains: the liquid state of Maass et al. (2002).

For each sample and neuron ``n`` the state is the spike train convolved with a causal
exponential kernel of time constant ``tau``,

    x_n(t) = sum_{k : t_k <= t} exp(-(t - t_k) / tau),

over the spikes ``t_k`` of neuron ``n``. It is computed exactly at the sampling times (no time
grid), with the recursion over consecutive sampling times ``t_{j-1} < t_j``

    x_n(t_j) = x_n(t_{j-1}) exp(-(t_j - t_{j-1}) / tau)
               + sum_{k : t_{j-1} < t_k <= t_j} exp(-(t_j - t_k) / tau),

which costs ``O(n_spikes + n_times * n_neurons)`` per sample and per ``tau`` (no dense
``(times x spikes)`` matrix). It is one compiled pass over the flat spike arrays that
accumulates into the output: the memory needed is the output's (no per-spike temporaries).

This module also holds the sampling-time rules shared by all state extractors
(:func:`sample_times`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numba import njit

from .._validation import boolean, positive_int, positive_seconds
from ..spikes import SpikeTrains

__all__ = ["exponential_states", "sample_times", "check_sampling", "TIME_TOLERANCE"]

#: Seconds of slack when comparing times: a spike up to this much after a sampling time counts
#: as *at* that time (it absorbs the round-off of grid times such as ``k * dt`` and
#: ``j * every``), a sampling time up to this much after a sample's end is accepted.
TIME_TOLERANCE = 1e-9


# ---------------------------------------------------------------------- argument checks
def as_spike_trains(spikes, name: str = "spikes") -> SpikeTrains:
    """``spikes`` itself, or the ``.spikes`` of a :class:`~liquidstate.Recording`."""
    if isinstance(spikes, SpikeTrains):
        return spikes
    inner = getattr(spikes, "spikes", None)
    if isinstance(inner, SpikeTrains):
        return inner
    raise TypeError(f"{name} must be a SpikeTrains or a Recording, got {type(spikes).__name__}")


def check_neurons(neurons, n_channels: int) -> np.ndarray | None:
    """Validated neuron (channel) indices as int64, or None for all."""
    if neurons is None:
        return None
    arr = np.atleast_1d(np.asarray(neurons))
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"neurons must be a non-empty 1-D sequence of ints, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"neurons must be integers, got dtype {arr.dtype}")
    if arr.min() < 0 or arr.max() >= n_channels:
        raise ValueError(f"neurons must lie in [0, {n_channels}), got values in "
                         f"[{arr.min()}, {arr.max()}]")
    return arr.astype(np.int64)


def check_taus(tau) -> tuple[np.ndarray, bool]:
    """``(taus, is_scalar)``: the filter constants as a float array, validated."""
    if np.ndim(tau) == 0:
        return np.array([positive_seconds(tau, "tau")]), True
    values = list(np.asarray(tau, dtype=object).ravel()) if np.ndim(tau) == 1 else None
    if values is None:
        raise ValueError(f"tau must be a number or a 1-D sequence of numbers, got shape "
                         f"{np.shape(tau)}")
    if not values:
        raise ValueError("tau must not be an empty sequence")
    return np.array([positive_seconds(t, "tau") for t in values]), False


def check_sampling(*, times=None, every=None, n_bins=None, at_end: bool = False):
    """Validate the sampling options: ``(mode, value)`` with mode ``"times"`` (a float64
    array), ``"every"`` (float), ``"n_bins"`` (int) or ``"at_end"`` (None)."""
    given = [name for name, value in (("times", times), ("every", every), ("n_bins", n_bins))
             if value is not None]
    boolean(at_end, "at_end")
    if at_end:
        given.append("at_end=True")
    if len(given) != 1:
        raise ValueError("give exactly one of times, every, n_bins or at_end=True to choose "
                         f"the sampling times; got {', '.join(given) if given else 'none'}")
    if at_end:
        return "at_end", None
    if times is not None:
        t = np.asarray(times, dtype=np.float64) if _is_numeric(times) else None
        if t is None or t.ndim > 1:
            raise ValueError("times must be a number or a 1-D sequence of numbers (seconds)")
        t = np.atleast_1d(t)
        if t.size == 0:
            raise ValueError("times must not be empty")
        if not np.all(np.isfinite(t)):
            raise ValueError("times must be finite (found NaN or inf)")
        if t.min() < 0:
            raise ValueError(f"times must be >= 0 s, got {t.min()}")
        if np.any(np.diff(t) <= 0):
            raise ValueError("times must be strictly increasing")
        return "times", t
    if every is not None:
        return "every", positive_seconds(every, "every")
    return "n_bins", positive_int(n_bins, "n_bins")


def sample_times(durations: np.ndarray, *, times=None, every=None, n_bins=None,
                 at_end: bool = False) -> np.ndarray:
    """The sampling times of every sample, shape ``(n_samples, n_times)``.

    Exactly one of the options must be given:

    ``times``
        Explicit times (s), the same for every sample; strictly increasing, ``>= 0`` and
        ``<= duration`` of every sample.
    ``every``
        ``every, 2 every, ... <= duration``. All samples must then have the same number of
        time points (otherwise use ``n_bins``).
    ``n_bins``
        The ends of ``n_bins`` equal bins: ``duration * j / n_bins``, ``j = 1..n_bins``;
        the bins scale with each sample's duration.
    ``at_end=True``
        ``t = duration``.
    """
    durations = np.asarray(durations, dtype=np.float64)
    mode, value = check_sampling(times=times, every=every, n_bins=n_bins, at_end=at_end)
    n_samples = durations.size
    if mode == "at_end":
        return durations[:, None].copy()
    if mode == "times":
        t = value
        too_late = durations < t[-1] - TIME_TOLERANCE
        if np.any(too_late):
            i = int(np.flatnonzero(too_late)[0])
            raise ValueError(f"times must lie within each sample's duration: time {t[-1]} s is "
                             f"after the end of sample {i} (duration {durations[i]} s)")
        return np.broadcast_to(t, (n_samples, t.size)).copy()
    if mode == "every":
        every = value
        counts = np.floor(durations / every + 1e-9).astype(np.int64)
        if counts.min() < 1:
            i = int(np.argmin(counts))
            raise ValueError(f"every = {every} s is longer than sample {i} "
                             f"(duration {durations[i]} s)")
        if np.any(counts != counts[0]):
            raise ValueError(
                f"every = {every} s gives a different number of time points per sample "
                f"({counts.min()} to {counts.max()}) because the durations differ; use "
                "n_bins (bins that scale with the duration) or explicit times")
        t = every * np.arange(1, counts[0] + 1)
        t = np.broadcast_to(t, (n_samples, t.size))
        return np.minimum(t, durations[:, None])
    frac = np.arange(1, value + 1) / value
    t = durations[:, None] * frac[None, :]
    t[:, -1] = durations
    return t


def _is_numeric(x) -> bool:
    try:
        np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return True


# ---------------------------------------------------------------------- the filter
def exponential_states(spikes: SpikeTrains, *, tau: float | Sequence[float] = 0.03,
                       times=None, every: float | None = None, n_bins: int | None = None,
                       at_end: bool = False, neurons=None) -> np.ndarray:
    r"""Exponentially filtered spike trains sampled at chosen times (exact).

    For sample ``s``, neuron ``n`` and time ``t``

    .. math:: x_{s,n}(t) = \sum_{k:\ t_k \le t} e^{-(t - t_k)/\tau}

    over the spikes ``t_k`` of neuron ``n`` in sample ``s`` (a spike exactly at ``t`` counts
    with weight 1; so does one up to ``TIME_TOLERANCE`` = 1 ns after ``t``, to absorb
    round-off of grid times). Computed exactly with a recursion over the sampling times:
    ``O(n_spikes + n_times * n_neurons)`` per sample and filter constant.

    Parameters
    ----------
    spikes : SpikeTrains or Recording
        Liquid spikes (channel = neuron); a :class:`~liquidstate.Recording` uses its
        ``.spikes``.
    tau : float or sequence of float
        Filter time constant(s) in seconds (30 ms as in Maass et al. 2002). With several
        constants (a multi-timescale state) the features are concatenated per constant,
        ``tau``-major: feature ``i * n_neurons + j`` is neuron ``neurons[j]`` filtered with
        ``tau[i]``.
    times : float or 1-D array, optional
        Sampling times in seconds, the same for every sample, strictly increasing, within
        ``[0, duration]`` of every sample (a ``ValueError`` otherwise).
    every : float, optional
        Sample at ``every, 2 every, ... <= duration`` seconds. Samples of different durations
        then have different numbers of time points, which is an error: use ``n_bins``.
    n_bins : int, optional
        Sample at the ends of ``n_bins`` equal bins, ``t_j = duration * j / n_bins``; bins
        scale with each sample's duration, so samples of different durations are fine.
    at_end : bool
        Sample once at the end, ``t = duration``.
    neurons : sequence of int, optional
        The neurons to use as features, in this order; default all ``spikes.n_channels``.

    Exactly one of ``times``, ``every``, ``n_bins`` and ``at_end=True`` must be given.

    Returns
    -------
    ndarray of float64
        ``(n_samples, n_features)`` when there is a single time point (``at_end``, one time,
        ``n_bins=1``), else ``(n_samples, n_times, n_features)``, with
        ``n_features = n_taus * n_neurons``.

    Examples
    --------
    >>> import liquidstate as ls
    >>> s = ls.SpikeTrains.from_lists([[[0.1, 0.2], []]], durations=0.3)
    >>> exponential_states(s, tau=0.1, at_end=True).round(4)
    array([[0.5032, 0.    ]])
    """
    spikes = as_spike_trains(spikes)
    taus, _ = check_taus(tau)
    sel = check_neurons(neurons, spikes.n_channels)
    T = sample_times(spikes.durations, times=times, every=every, n_bins=n_bins, at_end=at_end)
    X = _filter(spikes, T, taus, sel)
    return X[:, 0, :] if X.shape[1] == 1 else X


def feature_map(sel: np.ndarray | None, n_channels: int) -> tuple:
    """``(chan_to_feat, n_computed, gather)``: the computed feature of each channel (-1: not
    used), how many features are computed, and the index array that turns them into the
    requested ``sel`` (None when they are already in that order).

    Without duplicates in ``sel`` the features are computed directly in the order of ``sel``;
    with duplicates each distinct channel is computed once and ``gather`` copies it."""
    if sel is None:
        return np.arange(n_channels, dtype=np.int64), n_channels, None
    chan_to_feat = np.full(n_channels, -1, np.int64)
    uniq, inverse = np.unique(sel, return_inverse=True)
    if uniq.size == sel.size:
        chan_to_feat[sel] = np.arange(sel.size)
        return chan_to_feat, sel.size, None
    chan_to_feat[uniq] = np.arange(uniq.size)
    return chan_to_feat, uniq.size, inverse.reshape(-1)


@njit(nogil=True, cache=True)
def _filter_kernel(times, channels, offsets, T, taus, chan_to_feat, out):  # pragma: no cover
    """Fill ``out`` (n_samples, n_times, n_taus, n_features), zeroed, with the filtered states.

    One pass over the spikes: spike ``k`` of sample ``s`` adds ``exp(-(t_j - t_k) / tau)`` at
    the first sampling time ``t_j >= t_k - TIME_TOLERANCE`` (the lag clipped at 0); then the
    recursion ``x(t_j) += x(t_{j-1}) exp(-(t_j - t_{j-1}) / tau)`` over the times. The
    pointer ``j`` follows the spikes of a sample (amortised O(1) per spike when they are
    sorted by time, as in ``SpikeTrains``; exact whatever their order)."""
    S, J = T.shape
    K = taus.size
    F = out.shape[3]
    for s in range(S):
        j = 0
        for e in range(offsets[s], offsets[s + 1]):
            c = channels[e]
            if c < 0 or c >= chan_to_feat.size:   # (SpikeTrains._trusted skips validation)
                raise ValueError("a spike's channel is outside [0, n_channels)")
            f = chan_to_feat[c]
            if f < 0:
                continue
            t = times[e]
            x = t - TIME_TOLERANCE
            while j > 0 and T[s, j - 1] >= x:
                j -= 1
            while j < J and T[s, j] < x:
                j += 1
            if j == J:                     # after the last sampling time
                continue
            lag = max(T[s, j] - t, 0.0)
            for i in range(K):
                out[s, j, i, f] += math.exp(-lag / taus[i])
        for j in range(1, J):
            step = T[s, j] - T[s, j - 1]
            for i in range(K):
                decay = math.exp(-step / taus[i])
                for f in range(F):
                    out[s, j, i, f] += out[s, j - 1, i, f] * decay


def _filter(spikes: SpikeTrains, T: np.ndarray, taus: np.ndarray,
            sel: np.ndarray | None) -> np.ndarray:
    """Filtered states ``(n_samples, n_times, n_taus * n_features)`` at times ``T``.

    Memory: the output only (plus one gathered copy when ``sel`` repeats a neuron)."""
    S, J = T.shape
    chan_to_feat, F, gather = feature_map(sel, spikes.n_channels)
    out = np.zeros((S, J, taus.size, F), np.float64)
    _filter_kernel(spikes.times, spikes.channels, spikes.offsets,
                   np.ascontiguousarray(T, dtype=np.float64),
                   np.ascontiguousarray(taus, dtype=np.float64), chan_to_feat, out)
    if gather is not None:
        out = out[..., gather]
    return out.reshape(S, J, -1)
