"""The demo, and what ``make demo`` runs: a template benchmark where the liquid matters.

Ten jittered spike templates (Maass 2002), a linear readout on the liquid state at the end of
each run, and beside it the same readout on the input alone (through
:func:`~liquidstate.experiments.run_templates`, the library's public pipeline); plus the
liquid's firing statistics, a raster, a liquid-state plot and an accuracy plot.
"""

from __future__ import annotations

import json
import math
import os
import platform
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..plotting import agg_figure
from .._validation import nonnegative_seconds, positive_int, positive_seconds
from ..analysis import firing_statistics
from ..engine.simulate import default_threads
from ..network.network import Network
from ..network.topology import check_shape
from ..random import check_seed

__all__ = ["run_demo", "network_summary", "statistics_table", "SCHEMA_VERSION"]

#: Version of the layout of ``demo.json``.
SCHEMA_VERSION = 2


def _check_out_dir(out) -> Path:
    """Create ``out`` if needed and make sure files can be written there."""
    try:
        path = Path(out)
    except TypeError:
        raise TypeError(f"out must be a path, got {out!r}") from None
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".liquidstate-write-test-"):
            pass
    except OSError as e:
        reason = e.strerror or str(e)
        raise ValueError(f"out directory {str(path)!r} cannot be written: {reason}") from None
    return path


def network_summary(network: Network, shape: Sequence[int] | None = None) -> str:
    """A few lines describing a liquid: neurons, synapses, degrees, input projection."""
    n = network.n_neurons
    n_i = int(network.inhibitory.sum())
    pre_inh = network.inhibitory[network.pre]
    post_inh = network.inhibitory[network.post]
    per_class = {name: int(np.sum((pre_inh == a) & (post_inh == b)))
                 for name, a, b in (("EE", False, False), ("EI", False, True),
                                    ("IE", True, False), ("II", True, True))}
    grid = f" on a {'x'.join(str(s) for s in shape)} grid" if shape is not None else ""
    dyn = int(network.is_dynamic.sum())
    lines = [
        f"neurons   {n}{grid}: {n - n_i} excitatory, {n_i} inhibitory",
        f"synapses  {network.n_synapses} ({dyn} dynamic), mean in-degree "
        f"{network.n_synapses / n:.2f}; " + ", ".join(f"{k} {v}" for k, v in per_class.items()),
        f"inputs    {network.n_inputs} channels, {network.input_channel.size} input synapses "
        f"({network.input_channel.size / max(network.n_inputs, 1):.0f} per channel)",
    ]
    return "\n".join(lines)


