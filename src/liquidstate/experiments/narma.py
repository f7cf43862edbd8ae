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
The liquid is the public pipeline: a :class:`~liquidstate.estimators.LiquidTransformer` (encoder,
network, :class:`~liquidstate.states.StateExtractor`) per liquid seed, and a
:class:`~liquidstate.readouts.RidgeReadout`.

- One input value per ``step`` = 10 ms of simulated time. The liquid sees it as an analog
  current (:class:`~liquidstate.encoders.AnalogEncoder`): the value is mapped linearly from
  the task's input range onto ``[0, 1]`` (times ``gain``, plus ``offset``) and held for the
  whole step; the input weights make it 0-18 nA into excitatory and 0-9 nA into inhibitory
  target neurons on top of the 13.5 nA background (the paper's input amplitudes).
  ``encoder="poisson"`` instead drives a Poisson input channel with rate ``max_rate *
  value`` Hz (:class:`~liquidstate.encoders.PoissonEncoder`).
- The whole sequence is one sample, so its random numbers (initial state, noise, Poisson
  input) are keyed by the liquid seed and the sequence's content, as everywhere in the
  pipeline (:func:`~liquidstate.estimators.sample_keys`).
- State: the liquid's spikes filtered with ``exp(-t / tau)``, ``tau`` = 30 ms, sampled once
  per input step at its end (``StateExtractor(tau=..., every=step)``), so the state of step
  ``t`` has seen ``u(0 .. t)``.
- One run of ``washout + n_train + n_test`` steps (default 200 + 2,000 + 1,000): the first
  ``washout`` steps are dropped, the next ``n_train`` train the readout, the last ``n_test``
  (a held-out continuation of the same run) are scored once.
- Readout: :class:`~liquidstate.readouts.RidgeReadout` with an intercept, on states
  standardised with the SD of the training steps alone (``standardize=True``; for the
  liquid and the control, the ESN's states are used as given); the penalty is chosen from
  :data:`~liquidstate.readouts.DEFAULT_ALPHAS` by exact leave-one-out on the training steps
  only (per delay for the memory capacity). A feature whose training SD is at most
  ``1e-6`` of the largest one's (a neuron silent through the training steps, whose state
  there is the decaying tail of a spike in the washout) is left unscaled by the readout
  (see :mod:`~liquidstate.readouts.linear`): scaled by that SD, its test values would be
  blown up when the neuron fires again.
- Control: the same filter and readout on the input signal alone: the piecewise-constant
  ``u`` filtered exactly with the same kernel (``StateExtractor.signal_states``,
  :func:`~liquidstate.states.filtered_signals`), ``x(t) = x(t-1) e^{-step/tau} + u(t) tau
  (1 - e^{-step/tau})`` (units of ``u`` times seconds), sampled at the same times -- one
  feature. It does not depend on the liquid seed.
- Multi-timescale state (``multi_tau``, default 10, 30, 100 and 300 ms; ``None`` or empty
  skips it), reported beside the ``tau`` state for the liquid and the control alike: the
  liquid's spikes filtered with each constant (a bank of time constants in the extractor,
  features concatenated), and the input filtered exactly with each constant, sampled at
  the same times, with the same readout. The ESN has no such state.
- Echo state network (benchmark only, needs ``reservoirpy``, the ``bench`` extra):
  ``reservoirpy.nodes.Reservoir`` with as many units as the liquid has neurons, spectral
  radius ``esn_sr`` = 0.9, leak rate 1, input scaling 1, on the raw input ``u``; the same
  ridge readout on its states as given (not standardised). Seeded with the liquid seed.
  ``None`` in the result when ReservoirPy is not installed.
- Mean and SD over liquid seeds (network, initial state and, for the Poisson encoder, the
  input spikes); the data are fixed by ``data_seed``.

