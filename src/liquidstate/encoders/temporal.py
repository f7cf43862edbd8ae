"""Temporal codes: latency (time to first spike), send-on-delta, level crossing (threshold
coding with several levels) and Ben's Spiker Algorithm.

Input convention of every encoder: ``X`` is a list of arrays ``(n_steps_i, n_channels)``
(samples may differ in length) or a 3-D array ``(n_samples, n_steps, n_channels)``; each row
lasts ``dt`` seconds, so sample ``i`` lasts ``n_steps_i * dt`` seconds. These encoders are
deterministic: they draw no random numbers.
"""

from __future__ import annotations

import numba
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._validation import positive_int
from ..spikes import SpikeTrains
from ._common import (check_fitted_channels, check_index, check_nonnegative, check_per_channel,
                      check_positive, check_real, check_samples, check_unit_range,
                      durations_of, spike_trains, whole_ratio)

__all__ = ["latency", "LatencyEncoder", "delta", "delta_decode", "DeltaEncoder",
           "threshold_levels", "threshold_levels_decode", "ThresholdLevelsEncoder", "bsa",
           "bsa_decode", "bsa_filter", "BSAEncoder"]


# =============================================================================== latency
def _check_latency_params(window, t_max, threshold, dt) -> tuple:
    dt = check_positive(dt, "dt")
    threshold = check_real(threshold, "threshold")
    if not 0.0 <= threshold < 1.0:
        raise ValueError(f"threshold must lie in [0, 1) (values are normalised to [0, 1]), "
                         f"got {threshold}")
    w = None
    if window is not None:
        window = check_positive(window, "window")
        w = whole_ratio(window, dt, f"window / dt (window={window:g} s, dt={dt:g} s)")
    if t_max is not None:
        t_max = check_positive(t_max, "t_max")
        if w is not None and t_max > w * dt * (1 + 1e-12):
            raise ValueError(f"t_max ({t_max:g} s) must not exceed window ({w * dt:g} s): a "
                             "spike must fall within its window")
    return w, t_max, threshold, dt


def latency(X, *, window: float | None = None, t_max: float | None = None,
            threshold: float = 0.0, dt: float = 1e-3) -> SpikeTrains:
    """Latency coding (time to first spike): a larger value fires earlier.

    Each sample is cut into consecutive windows of ``window`` seconds (default: one window,
    the whole sample). In a window starting at ``t0``, channel ``c`` takes the window's mean
    ``v`` of its values (in [0, 1]) and, if ``v > threshold``, fires exactly once, at

        t = t0 + t_max * (1 - v)

    so ``v = 1`` fires at the window's start and values near 0 fire near ``t0 + t_max``;
    channels at or below ``threshold`` stay silent in that window.

    Parameters
    ----------
    X : list of arrays (n_steps_i, n_channels) or array (n_samples, n_steps, n_channels)
        Signals, every value in [0, 1]; scale raw signals first, e.g. with
        :class:`sklearn.preprocessing.MinMaxScaler`.
    window : float, optional
        Window length in seconds, a whole number of rows (``window / dt`` an integer). The
        last window of a sample may be shorter (a partial window): it is coded with the same
        ``t_max``, and its spikes that would fall after the sample's end are dropped.
        Default: the whole sample is one window.
    t_max : float, optional
        Latency in seconds of a value of 0 (the coding range), at most ``window``. Default:
        the window length (with ``window=None``: each sample's own duration, so samples of
        different lengths get different ranges; give ``t_max`` to make them comparable).
    threshold : float
        Values ``v <= threshold`` (in [0, 1)) give no spike.
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    SpikeTrains
        ``n_channels`` channels, sample ``i`` of duration ``n_steps_i * dt`` seconds, at most
        one spike per channel and window.
    """
    samples = check_samples(X)
    w, t_max, threshold, dt = _check_latency_params(window, t_max, threshold, dt)
    check_unit_range(samples, "latency")
    durations = durations_of(samples, dt)
    events = []
    for i, x in enumerate(samples):
        n = x.shape[0]
        w_i = n if w is None else w
        tm = w_i * dt if t_max is None else t_max
        if w is None and t_max is not None and t_max > durations[i] * (1 + 1e-12):
            raise ValueError(f"t_max ({t_max:g} s) exceeds the duration of X[{i}] "
                             f"({durations[i]:g} s), the window when window=None")
        starts = np.arange(0, n, w_i)
        lengths = np.diff(np.append(starts, n))
        v = np.clip(np.add.reduceat(x, starts, axis=0) / lengths[:, None], 0.0, 1.0)
        win, channel = np.nonzero(v > threshold)
        times = starts[win] * dt + tm * (1.0 - v[win, channel])
        keep = times < durations[i]
        events.append((times[keep], channel[keep]))
    return spike_trains(events, durations, samples[0].shape[1])