def _fmt(value, spec: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return format(value, spec)


def statistics_table(stats) -> str:
    """The firing statistics as an aligned two-column text table."""
    rows = [
        ("mean rate, all (Hz)", _fmt(stats.rate, ".2f")),
        ("mean rate, E (Hz)", _fmt(stats.rate_e, ".2f")),
        ("mean rate, I (Hz)", _fmt(stats.rate_i, ".2f")),
        ("max neuron rate (Hz)", _fmt(stats.max_rate, ".2f")),
        ("silent neurons", _fmt(stats.fraction_silent, ".1%")),
        (f"CV of ISIs ({stats.n_cv} trains)", _fmt(stats.cv_isi, ".3f")),
        (f"Fano factor ({stats.fano_window * 1e3:g} ms)", _fmt(stats.fano_factor, ".3f")),
        (f"synchrony chi ({stats.bin_width * 1e3:g} ms)", _fmt(stats.synchrony, ".3f")),
        ("spikes", f"{stats.n_spikes}"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v:>9}" for k, v in rows)


def run_demo(out, *, seed: int = 0, n_templates: int = 10, n_runs: int = 500,
             n_seeds: int = 5, shape: Sequence[int] = (10, 10, 10), jitter: float = 8e-3,
             dt: float = 1e-4, progress: bool = True,
             echo: Callable[[str], None] | None = print) -> dict:
    """The main job: a Maass 2002 template benchmark where the liquid matters, end to end.

    ``n_templates`` Poisson spike templates (0.5 s, 20 Hz, one input channel) are presented
    ``n_runs`` times with Gaussian jitter; a ridge readout on the liquid state at the end of
    each run (spikes filtered with 30 ms) names the template, and the same filter and readout
    on the input alone is the control. The penalty is chosen on the training runs only (65%),
    the test runs are used once, and accuracies are reported as mean and SD over ``n_seeds``
    liquids with a Wilson 95% interval. Also prints the liquid's firing statistics and writes
    a raster, a liquid-state plot and an accuracy plot.

    Parameters
    ----------
    out : path
        Directory for ``raster.png``, ``states.png``, ``accuracy.png`` and ``demo.json``
        (created if missing).
    seed : int
        The data seed; the liquids are seeds ``seed .. seed + n_seeds - 1``.
    n_templates, n_runs, jitter : int, int, float
        The task: number of templates, of runs, and the jitter SD in seconds.
    n_seeds : int
        Number of liquids (seeds).
    shape : 3 ints
        Grid of the Maass column (default 10 x 10 x 10 = 1,000 neurons; every neuron gets
        the input).
    dt : float
        Simulation step (s).
    progress : bool
        Show progress bars.
    echo : callable or None
        Receives the printed report line by line; ``None`` is silent.

    Returns
    -------
    dict
        What ``demo.json`` holds: ``parameters``, ``network``, ``accuracy``, ``statistics``,
        ``timings``, ``files``, ``version`` and more.
    """
    say = echo if echo is not None else (lambda _: None)
    seed = check_seed(seed)
    n_templates = positive_int(n_templates, "n_templates")
    n_runs = positive_int(n_runs, "n_runs")
    n_seeds = positive_int(n_seeds, "n_seeds")
    jitter = nonnegative_seconds(jitter, "jitter")
    if n_runs < 3 * n_templates:
        raise ValueError(f"n_runs must be at least 3 per template ({3 * n_templates}), "
                         f"got {n_runs}")
    dt = positive_seconds(dt, "dt")
    shape = check_shape(shape)
    out = _check_out_dir(out)

    from .. import __version__
    from ..datasets import spike_templates
    from ..network.specs import Maass2002
    from ..states import StateExtractor
    from .templates import liquid_states, run_templates

    spec = Maass2002(shape=shape, input_fraction=1.0)
    seeds = tuple(range(seed, seed + n_seeds))
    network = spec.build(n_inputs=1, seed=seeds[0])     # what the first liquid draws
    say(f"liquidstate {__version__} demo: {n_templates} jittered spike templates "
        f"(Maass 2002), data seed {seed}")
    say(network_summary(network, shape))
    say(f"task      {n_runs} runs of 0.5 s, 1 input channel at 20 Hz, jitter SD "
        f"{jitter * 1e3:g} ms; 65% train / 35% test; state = spikes filtered with 30 ms at "
        f"the end of the run")

    timings = {}
    t0 = time.perf_counter()
    result = run_templates(n_templates=n_templates, n_runs=n_runs, jitter=jitter,
                           network=spec, seeds=seeds, data_seed=seed, dt=dt,
                           multi_tau=None, progress=progress)  # the demo shows 30 ms only
    timings["benchmark_s"] = time.perf_counter() - t0
    summary = result.summary()
    chance = 1.0 / n_templates
    say(f"accuracy  liquid  {100 * summary['liquid_mean']:.1f} +- "
        f"{100 * summary['liquid_sd']:.1f}% (95% CI {100 * summary['liquid_ci95'][0]:.1f}-"
        f"{100 * summary['liquid_ci95'][1]:.1f}%, {n_seeds} liquids)")
    say(f"          control {100 * summary['control_mean']:.1f}% (95% CI "
        f"{100 * summary['control_ci95'][0]:.1f}-{100 * summary['control_ci95'][1]:.1f}%): "
        f"the same readout on the input without the liquid; chance {100 * chance:.0f}%")
    say(f"          {timings['benchmark_s']:.1f} s for {n_seeds} liquids x {n_runs} runs")

    # the first liquid once more (the benchmark's pipeline), for its activity and pictures
    runs, labels = spike_templates(n_templates, n_runs, duration=0.5, rate=20.0,
                                   jitter=jitter, seed=seed)
    t0 = time.perf_counter()
    _, liquid, rec, _ = liquid_states(runs, spec, seeds[0], [StateExtractor()], dt=dt)
    network = liquid.network_
    timings["simulate_s"] = time.perf_counter() - t0
    stats = firing_statistics(rec.spikes, network)
    say("firing statistics of the liquid on the task's runs:")
    say(statistics_table(stats))

    t0 = time.perf_counter()
    paths = {"raster": out / "raster.png", "states": out / "states.png",
             "accuracy": out / "accuracy.png"}
    _write_raster(paths["raster"], rec.spikes, network, runs, seeds[0], shape)
    _write_states(paths["states"], rec.spikes, runs, labels)
    _write_accuracy(paths["accuracy"], result, summary, chance)
    timings["plot_s"] = time.perf_counter() - t0

    json_path = out / "demo.json"
    doc = {
        "schema_version": SCHEMA_VERSION,
        "kind": "liquidstate.demo",
        "version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": seed,
        "parameters": {
            "task": "spike_templates", "n_templates": n_templates, "n_runs": n_runs,
            "duration_s": 0.5, "rate_hz": 20.0, "jitter_s": jitter, "test_size": 0.35,
            "tau_s": 0.03, "network": "maass2002", "shape": list(shape),
            "input_fraction": 1.0, "liquid_seeds": list(seeds), "dt_s": dt, "seed": seed,
        },
        "network": {
            "n_neurons": network.n_neurons,
            "n_excitatory": int((~network.inhibitory).sum()),
            "n_inhibitory": int(network.inhibitory.sum()),
            "n_synapses": network.n_synapses,
            "n_input_synapses": int(network.input_channel.size),
        },
        "accuracy": {**summary, "chance": chance},
        "statistics": stats.to_dict(),
        "timings": {k: round(v, 6) for k, v in timings.items()},
        "environment": {"python": platform.python_version(), "numpy": np.__version__,
                        "threads": default_threads()},
        "files": {**{k: p.name for k, p in paths.items()}, "results": json_path.name},
    }
    tmp = json_path.with_name(json_path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, allow_nan=False) + "\n")
    os.replace(tmp, json_path)
    for p in (*paths.values(), json_path):
        say(f"wrote     {p}")
    return doc


def _write_states(path: Path, spikes, runs, labels) -> None:
    """The liquid state (spikes filtered with 30 ms) over time, for one run of each of the
    first two templates, neurons sorted by their mean state."""
    from ..states import exponential_states

    fig = agg_figure((9, 4.5))
    picks = [int(np.flatnonzero(labels == k)[0]) for k in np.unique(labels)[:2]]
    times = np.arange(1, 501) * 1e-3
    states = exponential_states(spikes.select(picks), tau=0.03, times=times)
    order = np.argsort(states.mean(axis=(0, 1)))
    axes = fig.subplots(1, len(picks), sharey=True, squeeze=False)[0]
    vmax = float(np.percentile(states, 99.5)) or 1.0
    for ax, run, x in zip(axes, picks, states):
        im = ax.imshow(x[:, order].T, aspect="auto", origin="lower", cmap="magma",
                       extent=(0, 0.5, 0, x.shape[1]), vmin=0, vmax=vmax)
        ax.set_title(f"run {run}: template {labels[run]}")
        ax.set_xlabel("time (s)")
    axes[0].set_ylabel("neuron (sorted by mean state)")
    fig.colorbar(im, ax=axes, label="filtered spikes (tau = 30 ms)")
    fig.savefig(path, dpi=110)


def _write_accuracy(path: Path, result, summary: dict, chance: float) -> None:
    from ..plotting import accuracy_bars

    fig = agg_figure((7, 4))
    accuracy_bars(result.liquid, result.control, result.seeds, ax=fig.subplots(),
                  ci=summary["liquid_ci95"], control_ci=summary["control_ci95"],
                  chance=chance, title="test accuracy per liquid seed")
    fig.savefig(path, dpi=110)


def _write_raster(path: Path, spikes, network, inputs, seed: int, shape) -> None:
    """Raster of sample 0 with its input, rendered with Agg (no pyplot, no display)."""
    from ..plotting import raster

    fig = agg_figure((9, 5.5))
    input_ax, ax = fig.subplots(2, 1, sharex=True, gridspec_kw=dict(height_ratios=[1, 4]))
    rates = spikes.rates()[0]
    raster(spikes, 0, ax=ax, network=network, inputs=inputs, input_ax=input_ax,
           title=f"Maass 2002 column {'x'.join(map(str, shape))}, seed {seed}, sample 0 "
                 f"(mean rate {rates.mean():.1f} Hz)")
    fig.savefig(path, dpi=120)
