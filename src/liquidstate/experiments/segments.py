"""The four-segment template task of Maass, Natschlaeger & Markram (2002), with its no-liquid
control.

A run lasts ``n_segments * segment`` seconds (4 x 250 ms); in each segment it plays one of
``n_templates_per_segment`` (2) Poisson templates of its own, chosen independently of the
other segments, every spike jittered (SD 4 ms; see
:func:`~liquidstate.datasets.segmented_templates`). The liquid runs once per run, and one
linear readout *per segment* is trained on the same state, taken at the **end** of the run:
readout ``s`` must name the template of segment ``s``. Segment 4 has just ended, so a 30 ms
filter of the input itself still sees it; segment 3 ended 250 ms ago, so naming it needs a
memory that a 30 ms filter of the input lacks and that the liquid has to supply.

The pipeline is that of :mod:`liquidstate.experiments.templates`: the liquid's states from
:class:`~liquidstate.estimators.LiquidTransformer`, the control's from
:class:`~liquidstate.estimators.InputTransformer` (the same state filter on the input spike
trains themselves), each read by a ridge classifier on standardised states whose penalty is
chosen by leave-one-out on the training runs only; the test runs are used once. Figures are
mean and SD over liquid seeds with the data, the templates and the split fixed by
``data_seed``. Besides the paper's 30 ms state, every readout (liquid and control alike) is
also trained on a multi-timescale state, the spikes filtered with several time constants
(``multi_tau``): a filter bank on the raw input is a strong baseline with a memory of its
own, and it shows where the liquid still adds. Measured figures are in the README;
``python -m liquidstate.experiments.segments [data_seed ...]`` prints them for the paper's
135-neuron column and the 1,000-neuron column of the 10-template benchmark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

from ..datasets import segmented_templates
from ..network.specs import Maass2002, check_spec
from .templates import _extractors, _readout, control_states, liquid_states

__all__ = ["SegmentResult", "run_segments"]


@dataclass(frozen=True)
class SegmentResult:
    """Test accuracies per liquid seed and segment, for the liquid and the no-liquid control.

    ``liquid`` and ``control`` have shape ``(n_seeds, n_segments)`` (the control does not
    depend on the liquid seed: its rows are equal); ``liquid_multi`` and ``control_multi``
    are the same with the multi-timescale state (``None`` without ``multi_tau``).
    """

    liquid: np.ndarray
    control: np.ndarray
    liquid_multi: np.ndarray | None
    control_multi: np.ndarray | None
    seeds: tuple[int, ...]
    tau: float
    multi_tau: tuple[float, ...] | None
    n_train: int
    n_test: int
    seconds: float

    def summary(self) -> dict:
        """Per-segment means and SDs over liquid seeds (JSON-ready)."""
        def stats(a):
            return None if a is None else {"mean": a.mean(axis=0).tolist(),
                                           "sd": a.std(axis=0).tolist(),
                                           "per_seed": a.tolist()}
        return {"liquid": stats(self.liquid), "control": stats(self.control),
                "liquid_multi": stats(self.liquid_multi),
                "control_multi": stats(self.control_multi),
                "seeds": list(self.seeds), "tau": self.tau,
                "multi_tau": None if self.multi_tau is None else list(self.multi_tau),
                "n_train": self.n_train, "n_test": self.n_test, "seconds": self.seconds}


def _scores(states: np.ndarray, labels: np.ndarray, train, test) -> np.ndarray:
    """One readout per segment on the same states: test accuracy of each."""
    return np.array([_readout().fit(states[train], labels[train, s]).score(states[test],
                                                                           labels[test, s])
                     for s in range(labels.shape[1])])


def _split(labels: np.ndarray, test_size: float, seed: int):
    """Train/test indices, stratified by the combination of segment labels when possible."""
    combo = np.unique(labels, axis=0, return_inverse=True)[1].ravel()
    counts = np.bincount(combo)
    n_test = int(np.ceil(test_size * len(labels)))
    ok = counts.min() >= 2 and counts.size <= min(n_test, len(labels) - n_test)
    return train_test_split(np.arange(len(labels)), test_size=test_size, random_state=seed,
                            stratify=combo if ok else None)


def run_segments(*, n_segments: int = 4, segment: float = 0.25,
                 n_templates_per_segment: int = 2, n_runs: int = 500, rate: float = 20.0,
                 jitter: float = 4e-3, n_channels: int = 1, network: Maass2002 | None = None,
                 tau: float = 0.03, multi_tau=(0.01, 0.03, 0.1, 0.3), test_size: float = 0.35,
                 seeds=(0, 1, 2, 3, 4), data_seed: int = 0, dt: float = 1e-4,
                 n_threads: int | None = None, progress: bool = False) -> SegmentResult:
    """Classify every segment of a run from one liquid state at the end of the run.

    Parameters
    ----------
    n_segments, segment, n_templates_per_segment, n_runs, rate, jitter, n_channels
        The task (see :func:`~liquidstate.datasets.segmented_templates`): ``n_segments``
        segments of ``segment`` s, each one of ``n_templates_per_segment`` Poisson templates
        of ``rate`` Hz on ``n_channels`` channels, spikes jittered with SD ``jitter`` s.
    network : Maass2002, optional
        The liquid's specification (default: the paper's 135-neuron column).
    tau : float
        Time constant (s) of the exponential filter that makes the states, for the liquid
        and for the control alike (the paper's 30 ms).
    multi_tau : sequence of float or None
        Time constants (s) of the multi-timescale state, reported beside the ``tau`` state
        for the liquid and the control alike; ``None`` skips it.
    test_size : float
        Fraction of the runs held out for testing (0.35 as in the paper); the split is
        stratified by the combination of segment labels where every combination occurs
        often enough.
    seeds : sequence of int
        Liquid seeds: one network (and initial state) per seed; the data and the split are
        fixed by ``data_seed``.
    dt, n_threads, progress
        Passed to :func:`~liquidstate.simulate`.

    Returns
    -------
    SegmentResult
    """
    start = time.perf_counter()
    spec = check_spec(network)
    if not 0.0 < float(test_size) < 1.0:
        raise ValueError(f"test_size must lie in (0, 1), got {test_size!r}")
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one liquid seed")
    multi = None if multi_tau is None else tuple(float(t) for t in np.atleast_1d(multi_tau))
    runs, labels = segmented_templates(n_segments, segment, n_templates_per_segment, n_runs,
                                       rate=rate, jitter=jitter, n_channels=n_channels,
                                       seed=data_seed)
    train, test = _split(labels, test_size, data_seed)

    extractors = _extractors(tau, multi)
    control = [_scores(X, labels, train, test) for X in control_states(runs, extractors)]
    liquid = []
    for seed in seeds:
        states = liquid_states(runs, spec, seed, extractors, dt=dt, n_threads=n_threads,
                               progress=progress)[0]
        liquid.append([_scores(X, labels, train, test) for X in states])
    n = len(seeds)
    liquid = np.array(liquid)                      # (n_seeds, n_states, n_segments)
    return SegmentResult(
        liquid=liquid[:, 0], control=np.tile(control[0], (n, 1)),
        liquid_multi=None if multi is None else liquid[:, 1],
        control_multi=None if multi is None else np.tile(control[1], (n, 1)),
        seeds=seeds, tau=float(tau), multi_tau=multi, n_train=len(train), n_test=len(test),
        seconds=time.perf_counter() - start)


def _main() -> None:  # pragma: no cover - the documented measurement
    import json
    import sys

    nets = {"column135": Maass2002(),
            "column1000": Maass2002(shape=(10, 10, 10), input_fraction=1.0)}
    data_seeds = [int(a) for a in sys.argv[1:]] or [0]
    for name, spec in nets.items():
        for ds in data_seeds:
            res = run_segments(network=spec, data_seed=ds)
            s = res.summary()
            print(name, "data_seed", ds, json.dumps(
                {k: (None if v is None else {"mean": np.round(v["mean"], 3).tolist(),
                                             "sd": np.round(v["sd"], 3).tolist()})
                 for k, v in s.items() if k.startswith(("liquid", "control"))}),
                f"{res.seconds:.0f} s", flush=True)


if __name__ == "__main__":  # pragma: no cover
    _main()
