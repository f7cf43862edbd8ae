"""The separation property of a liquid (Maass, Natschlaeger & Markram 2002, Fig. 2).

Two input spike trains ``u`` and ``v`` at a known distance ``d(u, v)`` drive the same liquid;
the distance between the two liquid states, as a function of time, should grow with
``d(u, v)`` (and, for ``u = v`` with the same initial state, be zero).

Input distance (:func:`spike_train_distance`)
    Each train is convolved with the Gaussian kernel ``k(t) = exp(-(t / sigma)^2)``,
    ``sigma = 5 ms``, and ``d(u, v) = (1 / T) integral_0^T (u * k - v * k)(t)^2 dt``, summed
    over channels, ``T`` the duration. This is the paper's "L2 norm of the difference of the
    convolved trains, divided by T" computed as in Brian2's reproduction of the figure
    (``examples/frompapers/Maass_Natschlaeger_Markram_2002.py``), which, to match the
    paper's numbers (0.1 to 0.4 for 20 Hz trains of 0.5 s), takes the *square* of the norm.
    The integral is evaluated exactly (error functions), not on a grid. The value is
    dimensionless and does not depend on the unit of time.
Liquid state (:func:`state_distance`)
    ``x_n(t) = sum_{spikes s of neuron n, s <= t} exp(-(t - s) / tau)``, ``tau = 30 ms``
    (peak 1 per spike, as in the paper and Brian2's example), and the state distance is the
    Euclidean norm ``||x_u(t) - x_v(t)||`` over neurons, averaged over pairs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import erf

from .._validation import positive_int as _positive_int, positive_seconds
from ..engine import simulate
from ..network import Network
from ..random import check_seed, rng
from ..spikes import SpikeTrains
from ..states import exponential_states

__all__ = ["spike_train_distance", "input_pairs", "state_distance", "separation_curve",
           "measure_separation", "SeparationMeasure"]

_BATCH = 512   # candidate pairs drawn at a time by input_pairs (fixed: keeps results stable)


# ---------------------------------------------------------------------------- input distance
def _gauss_cross(x: np.ndarray, y: np.ndarray, T: float, sigma: float) -> np.ndarray:
    """``sum_ij integral_0^T k(t - x_i) k(t - y_j) dt`` over the last axis; NaN = no spike.

    ``k(t - a) k(t - b) = exp(-(a - b)^2 / (2 sigma^2)) exp(-2 (t - m)^2 / sigma^2)`` with
    ``m = (a + b) / 2``, whose integral over ``[0, T]`` is ``sigma sqrt(pi / 8)
    (erf(sqrt 2 (T - m) / sigma) + erf(sqrt 2 m / sigma))``.
    """
    a, b = x[..., :, None], y[..., None, :]
    m = 0.5 * (a + b)
    r2 = math.sqrt(2.0) / sigma
    with np.errstate(invalid="ignore"):
        val = (sigma * math.sqrt(math.pi / 8.0) * np.exp(-((a - b) ** 2) / (2 * sigma ** 2))
               * (erf(r2 * (T - m)) + erf(r2 * m)))
    return np.nansum(val, axis=(-2, -1))


def _padded(spikes: SpikeTrains) -> np.ndarray:
    """Times as (n_samples, n_channels, max_count), NaN padded."""
    counts = spikes.counts()
    width = max(1, int(counts.max()) if counts.size else 1)
    out = np.full((spikes.n_samples, spikes.n_channels, width), np.nan)
    for i in range(spikes.n_samples):
        for ch, ts in enumerate(spikes.spike_times(i)):
            out[i, ch, :ts.size] = ts
    return out


def spike_train_distance(u: SpikeTrains, v: SpikeTrains, *, sigma: float = 5e-3) -> np.ndarray:
    """Distance between input spike trains, pair by pair (Maass 2002, Fig. 2).

    ``d(u, v) = (1 / T) sum_channels integral_0^T ((u - v) * k)(t)^2 dt`` with the Gaussian
    kernel ``k(t) = exp(-(t / sigma)^2)`` (see the module docstring for why it is the squared
    norm). For one spike in ``u`` and none in ``v``, far from the ends, ``d = sigma
    sqrt(pi / 2) / T`` (0.0125 for ``sigma = 5 ms``, ``T = 0.5 s``).

    Parameters
    ----------
    u, v : SpikeTrains
        Same number of samples, channels and the same durations; sample ``i`` of ``u`` is
        compared with sample ``i`` of ``v``.
    sigma : float
        Width of the Gaussian kernel in seconds (5 ms).

    Returns
    -------
    ndarray of float64, shape (n_samples,)
        Dimensionless distances.
    """
    _check_pair(u, v, "u", "v", check_durations=True)
    sigma = positive_seconds(sigma, "sigma")
    a, b = _padded(u), _padded(v)
    T = u.durations[:, None]
    out = np.empty(u.n_samples)
    for i in range(u.n_samples):
        Ti = float(T[i, 0])
        d = (_gauss_cross(a[i], a[i], Ti, sigma) + _gauss_cross(b[i], b[i], Ti, sigma)
             - 2 * _gauss_cross(a[i], b[i], Ti, sigma))
        out[i] = max(0.0, float(d.sum()) / Ti)
    return out


def _check_pair(u, v, nu: str, nv: str, check_durations: bool) -> None:
    for x, name in ((u, nu), (v, nv)):
        if not isinstance(x, SpikeTrains):
            raise TypeError(f"{name} must be SpikeTrains, got {type(x).__name__}")
    if u.n_samples != v.n_samples:
        raise ValueError(f"{nu} and {nv} must hold the same number of samples, got "
                         f"{u.n_samples} and {v.n_samples}")
    if u.n_channels != v.n_channels:
        raise ValueError(f"{nu} and {nv} must have the same number of channels, got "
                         f"{u.n_channels} and {v.n_channels}")
    if check_durations and not np.allclose(u.durations, v.durations, rtol=0, atol=1e-12):
        raise ValueError(f"{nu} and {nv} must have the same durations, pair by pair")


def input_pairs(distance: float, n_pairs: int, *, duration: float = 0.5, rate: float = 20.0,
                n_channels: int = 1, tolerance: float = 0.01, sigma: float = 5e-3,
                seed: int = 0, max_candidates: int = 2_000_000):
    """Pairs of Poisson spike trains at a given distance (Maass 2002, Fig. 2).

    As in the paper (and Brian2's reproduction), pairs of *independent* homogeneous Poisson
    trains of ``rate`` Hz are drawn and a pair is kept when its distance
    (:func:`spike_train_distance`) lies within ``tolerance`` of ``distance``: ``|d(u, v) -
    distance| < tolerance``. For ``distance = 0`` the two trains of a pair are identical
    (one Poisson train, twice). Rejection sampling only reaches distances that independent
    trains have: at the defaults (20 Hz, 0.5 s, one channel) the median is about 0.24 and
    about 1% of pairs lie below 0.11 or above 0.45; 0.1, 0.2 and 0.4 are accepted for about
    0.6%, 10% and 1.4% of candidates.

    Parameters
    ----------
    distance : float
        Target distance (dimensionless, >= 0).
    n_pairs : int
        Number of pairs.
    duration : float
        Duration of each train in seconds.
    rate : float
        Poisson rate in Hz, per channel.
    n_channels : int
        Channels per train (the distance sums over channels).
    tolerance : float
        Accepted deviation from ``distance`` (0.01 in the paper).
    sigma : float
        Width of the Gaussian kernel of the distance in seconds.
    seed : int
        Candidates are drawn, in a fixed order, from the stream ``(seed, "input_pairs",
        round(distance * 1e6))``; the first ``n`` pairs are the same whatever ``n_pairs``.
    max_candidates : int
        Give up (``RuntimeError``) after this many candidate pairs.

    Returns
    -------
    u, v : SpikeTrains
        ``n_pairs`` samples each; pair ``i`` is sample ``i`` of both.
    distances : ndarray of float64, shape (n_pairs,)
        The distance of each pair.
    """
    try:
        distance = float(distance)
    except (TypeError, ValueError):
        raise TypeError(f"distance must be a number, got {distance!r}") from None
    if not math.isfinite(distance) or distance < 0:
        raise ValueError(f"distance must be finite and >= 0, got {distance}")
    n_pairs = _positive_int(n_pairs, "n_pairs")
    n_channels = _positive_int(n_channels, "n_channels")
    max_candidates = _positive_int(max_candidates, "max_candidates")
    duration = positive_seconds(duration, "duration")
    sigma = positive_seconds(sigma, "sigma")
    try:
        rate, tolerance = float(rate), float(tolerance)
    except (TypeError, ValueError):
        raise TypeError("rate and tolerance must be numbers") from None
    if not math.isfinite(rate) or rate < 0:
        raise ValueError(f"rate must be finite and >= 0 Hz, got {rate}")
    if not math.isfinite(tolerance) or tolerance <= 0:
        raise ValueError(f"tolerance must be finite and > 0, got {tolerance}")
    seed = check_seed(seed)
    g = rng(seed, "input_pairs", int(round(distance * 1e6)))

    if distance == 0.0:
        trains = []
        for _ in range(n_pairs):
            counts = g.poisson(rate * duration, n_channels)
            t = g.uniform(0.0, duration, counts.sum())
            trains.append((t, np.repeat(np.arange(n_channels), counts)))
        u = SpikeTrains.from_events(trains, duration, n_channels)
        return u, u, np.zeros(n_pairs)

    kept_u, kept_v, kept_d, tried = [], [], [], 0
    while len(kept_d) < n_pairs:
        if tried >= max_candidates:
            raise RuntimeError(
                f"input_pairs: only {len(kept_d)} of n_pairs={n_pairs} pairs within "
                f"tolerance={tolerance} of distance={distance} after {tried} candidates; "
                f"independent {rate} Hz trains of {duration} s rarely have this distance "
                "(choose a distance nearer the typical one, a larger tolerance, or another "
                "rate or duration)"
            )
        counts = g.poisson(rate * duration, (_BATCH, 2, n_channels))
        width = max(1, int(counts.max()))
        times = g.uniform(0.0, duration, (_BATCH, 2, n_channels, width))
        times[np.arange(width) >= counts[..., None]] = np.nan
        a, b = times[:, 0], times[:, 1]
        d = (_gauss_cross(a, a, duration, sigma) + _gauss_cross(b, b, duration, sigma)
             - 2 * _gauss_cross(a, b, duration, sigma)).sum(axis=-1) / duration
        for j in np.flatnonzero(np.abs(d - distance) < tolerance):
            if len(kept_d) == n_pairs:
                break
            kept_u.append(times[j, 0])
            kept_v.append(times[j, 1])
            kept_d.append(max(0.0, float(d[j])))
        tried += _BATCH

    def to_trains(kept):
        events = []
        for tt in kept:
            ch = np.broadcast_to(np.arange(n_channels)[:, None], tt.shape)
            ok = ~np.isnan(tt)
            events.append((tt[ok], ch[ok]))
        return SpikeTrains.from_events(events, duration, n_channels)

    return to_trains(kept_u), to_trains(kept_v), np.asarray(kept_d)


# ---------------------------------------------------------------------------- state distance
def _check_times(times) -> np.ndarray:
    t = np.asarray(times, dtype=np.float64)
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"times must be a non-empty 1-D array of seconds, got shape {t.shape}")
    if not np.all(np.isfinite(t)) or t.min() < 0:
        raise ValueError("times must be finite and >= 0 seconds")
    if np.any(np.diff(t) < 0):
        raise ValueError("times must be sorted in increasing order")
    return t


def state_distance(spikes_u: SpikeTrains, spikes_v: SpikeTrains, *, tau: float = 0.03,
                   times, per_pair: bool = False) -> np.ndarray:
    """Distance between the liquid states of paired runs, over time (Maass 2002, Fig. 2).

    The liquid state of a run is ``x_n(t) = sum_{s <= t} exp(-(t - s) / tau)`` over the spikes
    ``s`` of neuron ``n`` (dimensionless, 1 just after one spike), and the state distance of
    pair ``i`` is the Euclidean norm ``||x_{u_i}(t) - x_{v_i}(t)||`` over neurons.

    Parameters
    ----------
    spikes_u, spikes_v : SpikeTrains
        The liquid's spikes (e.g. ``Recording.spikes``) for the first and the second member
        of each pair: sample ``i`` of ``spikes_u`` is paired with sample ``i`` of
        ``spikes_v``. Same number of samples and neurons (channels).
    tau : float
        Time constant of the exponential filter in seconds (30 ms).
    times : array of float, shape (n_times,)
        Sorted sample times in seconds.
    per_pair : bool
        Return one curve per pair instead of their mean.

    Returns
    -------
    ndarray of float64, shape (n_times,), or (n_pairs, n_times) when ``per_pair``
        The mean (over pairs) state distance at each time.
    """
    _check_pair(spikes_u, spikes_v, "spikes_u", "spikes_v", check_durations=False)
    tau = positive_seconds(tau, "tau")
    times = _check_times(times)
    xu = exponential_states(spikes_u, tau=tau, times=times)
    xv = exponential_states(spikes_v, tau=tau, times=times)
    if times.size == 1:  # one time point comes back as (n_samples, n_neurons)
        xu, xv = xu[:, None, :], xv[:, None, :]
    out = np.sqrt(((xu - xv) ** 2).sum(axis=2))
    return out if per_pair else out.mean(axis=0)


#: Bytes of filtered states held at once by :func:`measure_separation` (both members of a
#: chunk of pairs): bounds its memory whatever ``n_pairs`` is.
_STATE_BYTES = 64 * 2 ** 20


@dataclass(frozen=True)
class SeparationMeasure:
    """The state-distance curves of :func:`measure_separation`.

    Attributes
    ----------
    times : ndarray of float64, shape (n_times,)
        Sample times in seconds.
    curves : ndarray of float64, shape (n_distances, n_times)
        Mean (over the pairs) state distance at each time, per list of pairs.
    rate : float
        Mean firing rate of the liquid over all its runs, Hz.
    """

    times: np.ndarray
    curves: np.ndarray
    rate: float


def _check_pairs(pairs, n_inputs: int) -> tuple[int, float]:
    """``(n_pairs, duration)`` of a valid sequence of ``(u, v)`` pairs of SpikeTrains."""
    if isinstance(pairs, (str, bytes)) or not hasattr(pairs, "__len__") or len(pairs) == 0:
        raise TypeError("pairs must be a non-empty sequence of (u, v) pairs of SpikeTrains")
    n_pairs, duration = None, None
    for j, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) < 2:
            raise TypeError(f"pairs[{j}] must be a (u, v) pair of SpikeTrains")
        u, v = pair[0], pair[1]
        _check_pair(u, v, f"pairs[{j}][0]", f"pairs[{j}][1]", check_durations=True)
        if u.n_channels != n_inputs:
            raise ValueError(f"pairs[{j}] has {u.n_channels} channels, the network has "
                             f"{n_inputs} inputs")
        if n_pairs is None:
            n_pairs, duration = u.n_samples, float(u.durations[0])
        if u.n_samples != n_pairs:
            raise ValueError(f"pairs[{j}] holds {u.n_samples} pairs, pairs[0] {n_pairs}: every "
                             "input distance needs the same number of pairs")
        if not np.allclose(u.durations, duration, rtol=0, atol=1e-12):
            raise ValueError(f"pairs[{j}]: every input must last {duration} s, as in pairs[0]")
    return n_pairs, duration


def measure_separation(network: Network, pairs, *, dt: float = 1e-4, seed: int = 0,
                       tau: float = 0.03, step: float = 1e-3, same_initial_state: bool = True,
                       **simulate_options) -> SeparationMeasure:
    """Mean liquid-state distance over time for given lists of input pairs.

    Every input of every pair drives ``network`` (one :func:`liquidstate.simulate` call for
    all), and :func:`state_distance` averages the distance of the two liquid states over the
    pairs of each list, at the times ``0, step, 2 step, ... <= duration``.

    **Sample keys.** The learning pipeline keys each sample's random numbers by its content
    (:func:`~liquidstate.estimators.sample_keys`): identical inputs get identical initial
    states and noise. The separation measure is the exception, on purpose: at distance 0 the
    two members of a pair are identical inputs that must start from *different* initial
    states (the paper's protocol), so it passes its own sample indices to ``simulate``: the
    first member of pair ``i`` gets index ``i``, the second ``i`` with
    ``same_initial_state`` and ``n_pairs + i`` without, in every list (pair ``i`` starts
    from the same states at every input distance).

    Parameters
    ----------
    network : Network
        The liquid; its ``n_inputs`` must equal the pairs' channels.
    pairs : sequence of (SpikeTrains, SpikeTrains)
        One ``(u, v)`` per input distance (e.g. :func:`input_pairs`; a third item, the
        distances, is ignored), each with ``n_pairs`` samples of one common duration.
    dt : float
        Simulation time step in seconds.
    seed : int
        The ``seed`` of :func:`liquidstate.simulate` (initial states and noise).
    tau : float
        Filter time constant of the liquid state in seconds.
    step : float
        Spacing of the sample times in seconds.
    same_initial_state : bool
        Whether both members of a pair start from the same initial state and get the same
        noise (then the curve of identical inputs is exactly 0).
    **simulate_options
        Further keywords for :func:`liquidstate.simulate` (e.g. ``n_threads``, ``progress``).

    Returns
    -------
    SeparationMeasure
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a liquidstate Network, got {type(network).__name__}")
    if network.n_inputs < 1:
        raise ValueError("network must have at least one input channel (n_inputs >= 1)")
    n_pairs, duration = _check_pairs(pairs, network.n_inputs)
    step = positive_seconds(step, "step")
    tau = positive_seconds(tau, "tau")
    seed = check_seed(seed)
    for key in ("seed", "dt", "sample_indices", "inputs", "currents", "state"):
        if key in simulate_options:
            raise TypeError(f"measure_separation sets {key!r} of simulate itself; "
                            "pass seed and dt as its own arguments")
    times = np.arange(int(math.floor(duration / step + 1e-9)) + 1) * step
    idx_u = np.arange(n_pairs)
    idx_v = idx_u if same_initial_state else idx_u + n_pairs
    inputs = SpikeTrains.concatenate([x for pair in pairs for x in pair[:2]])
    indices = np.tile(np.concatenate([idx_u, idx_v]), len(pairs))
    rec = simulate(network, inputs, dt=dt, seed=seed, sample_indices=indices,
                   **simulate_options)
    out = rec.spikes
    # pairs per chunk: both members' states (n_times x n_neurons floats each) within budget
    chunk = max(1, _STATE_BYTES // (16 * times.size * max(1, network.n_neurons)))
    curves = np.zeros((len(pairs), times.size))
    for j in range(len(pairs)):
        first = 2 * j * n_pairs                    # u of list j, then its v
        for lo in range(0, n_pairs, chunk):
            hi = min(n_pairs, lo + chunk)
            curves[j] += state_distance(out.select(np.arange(first + lo, first + hi)),
                                        out.select(np.arange(first + n_pairs + lo,
                                                             first + n_pairs + hi)),
                                        tau=tau, times=times, per_pair=True).sum(axis=0)
    curves /= n_pairs
    rate = out.n_events / (network.n_neurons * inputs.n_samples * duration)
    return SeparationMeasure(times=times, curves=curves, rate=float(rate))


def separation_curve(network: Network, distances=(0.0, 0.1, 0.2, 0.4), n_pairs: int = 200,
                     duration: float = 0.5, dt: float = 1e-4, seed: int = 0, *,
                     rate: float = 20.0, tolerance: float = 0.01, tau: float = 0.03,
                     step: float = 1e-3, same_initial_state: bool = True,
                     **simulate_options) -> tuple[np.ndarray, np.ndarray]:
    """The separation property of ``network``: mean state distance over time, per input distance.

    For each input distance, :func:`input_pairs` draws ``n_pairs`` pairs of Poisson trains
    (``rate`` Hz on every input channel of the network, ``duration`` s) at that distance,
    and :func:`measure_separation` runs the liquid on both members of every pair and
    averages the liquid-state distance over the pairs (see there for the sample keys).

    Parameters
    ----------
    network : Network
        The liquid; needs at least one input channel (``n_inputs >= 1``).
    distances : sequence of float
        Input distances (Maass 2002: 0, 0.1, 0.2, 0.4).
    n_pairs : int
        Pairs per distance (200 in the paper).
    duration : float
        Duration of each input in seconds.
    dt : float
        Simulation time step in seconds.
    seed : int
        Keys the input pairs (see :func:`input_pairs`) and the liquid's initial states and
        noise (the ``seed`` of :func:`liquidstate.simulate`).
    rate, tolerance
        Passed to :func:`input_pairs`.
    tau : float
        Filter time constant of the liquid state in seconds.
    step : float
        Spacing of the sample times in seconds: ``0, step, 2 step, ...`` up to ``duration``.
    same_initial_state : bool
        If true (default) both members of pair ``i`` start from the same initial state and
        get the same noise (sample index ``i``), so only the input differs and the curve for
        distance 0 is exactly 0. If false, the second member gets its own (sample index
        ``n_pairs + i``), as in the paper, whose curve for distance 0 shows the effect of
        the initial state alone. Pair ``i`` starts from the same state at every distance.
    **simulate_options
        Further keywords for :func:`liquidstate.simulate` (e.g. ``n_threads``).

    Returns
    -------
    times : ndarray of float64, shape (n_times,)
        Sample times in seconds.
    curves : ndarray of float64, shape (len(distances), n_times)
        ``curves[j]`` is the mean state distance for input distance ``distances[j]``.
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a liquidstate Network, got {type(network).__name__}")
    if network.n_inputs < 1:
        raise ValueError("network must have at least one input channel (n_inputs >= 1)")
    d_arr = np.atleast_1d(np.asarray(distances, dtype=np.float64))
    if d_arr.ndim != 1 or d_arr.size == 0:
        raise ValueError("distances must be a non-empty 1-D sequence of numbers")
    n_pairs = _positive_int(n_pairs, "n_pairs")
    duration = positive_seconds(duration, "duration")
    positive_seconds(step, "step")
    seed = check_seed(seed)
    for key in ("seed", "dt", "sample_indices", "inputs", "currents", "state"):
        if key in simulate_options:
            raise TypeError(f"separation_curve sets {key!r} of simulate itself; "
                            "pass seed and dt as its own arguments")
    pairs = [input_pairs(float(d), n_pairs, duration=duration, rate=rate,
                         n_channels=network.n_inputs, tolerance=tolerance, seed=seed)
             for d in d_arr]
    m = measure_separation(network, pairs, dt=dt, seed=seed, tau=tau, step=step,
                           same_initial_state=same_initial_state, **simulate_options)
    return m.times, m.curves
