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
- Readout: ridge regression on the unscaled states, one penalty per task chosen from
  :data:`DEFAULT_ALPHAS` by 5-fold cross-validation over *training runs* (folds hold whole
  runs: neighbouring samples of a run are strongly correlated, so leave-one-sample-out
  would favour too small a penalty). Test runs are used once. (The readout is written
  here from sufficient statistics rather than taken from :mod:`liquidstate.readouts`, whose
  generalised cross-validation treats every sample as independent.)
- Score: the Pearson correlation ``r`` between readout output and target, pooled over all
  test runs and scored times (50 runs x 81 times), against the delivered counts (not the
  hidden rates, which a window of a few spikes reveals only roughly).
- Control: the same filter, sampling and readout on the four input spike trains alone.
  The control does not depend on the liquid seed; the liquid is reported as mean and SD
  over liquid seeds (the network and its initial state).

Measured figures (``r`` on the test runs of ``data_seed=0``, mean +- SD over liquid seeds
0-4; 100 training and 50 test runs of 1 s; dynamic synapses; the paper's parameters unless
said)::

    state  readout on                    count_30ms    count_200ms   pattern       coincidences
    30 ms  input (control)               0.912         0.571         0.030         0.584
    30 ms  135 neurons                   0.900+-0.003  0.692+-0.030  0.310+-0.025  0.633+-0.024
    30 ms  135 neurons, weight_scale=3   0.909+-0.003  0.747+-0.011  0.256+-0.045  0.632+-0.033
    30 ms  1,000 neurons (10 x 10 x 10)  0.923+-0.001  0.804+-0.003  0.500+-0.024  0.773+-0.005
    multi  input (control)               0.929         0.924         0.034         0.604
    multi  135 neurons                   0.931+-0.001  0.941+-0.001  0.518+-0.017  0.701+-0.026
    multi  135 neurons, weight_scale=3   0.935+-0.002  0.943+-0.002  0.421+-0.040  0.687+-0.027
    multi  1,000 neurons (10 x 10 x 10)  0.940+-0.001  0.944+-0.001  0.636+-0.013  0.806+-0.005

("multi": filters of 10, 30 and 100 ms, for liquid and control alike.) The 1,000-neuron
column with the paper's parameters reaches the issue's targets with the paper's 30 ms state:
r >= 0.88 for the 30 ms counts (0.923) and r >= 0.75 for the 200 ms counts (0.804), 0.23
above the control (0.571); the issue's reference was 0.89 and 0.76 (control 0.91, 0.56).
The paper's 135-neuron column reaches 0.900 and 0.692 (reference 0.87 and 0.68); stronger
recurrent synapses (``weight_scale=3``, chosen on development data) lengthen its memory to
0.747, just short of 0.75. On the 30 ms counts the control (0.912) beats the 135-neuron
liquid: the 30 ms filter of the input is nearly the target itself. With a filter bank the
raw input already answers both counting tasks (0.929, 0.924), and the liquid adds little
there (+0.01-0.02); it still adds much to pattern detection (0.64 against 0.03) and
coincidences (0.81 against 0.60), which need non-linear combinations of spike times that no
linear filter of the input provides. One liquid seed of the 135-neuron column (seed 3) gets
0.636 on the 200 ms counts: cross-validation over the training runs picked a small penalty
(0.03) there, which generalises worse.

The paper's columns (135 and 1,000 neurons, its parameters) were fixed in advance;
``weight_scale=3`` was chosen on development data and then run once on the test runs. (At
the very start, before this protocol, a few 135-neuron variants were also looked at on these
test runs; none of them is reported or chosen from that.)

How the configurations were chosen, never on test runs: the variants were compared on a
separate development dataset (``data_seed=1``: other runs and another pattern), ``r`` for
count_30ms / count_200ms with the 30 ms state, liquid seeds 0-4 (0-2 where marked *):

- 135 neurons, the paper's parameters: 0.895 / 0.706. ``weight_scale`` 2, 3, 4, 5* (stronger
  recurrent synapses): 0.902 / 0.748, 0.906 / 0.766, 0.908 / 0.762, 0.911 / 0.764: chosen
  ``weight_scale=3``. Input reaching 60% or all neurons* (``input_fraction`` 0.6, 1.0): 0.903 /
  0.721, 0.898 / 0.689; input weights doubled*: 0.901 / 0.707; ``lam=3``: 0.883 / 0.702 with
  SD 0.08 (unstable); ``input_fraction=0.6, lam=3``: 0.906 / 0.706.
- 1,000 neurons*: the paper's parameters 0.921 / 0.812; ``input_fraction`` 0.6, 1.0:
  0.923 / 0.802, 0.918 / 0.777; ``lam=3``: 0.928 / 0.818; 200 instead of 100 training runs:
  0.922 / 0.818. Kept the paper's parameters (the differences are within a few seed SDs).