class LatencyEncoder(TransformerMixin, BaseEstimator):
    """Latency coding as a scikit-learn transformer (see :func:`latency`).

    Parameters
    ----------
    window : float, optional
        Window length in seconds (default: the whole sample).
    t_max : float, optional
        Latency in seconds of a value of 0 (default: the window length).
    threshold : float
        Window means at or below it give no spike.
    dt : float
        Duration of one input row in seconds.

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels seen in :meth:`fit`.
    """

    def __init__(self, window: float | None = None, t_max: float | None = None,
                 threshold: float = 0.0, dt: float = 1e-3):
        self.window = window
        self.t_max = t_max
        self.threshold = threshold
        self.dt = dt

    def fit(self, X, y=None) -> "LatencyEncoder":
        """Validate the parameters and ``X``; record ``n_channels_in_``."""
        _check_latency_params(self.window, self.t_max, self.threshold, self.dt)
        samples = check_samples(X)
        check_unit_range(samples, "latency")
        self.n_channels_in_ = samples[0].shape[1]
        return self

    def transform(self, X, first_index: int = 0) -> SpikeTrains:
        """Encode ``X``. ``first_index`` is accepted for a uniform encoder interface and
        ignored (the encoding is deterministic)."""
        check_is_fitted(self, "n_channels_in_")
        check_index(first_index)
        samples = check_samples(X)
        check_fitted_channels(self, samples)
        return latency(samples, window=self.window, t_max=self.t_max,
                       threshold=self.threshold, dt=self.dt)


# =============================================================================== delta
# Relative tolerance of a threshold crossing, so that a change of exactly k thresholds
# (up to rounding, e.g. 0.3 - 0.2 vs 0.1) gives k spikes.
_DELTA_TOL = 1e-9

@numba.njit(cache=True)
def _delta_counts(x, threshold, initial):  # pragma: no cover - compiled
    """Signed spike counts per row and channel (+m: m up spikes, -m: m down spikes)."""
    n, n_channels = x.shape
    out = np.zeros((n, n_channels), dtype=np.int64)
    for c in range(n_channels):
        th = threshold[c]
        level = 0  # the reference is initial[c] + level * th, kept exact by an integer level
        for t in range(n):
            # in thresholds; _DELTA_TOL keeps exact multiples (0.3 / 0.1) from rounding down
            d = (x[t, c] - (initial[c] + level * th)) / th
            if d >= 1.0 - _DELTA_TOL:
                m = int(np.floor(d + _DELTA_TOL))
                level += m
                out[t, c] = m
            elif -d >= 1.0 - _DELTA_TOL:
                m = int(np.floor(-d + _DELTA_TOL))
                level -= m
                out[t, c] = -m
    return out


def _check_initial(initial, n_channels: int) -> np.ndarray | None:
    if initial is None:
        return None
    return check_per_channel(initial, "initial", n_channels, positive=False)


