"""The template-classification benchmark of Maass, Natschlaeger & Markram (2002), with its
no-liquid control.

Each run is a jittered copy of one of ``n_templates`` Poisson spike templates; a linear
readout on the liquid's state at the end of the run names the template. The pipeline is the
library's public one: the liquid's states come from
:class:`~liquidstate.estimators.LiquidTransformer` (runs keyed by their content), the
control's from :class:`~liquidstate.estimators.InputTransformer` (the same state filter on the
input spike trains themselves), and both are read by a
:class:`~liquidstate.readouts.RidgeClassifierReadout` on standardised states, the penalty
chosen from :data:`~liquidstate.readouts.DEFAULT_ALPHAS` by leave-one-out on the training runs
only. The difference between liquid and control is what the liquid adds. The test runs are
used once, and the figures are reported as mean and SD over several liquid seeds. Besides the
paper's 30 ms state, the readout (liquid and control alike) is also trained on a
multi-timescale state, the spikes filtered with several time constants (``multi_tau``): a
filter bank on the raw input is a strong baseline with a memory of its own, and it shows
where the liquid still adds. Measured figures are in the README and ``benchmarks/``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import train_test_split

from .._progress import progress_bar
from ..datasets import spike_templates
from ..estimators import InputTransformer, LiquidTransformer
from ..network.specs import Maass2002, check_spec
from ..readouts import RidgeClassifierReadout
from ..spikes import SpikeTrains
from ..states import StateExtractor

__all__ = ["TemplateResult", "run_templates", "wilson_interval", "liquid_states",
           "control_states"]


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


def _readout() -> RidgeClassifierReadout:
    """The experiments' classifier readout: ridge on standardised states, the penalty chosen
    from ``DEFAULT_ALPHAS`` by exact leave-one-out on the training runs (reliable also with
    more features than training runs)."""
    return RidgeClassifierReadout(standardize=True)


def _extractors(tau: float, multi: tuple[float, ...] | None, **sampling) -> list:
    """The state of ``tau`` and, unless ``multi`` is None, the multi-timescale state."""
    out = [StateExtractor(tau=tau, **sampling)]
    if multi is not None:
        out.append(StateExtractor(tau=multi if len(multi) > 1 else multi[0], **sampling))
    return out


def control_states(runs: SpikeTrains, extractors: list) -> list[np.ndarray]:
    """The no-liquid control's states of ``runs``, one array per extractor."""
    return [InputTransformer(extractor=ex).fit_transform(runs) for ex in extractors]


def liquid_states(runs: SpikeTrains, network, seed: int, extractors: list, *,
                  dt: float = 1e-4, n_threads: int | None = None, progress: bool = False
                  ) -> tuple[list[np.ndarray], LiquidTransformer, object, dict]:
    """The liquid's states of ``runs``, one array per extractor, from one simulation.

    A :class:`~liquidstate.estimators.LiquidTransformer` of ``network`` and ``seed`` draws
    the liquid and simulates ``runs`` once (its :meth:`recording`, keyed by content); every
    extractor reads that recording. Returns the states, the fitted transformer, the
    recording and wall-clock ``{"build_s", "simulate_s"}``.
    """
    t0 = time.perf_counter()
    liquid = LiquidTransformer(network=network, random_state=seed, dt=dt, n_threads=n_threads,
                               progress=progress).fit(runs)
    t1 = time.perf_counter()
    rec = liquid.recording(runs)
    t2 = time.perf_counter()
    states = [np.asarray(ex(rec), dtype=np.float64) for ex in extractors]
    return states, liquid, rec, {"build_s": t1 - t0, "simulate_s": t2 - t1}


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
    spec = check_spec(network)
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
    extractors = _extractors(tau, multi)
    t0 = time.perf_counter()
    control = [_score(X, labels, train, test) for X in control_states(runs, extractors)]
    timings["control_s"] = time.perf_counter() - t0
    liquid = []
    with progress_bar(progress, len(seeds), "liquid seeds", "seed") as bar:
        for seed in seeds:
            states, _, _, times = liquid_states(runs, spec, seed, extractors, dt=dt,
                                                n_threads=n_threads, progress=progress)
            t0 = time.perf_counter()
            liquid.append([_score(X, labels, train, test) for X in states])
            times["readout_s"] = time.perf_counter() - t0
            for key in ("build_s", "simulate_s", "readout_s"):
                timings[key].append(times[key])
            bar.update(1)
            bar.set_postfix(accuracy=f"{liquid[-1][0]:.3f}")
    n = len(seeds)
    liquid = np.array(liquid)
    return TemplateResult(liquid=liquid[:, 0], control=np.full(n, control[0]),
                          seeds=seeds, n_test=len(test),
                          seconds=time.perf_counter() - start, timings=timings,
                          liquid_multi=None if multi is None else liquid[:, 1],
                          control_multi=None if multi is None else np.full(n, control[1]),
                          multi_tau=multi)


def _score(states: np.ndarray, labels: np.ndarray, train, test) -> float:
    """Test accuracy of a readout fitted on the training runs' states."""
    return float(_readout().fit(states[train], labels[train]).score(states[test],
                                                                    labels[test]))