- The state is scored from ``t >= 200 ms``; scored from ``t = 0`` the 200 ms count reads 0.84
  instead of 0.71 (135 neurons*), because the target ramps up over the first 200 ms of each
  run, which any state tracks.
- Readout: standardising the features (as scikit-learn's ``StandardScaler``, ``scale=True``)
  hurts: neurons nearly silent in the training runs get huge scaled values when they fire in
  a test run (135 neurons*: 0.896 / 0.675; multi-timescale 0.61 / 0.67 with SD 0.4). Unscaled
  filtered spike counts share one unit, so one penalty fits them all. The one-standard-error
  rule for the penalty (``alpha_rule="1se"``) steadies the 200 ms counts of unstable liquids
  but ruins pattern detection (0.06 against 0.20): the default picks the smallest
  cross-validated error. Choosing the penalty by leave-one-*sample*-out (scikit-learn's
  ``RidgeCV``) instead of folds of whole runs picked the smallest penalty on the grid for the
  200 ms counts and was unstable (seen in the early look).

Reproduce the table (about 2 s for each 135-neuron column and 2.5 min for the 1,000-neuron
one with one BLAS thread, ``OMP_NUM_THREADS=1``, which is much faster than several on a busy
machine)::

    from liquidstate.experiments import run_multitask
    from liquidstate.network.specs import Maass2002
    for net in (Maass2002(), Maass2002(weight_scale=3.0), Maass2002(shape=(10, 10, 10))):
        print(run_multitask(network=net).table())
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import positive_int as _positive_int, positive_seconds
from ..datasets import (coincidences, delivered_counts, insert_pattern, pattern_detection,
                        rate_streams, spike_pattern)
from ..engine import simulate
from ..network.specs import Maass2002
from ..random import check_seed, rng
from ..spikes import SpikeTrains
from ..states import exponential_states
from ..states.filters import check_taus

__all__ = ["MultitaskResult", "run_multitask", "multitask_data", "TASKS", "DEFAULT_ALPHAS"]

#: The readouts trained on one liquid run, in the order of the result's columns.
TASKS = ("count_30ms", "count_200ms", "pattern", "coincidences")

#: Ridge penalties searched, in the units of the (unscaled) filtered spike counts.
DEFAULT_ALPHAS = np.logspace(-3, 6, 19)

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
@dataclass(frozen=True)
class _RidgeFit:
    """A fitted multi-target ridge regression: ``y = (x / scale) @ coef + intercept``."""

    coef: np.ndarray        # (n_features, n_targets)
    intercept: np.ndarray   # (n_targets,)
    alpha: np.ndarray       # (n_targets,)
    scale: np.ndarray       # (n_features,)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (X / self.scale) @ self.coef + self.intercept


def _statistics(X: np.ndarray, Y: np.ndarray) -> list:
    return [X.T @ X, X.sum(axis=0), X.T @ Y, Y.sum(axis=0), (Y * Y).sum(axis=0), len(X)]


def _choose_alpha(err: np.ndarray, alphas: np.ndarray, rule: str) -> np.ndarray:
    """The penalty per target from the fold errors ``err`` (n_folds, n_alphas, n_targets).

    ``"min"``: the smallest mean error. ``"1se"``: the largest penalty whose mean error is
    within one standard error (over folds) of the smallest (Hastie, Tibshirani & Friedman,
    The Elements of Statistical Learning, 7.10).
    """
    mean = err.mean(axis=0)
    i_min = np.argmin(mean, axis=0)
    if rule == "min":
        return alphas[i_min]
    cols = np.arange(err.shape[2])
    se = err.std(axis=0, ddof=1)[i_min, cols] / np.sqrt(err.shape[0])
    ok = mean <= mean[i_min, cols] + se
    order = np.argsort(alphas)
    best = np.empty(err.shape[2])
    for t in cols:
        best[t] = alphas[order][ok[order, t]][-1]
    return best


def _fit_ridge_by_runs(X: np.ndarray, Y: np.ndarray, *, alphas=DEFAULT_ALPHAS,
                       n_folds: int = 5, scale: bool = False,
                       rule: str = "min") -> _RidgeFit:
    """Ridge regression with an intercept, one penalty per target chosen by K-fold
    cross-validation over runs (the smallest validation mean squared error, averaged over
    the folds; ``rule="1se"``: see :func:`_choose_alpha`).

    ``X`` is ``(n_runs, n_times, n_features)``, ``Y`` ``(n_runs, n_times, n_targets)``.
    Run ``i`` is in fold ``i % n_folds``, so the strongly correlated samples of one run never
    lie on both sides of a split. Everything is computed from per-fold sufficient statistics
    (``X^T X``, ``X^T Y``, sums): one eigendecomposition per fold serves every penalty and
    every target, and the validation errors need no pass over the data. ``scale=True``
    divides each feature by its SD over the training samples (as ``StandardScaler``).
    """
    R, J, F = X.shape
    T = Y.shape[-1]
    alphas = np.asarray(alphas, dtype=np.float64)
    Xf = X.reshape(R * J, F)
    Yf = Y.reshape(R * J, T)
    sd = np.ones(F)
    if scale:
        sd = Xf.std(axis=0)
        sd[sd == 0] = 1.0
        Xf = Xf / sd
    fold = np.repeat(np.arange(R) % n_folds, J)
    parts = [_statistics(Xf[fold == k], Yf[fold == k]) for k in range(n_folds)]
    total = [sum(p[i] for p in parts) for i in range(6)]

    def solve(stats):
        XtX, sx, XtY, sy, _, n = stats
        mu, my = sx / n, sy / n
        s, V = np.linalg.eigh(XtX - n * np.outer(mu, mu))
        return np.maximum(s, 0.0), V, V.T @ (XtY - n * np.outer(mu, my)), mu, my

    err = np.zeros((n_folds, alphas.size, T))      # mean squared error per fold
    for k in range(n_folds):
        s, V, Vc, mu, my = solve([t - p for t, p in zip(total, parts[k])])
        XtX, sx, XtY, sy, yy, n = parts[k]
        # validation residual e = (y - my) - (x - mu) w, summed over the fold's samples
        Sxx = XtX - np.outer(sx, mu) - np.outer(mu, sx) + n * np.outer(mu, mu)
        Sxy = XtY - np.outer(sx, my) - np.outer(mu, sy) + n * np.outer(mu, my)
        Syy = yy - 2 * my * sy + n * my ** 2
        for a, alpha in enumerate(alphas):
            W = V @ (Vc / (s + alpha)[:, None])
            sse = (Syy - 2 * np.einsum("ft,ft->t", W, Sxy)
                   + np.einsum("ft,ft->t", W, Sxx @ W))
            err[k, a] = sse / n
    best = _choose_alpha(err, alphas, rule)
    s, V, Vc, mu, my = solve(total)
    W = V @ (Vc / (s[:, None] + best[None, :]))
    return _RidgeFit(coef=W, intercept=my - mu @ W, alpha=best, scale=sd)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two flattened arrays (0 when either is constant)."""
    a = np.ravel(a) - np.mean(a)
    b = np.ravel(b) - np.mean(b)
    den = np.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b / den) if den > 0 else 0.0


def _score(X: np.ndarray, n_train: int, Ytr: np.ndarray, Yte: np.ndarray, alphas,
           n_folds: int, scale: bool, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """Fit on the first ``n_train`` runs of ``X``, score ``r`` per task on the others."""
    fit = _fit_ridge_by_runs(X[:n_train], Ytr, alphas=alphas, n_folds=n_folds, scale=scale,
                             rule=rule)
    P = fit.predict(X[n_train:].reshape(-1, X.shape[-1]))
    Y = Yte.reshape(-1, Yte.shape[-1])
    return np.array([_pearson(P[:, k], Y[:, k]) for k in range(Y.shape[1])]), fit.alpha


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
    See the module documentation for the task, the protocol and the measured figures.

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
        The input (see :func:`multitask_data`).
    seeds : sequence of int
        Liquid seeds: one network and initial state per seed.
    data_seed : int
        Fixes the training and test runs and the pattern.
    alphas : sequence of float
        Ridge penalties searched, per task, by ``n_folds``-fold cross-validation over the
        training runs (whole runs per fold).
    n_folds : int
        Number of folds, at least 2 and at most ``n_train``.
    alpha_rule : {"min", "1se"}
        ``"min"``: the penalty of the smallest cross-validated error; ``"1se"``: the largest
        penalty within one standard error of it.
    scale : bool
        Standardise the features before the ridge (as ``StandardScaler``); off by default
        because it hurts (see the module documentation).
    dt, n_threads, progress
        Passed to :func:`~liquidstate.simulate`.

    Returns
    -------
    MultitaskResult
    """
    start = time.perf_counter()
    spec = network if network is not None else Maass2002()
    if not hasattr(spec, "build"):
        raise TypeError(f"network must be a network specification such as Maass2002, got "
                        f"{type(spec).__name__}")
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

    def scores(spikes):
        """r per task for the 30 ms state and the multi-timescale state of ``spikes``."""
        out = []
        for t in (tau, taus):
            if t is None:
                out.append((None, None))
                continue
            X = exponential_states(spikes, tau=t, every=step)[:, j0:]
            out.append(_score(X, n_train, Ytr, Yte, alphas, n_folds, scale, alpha_rule))
        return out

    (control, _), (control_multi, _) = scores(runs)
    liquid, liquid_multi, alpha, rates = [], [], [], []
    for seed in seeds:
        net = spec.build(n_inputs=N_CHANNELS, seed=seed)
        rec = simulate(net, runs, dt=dt, seed=seed, n_threads=n_threads, progress=progress)
        rates.append(rec.spikes.n_events / (runs.n_samples * duration * net.n_neurons))
        (r, a), (r_multi, _) = scores(rec.spikes)
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