def _decode_initial(initial, n_samples: int, n_channels: int) -> np.ndarray:
    """The decoders' starting values, ``(n_samples, n_channels)``: ``initial`` a scalar or
    one value per channel (the same for every sample), or one row per sample."""
    init = np.asarray(initial, dtype=np.float64)
    if init.ndim < 2:
        return np.broadcast_to(_check_initial(initial, n_channels), (n_samples, n_channels))
    if init.shape != (n_samples, n_channels) or not np.all(np.isfinite(init)):
        raise ValueError(f"initial must be finite and a scalar, ({n_channels},) or "
                         f"({n_samples}, {n_channels}), got shape {init.shape}")
    return init


def delta(X, *, threshold, initial=None, dt: float = 1e-3) -> SpikeTrains:
    """Send-on-delta (threshold-crossing) coding with an up and a down channel per signal.

    Each channel keeps a reference level ``r`` (initially ``initial``, by default the
    channel's first value). At every row with value ``x``: if ``x - r >= threshold`` it emits
    ``m = floor((x - r) / threshold)`` *up* spikes and raises ``r`` by ``m * threshold``; if
    ``r - x >= threshold`` it emits ``m = floor((r - x) / threshold)`` *down* spikes and
    lowers ``r`` by ``m * threshold`` (comparisons with a relative tolerance of 1e-9 of the
    threshold, so that a change of exactly k thresholds gives k spikes despite rounding).
    So after every row ``|x - r| < threshold``, and

        x[k] ~ r[k] = initial + threshold * (cumulative up - down spikes up to row k)

    within one threshold (:func:`delta_decode`). The ``m`` spikes of one row and channel are
    spread evenly over the row, at ``(k + j / m) * dt`` for ``j = 0 .. m-1`` (one spike sits
    at the row's start ``k * dt``).

    Parameters
    ----------
    X : list of arrays (n_steps_i, n_channels) or array (n_samples, n_steps, n_channels)
        Signals (any finite values, in the units of ``threshold``).
    threshold : float or array (n_channels,)
        Step of the reference level, > 0, in the units of ``X``.
    initial : float or array (n_channels,), optional
        Initial reference level. Default ``None``: each sample's first row, so the first row
        never spikes. With a number (e.g. 0) the first row spikes for the distance from it.
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    SpikeTrains
        ``2 * n_channels`` channels: channel ``2c`` is the up channel of input channel ``c``
        and ``2c + 1`` its down channel. Sample ``i`` lasts ``n_steps_i * dt`` seconds.
    """
    samples = check_samples(X)
    n_channels = samples[0].shape[1]
    th = check_per_channel(threshold, "threshold", n_channels, positive=True)
    init = _check_initial(initial, n_channels)
    dt = check_positive(dt, "dt")
    durations = durations_of(samples, dt)
    events = []
    for x in samples:
        ref = x[0].copy() if init is None else init
        counts = _delta_counts(x, th, ref)
        row, c = np.nonzero(counts)
        signed = counts[row, c]
        m = np.abs(signed)
        # j-th of m spikes in the row at (row + j / m) * dt
        first = np.repeat(np.cumsum(m) - m, m)
        j = np.arange(first.size) - first
        m_rep = np.repeat(m, m)
        times = (np.repeat(row, m) + j / m_rep) * dt
        channel = np.repeat(2 * c + (signed < 0), m)
        events.append((times, channel))
    return spike_trains(events, durations, 2 * n_channels)


def delta_decode(spikes: SpikeTrains, threshold, *, initial=0.0, n_steps=None,
                 dt: float = 1e-3) -> list[np.ndarray]:
    """Reconstruct signals from :func:`delta` spikes: ``initial + threshold * cumsum(up - down)``.

    Parameters
    ----------
    spikes : SpikeTrains
        Output of :func:`delta` (``2 * n_channels`` channels, up/down interleaved).
    threshold : float or array (n_channels,)
        The encoder's threshold.
    initial : float, array (n_channels,) or array (n_samples, n_channels)
        The initial reference levels (with the encoder's default ``initial=None``, each
        sample's first row).
    n_steps : int or sequence of int, optional
        Rows per sample (default: ``round(duration / dt)``).
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    list of arrays (n_steps_i, n_channels)
        The reference level after each row; it is within ``threshold`` of the encoded signal.
    """
    if not isinstance(spikes, SpikeTrains):
        raise TypeError(f"spikes must be SpikeTrains, got {type(spikes).__name__}")
    if spikes.n_channels % 2:
        raise ValueError(f"spikes must have an even number of channels (up/down pairs), got "
                         f"{spikes.n_channels}")
    n_channels = spikes.n_channels // 2
    th = check_per_channel(threshold, "threshold", n_channels, positive=True)
    dt = check_positive(dt, "dt")
    init = _decode_initial(initial, spikes.n_samples, n_channels)
    rasters = _rasters(spikes, n_steps, dt)
    return [init[i] + th * np.cumsum(r[:, 0::2] - r[:, 1::2], axis=0)
            for i, r in enumerate(rasters)]


