"""The separation property of the Maass 2002 column over several liquid seeds (Maass,
Natschlaeger & Markram 2002, Fig. 2).

For each input distance ``d(u, v)`` (0, 0.1, 0.2, 0.4), ``n_pairs`` pairs of 20 Hz Poisson
spike trains at that distance (:func:`~liquidstate.analysis.input_pairs`, drawn once with
``data_seed``) drive each liquid, one per liquid seed; the distance between the two liquid
states of a pair (spikes filtered with ``tau`` = 30 ms, Euclidean norm over neurons,
:func:`~liquidstate.analysis.state_distance`) is averaged over the pairs at every sample
time. The summary per input distance is that curve's mean over a time ``window`` (0.1-0.5 s:
after the first 100 ms, in which the states of both members still carry their common or
different initial state), with its mean and SD over the liquid seeds. The separation property
holds when these means grow with the input distance.

The liquid states and their distances come from
:func:`~liquidstate.analysis.measure_separation`, the function behind
:func:`~liquidstate.analysis.separation_curve`: with one liquid seed ``s`` and ``data_seed =
s`` the curves are exactly those of ``separation_curve`` on the network
``network.build(n_inputs, seed=s)`` with ``seed=s``. As in the paper
(``same_initial_state=False``, the default here) the two members of a pair start from
different initial states (the separation measure's own sample keys, see there), so the
curve for ``d = 0`` shows how fast the liquid forgets its initial state.

The figures are in the README (``liquidstate run separation --config
examples/configs/separation.toml``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import nonnegative_float, positive_int, positive_seconds, real
from ..analysis.separation import input_pairs, measure_separation
from ..network.specs import Maass2002, check_spec
from ..random import check_seed

__all__ = ["SeparationResult", "run_separation"]


@dataclass(frozen=True)
class SeparationResult:
    """State-distance curves per liquid seed and input distance, and their window means.

    ``curves`` has shape ``(n_seeds, n_distances, n_times)`` (mean over the pairs at each of
    ``times``); ``window_means`` has shape ``(n_seeds, n_distances)``: each curve's mean over
    the sample times in ``window``. ``input_distances`` are the mean measured input distances
    of the pairs (the requested ones within ``tolerance``); ``rates`` the mean firing rate of
    each liquid over all its runs (Hz).
    """

    times: np.ndarray
    curves: np.ndarray
    window_means: np.ndarray
    distances: tuple[float, ...]
    input_distances: np.ndarray
    window: tuple[float, float]
    rates: np.ndarray
    seeds: tuple[int, ...]
    tau: float
    n_pairs: int
    same_initial_state: bool
    seconds: float

    def grows(self) -> np.ndarray:
        """Per liquid seed: whether the window means strictly grow with the input distance."""
        order = np.argsort(self.distances, kind="stable")
        return np.all(np.diff(self.window_means[:, order], axis=1) > 0, axis=1)

    def grows_on_average(self) -> bool:
        """Whether the window means, averaged over the liquid seeds, strictly grow with the
        input distance."""
        order = np.argsort(self.distances, kind="stable")
        return bool(np.all(np.diff(self.window_means.mean(axis=0)[order]) > 0))

    def summary(self) -> dict:
        """Window means per input distance (mean, SD over liquid seeds, per seed) and the
        checks, JSON-ready."""
        w = self.window_means
        return {"distances": list(self.distances),
                "input_distances": self.input_distances.tolist(),
                "window": list(self.window),
                "state_distance": {"mean": w.mean(axis=0).tolist(), "sd": w.std(axis=0).tolist(),
                                   "per_seed": w.tolist()},
                "grows": self.grows_on_average(), "grows_per_seed": self.grows().tolist(),
                "rates": self.rates.tolist(), "seeds": list(self.seeds), "tau": self.tau,
                "n_pairs": self.n_pairs, "same_initial_state": self.same_initial_state,
                "seconds": self.seconds}


def _check_distances(distances) -> tuple[float, ...]:
    if isinstance(distances, (str, bytes)) or not isinstance(distances, (Sequence, np.ndarray)):
        raise TypeError(f"distances must be a sequence of numbers >= 0, got {distances!r}")
    d = tuple(nonnegative_float(x, f"distances[{i}]") for i, x in enumerate(distances))
    if len(d) < 2:
        raise ValueError(f"distances must hold at least two input distances, got {distances!r}")
    if len(set(d)) != len(d):
        raise ValueError(f"distances must all be different, got {list(d)}")
    return d


def _check_window(window, duration: float, step: float) -> tuple[float, float]:
    if isinstance(window, (str, bytes)) or not isinstance(window, (Sequence, np.ndarray)) \
            or len(window) != 2:
        raise TypeError(f"window must be two numbers of seconds (start, end), got {window!r}")
    start, end = (real(x, f"window[{i}]", unit="s") for i, x in enumerate(window))
    if not 0 <= start < end <= duration:
        raise ValueError(f"window must satisfy 0 <= start < end <= duration ({duration:g} s), "
                         f"got {window!r}")
    # the sample times are 0, step, 2 step, ...: at least one must fall in the window
    if math.floor(end / step + 1e-9) < math.ceil(start / step - 1e-9):
        raise ValueError(f"window {window!r} holds no sample time (every step = {step:g} s)")
    return start, end


def run_separation(*, distances=(0.0, 0.1, 0.2, 0.4), n_pairs: int = 200,
                   duration: float = 0.5, rate: float = 20.0, tolerance: float = 0.01,
                   n_channels: int = 1, network: Maass2002 | None = None, tau: float = 0.03,
                   step: float = 1e-3, window=(0.1, 0.5), same_initial_state: bool = False,
                   seeds=(0, 1, 2, 3, 4), data_seed: int = 0, dt: float = 1e-4,
                   n_threads: int | None = None, progress: bool = False) -> SeparationResult:
    """Mean liquid-state distance over time for pairs of inputs at given distances, per seed.

    Parameters
    ----------
    distances : sequence of float
        Input distances ``d(u, v)`` (at least two, all different, >= 0; Maass 2002: 0, 0.1,
        0.2, 0.4). Independent Poisson trains rarely lie far from about 0.24 at the
        defaults; see :func:`~liquidstate.analysis.input_pairs`.
    n_pairs : int
        Pairs per input distance (200 in the paper).
    duration, rate, tolerance, n_channels
        Each input lasts ``duration`` s, ``rate`` Hz per channel on ``n_channels`` channels;
        a pair is kept when its distance lies within ``tolerance`` of the requested one.
    network : Maass2002, optional
        The liquid's specification (default: the paper's 135-neuron column).
    tau : float
        Time constant (s) of the exponential filter of the liquid state (30 ms).
    step : float
        Spacing (s) of the sample times ``0, step, 2 step, ... <= duration``.
    window : (float, float)
        Start and end (s) of the time window over which each curve is averaged; must hold
        at least one sample time.
    same_initial_state : bool
        If true both members of a pair start from the same initial state (and get the same
        noise), so the curve for ``d = 0`` is exactly 0; if false (the paper) from different
        ones.
    seeds : sequence of int
        Liquid seeds: one network, and initial states and noise, per seed; the input pairs
        are fixed by ``data_seed``.
    data_seed : int
        Seed of the input pairs.
    dt, n_threads, progress
        Passed to :func:`~liquidstate.simulate`.

    Returns
    -------
    SeparationResult
    """
    start_time = time.perf_counter()
    spec = check_spec(network)
    distances = _check_distances(distances)
    n_pairs = positive_int(n_pairs, "n_pairs")
    n_channels = positive_int(n_channels, "n_channels")
    duration = positive_seconds(duration, "duration")
    step = positive_seconds(step, "step")
    tau = positive_seconds(tau, "tau")
    window = _check_window(window, duration, step)
    seeds = tuple(check_seed(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one liquid seed")
    data_seed = check_seed(data_seed)

    pairs = [input_pairs(d, n_pairs, duration=duration, rate=rate, n_channels=n_channels,
                         tolerance=tolerance, seed=data_seed) for d in distances]
    measured = [float(got.mean()) for _, _, got in pairs]
    curves, rates, times = [], [], None
    for seed in seeds:
        net = spec.build(n_inputs=n_channels, seed=seed)
        m = measure_separation(net, pairs, dt=dt, seed=seed, tau=tau, step=step,
                               same_initial_state=same_initial_state, n_threads=n_threads,
                               progress=progress)
        curves.append(m.curves)
        rates.append(m.rate)
        times = m.times
    in_window = (times >= window[0] - 1e-9) & (times <= window[1] + 1e-9)
    curves = np.asarray(curves)
    return SeparationResult(
        times=times, curves=curves, window_means=curves[:, :, in_window].mean(axis=2),
        distances=distances, input_distances=np.asarray(measured), window=window,
        rates=np.asarray(rates), seeds=seeds, tau=tau, n_pairs=n_pairs,
        same_initial_state=bool(same_initial_state),
        seconds=time.perf_counter() - start_time)
