"""Real-time computing on Poisson streams with time-varying rates (Maass, Natschlaeger &
Markram 2002, Fig. 5): several readouts trained on one liquid run, with a no-liquid control.

The task
--------
Four Poisson input streams whose rates are redrawn every 30 ms uniformly from 0-80 Hz
(channels 0-1 share one rate, 2-3 another; :func:`~liquidstate.datasets.rate_streams`). In
half of the runs a fixed spatio-temporal pattern (2 spikes per channel in 50 ms) replaces the
input once, at a random time (:func:`~liquidstate.datasets.insert_pattern`). Every 10 ms,
four linear readouts answer, all trained on the *same* liquid states (one simulation per
liquid, the four targets fitted together):

``count_30ms``, ``count_200ms``
    the number of input spikes delivered in the last 30 ms and 200 ms, summed over the four
    channels (:func:`~liquidstate.datasets.delivered_counts`);
``pattern``
    1 during the 50 ms after the end of the pattern, else 0
    (:func:`~liquidstate.datasets.pattern_detection`);
``coincidences``
    the number of spikes of inputs 0 and 2 (independent rates) that had a partner on the
    other channel within 5 ms, in the last 20 ms (:func:`~liquidstate.datasets.coincidences`).

Protocol
--------
- Runs of ``duration`` = 1 s; ``n_train`` training runs and ``n_test`` test runs, drawn
  from two independent streams keyed by ``data_seed`` (the test runs do not depend on
  ``n_train``). The pattern is the same in both.
- State: the liquid's spikes filtered with ``exp(-t / tau)``, ``tau`` = 30 ms (the paper's),
  sampled every 10 ms (:func:`~liquidstate.states.exponential_states`); the multi-timescale
  state concatenates the filters ``taus`` = 10, 30, 100 ms.
- Readouts are trained and scored at the sample times ``t >= washout`` = 200 ms, where the
  200 ms window is full and the start-up transient of the liquid (initial potentials near
  threshold) has passed. Scoring from ``t = 0`` instead inflates the 200 ms figures (the
  target then ramps up with ``t``, which any state tracks): with 135 neurons
  ``count_200ms`` reads 0.84 instead of 0.71 on the development data.
- Readout: :class:`~liquidstate.readouts.RidgeReadout` on the unscaled states by default
  (filtered spike counts share one unit; standardising divides a rarely firing neuron by its
  small training SD, lifting it far above the rest when it fires in a test run, unless that
  SD is below 1e-6 of the largest, which the readout leaves unscaled), one penalty per task
  chosen from :data:`~liquidstate.readouts.DEFAULT_ALPHAS` by 5-fold cross-validation over *training
  runs* (``fit(..., groups=run)``: folds hold whole runs, because neighbouring samples of a
  run are strongly correlated and leave-one-sample-out would favour too small a penalty).
  Test runs are used once.
- Score: the Pearson correlation ``r`` between readout output and target, pooled over all
  test runs and scored times, against the delivered counts (not the hidden rates, which a
  window of a few spikes reveals only roughly).
- States: the liquid's from :class:`~liquidstate.estimators.LiquidTransformer` (one
  simulation per liquid seed, runs keyed by their content), the control's from
  :class:`~liquidstate.estimators.InputTransformer`: the same filter, sampling and readout on
  the four input spike trains alone. The control does not depend on the liquid seed; the
  liquid is reported as mean and SD over liquid seeds (the network and its initial state).

Measured figures are in the README. Reproduce them with::

    from liquidstate.experiments import run_multitask
    from liquidstate.network.specs import Maass2002
    for net in (Maass2002(), Maass2002(weight_scale=3.0), Maass2002(shape=(10, 10, 10))):
        print(run_multitask(network=net).table())

(one BLAS thread, ``OMP_NUM_THREADS=1``, is much faster than several on a busy machine).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import positive_int as _positive_int, positive_seconds
from ..datasets import (coincidences, delivered_counts, insert_pattern, pattern_detection,
                        rate_streams, spike_pattern)
from ..network.specs import Maass2002, check_spec
from ..random import check_seed, rng
from ..readouts import DEFAULT_ALPHAS, RidgeReadout
from ..spikes import SpikeTrains
from ..states import StateExtractor
from ..states.filters import check_taus
from .templates import control_states, liquid_states

__all__ = ["MultitaskResult", "run_multitask", "multitask_data", "TASKS", "DEFAULT_ALPHAS"]

#: The readouts trained on one liquid run, in the order of the result's columns.
TASKS = ("count_30ms", "count_200ms", "pattern", "coincidences")

#: The task's fixed parameters (seconds): count windows, pattern, coincidences.
COUNT_WINDOWS = (0.03, 0.2)
PATTERN_LENGTH = 0.05
PATTERN_HOLD = 0.05
COINCIDENCE_WINDOW = 5e-3
COINCIDENCE_INTERVAL = 0.02
COINCIDENCE_CHANNELS = (0, 2)
N_CHANNELS = 4


# ---------------------------------------------------------------------------- data
def multitask_data(n_runs: int, *, duration: float = 1.0, seed: int = 0, pattern=None,
                   max_rate: float = 80.0, rate_change: float = 0.03,
                   pattern_fraction: float = 0.5, step: float = 0.01):
    """Input runs of the multi-tasking experiment and its four targets.

    Parameters
    ----------
    n_runs : int
        Number of runs.
    duration : float
        Duration of each run in seconds.
    seed : int
        Keys the rate streams (:func:`~liquidstate.datasets.rate_streams`) and the pattern's
        runs and onsets (:func:`~liquidstate.datasets.insert_pattern`).
    pattern : (times, channels), optional
        The spatio-temporal pattern (default :func:`~liquidstate.datasets.spike_pattern`
        of ``seed``: 2 spikes per channel in 50 ms).
    max_rate, rate_change : float
        Rates uniform on ``[0, max_rate]`` Hz, redrawn every ``rate_change`` seconds.
    pattern_fraction : float
        Fraction of runs that contain the pattern.
    step : float
        Spacing of the sample times in seconds (the readouts answer every ``step``).

    Returns
    -------
    spikes : SpikeTrains
        ``n_runs`` samples of ``duration`` seconds on 4 channels.
    times : ndarray, shape (n_runs, n_times)
        Sample times ``step, 2 step, ... <= duration``.
    targets : ndarray, shape (n_runs, n_times, 4)
        ``targets[..., k]`` is task ``TASKS[k]`` at ``times``.
    """
    streams, _ = rate_streams(n_runs, duration=duration, n_channels=N_CHANNELS,
                              max_rate=max_rate, rate_change=rate_change, seed=seed)
    spikes, onsets = insert_pattern(streams, pattern, length=PATTERN_LENGTH,
                                    fraction=pattern_fraction, seed=seed)
    times, c30 = delivered_counts(spikes, COUNT_WINDOWS[0], step=step)
    _, c200 = delivered_counts(spikes, COUNT_WINDOWS[1], step=step)
    _, pat = pattern_detection(spikes, onsets, length=PATTERN_LENGTH, hold=PATTERN_HOLD,
                               step=step)
    _, coinc = coincidences(spikes, COINCIDENCE_WINDOW, interval=COINCIDENCE_INTERVAL,
                            channels=COINCIDENCE_CHANNELS, step=step)
    return spikes, times, np.stack([c30, c200, pat, coinc], axis=-1)


# ---------------------------------------------------------------------------- readout
def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two flattened arrays (0 when either is constant)."""
    a = np.ravel(a) - np.mean(a)
    b = np.ravel(b) - np.mean(b)
    den = np.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b / den) if den > 0 else 0.0