class DeltaEncoder(TransformerMixin, BaseEstimator):
    """Send-on-delta coding as a scikit-learn transformer (see :func:`delta`).

    Parameters
    ----------
    threshold : float or array (n_channels,)
        Step of the reference level in the units of ``X`` (the default 0.1 suits signals
        scaled to [0, 1]).
    initial : float or array (n_channels,), optional
        Initial reference level (default: each sample's first row).
    dt : float
        Duration of one input row in seconds.

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels seen in :meth:`fit`; the output has twice as many.
    """

    def __init__(self, threshold=0.1, initial=None, dt: float = 1e-3):
        self.threshold = threshold
        self.initial = initial
        self.dt = dt

    def fit(self, X, y=None) -> "DeltaEncoder":
        """Validate the parameters and ``X``; record ``n_channels_in_``."""
        samples = check_samples(X)
        n_channels = samples[0].shape[1]
        check_per_channel(self.threshold, "threshold", n_channels, positive=True)
        _check_initial(self.initial, n_channels)
        check_positive(self.dt, "dt")
        self.n_channels_in_ = n_channels
        return self

    def transform(self, X, first_index: int = 0) -> SpikeTrains:
        """Encode ``X``. ``first_index`` is accepted for a uniform encoder interface and
        ignored (the encoding is deterministic)."""
        check_is_fitted(self, "n_channels_in_")
        check_index(first_index)
        samples = check_samples(X)
        check_fitted_channels(self, samples)
        return delta(samples, threshold=self.threshold, initial=self.initial, dt=self.dt)


# =============================================================================== levels
# Tolerance of reaching a level: a value equal to a level up to rounding (0.1 + 0.2 vs 0.3)
# counts as reaching it.
_LEVEL_TOL = 1e-9


def _check_levels_params(n_levels, initial, dt, n_channels: int):
    n_levels = positive_int(n_levels, "n_levels")
    return n_levels, _check_initial(initial, n_channels), check_positive(dt, "dt")


def _level_values(n_levels: int) -> np.ndarray:
    """The levels of :func:`threshold_levels`: ``theta_l = (l + 1) / (n_levels + 1)``,
    ``l = 0 .. n_levels - 1``, equally spaced in (0, 1) (e.g. 0.25, 0.5, 0.75 for 3)."""
    n_levels = positive_int(n_levels, "n_levels")
    return np.arange(1, n_levels + 1) / (n_levels + 1)


