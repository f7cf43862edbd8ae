"""The template-classification benchmark of Maass, Natschlaeger & Markram (2002), with its
no-liquid control.

Each run is a jittered copy of one of ``n_templates`` Poisson spike templates; a linear
readout on the liquid's state at the end of the run names the template. The control is the
same state filter and readout on the input spike trains themselves, so the difference is what
the liquid adds. Hyperparameters (the ridge penalty) are chosen on the training runs only
(generalised cross-validation), the test runs are used once, and the figures are reported as
mean and SD over several liquid seeds. Besides the paper's 30 ms state, the readout (liquid
and control alike) is also trained on a multi-timescale state, the spikes filtered with
several time constants (``multi_tau``): a filter bank on the raw input is a strong baseline
with a memory of its own, and it shows where the liquid still adds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .._progress import progress_bar
from ..datasets import spike_templates
from ..engine import simulate
from ..network.specs import Maass2002
from ..readouts import RidgeClassifierReadout
from ..states import exponential_states

__all__ = ["TemplateResult", "run_templates", "wilson_interval"]


@dataclass(frozen=True)
class TemplateResult:
    """Test accuracies per liquid seed, for the liquid and for the no-liquid control.

    ``control`` holds one value per seed like ``liquid``, all equal: the control does not
    depend on the liquid seed (it is fitted once). ``timings`` are wall-clock seconds:
    ``data_s``, ``control_s`` and, per seed, ``build_s``, ``simulate_s``, ``readout_s``
    (the readouts of both states). ``liquid_multi`` and ``control_multi`` are the same with
    the multi-timescale state (``None`` without ``multi_tau``).
    """

    liquid: np.ndarray
    control: np.ndarray
    seeds: tuple[int, ...]
    n_test: int
    seconds: float
    timings: dict = field(default_factory=dict)
    liquid_multi: np.ndarray | None = None
    control_multi: np.ndarray | None = None
    multi_tau: tuple[float, ...] | None = None

    def summary(self) -> dict:
        """Means, SDs (over seeds) and Wilson 95% intervals: the liquid's pooled over its
        ``n_test * len(seeds)`` test predictions, the control's over its ``n_test``; the
        keys of the multi-timescale state end in ``_multi`` (``None`` when it was skipped)."""
        out = {}
        for suffix, liquid, control in (("", self.liquid, self.control),
                                        ("_multi", self.liquid_multi, self.control_multi)):
            if liquid is None:
                out.update({f"{key}{suffix}": None for key in (
                    "liquid_mean", "liquid_sd", "control_mean", "control_sd", "liquid_ci95",
                    "control_ci95", "liquid", "control")})
                continue
            lo, hi = wilson_interval(liquid.mean(), self.n_test * len(self.seeds))
            clo, chi = wilson_interval(control.mean(), self.n_test)
            out.update({f"liquid_mean{suffix}": float(liquid.mean()),
                        f"liquid_sd{suffix}": float(liquid.std()),
                        f"control_mean{suffix}": float(control.mean()),
                        f"control_sd{suffix}": float(control.std()),
                        f"liquid_ci95{suffix}": [lo, hi], f"control_ci95{suffix}": [clo, chi],
                        f"liquid{suffix}": liquid.tolist(),
                        f"control{suffix}": control.tolist()})
        return {**out, "seeds": list(self.seeds),
                "multi_tau": None if self.multi_tau is None else list(self.multi_tau),
                "n_test": self.n_test, "seconds": self.seconds}


def wilson_interval(p: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``p`` observed on ``n`` trials."""
    if n <= 0:
        raise ValueError(f"n must be > 0, got {n}")
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def _readout():
    # The penalty is chosen by exact efficient leave-one-out on the training runs (the
    # readout's fit), reliable also with more features (neurons) than training runs.
    return make_pipeline(StandardScaler(), RidgeClassifierReadout(alphas=np.logspace(-4, 6, 21)))


