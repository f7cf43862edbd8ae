"""NARMA-10 and the memory capacity of a liquid (Jaeger 2001), with a no-liquid control and
a ReservoirPy echo state network of the same size beside them.

The tasks
---------
NARMA-10 (Atiya & Parlos 2000; Jaeger 2003): from the i.i.d. input ``u(t)`` uniform on
``[0, 0.5]`` predict ``y(t)`` of the tenth-order recursion of
:func:`~liquidstate.datasets.narma10`; scored by the NRMSE on the test steps
(:func:`~liquidstate.analysis.nrmse`: 1 is the target's mean, 0 perfect).

Memory capacity (Jaeger 2001): from ``u(t)`` i.i.d. uniform on ``[-0.8, 0.8]``
(:func:`~liquidstate.datasets.memory_task`) one readout per delay ``k = 1 .. max_delay``
reconstructs ``u(t - k)``; ``MC = sum_k r^2(u(t - k), y_k(t))`` on the test steps
(:func:`~liquidstate.analysis.memory_capacity`).

Protocol
--------
- One input value per ``step`` = 10 ms of simulated time. The liquid sees it as an analog
  current (:func:`~liquidstate.encoders.analog`): the value is mapped linearly from the
  task's input range onto ``[0, 1]`` (times ``gain``, plus ``offset``) and held for the whole
  step; the input weights make it 0-18 nA into excitatory and 0-9 nA into inhibitory target
  neurons on top of the 13.5 nA background (the paper's input amplitudes). ``encoder="poisson"`` instead drives a
  Poisson input channel with rate ``max_rate * value`` (:func:`~liquidstate.encoders.poisson_rate`).
- State: the liquid's spikes filtered with ``exp(-t / tau)``, ``tau`` = 30 ms, sampled once
  per input step at its end (:func:`~liquidstate.states.exponential_states`, ``every=step``),
  so the state of step ``t`` has seen ``u(0 .. t)``.
- One run of ``washout + n_train + n_test`` steps (default 200 + 2,000 + 1,000): the first
  ``washout`` steps are dropped, the next ``n_train`` train the readout, the last ``n_test``
  (a held-out continuation of the same run) are scored once.
- Readout: :class:`~liquidstate.readouts.RidgeReadout` with an intercept on the states
  standardised with the mean and SD of the training steps alone (for the liquid and the
  control, both states; the ESN's states are used as given); the penalty is chosen from
  :data:`DEFAULT_ALPHAS` by exact leave-one-out on the training steps only (per delay for the
  memory capacity). A feature whose training SD is at most ``1e-6`` of the largest one's
  counts as constant in training and keeps SD 1, as ``StandardScaler`` does for a SD of 0.
  Why: a feature silent in training must not get a huge weight. Before (unscaled states, as
  up to 2026-11-27) one liquid (seed 2, multi-timescale state) had a neuron that fires in
  the washout, is silent through the training steps and fires again in the test;
  leave-one-out chose the grid's smallest penalty on the 540 unscaled features, the slow
  filters' leftover tail got a huge weight and one 100-step test block erred by 24 times
  the target's variance (NRMSE 1.78). Plain ``StandardScaler`` would make it worse: the
  tail of a spike in the washout is about ``1e-30`` in the training steps, not 0, and
  dividing by its SD blows the test values up by as much (NRMSE ``1e24`` and more, also with
  the 30 ms state); hence the relative threshold.
- Control: the same filter and readout on the input signal alone: the piecewise-constant
  ``u`` filtered exactly with the same kernel, ``x(t) = x(t-1) e^{-step/tau} + u(t) tau
  (1 - e^{-step/tau})``, sampled at the same times -- one feature. It does not depend on the
  liquid seed.
- Multi-timescale state (``multi_tau``, default 10, 30, 100 and 300 ms; ``None`` or empty
  skips it), reported beside the ``tau`` state for the liquid and the control alike: the
  liquid's spikes filtered with each constant, features concatenated (4 x 135), and the
  input filtered exactly with each constant (4 features), sampled at the same times, with
  the same readout. A filter bank on the raw input is a strong baseline with a memory of its
  own; it shows where the liquid still adds. The ESN has no such state.
- Echo state network (benchmark only, needs ``reservoirpy``, the ``bench`` extra):
  ``reservoirpy.nodes.Reservoir`` with as many units as the liquid has neurons, spectral
  radius ``esn_sr`` = 0.9, leak rate 1, input scaling 1, on the raw input ``u``; the same
  ridge readout on its states as given (not standardised). Seeded with the liquid seed.
  ``None`` in the result when ReservoirPy is not installed.
- Mean and SD over liquid seeds (network, initial state and, for the Poisson encoder, the
  input spikes); the data are fixed by ``data_seed``.

Measured figures (``data_seed=0``, liquid and ESN seeds 0-4, mean +- SD; analog input,
2,000 training and 1,000 test steps of 10 ms after 200 washout steps, 30 ms state; the
standardised readout above; ESN: ReservoirPy 0.4.2, 135 units, unscaled states)::

    readout on                              NARMA-10 NRMSE   memory capacity (k = 1..40)
    input (control, same filter)            0.894            0.459
    135 neurons, the paper's column         0.885+-0.009     0.86+-0.09
    135 neurons, weight_scale=3             0.846+-0.010     1.30+-0.21
    ESN, 135 units (reservoirpy, sr 0.9)    0.320+-0.024     19.1+-0.6
    states filtered at 10, 30, 100, 300 ms:
    input (control, same filters)           0.694            2.32
    135 neurons, the paper's column         0.747+-0.077     2.55+-0.23

(``liquidstate run narma|memory --config examples/configs/narma.toml|memory.toml``, and the
``weight_scale=3`` row with ``run_narma``/``run_memory_capacity``, 2026-11-27. NARMA per
seed, 30 ms: 0.900, 0.880, 0.871, 0.884, 0.889; multi-timescale: 0.675, 0.722, 0.879, 0.780,
0.677; memory per seed, 30 ms: 0.91, 0.80, 0.98, 0.90, 0.73; multi-timescale: 2.44, 2.28,
2.91, 2.71, 2.40. With the unscaled readout before: NARMA 0.891+-0.012 (weight_scale=3
0.847+-0.007), multi-timescale 0.928+-0.429 with seed 2 at 1.783, control 0.695; memory
0.80+-0.07 (1.28+-0.20), multi-timescale 2.50+-0.14, control 2.31.)

The penalties chosen by leave-one-out (from 1e-6 .. 1e6): NARMA-10, the control 3.2 (30 ms)
and 10 (filter bank), the liquid 316 for every seed with the 30 ms state and 0.03-3.2 with
the filter bank -- except seed 2, whose leave-one-out error falls monotonically to the
grid's smallest penalty, 1e-6, which it chooses (standardised, that costs NRMSE 0.88 instead
of 1.78; a fixed penalty of 1 would give 0.65). The memory capacity (one penalty per delay):
some of the long delays, which nothing predicts (r^2 near 0), take the grid's largest
penalty (1e6; the readout is then about the intercept, as with any larger one): delays from
11 on for the control, from 16 on for the liquid with the 30 ms state; with the filter bank
all lie inside the grid except delay 1 of seed 2 (1e-6). The ESN (unscaled, unchanged):
NARMA-10 1e-6 for seeds 1 and 2, 3e-6 to 1e-5 for the others; memory 3e-5 .. 3e5, some of
delays 29-35 at 1e6.

What this shows, honestly: with one input value per 10 ms and the paper's 30 ms state, the
135-neuron column remembers little more than the current input step -- its memory capacity
(0.86, about 1.3 with stronger recurrent synapses) is above the control's (0.46: one
filtered input value) but far below the ESN's (19), and its NARMA-10 error is barely below
the control's (0.885 against 0.894; 0.846 with ``weight_scale=3``), i.e. close to predicting
the mean. NARMA-10 needs the inputs of the last 10 steps (100 ms here) and their products; the
spiking column's fading memory at these parameters lasts a few tens of ms, while a
discrete-time ESN with spectral radius 0.9 keeps tens of steps. The liquid is not tuned here
for these tasks (input gain, time step and synaptic scale are the paper's or plain choices).

The multi-timescale state shows that a filter bank on the input alone remembers more than the
liquid with its 30 ms state: with 10-300 ms filters the input reaches a memory capacity of
2.32 and a NARMA-10 NRMSE of 0.694 (the liquid, 30 ms: 0.86 and 0.885). The liquid with the
same filters adds little to the memory (2.55 +- 0.23, mostly at delay 1: r^2 0.53 against
0.36) and nothing on NARMA-10: 0.747 +- 0.077 against the control's 0.694, two seeds
slightly below the control (0.675, 0.677), three above (0.722, 0.780 and seed 2 at 0.879,
where leave-one-out still chooses the grid's smallest penalty, see above). With the
standardised readout seed 2 no longer breaks down (1.78 before), but the liquid with the
filter bank is on average worse than the filter bank alone. Both stay far from the ESN.

How the settings were looked at (development data ``data_seed=1``, liquid seeds 0-2, no
ESN, 30 ms state; NARMA NRMSE / MC, control 0.898 / 0.62; with the standardised readout,
re-run 2026-11-27, the unscaled one's in brackets): the paper's column, ``gain`` 1, 2, 3:
0.883 / 0.99, 0.875 / 0.87, 0.876 / 0.88 (0.885 / 0.93, 0.877 / 0.81, 0.878 / 0.80);
``weight_scale=3``, gain 1, 2: 0.844 / 1.50, 0.829 / 1.52 (0.844 / 1.45, 0.829 / 1.50);
input to all neurons (``input_fraction=1``): 0.861 / 1.07 (0.857 / 1.04) at 85 Hz. The
defaults stay the paper's column with gain 1 (fixed before); ``weight_scale=3`` is the
variant chosen for the multi-tasking experiment (:mod:`liquidstate.experiments.multitask`)
and is shown beside it. The test data (``data_seed=0``) were run once for the table, and
once more with the same settings after the change of the readout.

Reproduce the table (about 6 s per column with one BLAS thread, ``OMP_NUM_THREADS=1``; the
ESN rows need ``pip install liquidstate[bench]``)::

    from liquidstate.experiments.narma import run_narma, run_memory_capacity
    from liquidstate.network.specs import Maass2002
    for net in (Maass2002(), Maass2002(weight_scale=3.0)):
        print(run_narma(network=net).table())
        print(run_memory_capacity(network=net).table())
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .._validation import positive_int as _positive_int, positive_seconds
from ..analysis import memory_capacity, memory_function, nrmse
from ..datasets import memory_task, narma10
from ..encoders import analog, poisson_rate
from ..engine import simulate
from ..network.specs import Maass2002
from ..random import check_seed
from ..readouts import RidgeReadout
from ..states import exponential_states
from ..states.filters import check_taus

__all__ = ["DEFAULT_ALPHAS", "SequenceResult", "control_states", "run_memory_capacity",
           "run_narma"]

#: Ridge penalties searched by leave-one-out on the training steps.
DEFAULT_ALPHAS = np.logspace(-6, 6, 25)


def _nonnegative_int(value, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a non-negative int, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value}")
    return int(value)


# ---------------------------------------------------------------------------- states
def control_states(u, *, step: float = 0.01, tau=0.03) -> np.ndarray:
    """The input itself through the state filter(s): the control's features.

    ``u`` is held for ``step`` seconds per value; filtered exactly with ``exp(-t / tau)``
    (the kernel integrated over the step) and sampled at the end of every step:
    ``x(t) = x(t - 1) e^{-step/tau} + u(t) tau (1 - e^{-step/tau})``, ``x(-1) = 0``.
    ``tau`` may be a sequence of time constants (the multi-timescale control): one feature
    per constant, in the order given.

    Returns
    -------
    ndarray, shape (n_steps, n_taus)
        One column for a single ``tau``.
    """
    u = np.asarray(u, dtype=np.float64).ravel()
    step = positive_seconds(step, "step")
    taus, _ = check_taus(tau)
    x = np.empty((u.size, taus.size))
    for i, tau_i in enumerate(taus):
        decay = np.exp(-step / tau_i)
        gain = tau_i * (1.0 - decay)
        acc = 0.0
        for t, v in enumerate(u):
            acc = acc * decay + gain * v
            x[t, i] = acc
    return x


def _liquid_states(net, x01: np.ndarray, seed: int, *, step, tau, multi_tau, dt, encoder,
                   gain, offset, max_rate, n_threads):
    """Liquid spikes filtered with ``tau`` and with the constants ``multi_tau`` (features
    concatenated, ``tau``-major; None when ``multi_tau`` is None), sampled at the end of each
    input step, and the mean rate."""
    n = len(x01)
    X = x01[None, :, None]
    if encoder == "analog":
        cur = analog(X, gain=gain, offset=offset, dt=step, sim_dt=dt)
        rec = simulate(net, currents=cur, dt=dt, seed=seed, n_threads=n_threads)
    else:
        spikes = poisson_rate(np.clip(gain * X + offset, 0.0, None), max_rate=max_rate,
                              dt=step, seed=seed)
        rec = simulate(net, spikes, dt=dt, seed=seed, n_threads=n_threads)
    times = step * np.arange(1, n + 1)
    # the last time may exceed the duration by round-off: clip it onto the end
    times[-1] = min(times[-1], float(rec.spikes.durations[0]))
    S = exponential_states(rec.spikes, tau=tau, times=times)[0]
    S_multi = (None if multi_tau is None
               else exponential_states(rec.spikes, tau=multi_tau, times=times)[0])
    rate = rec.spikes.n_events / (n * step * net.n_neurons)
    return S, S_multi, rate


def _esn_states(u: np.ndarray, n_units: int, seed: int, sr: float):
    """States of a ReservoirPy echo state network (None without ReservoirPy)."""
    try:
        from reservoirpy.nodes import Reservoir
    except ImportError:
        return None
    res = Reservoir(units=n_units, sr=sr, lr=1.0, input_scaling=1.0, seed=seed)
    return np.asarray(res.run(u[:, None]), dtype=np.float64)


#: Relative training SD below which a feature counts as constant (see :func:`_standardise`).
_CONSTANT_SD = 1e-6


def _standardise(X_tr: np.ndarray, X_te: np.ndarray):
    """Both parts standardised with the training part's mean and SD (ddof 0).

    A feature whose training SD is at most ``1e-6`` of the largest feature's training SD
    counts as constant there and keeps SD 1 (only centred): a neuron silent through the
    training steps leaves at most the floating-point tail of a spike in the washout
    (``1e-30`` and less), and dividing by that SD would blow its test values up by as much.
    (``StandardScaler`` keeps SD 1 only where the SD is 0 up to the round-off of the mean,
    which such a tail is not.)"""
    mean = X_tr.mean(axis=0)
    sd = X_tr.std(axis=0)
    sd = np.where(sd <= _CONSTANT_SD * sd.max(initial=0.0), 1.0, sd)
    return (X_tr - mean) / sd, (X_te - mean) / sd


def _fit_predict(X, Y, tr, te, alphas, *, standardise: bool = True):
    """Ridge (LOO penalty on the training steps, per target) fitted on ``tr``, predict ``te``.

    With ``standardise`` the features are first standardised with the mean and SD of the
    training steps alone (:func:`_standardise`); the ESN's states are used as given
    (``standardise=False``). Returns the prediction and the chosen penalty (per target for
    2-D ``Y``)."""
    X_tr, X_te = X[tr], X[te]
    if standardise:
        X_tr, X_te = _standardise(X_tr, X_te)
    ro = RidgeReadout(alphas=alphas, alpha_per_target=Y.ndim > 1)
    ro.fit(X_tr, Y[tr])
    return ro.predict(X_te), ro.alpha_


# ---------------------------------------------------------------------------- result
@dataclass(frozen=True)
class SequenceResult:
    """Test scores of one sequence task for the liquid, the control and an ESN.

    ``metric`` is ``"nrmse"`` (lower is better) or ``"mc"`` (memory capacity, higher is
    better). ``liquid`` and ``esn`` hold one score per seed (``esn`` is None without
    ReservoirPy); ``control`` is one number (it does not depend on the seed). For the memory
    capacity, ``*_curve`` hold ``r^2`` per delay (rows per seed for the liquid and ESN).
    ``rates`` is the mean firing rate (Hz) of each liquid. ``liquid_multi`` and
    ``control_multi`` (and their curves) are the same with the multi-timescale state, the
    filters ``multi_tau`` at once (None when it was skipped; the ESN has none).
    """

    task: str
    metric: str
    liquid: np.ndarray
    control: float
    esn: np.ndarray | None
    rates: np.ndarray
    seeds: tuple[int, ...]
    n_neurons: int
    encoder: str
    step: float
    tau: float
    washout: int
    n_train: int
    n_test: int
    seconds: float
    liquid_curve: np.ndarray | None = None
    control_curve: np.ndarray | None = None
    esn_curve: np.ndarray | None = None
    liquid_multi: np.ndarray | None = None
    control_multi: float | None = None
    multi_tau: tuple[float, ...] | None = None
    liquid_multi_curve: np.ndarray | None = None
    control_multi_curve: np.ndarray | None = None

    def summary(self) -> dict:
        """A JSON-ready dict: mean and SD over seeds, the raw values and the settings."""
        def ms(a):
            return None if a is None else {"mean": float(np.mean(a)), "sd": float(np.std(a)),
                                           "values": np.asarray(a).tolist()}
        out = {"task": self.task, "metric": self.metric, "liquid": ms(self.liquid),
               "control": float(self.control), "esn": ms(self.esn),
               "rates_hz": self.rates.tolist(), "seeds": list(self.seeds),
               "n_neurons": self.n_neurons, "encoder": self.encoder, "step": self.step,
               "tau": self.tau, "washout": self.washout, "n_train": self.n_train,
               "n_test": self.n_test, "seconds": self.seconds}
        out.update({"liquid_multi": ms(self.liquid_multi),
                    "control_multi": (None if self.control_multi is None
                                      else float(self.control_multi)),
                    "multi_tau": None if self.multi_tau is None else list(self.multi_tau)})
        if self.liquid_curve is not None:
            out["liquid_curve"] = self.liquid_curve.mean(axis=0).tolist()
            out["control_curve"] = self.control_curve.tolist()
            out["esn_curve"] = (None if self.esn_curve is None
                                else self.esn_curve.mean(axis=0).tolist())
            multi = self.liquid_multi_curve is not None
            out["liquid_multi_curve"] = (self.liquid_multi_curve.mean(axis=0).tolist()
                                         if multi else None)
            out["control_multi_curve"] = (self.control_multi_curve.tolist() if multi
                                          else None)
        return out

    def table(self) -> str:
        """The figures as a small text table (mean +- SD over seeds)."""
        name = "NRMSE" if self.metric == "nrmse" else "MC"
        lines = [(f"{self.task}: {name} on {self.n_test} test steps, {len(self.seeds)} "
                  f"seeds, state {1e3 * self.tau:g} ms"),
                 f"  control (input, same filter)   {self.control:.3f}",
                 (f"  liquid ({self.n_neurons} neurons, {self.encoder:<7}) "
                  f"{self.liquid.mean():.3f} +- {self.liquid.std():.3f}")]
        if self.esn is None:
            lines.append("  ESN (reservoirpy)              not run (esn=False or not installed)")
        else:
            lines.append(f"  ESN ({self.n_neurons} units, reservoirpy) "
                         f"{self.esn.mean():.3f} +- {self.esn.std():.3f}")
        if self.liquid_multi is not None:
            taus = ", ".join(f"{1e3 * t:g}" for t in self.multi_tau)
            lines += [f"  multi-timescale state, filters {taus} ms:",
                      f"  control (input, same filters)  {self.control_multi:.3f}",
                      (f"  liquid ({self.n_neurons} neurons, {self.encoder:<7}) "
                       f"{self.liquid_multi.mean():.3f} +- {self.liquid_multi.std():.3f}")]
        return "\n".join(lines)


# ---------------------------------------------------------------------------- experiments
def _run(task, u, Y, lo, hi, *, network, seeds, step, tau, multi_tau, washout, n_train,
         n_test, encoder, gain, offset, max_rate, esn, esn_sr, alphas, dt, n_threads, start):
    spec = network if network is not None else Maass2002()
    if not hasattr(spec, "build"):
        raise TypeError(f"network must be a network specification such as Maass2002, got "
                        f"{type(spec).__name__}")
    if encoder not in ("analog", "poisson"):
        raise ValueError(f"encoder must be 'analog' or 'poisson', got {encoder!r}")
    seeds = tuple(check_seed(s, "seeds") for s in seeds)
    if not seeds:
        raise ValueError("seeds must name at least one liquid seed")
    alphas = np.asarray(alphas, dtype=np.float64).ravel()
    if alphas.size == 0 or not np.all(np.isfinite(alphas)) or np.any(alphas <= 0):
        raise ValueError("alphas must be a non-empty sequence of finite numbers > 0")
    tr = slice(washout, washout + n_train)
    te = slice(washout + n_train, washout + n_train + n_test)
    mc = task == "memory"

    def score(X, standardise=True):
        P, _ = _fit_predict(X, Y, tr, te, alphas, standardise=standardise)
        if mc:
            return memory_capacity(Y[te], P), memory_function(Y[te], P)
        return float(nrmse(Y[te], P)), None

    x01 = (u - lo) / (hi - lo)
    multi = multi_tau is not None
    control, control_curve = score(control_states(u, step=step, tau=tau))
    control_multi, control_multi_curve = (score(control_states(u, step=step, tau=multi_tau))
                                          if multi else (None, None))
    liquid, liquid_curve, rates, esn_s, esn_curve = [], [], [], [], []
    liquid_multi, liquid_multi_curve = [], []
    n_neurons = 0
    for seed in seeds:
        net = spec.build(n_inputs=1, seed=seed)
        n_neurons = net.n_neurons
        S, S_multi, rate = _liquid_states(net, x01, seed, step=step, tau=tau,
                                          multi_tau=multi_tau, dt=dt, encoder=encoder,
                                          gain=gain, offset=offset, max_rate=max_rate,
                                          n_threads=n_threads)
        s, c = score(S)
        liquid.append(s)
        liquid_curve.append(c)
        rates.append(rate)
        if multi:
            s, c = score(S_multi)
            liquid_multi.append(s)
            liquid_multi_curve.append(c)
        if esn:
            E = _esn_states(u, n_neurons, seed, esn_sr)
            if E is None:
                esn = False
            else:
                s, c = score(E, standardise=False)
                esn_s.append(s)
                esn_curve.append(c)
    has_esn = bool(esn) and bool(esn_s)
    return SequenceResult(
        task=task, metric="mc" if mc else "nrmse", liquid=np.array(liquid),
        control=float(control), esn=np.array(esn_s) if has_esn else None,
        rates=np.array(rates), seeds=seeds, n_neurons=n_neurons, encoder=encoder,
        step=step, tau=tau, washout=washout, n_train=n_train, n_test=n_test,
        seconds=time.perf_counter() - start,
        liquid_curve=np.array(liquid_curve) if mc else None,
        control_curve=control_curve if mc else None,
        esn_curve=np.array(esn_curve) if (mc and has_esn) else None,
        liquid_multi=np.array(liquid_multi) if multi else None,
        control_multi=float(control_multi) if multi else None, multi_tau=multi_tau,
        liquid_multi_curve=np.array(liquid_multi_curve) if (mc and multi) else None,
        control_multi_curve=control_multi_curve if (mc and multi) else None)


def _check_multi_tau(multi_tau) -> tuple[float, ...] | None:
    """The multi-timescale constants as a tuple of seconds (one number: a tuple of one);
    None or empty: skipped."""
    if multi_tau is None or (np.ndim(multi_tau) == 1 and len(multi_tau) == 0):
        return None
    if np.ndim(multi_tau) > 1:
        raise ValueError(f"multi_tau must be a sequence of time constants (s), or None or "
                         f"empty to skip, got {multi_tau!r}")
    taus, _ = check_taus(multi_tau)
    return tuple(float(t) for t in taus)


def _common(step, tau, multi_tau, washout, n_train, n_test):
    step = positive_seconds(step, "step")
    tau = positive_seconds(tau, "tau")
    return (step, tau, _check_multi_tau(multi_tau), _nonnegative_int(washout, "washout"),
            _positive_int(n_train, "n_train"), _positive_int(n_test, "n_test"))


def run_narma(*, network: Maass2002 | None = None, seeds=(0, 1, 2, 3, 4), data_seed: int = 0,
              n_train: int = 2000, n_test: int = 1000, washout: int = 200,
              step: float = 0.01, tau: float = 0.03, multi_tau=(0.01, 0.03, 0.1, 0.3),
              encoder: str = "analog", gain: float = 1.0, offset: float = 0.0,
              max_rate: float = 100.0, esn: bool = True, esn_sr: float = 0.9,
              alphas=DEFAULT_ALPHAS, dt: float = 1e-4,
              n_threads: int | None = None) -> SequenceResult:
    """NARMA-10 NRMSE of the liquid, the no-liquid control and an ESN of the same size.

    See the module documentation for the protocol and the measured figures.

    Parameters
    ----------
    network : Maass2002, optional
        The liquid (default: the paper's 135-neuron column); it gets one input channel.
    seeds : sequence of int
        Liquid seeds (and ESN seeds).
    data_seed : int
        Seed of :func:`~liquidstate.datasets.narma10`.
    n_train, n_test, washout : int
        Steps used to train, to test (the continuation), and dropped at the start.
    step : float
        Seconds of simulated time per input value; the state is sampled once per step.
    tau : float
        Time constant (s) of the state filter, for the liquid and the control alike.
    multi_tau : sequence of float or None
        Time constants (s) of the multi-timescale state, reported beside the ``tau`` state
        for the liquid and the control alike: the liquid's spikes filtered with each
        constant (features concatenated), the control's input filtered with each (one
        feature per constant), the same readout; ``None`` or empty skips it (the ESN has
        no such state).
    encoder : {"analog", "poisson"}
        Analog current injection, or a Poisson channel of rate ``max_rate * value`` Hz.
    gain, offset : float
        The input mapped onto ``[0, 1]`` is multiplied by ``gain`` and shifted by ``offset``
        before it is injected (dimensionless; times the input weights, amperes).
    max_rate : float
        Rate (Hz) of the Poisson channel for the value 1 (``encoder="poisson"``).
    esn : bool
        Run the ReservoirPy echo state network too (skipped, None, when not installed).
    esn_sr : float
        Spectral radius of the ESN.
    alphas : sequence of float
        Ridge penalties searched by leave-one-out on the training steps (on the states
        standardised with the training steps' mean and SD for the liquid and the control,
        on the ESN's states as given).
    dt, n_threads
        Passed to :func:`~liquidstate.simulate`.

    Returns
    -------
    SequenceResult
        ``metric == "nrmse"``.
    """
    start = time.perf_counter()
    step, tau, multi_tau, washout, n_train, n_test = _common(step, tau, multi_tau, washout,
                                                             n_train, n_test)
    u, y = narma10(washout + n_train + n_test, seed=check_seed(data_seed, "data_seed"))
    return _run("narma10", u, y, 0.0, 0.5, network=network, seeds=seeds, step=step, tau=tau,
                multi_tau=multi_tau, washout=washout, n_train=n_train, n_test=n_test,
                encoder=encoder, gain=gain, offset=offset, max_rate=max_rate, esn=esn,
                esn_sr=esn_sr, alphas=alphas, dt=dt, n_threads=n_threads, start=start)


def run_memory_capacity(*, network: Maass2002 | None = None, seeds=(0, 1, 2, 3, 4),
                        data_seed: int = 0, max_delay: int = 40, n_train: int = 2000,
                        n_test: int = 1000, washout: int = 200, step: float = 0.01,
                        tau: float = 0.03, multi_tau=(0.01, 0.03, 0.1, 0.3),
                        encoder: str = "analog", gain: float = 1.0,
                        offset: float = 0.0, max_rate: float = 100.0, esn: bool = True,
                        esn_sr: float = 0.9, alphas=DEFAULT_ALPHAS, dt: float = 1e-4,
                        n_threads: int | None = None) -> SequenceResult:
    """Memory capacity (Jaeger 2001) of the liquid, the control and an ESN of the same size.

    Delays ``k = 1 .. max_delay`` (``washout >= max_delay`` steps); the input is i.i.d.
    uniform on ``[-0.8, 0.8]`` (:func:`~liquidstate.datasets.memory_task`). The other
    parameters are those of :func:`run_narma`.

    Returns
    -------
    SequenceResult
        ``metric == "mc"``, with the per-delay ``r^2`` in the ``*_curve`` fields.
    """
    start = time.perf_counter()
    step, tau, multi_tau, washout, n_train, n_test = _common(step, tau, multi_tau, washout,
                                                             n_train, n_test)
    max_delay = _positive_int(max_delay, "max_delay")
    if washout < max_delay:
        raise ValueError(f"washout must be at least max_delay = {max_delay} steps, got "
                         f"{washout}")
    u, Y = memory_task(washout + n_train + n_test, max_delay,
                       seed=check_seed(data_seed, "data_seed"))
    return _run("memory", u, Y, -0.8, 0.8, network=network, seeds=seeds, step=step, tau=tau,
                multi_tau=multi_tau, washout=washout, n_train=n_train, n_test=n_test,
                encoder=encoder, gain=gain, offset=offset, max_rate=max_rate, esn=esn,
                esn_sr=esn_sr, alphas=alphas, dt=dt, n_threads=n_threads, start=start)