def threshold_levels(X, *, n_levels: int = 4, initial=0.0, dt: float = 1e-3) -> SpikeTrains:
    """Level-crossing coding: a population of up and down neurons at fixed levels.

    For every input channel ``c`` and each of ``n_levels`` levels equally spaced in (0, 1),

        theta_l = (l + 1) / (n_levels + 1),    l = 0 .. n_levels - 1,

    the value is *above* level ``l`` at row ``k`` when ``x[k, c] >= theta_l`` (up to a
    tolerance of 1e-9, so a value equal to a level but for rounding reaches it). The *up*
    neuron of ``(c, l)`` fires at ``k * dt`` when row ``k`` is above the level and row
    ``k - 1`` was not (an upward crossing); its *down* neuron fires when row ``k`` is below
    and row ``k - 1`` was above. Row ``-1`` is the value ``initial`` (default 0: the signal
    rises from silence, so a first row at 0.6 fires the up neurons of every level up to 0.6).
    Each neuron fires at most once per row; a jump across several levels in one row fires
    one neuron per level crossed, all at ``k * dt``.

    Unlike :func:`delta` (one up and one down channel per signal, a reference that moves
    with the signal) the levels are fixed and each has its own pair of channels, so the
    channel that fires says which level was crossed; a signal is known within one level
    step, ``1 / (n_levels + 1)``, from the spikes so far (:func:`threshold_levels_decode`).
    A value dithering around a level fires that level's pair on every crossing.

    Parameters
    ----------
    X : list of arrays (n_steps_i, n_channels) or array (n_samples, n_steps, n_channels)
        Signals, every value in [0, 1] (e.g. the output of
        :func:`~liquidstate.encoders.cochleagram`).
    n_levels : int
        Levels per input channel, >= 1.
    initial : float or array (n_channels,), optional
        Value before the first row (default 0). ``None``: each sample's first row, so the
        first row never fires.
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    SpikeTrains
        ``2 * n_levels * n_channels`` channels. Input channel ``c``, level ``l`` has its up
        neuron on channel ``2 (c * n_levels + l)`` and its down neuron on the next one
        (``n_levels = 1`` has the channel order of :func:`delta`). Spikes lie on row starts
        ``k * dt``; sample ``i`` lasts ``n_steps_i * dt`` seconds.
    """
    samples = check_samples(X)
    n_channels = samples[0].shape[1]
    n_levels, init, dt = _check_levels_params(n_levels, initial, dt, n_channels)
    check_unit_range(samples, "threshold-levels")
    theta = _level_values(n_levels) - _LEVEL_TOL
    durations = durations_of(samples, dt)
    events = []
    for x in samples:
        above = x[:, :, None] >= theta                       # (n_steps, n_channels, n_levels)
        before = (x[0] if init is None else init)[:, None] >= theta
        prev = np.concatenate([before[None], above[:-1]])
        # (row, channel, level, up 0 / down 1); nonzero walks it in time order
        crossing = np.stack([above & ~prev, prev & ~above], axis=-1)
        row, c, lev, down = np.nonzero(crossing)
        events.append((row * dt, 2 * (c * n_levels + lev) + down))
    return spike_trains(events, durations, 2 * n_levels * n_channels)


def threshold_levels_decode(spikes: SpikeTrains, n_levels: int, *, initial=0.0,
                            n_steps=None, dt: float = 1e-3) -> list[np.ndarray]:
    """Reconstruct signals from :func:`threshold_levels` spikes, within one level step.

    Per input channel, the number of levels the signal is above after row ``k`` is
    ``m[k] = m0 + cumulative (up - down) spikes over its levels``, with ``m0`` the levels at
    or below ``initial``; the reconstruction is the highest level reached,

        x_hat[k] = m[k] / (n_levels + 1),

    so ``0 <= x[k] - x_hat[k] <= 1 / (n_levels + 1)`` for signals in [0, 1] (up to the
    1e-9 tolerance of the encoder; the upper bound is reached only at ``x = 1``).

    Parameters
    ----------
    spikes : SpikeTrains
        Output of :func:`threshold_levels` (``2 * n_levels * n_channels`` channels).
    n_levels : int
        The encoder's ``n_levels``.
    initial : float, array (n_channels,) or array (n_samples, n_channels)
        The encoder's ``initial`` (for the encoder's ``initial=None``, each sample's first
        row).
    n_steps : int or sequence of int, optional
        Rows per sample (default: ``round(duration / dt)``).
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    list of arrays (n_steps_i, n_channels)
    """
    if not isinstance(spikes, SpikeTrains):
        raise TypeError(f"spikes must be SpikeTrains, got {type(spikes).__name__}")
    n_levels = positive_int(n_levels, "n_levels")
    if spikes.n_channels % (2 * n_levels):
        raise ValueError(f"spikes must have a multiple of 2 * n_levels = {2 * n_levels} "
                         f"channels, got {spikes.n_channels}")
    n_channels = spikes.n_channels // (2 * n_levels)
    dt = check_positive(dt, "dt")
    init = _decode_initial(initial, spikes.n_samples, n_channels)
    # levels at or below the initial value, per sample and channel
    m0 = (init[:, :, None] >= _level_values(n_levels) - _LEVEL_TOL).sum(axis=2)
    out = []
    for i, r in enumerate(_rasters(spikes, n_steps, dt)):
        net = (r[:, 0::2] - r[:, 1::2]).reshape(r.shape[0], n_channels, n_levels).sum(axis=2)
        out.append((m0[i] + np.cumsum(net, axis=0)) / (n_levels + 1))
    return out