The figures and how to reproduce them are in the README (``liquidstate run narma|memory
--config examples/configs/narma.toml|memory.toml``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .._validation import nonnegative_int, positive_floats, positive_seconds
from .._validation import positive_int as _positive_int
from ..analysis import memory_capacity, memory_function, nrmse
from ..datasets import memory_task, narma10
from ..encoders import AnalogEncoder, PoissonEncoder
from ..estimators import LiquidTransformer
from ..network.specs import Maass2002, check_spec
from ..random import check_seed
from ..readouts import DEFAULT_ALPHAS, RidgeReadout
from ..states import StateExtractor

__all__ = ["SequenceResult", "run_memory_capacity", "run_narma"]


# ---------------------------------------------------------------------------- states
def _liquid_states(spec, x01: np.ndarray, seed: int, extractor: StateExtractor, *, step, dt,
                   encoder, gain, offset, max_rate, n_threads):
    """The liquid's states ``(n_steps, n_features)`` of the sequence ``x01`` (the input
    mapped onto [0, 1]), one row per input step, and the mean firing rate (Hz)."""
    if encoder == "analog":
        enc, signal = AnalogEncoder(gain=gain, offset=offset, dt=step, sim_dt=dt), x01
    else:
        enc = PoissonEncoder(max_rate=max_rate, dt=step, random_state=seed)
        signal = np.clip(gain * x01 + offset, 0.0, None)
    X = signal[None, :, None]                    # one sample of one channel
    liquid = LiquidTransformer(network=spec, encoder=enc, extractor=extractor, dt=dt,
                               random_state=seed, n_threads=n_threads).fit(X)
    # the recording and its states (what transform computes), to count the spikes too
    rec = liquid.recording(X)
    S = liquid.extractor_(rec)[0]
    rate = rec.spikes.n_events / (len(x01) * step * liquid.network_.n_neurons)
    return S, rate, liquid.network_.n_neurons


def _esn_states(u: np.ndarray, n_units: int, seed: int, sr: float):
    """States of a ReservoirPy echo state network (None without ReservoirPy)."""
    try:
        from reservoirpy.nodes import Reservoir
    except ImportError:
        return None
    res = Reservoir(units=n_units, sr=sr, lr=1.0, input_scaling=1.0, seed=seed)
    return np.asarray(res.run(u[:, None]), dtype=np.float64)


def _fit_predict(X, Y, tr, te, alphas, *, standardize: bool = True):
    """Ridge readout fitted on the training steps ``tr`` (penalty by leave-one-out there,
    per target for 2-D ``Y``; with ``standardize`` on features scaled by the training
    steps' SD, a feature nearly constant there left unscaled), the prediction of the test
    steps ``te``."""
    ro = RidgeReadout(alphas=alphas, alpha_per_target=Y.ndim > 1, standardize=standardize)
    return ro.fit(X[tr], Y[tr]).predict(X[te])


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
    spec = check_spec(network)
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

    def score(X, standardize=True):
        P = _fit_predict(X, Y, tr, te, alphas, standardize=standardize)
        if mc:
            return memory_capacity(Y[te], P), memory_function(Y[te], P)
        return float(nrmse(Y[te], P)), None

    multi = multi_tau is not None
    # one extractor for both states: the bank (tau, *multi_tau), features tau-major, so the
    # tau state is the first block and the multi-timescale state the rest
    extractor = StateExtractor(tau=(tau,) + (multi_tau or ()), every=step)
    C = extractor.signal_states(u[None, :, None], dt=step)[0]      # (n_steps, n_taus)
    control, control_curve = score(C[:, :1])
    control_multi, control_multi_curve = score(C[:, 1:]) if multi else (None, None)
    x01 = (u - lo) / (hi - lo)
    liquid, liquid_curve, rates, esn_s, esn_curve = [], [], [], [], []
    liquid_multi, liquid_multi_curve = [], []
    n_neurons = 0
    for seed in seeds:
        S, rate, n_neurons = _liquid_states(spec, x01, seed, extractor, step=step, dt=dt,
                                            encoder=encoder, gain=gain, offset=offset,
                                            max_rate=max_rate, n_threads=n_threads)
        s, c = score(S[:, :n_neurons])
        liquid.append(s)
        liquid_curve.append(c)
        rates.append(rate)
        if multi:
            s, c = score(S[:, n_neurons:])
            liquid_multi.append(s)
            liquid_multi_curve.append(c)
        if esn:
            E = _esn_states(u, n_neurons, seed, esn_sr)
            if E is None:
                esn = False
            else:
                s, c = score(E, standardize=False)
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
    return positive_floats(multi_tau, "multi_tau", unit="s")


def _common(step, tau, multi_tau, washout, n_train, n_test):
    step = positive_seconds(step, "step")
    tau = positive_seconds(tau, "tau")
    return (step, tau, _check_multi_tau(multi_tau), nonnegative_int(washout, "washout"),
            _positive_int(n_train, "n_train"), _positive_int(n_test, "n_test"))


def run_narma(*, network: Maass2002 | None = None, seeds=(0, 1, 2, 3, 4), data_seed: int = 0,
              n_train: int = 2000, n_test: int = 1000, washout: int = 200,
              step: float = 0.01, tau: float = 0.03, multi_tau=(0.01, 0.03, 0.1, 0.3),
              encoder: str = "analog", gain: float = 1.0, offset: float = 0.0,
              max_rate: float = 100.0, esn: bool = True, esn_sr: float = 0.9,
              alphas=DEFAULT_ALPHAS, dt: float = 1e-4,
              n_threads: int | None = None) -> SequenceResult:
    """NARMA-10 NRMSE of the liquid, the no-liquid control and an ESN of the same size.

    See the module documentation for the protocol (the figures are in the README).

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
        Ridge penalties searched by leave-one-out on the training steps (default
        :data:`~liquidstate.readouts.DEFAULT_ALPHAS`; on the states standardised with the
        training steps' SD for the liquid and the control, on the ESN's states as given).
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
