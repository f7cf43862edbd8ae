"""The demo: a Maass 2002 column driven by Poisson input, its firing statistics and raster.

Until the learning pipeline exists this shows the liquid alone: build a column, feed it
Poisson spike trains, simulate, summarise the activity, draw sample 0 and write the results.
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

from .._validation import positive_seconds
from ..analysis import firing_statistics
from ..engine import simulate
from ..engine.simulate import default_threads
from ..network import maass2002
from ..network.network import Network
from ..random import check_seed
from ..spikes import SpikeTrains

__all__ = ["run_demo", "network_summary", "statistics_table", "SCHEMA_VERSION"]

#: Version of the layout of ``demo.json``.
SCHEMA_VERSION = 1


def _check_positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


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


def run_demo(out, *, seed: int = 0, n_samples: int = 20, duration: float = 1.0,
             shape: Sequence[int] = (15, 3, 3), n_inputs: int = 4, input_rate: float = 20.0,
             dt: float = 1e-4, progress: bool = True,
             echo: Callable[[str], None] | None = print) -> dict:
    """Simulate a Maass 2002 column on Poisson input; write a raster and a results JSON.

    Parameters
    ----------
    out : path
        Directory for ``raster.png`` and ``demo.json`` (created if missing).
    seed : int
        Seeds the network, the input spikes and the initial potentials.
    n_samples : int
        Number of input samples.
    duration : float
        Duration of each sample (s).
    shape : 3 ints
        Grid of the column (15 x 3 x 3 in the paper).
    n_inputs : int
        Input channels.
    input_rate : float
        Poisson rate of each input channel (Hz).
    dt : float
        Simulation step (s).
    progress : bool
        Show a progress bar while simulating.
    echo : callable or None
        Receives the printed report line by line; ``None`` is silent.

    Returns
    -------
    dict
        What ``demo.json`` holds: ``parameters``, ``network``, ``statistics``, ``timings``,
        ``files``, ``version`` and more.
    """
    say = echo if echo is not None else (lambda _: None)
    seed = check_seed(seed)
    n_samples = _check_positive_int(n_samples, "n_samples")
    n_inputs = _check_positive_int(n_inputs, "n_inputs")
    duration = positive_seconds(duration, "duration")
    input_rate = float(input_rate)
    if not math.isfinite(input_rate) or input_rate < 0:
        raise ValueError(f"input_rate must be a finite number >= 0 Hz, got {input_rate!r}")
    dt = positive_seconds(dt, "dt")
    if not isinstance(shape, Sequence) or len(shape) != 3:
        raise ValueError(f"shape must be 3 positive integers, got {shape!r}")
    shape = tuple(_check_positive_int(s, "shape") for s in shape)
    out = _check_out_dir(out)

    from .. import __version__

    timings = {}
    t0 = time.perf_counter()
    network = maass2002(shape, n_inputs=n_inputs, seed=seed)
    timings["build_s"] = time.perf_counter() - t0
    say(f"liquidstate {__version__} demo: Maass 2002 column, seed {seed}")
    say(network_summary(network, shape))

    t0 = time.perf_counter()
    inputs = SpikeTrains.poisson(np.full(n_inputs, input_rate), duration, n_samples, seed=seed)
    timings["inputs_s"] = time.perf_counter() - t0
    say(f"input     {n_samples} samples x {duration:g} s, {n_inputs} Poisson channels at "
        f"{input_rate:g} Hz ({inputs.n_events} spikes)")

    t0 = time.perf_counter()
    rec = simulate(network, inputs, dt=dt, seed=seed, progress=progress)
    timings["simulate_s"] = time.perf_counter() - t0
    simulated = float(inputs.durations.sum())
    say(f"simulated {simulated:g} s of liquid time in {timings['simulate_s']:.3f} s wall time "
        f"({simulated / timings['simulate_s']:.1f}x real time, dt = {dt * 1e3:g} ms, "
        f"{default_threads()} threads; includes Numba compilation or cache loading)")

    t0 = time.perf_counter()
    stats = firing_statistics(rec.spikes, network)
    timings["statistics_s"] = time.perf_counter() - t0
    say("firing statistics:")
    say(statistics_table(stats))

    t0 = time.perf_counter()
    raster_path = out / "raster.png"
    _write_raster(raster_path, rec.spikes, network, inputs, seed, shape)
    timings["plot_s"] = time.perf_counter() - t0

    json_path = out / "demo.json"
    result = {
        "schema_version": SCHEMA_VERSION,
        "kind": "liquidstate.demo",
        "version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": seed,
        "parameters": {
            "network": "maass2002", "shape": list(shape), "n_inputs": n_inputs,
            "input_rate_hz": input_rate, "n_samples": n_samples, "duration_s": duration,
            "dt_s": dt, "seed": seed,
        },
        "network": {
            "n_neurons": network.n_neurons,
            "n_excitatory": int((~network.inhibitory).sum()),
            "n_inhibitory": int(network.inhibitory.sum()),
            "n_synapses": network.n_synapses,
            "n_input_synapses": int(network.input_channel.size),
        },
        "input": {"n_spikes": inputs.n_events},
        "statistics": stats.to_dict(),
        "timings": {k: round(v, 6) for k, v in timings.items()},
        "environment": {"python": platform.python_version(), "numpy": np.__version__,
                        "threads": default_threads()},
        "files": {"raster": raster_path.name, "results": json_path.name},
    }
    tmp = json_path.with_name(json_path.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, allow_nan=False) + "\n")
    os.replace(tmp, json_path)
    say(f"wrote     {raster_path}")
    say(f"wrote     {json_path}")
    return result


def _write_raster(path: Path, spikes, network, inputs, seed: int, shape) -> None:
    """Raster of sample 0 with its input, rendered with Agg (no pyplot, no display)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError("the demo's raster needs matplotlib: "
                          "pip install 'liquidstate[plot]'") from None
    from ..plotting import raster

    fig = Figure(figsize=(9, 5.5), constrained_layout=True)
    FigureCanvasAgg(fig)
    input_ax, ax = fig.subplots(2, 1, sharex=True, gridspec_kw=dict(height_ratios=[1, 4]))
    rates = spikes.rates()[0]
    raster(spikes, 0, ax=ax, network=network, inputs=inputs, input_ax=input_ax,
           title=f"Maass 2002 column {'x'.join(map(str, shape))}, seed {seed}, sample 0 "
                 f"(mean rate {rates.mean():.1f} Hz)")
    fig.savefig(path, dpi=120)