def run_templates(*, n_templates: int = 10, n_runs: int = 500, duration: float = 0.5,
                  rate: float = 20.0, jitter: float = 8e-3, n_channels: int = 1,
                  network: Maass2002 | None = None, tau: float = 0.03,
                  multi_tau=(0.01, 0.03, 0.1, 0.3), test_size: float = 0.35,
                  seeds=(0, 1, 2, 3, 4), data_seed: int = 0, dt: float = 1e-4,
                  n_threads: int | None = None, progress: bool = False) -> TemplateResult:
    """Classify jittered spike templates from the liquid state at the end of each run.

    Parameters
    ----------
    n_templates, n_runs, duration, rate, jitter, n_channels
        The task (see :func:`~liquidstate.datasets.spike_templates`): templates of
        ``duration`` s at ``rate`` Hz on ``n_channels`` channels, spikes jittered with SD
        ``jitter`` s.
    network : Maass2002, optional
        The liquid's specification (default: the paper's 135-neuron column).
    tau : float
        Time constant (s) of the exponential filter that makes the states, for the liquid
        and for the control alike (the paper's 30 ms).
    multi_tau : sequence of float or None
        Time constants (s) of the multi-timescale state, reported beside the ``tau`` state
        for the liquid and the control alike; ``None`` skips it.
    test_size : float
        Fraction of the runs held out for testing (stratified; 0.35 as in the paper).
    seeds : sequence of int
        Liquid seeds: one network (and initial state) per seed; the data and the split are
        fixed by ``data_seed``.
    dt, n_threads
        Passed to :func:`~liquidstate.simulate`.
    progress : bool
        Show progress bars (tqdm): over the liquid seeds and, inside, over the simulated
        runs.

    Returns
    -------
    TemplateResult
    """
    start = time.perf_counter()
    spec = network if network is not None else Maass2002()
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one liquid seed")
    multi = None if multi_tau is None else tuple(float(t) for t in np.atleast_1d(multi_tau))
    timings = {"build_s": [], "simulate_s": [], "readout_s": []}
    runs, labels = spike_templates(n_templates, n_runs, duration=duration, rate=rate,
                                   jitter=jitter, n_channels=n_channels, seed=data_seed)
    train, test = train_test_split(np.arange(n_runs), test_size=test_size,
                                   random_state=data_seed, stratify=labels)
    timings["data_s"] = time.perf_counter() - start
    t0 = time.perf_counter()
    control = _score(exponential_states(runs, tau=tau, at_end=True), labels, train, test)
    control_multi = None if multi is None else _score(
        exponential_states(runs, tau=multi, at_end=True), labels, train, test)
    timings["control_s"] = time.perf_counter() - t0
    liquid, liquid_multi = [], []
    with progress_bar(progress, len(seeds), "liquid seeds", "seed") as bar:
        for seed in seeds:
            t0 = time.perf_counter()
            net = spec.build(n_inputs=n_channels, seed=seed)
            t1 = time.perf_counter()
            rec = simulate(net, runs, dt=dt, seed=seed, n_threads=n_threads,
                           progress=progress)
            t2 = time.perf_counter()
            liquid.append(_score(exponential_states(rec.spikes, tau=tau, at_end=True), labels,
                                 train, test))
            if multi is not None:
                liquid_multi.append(_score(exponential_states(rec.spikes, tau=multi,
                                                              at_end=True),
                                           labels, train, test))
            t3 = time.perf_counter()
            for key, value in (("build_s", t1 - t0), ("simulate_s", t2 - t1),
                               ("readout_s", t3 - t2)):
                timings[key].append(value)
            bar.update(1)
            bar.set_postfix(accuracy=f"{liquid[-1]:.3f}")
    n = len(seeds)
    return TemplateResult(liquid=np.array(liquid), control=np.full(n, control),
                          seeds=seeds, n_test=len(test),
                          seconds=time.perf_counter() - start, timings=timings,
                          liquid_multi=None if multi is None else np.array(liquid_multi),
                          control_multi=None if multi is None else np.full(n, control_multi),
                          multi_tau=multi)


def _score(states: np.ndarray, labels: np.ndarray, train, test) -> float:
    """Test accuracy of a readout fitted on the training runs' states."""
    return float(_readout().fit(states[train], labels[train]).score(states[test],
                                                                    labels[test]))


