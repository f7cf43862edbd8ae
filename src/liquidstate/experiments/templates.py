"""The template-classification benchmark of Maass, Natschlaeger & Markram (2002), with its
no-liquid control.

Each run is a jittered copy of one of ``n_templates`` Poisson spike templates; a linear
readout on the liquid's state at the end of the run names the template. The control is the
same state filter and readout on the input spike trains themselves, so the difference is what
the liquid adds. Hyperparameters (the ridge penalty) are chosen on the training runs only
(generalised cross-validation), the test runs are used once, and the figures are reported as
mean and SD over several liquid seeds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

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
    ``data_s``, ``control_s`` and, per seed, ``build_s``, ``simulate_s``, ``readout_s``.
    """

    liquid: np.ndarray
    control: np.ndarray
    seeds: tuple[int, ...]
    n_test: int
    seconds: float
    timings: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """Means, SDs (over seeds) and Wilson 95% intervals: the liquid's pooled over its
        ``n_test * len(seeds)`` test predictions, the control's over its ``n_test``."""
        lo, hi = wilson_interval(self.liquid.mean(), self.n_test * len(self.seeds))
        clo, chi = wilson_interval(self.control.mean(), self.n_test)
        return {"liquid_mean": float(self.liquid.mean()), "liquid_sd": float(self.liquid.std()),
                "control_mean": float(self.control.mean()),
                "control_sd": float(self.control.std()),
                "liquid_ci95": [lo, hi], "control_ci95": [clo, chi],
                "liquid": self.liquid.tolist(),
                "control": self.control.tolist(), "seeds": list(self.seeds),
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
                  test_size: float = 0.35, seeds=(0, 1, 2, 3, 4), data_seed: int = 0,
                  dt: float = 1e-4, n_threads: int | None = None,
                  progress: bool = False) -> TemplateResult:
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
    timings = {"build_s": [], "simulate_s": [], "readout_s": []}
    runs, labels = spike_templates(n_templates, n_runs, duration=duration, rate=rate,
                                   jitter=jitter, n_channels=n_channels, seed=data_seed)
    train, test = train_test_split(np.arange(n_runs), test_size=test_size,
                                   random_state=data_seed, stratify=labels)
    timings["data_s"] = time.perf_counter() - start
    t0 = time.perf_counter()
    control_states = exponential_states(runs, tau=tau, at_end=True)
    control = _readout().fit(control_states[train], labels[train]).score(
        control_states[test], labels[test])
    timings["control_s"] = time.perf_counter() - t0
    liquid = []
    bar = _seed_bar(progress, len(seeds))
    try:
        for seed in seeds:
            t0 = time.perf_counter()
            net = spec.build(n_inputs=n_channels, seed=seed)
            t1 = time.perf_counter()
            rec = simulate(net, runs, dt=dt, seed=seed, n_threads=n_threads,
                           progress=progress)
            t2 = time.perf_counter()
            states = exponential_states(rec.spikes, tau=tau, at_end=True)
            liquid.append(_readout().fit(states[train], labels[train]).score(states[test],
                                                                             labels[test]))
            t3 = time.perf_counter()
            for key, value in (("build_s", t1 - t0), ("simulate_s", t2 - t1),
                               ("readout_s", t3 - t2)):
                timings[key].append(value)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(accuracy=f"{liquid[-1]:.3f}")
    finally:
        if bar is not None:
            bar.close()
    return TemplateResult(liquid=np.array(liquid), control=np.full(len(seeds), control),
                          seeds=seeds, n_test=len(test),
                          seconds=time.perf_counter() - start, timings=timings)


def _seed_bar(progress: bool, n_seeds: int):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise ImportError("progress=True needs tqdm: pip install 'liquidstate[progress]'") \
            from None
    return tqdm(total=n_seeds, unit="seed", desc="liquid seeds")