class ThresholdLevelsEncoder(TransformerMixin, BaseEstimator):
    """Level-crossing coding as a scikit-learn transformer (see :func:`threshold_levels`).

    Parameters
    ----------
    n_levels : int
        Levels per input channel, equally spaced in (0, 1).
    initial : float or array (n_channels,), optional
        Value before the first row (default 0; ``None``: each sample's first row).
    dt : float
        Duration of one input row in seconds.

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels seen in :meth:`fit`; the output has ``2 * n_levels`` times as
        many.
    levels_ : array (n_levels,)
        The levels ``(l + 1) / (n_levels + 1)``.
    """

    def __init__(self, n_levels: int = 4, initial=0.0, dt: float = 1e-3):
        self.n_levels = n_levels
        self.initial = initial
        self.dt = dt

    def fit(self, X, y=None) -> "ThresholdLevelsEncoder":
        """Validate the parameters and ``X``; record ``n_channels_in_`` and ``levels_``."""
        samples = check_samples(X)
        n_channels = samples[0].shape[1]
        _check_levels_params(self.n_levels, self.initial, self.dt, n_channels)
        check_unit_range(samples, "threshold-levels")
        self.n_channels_in_ = n_channels
        self.levels_ = _level_values(self.n_levels)
        return self

    def transform(self, X, first_index: int = 0) -> SpikeTrains:
        """Encode ``X``. ``first_index`` is accepted for a uniform encoder interface and
        ignored (the encoding is deterministic)."""
        check_is_fitted(self, "n_channels_in_")
        check_index(first_index)
        samples = check_samples(X)
        check_fitted_channels(self, samples)
        return threshold_levels(samples, n_levels=self.n_levels, initial=self.initial,
                                dt=self.dt)


# =============================================================================== BSA
#: Length in rows of the default BSA filter.
BSA_FILTER_LENGTH = 20


def bsa_filter(length: int = BSA_FILTER_LENGTH) -> np.ndarray:
    """The default BSA filter: a Hann window of ``length`` taps, normalised to unit sum.

    The window is ``sin^2(pi k / (length + 1))`` for ``k = 1 .. length`` (a Hann window
    without its zero end points), divided by its sum, so its DC gain is 1: a constant value
    ``v`` is coded by about ``v`` spikes per row, and values up to 1 can be followed. With
    ``dt = 1 ms`` the default 20 taps span 20 ms, a low-pass of about 50 Hz bandwidth.
    """
    length = positive_int(length, "length")
    k = np.arange(1, length + 1)
    h = np.sin(np.pi * k / (length + 1)) ** 2
    return h / h.sum()


def _check_filter(filter) -> np.ndarray:
    if filter is None:
        return bsa_filter()
    try:
        h = np.asarray(filter, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"filter must be a 1-D array of numbers, got {filter!r}") from None
    if h.ndim != 1 or h.size == 0:
        raise ValueError(f"filter must be a non-empty 1-D array, got shape {h.shape}")
    if not np.all(np.isfinite(h)):
        raise ValueError("filter contains NaN or inf")
    if h.sum() <= 0:
        raise ValueError(f"filter must have a positive sum (its DC gain), got {h.sum():g}")
    return np.ascontiguousarray(h)


