"""Synthetic tasks of the LSM literature: spike templates, rate streams, NARMA-10, memory.

Every generator is a pure function of its arguments: one integer ``seed`` fixes the data and
every random draw goes through :func:`liquidstate.random.rng`, keyed by a purpose and, where
it makes sense, the index of the run, so run ``i`` does not depend on how many runs are made
(except for the shuffled label order, which depends on ``n_runs``). Times are in seconds,
rates in Hz.

Classification (Maass, Natschlaeger & Markram 2002, the TU Graz benchmark)
    :func:`spike_templates`, :func:`segmented_templates`.
Real-time computing on Poisson streams with time-varying rates (Maass et al. 2002, Fig. 5)
    :func:`rate_streams` and the targets :func:`delivered_counts`, :func:`coincidences`,
    :func:`pattern_detection` (with :func:`spike_pattern` and :func:`insert_pattern`), all
    sampled on a grid of times (every ``step = 10 ms`` by default).
Time series (echo state network benchmarks)
    :func:`narma10` (Atiya & Parlos 2000; Jaeger 2003) and :func:`memory_task` (Jaeger 2001).
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import (nonnegative_float, nonnegative_seconds, positive_int as _positive_int,
                           positive_seconds, probability)
from ..random import check_seed, rng
from ..spikes import SpikeTrains

__all__ = [
    "spike_templates",
    "segmented_templates",
    "rate_streams",
    "delivered_counts",
    "coincidences",
    "spike_pattern",
    "insert_pattern",
    "pattern_detection",
    "narma10",
    "memory_task",
]


# ---------------------------------------------------------------------------- validation
def _check_spikes(inputs, name: str = "inputs") -> SpikeTrains:
    if not isinstance(inputs, SpikeTrains):
        raise TypeError(f"{name} must be SpikeTrains, got {type(inputs).__name__}")
    return inputs


def _channel_mask(channels, n_channels: int, name: str = "channels") -> np.ndarray:
    """A boolean mask over the input channels from None (all) or a sequence of indices."""
    if channels is None:
        return np.ones(n_channels, dtype=bool)
    idx = np.atleast_1d(np.asarray(channels))
    if idx.ndim != 1 or idx.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of channel indices")
    if not np.issubdtype(idx.dtype, np.integer):
        raise TypeError(f"{name} must hold integer channel indices, got dtype {idx.dtype}")
    if idx.min() < 0 or idx.max() >= n_channels:
        raise ValueError(f"{name} must lie in [0, {n_channels}), got {idx.tolist()}")
    mask = np.zeros(n_channels, dtype=bool)
    mask[idx] = True
    return mask


# ---------------------------------------------------------------------------- templates
def _poisson_train(g: np.random.Generator, rate: float, start: float, length: float,
                   n_channels: int) -> tuple[np.ndarray, np.ndarray]:
    """A homogeneous Poisson train on ``[start, start + length)`` per channel."""
    counts = g.poisson(rate * length, size=n_channels)
    t = start + g.uniform(0.0, length, counts.sum())
    c = np.repeat(np.arange(n_channels), counts)
    order = np.lexsort((c, t))
    return t[order], c[order]


def _reflect(t: np.ndarray, duration: float) -> np.ndarray:
    """Fold times into ``[0, duration)`` by reflection at both ends (repeatedly if needed)."""
    t = np.mod(t, 2.0 * duration)
    t = np.where(t >= duration, 2.0 * duration - t, t)
    return np.minimum(t, np.nextafter(duration, 0.0))


def _jitter(g: np.random.Generator, t: np.ndarray, jitter: float, duration: float) -> np.ndarray:
    if jitter == 0.0 or t.size == 0:
        return t.copy()
    return _reflect(t + g.normal(0.0, jitter, t.size), duration)


def _balanced_labels(n_runs: int, n_classes: int, g: np.random.Generator) -> np.ndarray:
    """Labels ``0..n_classes-1`` whose counts differ by at most one, in shuffled order."""
    return g.permutation(np.arange(n_runs) % n_classes).astype(np.int64)


def spike_templates(n_templates: int = 2, n_runs: int = 200, *, duration: float = 0.5,
                    rate: float = 20.0, jitter: float = 4e-3, n_channels: int = 1,
                    seed: int = 0, return_templates: bool = False):
    """Jittered Poisson spike templates: the template classification task of Maass 2002.

    Each of ``n_templates`` templates is a homogeneous Poisson spike train of ``rate`` Hz on
    ``[0, duration)``, one independent train per channel, drawn once from ``seed``. Each run
    is one template with every spike moved by an independent Gaussian jitter
    ``N(0, jitter^2)``; the task is to tell from the liquid which template it was.

    Jittered spikes that leave ``[0, duration)`` are **reflected** at the border (a spike
    moved to ``-x`` goes to ``x``, one moved to ``duration + x`` goes to ``duration - x``),
    so every run has exactly its template's number of spikes and rate. Only spikes within a
    few ``jitter`` of the border are affected.

    Parameters
    ----------
    n_templates : int
        Number of templates (classes); Maass 2002 uses 2.
    n_runs : int
        Number of runs (samples).
    duration : float
        Duration of each run in seconds (0.5 s in the paper).
    rate : float
        Rate of the templates in Hz, per channel (20 Hz in the paper).
    jitter : float
        Standard deviation of the Gaussian jitter of each spike in seconds (4 ms in the
        paper); 0 gives exact copies of the templates.
    n_channels : int
        Number of input channels (spike trains per template).
    seed : int
        Template ``k`` is drawn from the stream ``(seed, "templates", k)`` (so it does not
        depend on ``n_templates``), the jitter of run ``i`` from ``(seed, "template_jitter",
        i)``, the labels from ``(seed, "template_labels")``.
    return_templates : bool
        Also return the templates themselves.

    Returns
    -------
    runs : SpikeTrains
        ``n_runs`` samples of ``duration`` seconds and ``n_channels`` channels.
    labels : ndarray of int64, shape (n_runs,)
        The template of each run, balanced (class sizes differ by at most one), shuffled.
    templates : SpikeTrains, optional
        ``n_templates`` samples: template ``k`` is sample ``k``. Only when
        ``return_templates`` is true.
    """
    n_templates = _positive_int(n_templates, "n_templates")
    n_runs = _positive_int(n_runs, "n_runs")
    n_channels = _positive_int(n_channels, "n_channels")
    duration = positive_seconds(duration, "duration")
    rate = nonnegative_float(rate, "rate", "Hz")
    jitter = nonnegative_seconds(jitter, "jitter")
    seed = check_seed(seed)

    templates = [_poisson_train(rng(seed, "templates", k), rate, 0.0, duration, n_channels)
                 for k in range(n_templates)]
    labels = _balanced_labels(n_runs, n_templates, rng(seed, "template_labels"))
    events = []
    for i, label in enumerate(labels):
        t, c = templates[label]
        events.append((_jitter(rng(seed, "template_jitter", i), t, jitter, duration), c))
    runs = SpikeTrains.from_events(events, duration, n_channels)
    if return_templates:
        return runs, labels, SpikeTrains.from_events(templates, duration, n_channels)
    return runs, labels


def segmented_templates(n_segments: int = 4, segment: float = 0.25,
                        n_templates_per_segment: int = 2, n_runs: int = 200, *,
                        rate: float = 20.0, jitter: float = 4e-3, n_channels: int = 1,
                        seed: int = 0, return_templates: bool = False):
    """Runs made of segments, each an independently chosen template (Maass 2002).

    A run lasts ``n_segments * segment`` seconds. Segment ``s`` (the interval
    ``[s * segment, (s + 1) * segment)``) has its own ``n_templates_per_segment`` Poisson
    templates of ``rate`` Hz; each run picks one of them for every segment, independently of
    the other segments, and every spike of the run is jittered by ``N(0, jitter^2)``. The task
    is to classify each segment, typically from the liquid state at the end of the run: the
    earlier a segment, the more the liquid must remember.

    Jitter acts on the run as a whole: a spike may cross into a neighbouring segment (as in a
    continuous input stream); spikes that leave ``[0, n_segments * segment)`` are reflected
    at the border, as in :func:`spike_templates`.

    Parameters
    ----------
    n_segments : int
        Number of segments (4 in the paper's variant).
    segment : float
        Duration of each segment in seconds (0.25 s).
    n_templates_per_segment : int
        Templates (classes) per segment (2).
    n_runs : int
        Number of runs (samples).
    rate : float
        Template rate in Hz, per channel.
    jitter : float
        Standard deviation of the spike jitter in seconds.
    n_channels : int
        Number of input channels.
    seed : int
        Template ``k`` of segment ``s`` comes from the stream ``(seed, "segment_templates",
        s, k)``, the labels of segment ``s`` from ``(seed, "segment_labels", s)``, the jitter
        of run ``i`` from ``(seed, "segment_jitter", i)``.
    return_templates : bool
        Also return the templates.

    Returns
    -------
    runs : SpikeTrains
        ``n_runs`` samples of ``n_segments * segment`` seconds.
    labels : ndarray of int64, shape (n_runs, n_segments)
        ``labels[i, s]`` is the template of segment ``s`` in run ``i``; every column is
        balanced (class sizes differ by at most one) and shuffled independently.
    templates : SpikeTrains, optional
        ``n_segments * n_templates_per_segment`` samples of ``segment`` seconds, template
        ``k`` of segment ``s`` being sample ``s * n_templates_per_segment + k``, with times
        relative to the start of the segment. Only when ``return_templates`` is true.
    """
    n_segments = _positive_int(n_segments, "n_segments")
    segment = positive_seconds(segment, "segment")
    n_tps = _positive_int(n_templates_per_segment, "n_templates_per_segment")
    n_runs = _positive_int(n_runs, "n_runs")
    n_channels = _positive_int(n_channels, "n_channels")
    rate = nonnegative_float(rate, "rate", "Hz")
    jitter = nonnegative_seconds(jitter, "jitter")
    seed = check_seed(seed)
    duration = n_segments * segment

    # templates[s][k] on [s * segment, (s + 1) * segment)
    templates = [[_poisson_train(rng(seed, "segment_templates", s, k), rate, s * segment,
                                 segment, n_channels) for k in range(n_tps)]
                 for s in range(n_segments)]
    labels = np.stack([_balanced_labels(n_runs, n_tps, rng(seed, "segment_labels", s))
                       for s in range(n_segments)], axis=1)
    events = []
    for i in range(n_runs):
        parts = [templates[s][labels[i, s]] for s in range(n_segments)]
        t = np.concatenate([p[0] for p in parts])
        c = np.concatenate([p[1] for p in parts])
        events.append((_jitter(rng(seed, "segment_jitter", i), t, jitter, duration), c))
    runs = SpikeTrains.from_events(events, duration, n_channels)
    if return_templates:
        flat = [(np.clip(t - s * segment, 0.0, np.nextafter(segment, 0.0)), c)
                for s in range(n_segments) for (t, c) in templates[s]]
        return runs, labels, SpikeTrains.from_events(flat, segment, n_channels)
    return runs, labels


# ---------------------------------------------------------------------------- rate streams
def _rate_groups(rate_groups, n_channels: int) -> np.ndarray:
    if rate_groups is None:
        return np.arange(n_channels) // 2
    g = np.asarray(rate_groups)
    if g.shape != (n_channels,):
        raise ValueError(
            f"rate_groups must have one entry per channel, shape ({n_channels},), got {g.shape}"
        )
    if not np.issubdtype(g.dtype, np.integer):
        raise TypeError(f"rate_groups must hold integers, got dtype {g.dtype}")
    _, inverse = np.unique(g, return_inverse=True)
    return inverse.reshape(-1)


def rate_streams(n_runs: int, *, duration: float = 1.0, n_channels: int = 4,
                 max_rate: float = 80.0, rate_change: float = 0.03, rate_groups=None,
                 seed: int = 0) -> tuple[SpikeTrains, np.ndarray]:
    """Poisson spike streams with piecewise constant random rates (Maass et al. 2002, Fig. 5).

    The rate process is the paper's: time is cut into segments of ``rate_change`` seconds
    (30 ms); in every segment a rate is drawn uniformly from ``[0, max_rate]`` (0-80 Hz),
    independently of all other segments, and the spikes of the segment are a homogeneous
    Poisson process at that rate. So at any time the input holds no information about the
    input more than ``rate_change`` ago (beyond what the spikes themselves carry). Channels
    of the same *rate group* share the drawn rate (but not their spikes): by default channels
    are paired, ``0, 1`` share one rate and ``2, 3`` another, as inputs 1-2 and 3-4 of the
    paper.

    Parameters
    ----------
    n_runs : int
        Number of runs (samples).
    duration : float
        Duration of each run in seconds.
    n_channels : int
        Number of input streams (4 in the paper).
    max_rate : float
        Upper end of the uniform rate distribution in Hz.
    rate_change : float
        Length of the segments of constant rate in seconds; the last segment is cut at
        ``duration``.
    rate_groups : sequence of int, shape (n_channels,), optional
        Channels with equal entries share their rate. Default ``[0, 0, 1, 1, 2, 2, ...]``
        (channel ``c`` in group ``c // 2``); ``range(n_channels)`` makes all independent.
    seed : int
        Run ``i`` draws its rates and spikes from the stream ``(seed, "rate_streams", i)``.

    Returns
    -------
    spikes : SpikeTrains
        ``n_runs`` samples of ``duration`` seconds.
    rates : ndarray of float64, shape (n_runs, n_rate_segments, n_channels)
        The hidden rates in Hz: ``rates[i, j, c]`` is the rate of channel ``c`` in run ``i``
        on ``[j * rate_change, min((j + 1) * rate_change, duration))``.
    """
    n_runs = _positive_int(n_runs, "n_runs")
    duration = positive_seconds(duration, "duration")
    n_channels = _positive_int(n_channels, "n_channels")
    max_rate = nonnegative_float(max_rate, "max_rate", "Hz")
    rate_change = positive_seconds(rate_change, "rate_change")
    groups = _rate_groups(rate_groups, n_channels)
    seed = check_seed(seed)

    n_seg = max(1, math.ceil(duration / rate_change - 1e-9))
    starts = np.arange(n_seg) * rate_change
    lengths = np.minimum(starts + rate_change, duration) - starts
    n_groups = int(groups.max()) + 1
    events, all_rates = [], np.empty((n_runs, n_seg, n_channels))
    for i in range(n_runs):
        g = rng(seed, "rate_streams", i)
        rates = g.uniform(0.0, max_rate, (n_seg, n_groups))[:, groups]
        counts = g.poisson(rates * lengths[:, None])                       # (n_seg, n_ch)
        seg = np.repeat(np.arange(n_seg), counts.sum(axis=1))
        c = np.concatenate([np.repeat(np.arange(n_channels), row) for row in counts])
        t = starts[seg] + g.uniform(0.0, 1.0, seg.size) * lengths[seg]
        t = np.minimum(t, np.nextafter(duration, 0.0))
        events.append((t, c.astype(np.int64)))
        all_rates[i] = rates
    return SpikeTrains.from_events(events, duration, n_channels), all_rates


# ---------------------------------------------------------------------------- targets
def _sample_times(inputs: SpikeTrains, step, times) -> np.ndarray:
    """Sample times, shape (n_runs, n_times); NaN past the end of a shorter run."""
    n_runs = inputs.n_samples
    if times is None:
        step = positive_seconds(step, "step")
        n_times = int(math.floor(inputs.durations.max() / step + 1e-9))
        if n_times < 1:
            raise ValueError(f"step = {step} s is longer than every run")
        grid = np.arange(1, n_times + 1) * step
        out = np.broadcast_to(grid, (n_runs, n_times)).copy()
        out[out > inputs.durations[:, None] * (1 + 1e-12)] = np.nan
        return out
    arr = np.asarray(times, dtype=np.float64)
    if arr.ndim == 1:
        arr = np.broadcast_to(arr, (n_runs, arr.size)).copy()
    if arr.ndim != 2 or arr.shape[0] != n_runs or arr.shape[1] == 0:
        raise ValueError(
            f"times must have shape (n_times,) or ({n_runs}, n_times) with n_times >= 1, "
            f"got {np.shape(times)}"
        )
    if np.any(np.isinf(arr)) or np.any(arr[~np.isnan(arr)] < 0):
        raise ValueError("times must be >= 0 seconds (NaN marks no sample)")
    return arr


def delivered_counts(inputs: SpikeTrains, window: float, *, channels=None,
                     step: float = 0.01, times=None) -> tuple[np.ndarray, np.ndarray]:
    """Number of input spikes delivered in the last ``window`` seconds, at each sample time.

    ``f(t) = #{spikes s on the chosen channels : t - window <= s < t}``, summed over channels
    (Maass et al. 2002, Fig. 5: the input's spike count over the last 30 ms and 200 ms).

    Parameters
    ----------
    inputs : SpikeTrains
        The input streams (e.g. from :func:`rate_streams`).
    window : float
        Length of the look-back window in seconds.
    channels : sequence of int, optional
        Channels to count (default: all).
    step : float
        Spacing of the default sample times in seconds: ``step, 2 step, ...`` up to the
        duration of the run (10 ms).
    times : array of shape (n_times,) or (n_runs, n_times), optional
        Explicit sample times in seconds instead of the grid.

    Returns
    -------
    times : ndarray of float64, shape (n_runs, n_times)
        Sample times in seconds; NaN past the end of a run shorter than the longest.
    counts : ndarray of float64, shape (n_runs, n_times)
        Spike counts (NaN where ``times`` is NaN).
    """
    inputs = _check_spikes(inputs)
    window = positive_seconds(window, "window")
    mask = _channel_mask(channels, inputs.n_channels)
    t_grid = _sample_times(inputs, step, times)
    out = np.full(t_grid.shape, np.nan)
    for i in range(inputs.n_samples):
        t, c = inputs.sample(i)
        ts = t[mask[c]]                                     # sorted by time
        tt = t_grid[i]
        ok = ~np.isnan(tt)
        n = (np.searchsorted(ts, tt[ok], side="left")
             - np.searchsorted(ts, tt[ok] - window, side="left"))
        out[i, ok] = n
    return t_grid, out


def coincidences(inputs: SpikeTrains, window: float = 5e-3, *, interval: float = 0.02,
                 channels=None, step: float = 0.01, times=None) -> tuple[np.ndarray, np.ndarray]:
    """Number of coincident input spikes in the recent past, at each sample time.

    A spike ``s`` on a chosen channel is *coincident* when a spike ``s'`` on another chosen
    channel lies within ``window`` of it, ``|s - s'| <= window``. The target at time ``t``
    counts the coincident spikes ``s`` with ``t - interval <= s < t`` whose partner has
    already happened, ``s' < t`` (so the target is causal). This is ``f5`` of Maass et al.
    (2002), Fig. 5: "the number of spikes which are accompanied by a spike in the other spike
    train within 5 ms during the interval [t - 20 ms, t]", for inputs 1 and 3, i.e.
    ``channels=(0, 2)`` of :func:`rate_streams` (two streams with independent rates).

    Parameters
    ----------
    inputs : SpikeTrains
        The input streams.
    window : float
        Coincidence tolerance in seconds (5 ms).
    interval : float
        Look-back interval in seconds (20 ms).
    channels : sequence of int, optional
        The channels compared (at least two; default all). Spikes on the same channel never
        coincide with each other.
    step, times
        Sample times, as in :func:`delivered_counts`.

    Returns
    -------
    times : ndarray of float64, shape (n_runs, n_times)
    counts : ndarray of float64, shape (n_runs, n_times)
        Number of coincident spikes (NaN where ``times`` is NaN).
    """
    inputs = _check_spikes(inputs)
    window = positive_seconds(window, "window")
    interval = positive_seconds(interval, "interval")
    mask = _channel_mask(channels, inputs.n_channels)
    chosen = np.flatnonzero(mask)
    if chosen.size < 2:
        raise ValueError(f"channels must name at least two channels, got {chosen.tolist()}")
    t_grid = _sample_times(inputs, step, times)
    out = np.full(t_grid.shape, np.nan)
    for i in range(inputs.n_samples):
        t, c = inputs.sample(i)
        keep = mask[c]
        t, c = t[keep], c[keep]
        per_channel = {int(k): t[c == k] for k in chosen}
        # earliest partner of each spike on another channel within the window
        partner = np.full(t.size, np.inf)
        for k, tk in per_channel.items():
            if tk.size == 0:
                continue
            other = c != k
            j = np.searchsorted(tk, t[other] - window, side="left")
            cand = tk[np.minimum(j, tk.size - 1)]
            hit = (j < tk.size) & (cand <= t[other] + window)
            partner[other] = np.minimum(partner[other], np.where(hit, cand, np.inf))
        has = np.isfinite(partner)
        s, ready = t[has], np.maximum(t[has], partner[has])   # counted once the pair is complete
        tt = t_grid[i]
        ok = ~np.isnan(tt)
        tq = tt[ok][:, None]
        out[i, ok] = np.sum((s[None, :] >= tq - interval) & (s[None, :] < tq)
                            & (ready[None, :] < tq), axis=1)
    return t_grid, out


def spike_pattern(n_channels: int = 4, *, length: float = 0.05, spikes_per_channel: int = 2,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A fixed spatio-temporal spike pattern: ``spikes_per_channel`` spikes on every channel.

    Spike times are uniform on ``[0, length)``, drawn from the stream ``(seed, "pattern")``.
    The default, 2 spikes per channel in 50 ms (40 Hz), is the mean rate of
    :func:`rate_streams` at its default ``max_rate = 80 Hz``, so the pattern is told from
    the background by its spike timing rather than by its rate.

    Returns
    -------
    times : ndarray of float64
        Spike times in seconds, in ``[0, length)``, sorted.
    channels : ndarray of int64
        Channel of each spike.
    """
    n_channels = _positive_int(n_channels, "n_channels")
    length = positive_seconds(length, "length")
    spc = _positive_int(spikes_per_channel, "spikes_per_channel")
    g = rng(check_seed(seed), "pattern")
    t = g.uniform(0.0, length, n_channels * spc)
    c = np.repeat(np.arange(n_channels), spc)
    order = np.lexsort((c, t))
    return t[order], c[order].astype(np.int64)


def insert_pattern(inputs: SpikeTrains, pattern=None, *, length: float = 0.05,
                   fraction: float = 0.5, seed: int = 0) -> tuple[SpikeTrains, np.ndarray]:
    """Present a fixed spike pattern once in some of the runs, at a random time.

    In ``round(fraction * n_runs)`` runs (chosen from the stream ``(seed, "pattern_runs")``)
    the pattern replaces the input: all spikes of all channels in ``[onset, onset +
    length)`` are removed and the pattern's spikes, shifted by ``onset``, put in their place.
    The onset of run ``i`` is uniform on ``[0, duration_i - length]`` (stream ``(seed,
    "pattern_onset", i)``). Use :func:`pattern_detection` for the target.

    Parameters
    ----------
    inputs : SpikeTrains
        The background streams (e.g. from :func:`rate_streams`).
    pattern : (times, channels) pair of arrays, optional
        The pattern, times in ``[0, length)``. Default :func:`spike_pattern` with
        ``inputs.n_channels``, ``length`` and ``seed``.
    length : float
        Duration of the pattern in seconds (50 ms).
    fraction : float
        Fraction of runs that contain the pattern, in ``[0, 1]``.
    seed : int
        Keys the pattern, the choice of runs and the onsets.

    Returns
    -------
    spikes : SpikeTrains
        The runs with the pattern inserted (the other runs unchanged).
    onsets : ndarray of float64, shape (n_runs,)
        Onset of the pattern in seconds, NaN in runs without it.
    """
    inputs = _check_spikes(inputs)
    length = positive_seconds(length, "length")
    fraction = probability(fraction, "fraction")
    seed = check_seed(seed)
    if np.any(inputs.durations < length):
        raise ValueError(f"every run must last at least length = {length} s")
    if pattern is None:
        pattern = spike_pattern(inputs.n_channels, length=length, seed=seed)
    if len(pattern) != 2:
        raise ValueError("pattern must be a (times, channels) pair of arrays")
    p_t = np.asarray(pattern[0], dtype=np.float64).ravel()
    p_c = np.asarray(pattern[1]).ravel()
    if p_t.shape != p_c.shape:
        raise ValueError("pattern times and channels must have the same length")
    if p_c.size and not np.issubdtype(p_c.dtype, np.integer):
        raise TypeError(f"pattern channels must be integers, got dtype {p_c.dtype}")
    if p_t.size and (not np.all(np.isfinite(p_t)) or p_t.min() < 0 or p_t.max() >= length):
        raise ValueError(f"pattern times must lie in [0, length = {length}) s")
    if p_c.size and (p_c.min() < 0 or p_c.max() >= inputs.n_channels):
        raise ValueError(f"pattern channels must lie in [0, {inputs.n_channels})")

    n_runs = inputs.n_samples
    n_with = int(round(fraction * n_runs))
    chosen = np.zeros(n_runs, dtype=bool)
    chosen[rng(seed, "pattern_runs").permutation(n_runs)[:n_with]] = True
    onsets = np.full(n_runs, np.nan)
    events = []
    for i in range(n_runs):
        t, c = inputs.sample(i)
        if chosen[i]:
            onset = rng(seed, "pattern_onset", i).uniform(0.0, inputs.durations[i] - length)
            onsets[i] = onset
            keep = (t < onset) | (t >= onset + length)
            t = np.concatenate([t[keep], np.minimum(onset + p_t,
                                                    np.nextafter(inputs.durations[i], 0.0))])
            c = np.concatenate([c[keep], p_c.astype(np.int64)])
        events.append((t, c))
    return SpikeTrains.from_events(events, inputs.durations, inputs.n_channels), onsets


def pattern_detection(inputs: SpikeTrains, onsets, *, length: float = 0.05,
                      hold: float = 0.05, step: float = 0.01,
                      times=None) -> tuple[np.ndarray, np.ndarray]:
    """Target of the pattern detection task: 1 for ``hold`` seconds after the pattern ended.

    ``f(t) = 1`` if ``onset + length <= t < onset + length + hold`` for the run's pattern
    onset (from :func:`insert_pattern`), else 0; always 0 in runs without the pattern. The
    target starts when the whole pattern has been presented, since only then can it be told
    from background.

    Parameters
    ----------
    inputs : SpikeTrains
        The runs (gives the number of runs and their durations for the default times).
    onsets : array of float, shape (n_runs,)
        Pattern onsets in seconds, NaN for runs without the pattern.
    length : float
        Duration of the pattern in seconds (as given to :func:`insert_pattern`).
    hold : float
        How long the target stays 1 after the end of the pattern, in seconds.
    step, times
        Sample times, as in :func:`delivered_counts`.

    Returns
    -------
    times : ndarray of float64, shape (n_runs, n_times)
    targets : ndarray of float64, shape (n_runs, n_times)
        0 or 1 (NaN where ``times`` is NaN).
    """
    inputs = _check_spikes(inputs)
    length = positive_seconds(length, "length")
    hold = positive_seconds(hold, "hold")
    onsets = np.asarray(onsets, dtype=np.float64)
    if onsets.shape != (inputs.n_samples,):
        raise ValueError(
            f"onsets must have shape ({inputs.n_samples},), got {onsets.shape}"
        )
    if np.any(np.isinf(onsets)) or np.any(onsets[~np.isnan(onsets)] < 0):
        raise ValueError("onsets must be >= 0 seconds, or NaN for runs without the pattern")
    t_grid = _sample_times(inputs, step, times)
    end = (onsets + length)[:, None]
    with np.errstate(invalid="ignore"):
        on = (t_grid >= end) & (t_grid < end + hold)
    out = on.astype(np.float64)
    out[np.isnan(t_grid)] = np.nan
    return t_grid, out


# ---------------------------------------------------------------------------- time series
def narma10(n_steps: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The NARMA-10 task (Atiya & Parlos 2000; Jaeger 2003): input ``u`` and target ``y``.

    ``u(t)`` is i.i.d. uniform on ``[0, 0.5]`` (stream ``(seed, "narma10")``) and

        y(t + 1) = 0.3 y(t) + 0.05 y(t) sum_{i=0}^{9} y(t - i) + 1.5 u(t - 9) u(t) + 0.1

    for ``t = 0 .. n_steps - 2``, with ``y(0) = 0`` and ``y(t) = u(t) = 0`` for ``t < 0``
    (so ``y(1) = 0.1``). The task is to predict ``y(t)`` from ``u(0..t)``; discard the first
    steps (a washout) when scoring. Dimensionless, one value per time step.

    Returns
    -------
    u : ndarray of float64, shape (n_steps,)
    y : ndarray of float64, shape (n_steps,)

    Raises
    ------
    RuntimeError
        If the recursion diverges (which NARMA-10 rarely does for some input sequences);
        choose another ``seed``.
    """
    n_steps = _positive_int(n_steps, "n_steps")
    u = rng(check_seed(seed), "narma10").uniform(0.0, 0.5, n_steps)
    # pad with the 9 zero values before t = 0
    up = np.concatenate([np.zeros(9), u])
    yp = np.zeros(n_steps + 9)
    for t in range(n_steps - 1):
        k = t + 9                               # index of time t in the padded arrays
        yt = yp[k]
        yp[k + 1] = (0.3 * yt + 0.05 * yt * yp[k - 9:k + 1].sum()
                     + 1.5 * up[k - 9] * up[k] + 0.1)
    y = yp[9:].copy()
    if not np.all(np.isfinite(y)) or np.abs(y).max() > 1e3:
        raise RuntimeError(f"NARMA-10 diverged for seed {seed}; choose another seed")
    return u, y


def memory_task(n_steps: int, max_delay: int, seed: int = 0, *, low: float = -0.8,
                high: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Input and delayed targets for the memory capacity (Jaeger 2001).

    ``u(t)`` is i.i.d. uniform on ``[low, high]`` (default ``[-0.8, 0.8]``; pass ``low=0,
    high=1`` for a non-negative input, e.g. a rate) drawn from the stream ``(seed,
    "memory")``, and the target for delay ``k`` is ``u(t - k)``, ``k = 1 .. max_delay``.
    Before the start (``t < k``) the target is NaN: drop a washout of at least
    ``max_delay`` steps before fitting; :func:`liquidstate.analysis.memory_capacity` ignores
    NaN rows. Score with :func:`liquidstate.analysis.memory_capacity`.

    Returns
    -------
    u : ndarray of float64, shape (n_steps,)
    targets : ndarray of float64, shape (n_steps, max_delay)
        ``targets[t, k - 1] = u(t - k)``.
    """
    n_steps = _positive_int(n_steps, "n_steps")
    max_delay = _positive_int(max_delay, "max_delay")
    try:
        low, high = float(low), float(high)
    except (TypeError, ValueError):
        raise TypeError(f"low and high must be numbers, got {low!r}, {high!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"low < high must be finite numbers, got low={low}, high={high}")
    u = rng(check_seed(seed), "memory").uniform(low, high, n_steps)
    targets = np.full((n_steps, max_delay), np.nan)
    for k in range(1, max_delay + 1):
        targets[k:, k - 1] = u[:max(n_steps - k, 0)]
    return u, targets