def _score(X: np.ndarray, n_train: int, Ytr: np.ndarray, Yte: np.ndarray, alphas,
           n_folds: int, scale: bool, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """Fit on the first ``n_train`` runs of ``X`` (n_runs, n_times, n_features), one penalty
    per task by K-fold over whole runs; score ``r`` per task on the other runs."""
    R, J, F = X.shape
    readout = RidgeReadout(alphas=alphas, alpha_per_target=True, n_folds=n_folds,
                           alpha_rule=rule, standardize=scale)
    readout.fit(X[:n_train].reshape(-1, F), Ytr.reshape(-1, Ytr.shape[-1]),
                groups=np.repeat(np.arange(n_train), J))
    P = readout.predict(X[n_train:].reshape(-1, F))
    Y = Yte.reshape(-1, Yte.shape[-1])
    return (np.array([_pearson(P[:, k], Y[:, k]) for k in range(Y.shape[1])]),
            np.asarray(readout.alpha_))


# ---------------------------------------------------------------------------- experiment
@dataclass(frozen=True)
class MultitaskResult:
    """Test correlations ``r`` per task (columns in the order of ``tasks``).

    ``liquid`` and ``liquid_multi`` have one row per liquid seed (the 30 ms state and the
    multi-timescale state ``taus``); ``control`` and ``control_multi`` are the same readouts
    on the input spike trains (one row: they do not depend on the liquid). The ``*_multi``
    fields are None when no ``taus`` were given. ``alpha`` holds the chosen ridge penalties
    of the liquid's 30 ms readouts, ``rates`` the mean firing rate (Hz) of each liquid.
    """

    tasks: tuple[str, ...]
    liquid: np.ndarray
    control: np.ndarray
    liquid_multi: np.ndarray | None
    control_multi: np.ndarray | None
    alpha: np.ndarray
    rates: np.ndarray
    seeds: tuple[int, ...]
    tau: float
    taus: tuple[float, ...] | None
    n_train: int
    n_test: int
    n_times: int
    seconds: float

    def summary(self) -> dict:
        """A JSON-ready dict: mean and SD over seeds per task and state, and the raw rows."""
        out = {"tasks": list(self.tasks), "seeds": list(self.seeds), "tau": self.tau,
               "taus": None if self.taus is None else list(self.taus),
               "n_train": self.n_train, "n_test": self.n_test, "n_times": self.n_times,
               "rates_hz": self.rates.tolist(), "alpha": self.alpha.tolist(),
               "seconds": self.seconds}
        for name in ("liquid", "control", "liquid_multi", "control_multi"):
            rows = getattr(self, name)
            if rows is None:
                continue
            out[name] = {task: {"mean": float(rows[:, k].mean()), "sd": float(rows[:, k].std())}
                         for k, task in enumerate(self.tasks)}
            out[name + "_rows"] = rows.tolist()
        return out

    def table(self) -> str:
        """The figures as a small text table (mean +- SD over liquid seeds)."""
        lines = ["state    readout   " + "".join(f"{t:>16}" for t in self.tasks)]
        for state, lq, ct in (("tau", self.liquid, self.control),
                              ("multi", self.liquid_multi, self.control_multi)):
            if lq is None:
                continue
            lines.append(f"{state:<9}control   " + "".join(f"{v:>16.3f}" for v in ct[0]))
            lines.append(f"{state:<9}liquid    " + "".join(
                f"{f'{m:.3f}+-{s:.3f}':>16}" for m, s in zip(lq.mean(0), lq.std(0))))
        return "\n".join(lines)


def run_multitask(*, network: Maass2002 | None = None, n_train: int = 100, n_test: int = 50,
                  duration: float = 1.0, tau: float = 0.03,
                  taus: Sequence[float] | None = (0.01, 0.03, 0.1), step: float = 0.01,
                  washout: float = 0.2, max_rate: float = 80.0, rate_change: float = 0.03,
                  pattern_fraction: float = 0.5, seeds=(0, 1, 2, 3, 4), data_seed: int = 0,
                  alphas=DEFAULT_ALPHAS, n_folds: int = 5, alpha_rule: str = "min",
                  scale: bool = False, dt: float = 1e-4, n_threads: int | None = None,
                  progress: bool = False) -> MultitaskResult:
    """Four readouts trained on one liquid run answer every ``step`` seconds; scored by ``r``.

    For each liquid seed the training and test runs are simulated once, and the four
    readouts are fitted on the same states of the training runs and scored on the test runs.
    See the module documentation for the task and the protocol.

    Parameters
    ----------
    network : Maass2002, optional
        The liquid's specification (default: the paper's 135-neuron column); it gets 4
        input channels.
    n_train, n_test : int
        Training and test runs.
    duration : float
        Duration of each run in seconds.
    tau : float
        Time constant (s) of the exponential filter of the state (the paper's 30 ms), for the
        liquid and the control alike.
    taus : sequence of float or None
        Filter constants of the multi-timescale state (features concatenated), reported
        beside; None skips it.
    step : float
        The readouts answer (and the state is sampled) every ``step`` seconds.
    washout : float
        Readouts are trained and scored at the sample times ``t >= washout`` only.
    max_rate, rate_change, pattern_fraction
        The input (see ``multitask_data``).
    seeds : sequence of int
        Liquid seeds: one network and initial state per seed.
    data_seed : int
        Fixes the training and test runs and the pattern.
    alphas : sequence of float
        Ridge penalties searched, per task, by ``n_folds``-fold cross-validation over the
        training runs (whole runs per fold); default the readouts' ``DEFAULT_ALPHAS``.
    n_folds : int
        Number of folds, at least 2 and at most ``n_train``.
    alpha_rule : {"min", "1se"}
        ``"min"``: the penalty of the smallest cross-validated error; ``"1se"``: the largest
        penalty within one standard error of it.
    scale : bool
        Standardise the features before the ridge (the readout's ``standardize``, with the
        SDs of each fold's training runs); off by default (see the module documentation).
    dt, n_threads, progress
        Passed to :func:`~liquidstate.simulate`.

    Returns
    -------
    MultitaskResult
    """
    start = time.perf_counter()
    spec = check_spec(network)
    n_train = _positive_int(n_train, "n_train")
    n_test = _positive_int(n_test, "n_test")
    n_folds = _positive_int(n_folds, "n_folds")
    if not 2 <= n_folds <= n_train:
        raise ValueError(f"n_folds must lie in [2, n_train = {n_train}], got {n_folds}")
    duration = positive_seconds(duration, "duration")
    step = positive_seconds(step, "step")
    tau_arr, scalar = check_taus(tau)
    if not scalar:
        raise ValueError(f"tau must be a single number of seconds (use taus for several), "
                         f"got {tau!r}")
    tau = float(tau_arr[0])
    if taus is not None:
        taus = tuple(float(t) for t in check_taus(taus)[0])
    try:
        washout = float(washout)
    except (TypeError, ValueError):
        raise TypeError(f"washout must be a number of seconds, got {washout!r}") from None
    if not 0.0 <= washout < duration:
        raise ValueError(f"washout must lie in [0, duration = {duration}) s, got {washout}")
    seeds = tuple(check_seed(s, "seeds") for s in seeds)
    if not seeds:
        raise ValueError("seeds must name at least one liquid seed")
    data_seed = check_seed(data_seed, "data_seed")
    if alpha_rule not in ("1se", "min"):
        raise ValueError(f"alpha_rule must be '1se' or 'min', got {alpha_rule!r}")
    alphas = np.asarray(alphas, dtype=np.float64).ravel()
    if alphas.size == 0 or not np.all(np.isfinite(alphas)) or np.any(alphas <= 0):
        raise ValueError("alphas must be a non-empty sequence of finite numbers > 0")

    # training and test runs from two independent streams; one pattern for both
    seed_train, seed_test = (int(s) for s in rng(data_seed, "multitask_data").integers(
        0, 2**31, size=2))
    pattern = spike_pattern(N_CHANNELS, length=PATTERN_LENGTH, seed=data_seed)
    kw = {"duration": duration, "pattern": pattern, "max_rate": max_rate,
          "rate_change": rate_change, "pattern_fraction": pattern_fraction, "step": step}
    train, times, Ytr = multitask_data(n_train, seed=seed_train, **kw)
    test, _, Yte = multitask_data(n_test, seed=seed_test, **kw)
    j0 = int(np.searchsorted(times[0], washout - 1e-9))
    if j0 >= times.shape[1]:
        raise ValueError(f"no sample time at or after washout = {washout} s")
    Ytr, Yte = Ytr[:, j0:], Yte[:, j0:]
    runs = SpikeTrains.concatenate([train, test])

    extractors = [StateExtractor(tau=t, every=step) for t in (tau, taus) if t is not None]

    def scores(states):
        """r (and penalties) per task for the 30 ms state and the multi-timescale state."""
        out = [_score(X[:, j0:], n_train, Ytr, Yte, alphas, n_folds, scale, alpha_rule)
               for X in states]
        return out + [(None, None)] * (2 - len(out))

    (control, _), (control_multi, _) = scores(control_states(runs, extractors))
    liquid, liquid_multi, alpha, rates = [], [], [], []
    for seed in seeds:
        states, lt, rec, _ = liquid_states(runs, spec, seed, extractors, dt=dt,
                                           n_threads=n_threads, progress=progress)
        rates.append(rec.spikes.n_events / (runs.n_samples * duration
                                            * lt.network_.n_neurons))
        (r, a), (r_multi, _) = scores(states)
        liquid.append(r)
        alpha.append(a)
        liquid_multi.append(r_multi)
    multi = taus is not None
    return MultitaskResult(
        tasks=TASKS, liquid=np.array(liquid), control=control[None, :],
        liquid_multi=np.array(liquid_multi) if multi else None,
        control_multi=control_multi[None, :] if multi else None, alpha=np.array(alpha),
        rates=np.array(rates), seeds=seeds, tau=tau, taus=taus, n_train=n_train,
        n_test=n_test, n_times=int(Yte.shape[1]), seconds=time.perf_counter() - start)