@numba.njit(cache=True)
def _bsa_raster(x, h, threshold):  # pragma: no cover - compiled
    """BSA spikes (0/1) per row and channel; ``x`` is consumed (the residual)."""
    n, n_channels = x.shape
    n_taps = h.size
    out = np.zeros((n, n_channels), dtype=np.int8)
    for c in range(n_channels):
        for t in range(n):
            m = min(n_taps, n - t)
            err_spike = 0.0   # error if the filter is subtracted here
            err_none = 0.0    # error if it is not
            for j in range(m):
                err_spike += abs(x[t + j, c] - h[j])
                err_none += abs(x[t + j, c])
            if err_spike <= err_none - threshold:
                out[t, c] = 1
                for j in range(m):
                    x[t + j, c] -= h[j]
    return out


def bsa(X, *, filter=None, threshold: float = 0.95, dt: float = 1e-3) -> SpikeTrains:
    """Ben's Spiker Algorithm (Schrauwen & Van Campenhout 2003).

    BSA finds a spike train whose convolution with a finite impulse response (FIR) filter
    ``h`` (length ``L``) approximates the signal: the decoder is :func:`bsa_decode`. It
    scans each channel's signal ``s`` row by row, and at row ``t`` compares the errors over
    the filter's span with and without a spike::

        e_spike = sum_j |s[t + j] - h[j]|,    e_none = sum_j |s[t + j]|,    j = 0 .. L-1

    (truncated at the end of the sample). If ``e_spike <= e_none - threshold`` (the paper's
    rule) it emits a spike at ``t * dt`` and subtracts the filter from the residual,
    ``s[t + j] -= h[j]``. Since ``e_none - e_spike <= sum(h)``, ``threshold`` is in the units
    of the signal times rows and must stay below ``sum(h)``; with the default unit-sum filter
    it is the fraction of the filter's mass that must fit under the residual (0.95: nearly
    all of it).

    Signals must be non-negative: a spike can only add the (positive) filter. A row holds at
    most one spike, so values above ``sum(h)`` (1 for the default filter) cannot be followed:
    scale signals to [0, 1] first, e.g. with :class:`sklearn.preprocessing.MinMaxScaler`.

    Parameters
    ----------
    X : list of arrays (n_steps_i, n_channels) or array (n_samples, n_steps, n_channels)
        Non-negative signals (dimensionless).
    filter : array (L,), optional
        FIR filter taps (one per row). Default: :func:`bsa_filter` (a 20-tap Hann window of
        unit sum).
    threshold : float
        The paper's threshold (see above).
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    SpikeTrains
        ``n_channels`` channels, spikes at row starts ``t * dt``, at most one per row and
        channel; sample ``i`` lasts ``n_steps_i * dt`` seconds.

    Notes
    -----
    On smooth signals (sums of three sines of 1-5 Hz scaled to [0, 1], 2 s at ``dt = 1
    ms``) the default filter and threshold reconstruct with a relative RMS error
    ``||bsa_decode(bsa(x)) - x|| / ||x||`` of about 0.06 (the tests require < 0.15; the
    signal's mean alone gives about 0.44).

    References
    ----------
    B. Schrauwen and J. Van Campenhout, "BSA, a fast and accurate spike train encoding
    scheme", Proc. IJCNN 2003, pp. 2825-2830.
    """
    samples = check_samples(X)
    h = _check_filter(filter)
    threshold = check_real(threshold, "threshold")
    dt = check_positive(dt, "dt")
    check_nonnegative(samples, "BSA")
    durations = durations_of(samples, dt)
    events = []
    for x in samples:
        raster = _bsa_raster(x.copy(), h, threshold)
        row, channel = np.nonzero(raster)
        events.append((row * dt, channel))
    return spike_trains(events, durations, samples[0].shape[1])


def bsa_decode(spikes: SpikeTrains, filter=None, n_steps=None,
               dt: float = 1e-3) -> list[np.ndarray]:
    """Decode BSA spikes: the spike raster convolved with the filter.

    ``s_hat[k] = sum_t spikes[t] h[k - t]`` (causal: a spike at row ``t`` adds ``h`` to rows
    ``t .. t + L - 1``), truncated to ``n_steps`` rows.

    Parameters
    ----------
    spikes : SpikeTrains
        Spikes on a grid of step ``dt`` (from :func:`bsa`); a spike at time ``t`` counts in
        row ``floor(t / dt)``.
    filter : array (L,), optional
        The encoder's filter (default :func:`bsa_filter`).
    n_steps : int or sequence of int, optional
        Rows per sample (default: ``round(duration / dt)``).
    dt : float
        Duration of one row in seconds.

    Returns
    -------
    list of arrays (n_steps_i, n_channels)
    """
    if not isinstance(spikes, SpikeTrains):
        raise TypeError(f"spikes must be SpikeTrains, got {type(spikes).__name__}")
    h = _check_filter(filter)
    dt = check_positive(dt, "dt")
    out = []
    for r in _rasters(spikes, n_steps, dt):
        n = r.shape[0]
        rec = np.empty((n, r.shape[1]))
        for c in range(r.shape[1]):
            rec[:, c] = np.convolve(r[:, c].astype(np.float64), h)[:n]
        out.append(rec)
    return out


def _rasters(spikes: SpikeTrains, n_steps, dt: float) -> list[np.ndarray]:
    """Spike-count rasters of ``n_steps`` rows (default ``round(duration / dt)``)."""
    if n_steps is None:
        steps = np.round(spikes.durations / dt).astype(np.int64)
    else:
        steps = np.atleast_1d(np.asarray(n_steps))
        if not np.issubdtype(steps.dtype, np.integer):
            raise TypeError(f"n_steps must be an int or a sequence of ints, got {n_steps!r}")
        if steps.size == 1:
            steps = np.full(spikes.n_samples, int(steps[0]))
        if steps.shape != (spikes.n_samples,) or np.any(steps < 1):
            raise ValueError(f"n_steps must be a positive int or one per sample "
                             f"({spikes.n_samples}), got {n_steps!r}")
    out = []
    for i, n in enumerate(steps):
        t, c = spikes.sample(i)
        r = np.zeros((int(n), spikes.n_channels), dtype=np.int64)
        row = np.floor(t / dt + 1e-6).astype(np.int64)
        keep = row < n
        np.add.at(r, (row[keep], c[keep]), 1)
        out.append(r)
    return out


class BSAEncoder(TransformerMixin, BaseEstimator):
    """Ben's Spiker Algorithm as a scikit-learn transformer (see :func:`bsa`).

    Parameters
    ----------
    filter : array (L,), optional
        FIR filter taps (default :func:`bsa_filter`, a 20-tap Hann window of unit sum).
    threshold : float
        The paper's threshold: spike when ``e_spike <= e_none - threshold``.
    dt : float
        Duration of one input row in seconds.

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels seen in :meth:`fit`.
    """

    def __init__(self, filter=None, threshold: float = 0.95, dt: float = 1e-3):
        self.filter = filter
        self.threshold = threshold
        self.dt = dt

    def fit(self, X, y=None) -> "BSAEncoder":
        """Validate the parameters and ``X``; record ``n_channels_in_``."""
        _check_filter(self.filter)
        check_real(self.threshold, "threshold")
        check_positive(self.dt, "dt")
        samples = check_samples(X)
        check_nonnegative(samples, "BSA")
        self.n_channels_in_ = samples[0].shape[1]
        return self

    def transform(self, X, first_index: int = 0) -> SpikeTrains:
        """Encode ``X``. ``first_index`` is accepted for a uniform encoder interface and
        ignored (the encoding is deterministic)."""
        check_is_fitted(self, "n_channels_in_")
        check_index(first_index)
        samples = check_samples(X)
        check_fitted_channels(self, samples)
        return bsa(samples, filter=self.filter, threshold=self.threshold, dt=self.dt)
