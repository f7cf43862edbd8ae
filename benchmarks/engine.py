#!/usr/bin/env python
"""Engine benchmark: liquidstate against Brian2 (runtime and cpp_standalone) and NEST.

The standard workload: the Maass (2002) column (135 neurons, and 10 x 10 x 10 = 1,000) with
dynamic synapses at the paper's amplitudes, 4 input channels of 20 Hz Poisson spikes
projecting to 30% of the neurons, 100 samples of 1 s each at dt = 0.1 ms, state reset between
samples. The network is drawn once by ``liquidstate.maass2002`` and its arrays are copied into
every simulator, so all of them simulate the same liquid on the same input spikes.

Each measurement runs in its own subprocess (``--worker``), so peak memory is isolated and
one simulator's imports and caches do not affect another's. See ``benchmarks/README.md``.

    python benchmarks/engine.py                                   # the standard workload
    python benchmarks/engine.py --samples 3 --duration 0.2 --repeats 1   # a quick check
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

SIMULATORS = ("liquidstate", "brian2-runtime", "brian2-standalone", "nest",
              "brian2-standalone-sequential", "nest-sequential")
OPTIONAL_SIMULATORS = ("brian2-runtime-copies",)
SHAPES = {135: (15, 3, 3), 1000: (10, 10, 10), 10000: (100, 10, 10)}
N_INPUTS = 4
INPUT_RATE = 20.0  # Hz per channel
MARK = "@@RESULT "
_TOL = 1e-6  # the engine's tolerance for on-grid times (fraction of a step)


# ----------------------------------------------------------------------------- the workload

def shape_of(neurons: str | int) -> tuple[int, int, int]:
    """A grid shape from a neuron count of the table above, a cube, or 'AxBxC'."""
    s = str(neurons)
    if "x" in s:
        shape = tuple(int(v) for v in s.split("x"))
        if len(shape) != 3 or min(shape) < 1:
            raise ValueError(f"--neurons: a grid shape needs 3 positive sizes, got {s!r}")
        return shape
    n = int(s)
    if n in SHAPES:
        return SHAPES[n]
    k = round(n ** (1 / 3))
    if k ** 3 == n:
        return (k, k, k)
    raise ValueError(f"--neurons {n}: give one of {sorted(SHAPES)}, a cube, or a shape AxBxC")


def make_workload(neurons, samples: int, duration: float, dt: float, seed: int):
    """The network, the input spikes on the dt grid (one spike per channel and step at most),
    each sample's initial potentials (V) and the input events as (step, channel) per sample.

    The Poisson times are moved to the start of their step and a second spike of a channel in
    the same step is dropped: liquidstate would deliver both, but Brian2's SpikeGeneratorGroup
    accepts one spike per neuron and step, and every simulator must see the same input.
    """
    import liquidstate as ls
    from liquidstate.random import rng

    net = ls.maass2002(shape_of(neurons), n_inputs=N_INPUTS, seed=seed)
    if np.any(net.noise_std > 0):
        raise ValueError("the benchmark network must be noise-free")
    raw = ls.SpikeTrains.poisson([INPUT_RATE] * N_INPUTS, duration, samples, seed=seed + 1)
    n_steps = int(round(duration / dt))
    events, steps_channels = [], []
    for i in range(samples):
        t, c = raw.sample(i)
        k = np.minimum(np.floor(t / dt + _TOL).astype(np.int64), n_steps - 1)
        key = np.unique(k * N_INPUTS + c)  # sorted by step, then channel; duplicates dropped
        k, c = key // N_INPUTS, key % N_INPUTS
        events.append((k * dt, c))
        steps_channels.append((k, c))
    inputs = ls.SpikeTrains.from_events(events, duration, N_INPUTS)
    # The engine draws sample s's initial V from the stream keyed (seed, "v_init", s); the
    # references get the very same numbers (simulate is called with seed=seed).
    v0 = np.empty((samples, net.n_neurons))
    for s in range(samples):
        g = rng(seed, "v_init", s)
        v0[s] = net.v_init_low + (net.v_init_high - net.v_init_low) * g.random(net.n_neurons)
    return net, inputs, v0, steps_channels, n_steps


def synaptic_events(net, counts: np.ndarray, steps_channels) -> int:
    """PSCs delivered: spikes times out-degree, recurrent plus input."""
    out_deg = np.bincount(net.pre, minlength=net.n_neurons)
    in_deg = np.bincount(net.input_channel, minlength=net.n_inputs)
    in_counts = np.zeros(net.n_inputs, np.int64)
    for _, c in steps_channels:
        in_counts += np.bincount(c, minlength=net.n_inputs)
    return int(counts @ out_deg + in_counts @ in_deg)


def sequential_layout(net, args) -> tuple[int, int, int]:
    """The time line of the sequential modes: (steps of a sample, steps of the silent gap after
    it, steps from one sample start to the next); sample ``s`` starts at step ``s * period``.

    The gap must outlast the longest delay (recurrent or input) and refractory period, so that
    at the next sample's start nothing is in transit and no neuron is refractory."""
    n_steps = round(args.duration / args.dt)
    gap_steps = round(args.gap / args.dt)
    longest = max(float(np.max(net.delay, initial=0.0)),
                  float(np.max(net.input_delay, initial=0.0)))
    need = int(np.ceil((longest + float(np.max(net.t_ref))) / args.dt - _TOL)) + 2
    if gap_steps < need:
        raise ValueError(f"--gap {args.gap:g} s is too short for this network: it needs at "
                         f"least {need * args.dt * 1e3:g} ms (longest delay + refractory "
                         "period + 2 steps)")
    return n_steps, gap_steps, n_steps + gap_steps


# ----------------------------------------------------------------------------- memory helpers

def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except OSError:
        return float("nan")


def exec_measure(argv: list[str]) -> int:
    """``--exec-measure OUT CMD...``: run CMD, write its wall time and peak RSS to OUT (JSON).

    Brian2's standalone binary is launched through this (as ``run_cmd_unix``) so that its own
    peak memory is measured, not that of the compiler or of the Python process."""
    out, cmd = argv[0], argv[1:]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    runs = []
    if os.path.exists(out):
        with open(out) as f:
            runs = json.load(f)
    runs.append({"wall": wall, "peak_rss_mb": ru.ru_maxrss / 1024.0, "returncode": code})
    with open(out, "w") as f:
        json.dump(runs, f)
    return code


# ----------------------------------------------------------------------------- workers

def worker_liquidstate(args, net, inputs, v0, sc, n_steps):
    import liquidstate as ls

    threads = args.threads
    # load (or compile) the Numba kernel before timing: start-up is measured separately
    ls.simulate(net, duration=0.01, n_samples=1, dt=args.dt, n_threads=threads, seed=args.seed)
    base = current_rss_mb()
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        rec = ls.simulate(net, inputs, dt=args.dt, n_threads=threads, seed=args.seed)
        times.append(time.perf_counter() - t0)
    counts = rec.spikes.counts().sum(axis=0)
    t, c = rec.spikes.sample(0)
    steps0 = np.floor(t / args.dt + _TOL).astype(np.int64)
    tl, cl = rec.spikes.sample(len(sc) - 1)
    last = (np.floor(tl / args.dt + _TOL).astype(np.int64), cl)
    every = None
    if args.check_all:
        every = []
        for s in range(len(sc)):
            ts, cs = rec.spikes.sample(s)
            every.append((np.full(ts.size, s), np.floor(ts / args.dt + _TOL).astype(np.int64),
                          cs))
    try:  # the size of one sample's State (V, currents, ring buffer, synapse u and x, ...)
        from liquidstate.engine import compile_plan, initial_state

        st = initial_state(compile_plan(net, args.dt), 1)
        state_mb = sum(v.nbytes for v in vars(st).values() if isinstance(v, np.ndarray)) / 2**20
    except Exception:  # noqa: BLE001 - informational only
        state_mb = None
    output_mb = sum(a.nbytes for a in (rec.spikes.times, rec.spikes.channels)) / 2 ** 20
    return dict(times=times, setup=[0.0] * len(times), counts=counts, sample0=(steps0, c),
                sample_last=last, all_spikes=every,
                base_rss_mb=base, state_mb_per_sample=state_mb, spikes_output_mb=output_mb,
                info={"n_threads": threads})


def _brian2_prefs(b2, args):
    b2.prefs.codegen.target = args.brian2_target
    b2.prefs.codegen.loop_invariant_optimisations = True
    b2.prefs.logging.console_log_level = "WARNING"
    b2.BrianLogger.suppress_name("method_choice")
    b2.defaultclock.dt = args.dt * b2.second


def brian2_network(b2, net, dt: float, copies: int, gate: str | None = None):
    """``copies`` disconnected copies of ``net`` as Brian2 objects (neuron ``i`` of copy ``s``
    is ``s * N + i``; input channel ``c`` of copy ``s`` is ``s * n_inputs + c``). ``gate``: an
    extra condition (on shared variables only) that a spike also needs (the sequential mode
    uses it to silence the gaps between samples).

    Mirrors the engine: exact integration of the linear LIF with exponential currents;
    ``V >= v_thresh`` -> reset, V held for ``t_ref`` (Brian2 counts the refractory period from
    the step of the spike, the engine from the step after it, hence ``t_ref + dt``); a PSC
    reaches the current at the end of the step ``delay`` after the spike in both; dynamic
    synapses apply the Markram (1998) recursion event by event (first PSC: u = U, x = 1).
    Parameters that are equal for all neurons are constants (faster for Brian2).
    """
    N, S = net.n_neurons, copies
    second, ohm, volt, amp = b2.second, b2.ohm, b2.volt, b2.amp
    params = [("tau_m", net.tau_m, "second"), ("r_m", net.r_m, "ohm"),
              ("v_rest", net.v_rest, "volt"), ("i_bg", net.i_background, "amp"),
              ("tau_e", net.tau_syn_e, "second"), ("tau_i", net.tau_syn_i, "second"),
              ("v_th", net.v_thresh, "volt"), ("v_reset", net.v_reset, "volt"),
              ("t_refb", net.t_ref + dt, "second")]
    units = {"second": second, "ohm": ohm, "volt": volt, "amp": amp}
    lines = ["dv/dt = (-(v - v_rest) + r_m*(I_e + I_i + i_bg))/tau_m : volt (unless refractory)",
             "dI_e/dt = -I_e/tau_e : amp",
             "dI_i/dt = -I_i/tau_i : amp"]
    namespace, per_neuron = {}, {}
    for name, values, unit in params:
        if np.all(values == values[0]):
            namespace[name] = float(values[0]) * units[unit]
        else:
            lines.append(f"{name} : {unit} (constant)")
            per_neuron[name] = (values, units[unit])
    threshold = "v >= v_th" if gate is None else f"v >= v_th and ({gate})"
    G = b2.NeuronGroup(N * S, "\n".join(lines), threshold=threshold, reset="v = v_reset",
                       refractory="t_refb", method="exact", namespace=namespace, name="liquid")
    for name, (values, unit) in per_neuron.items():
        setattr(G, name, np.tile(values, S) * unit)

    offset = np.repeat(np.arange(S, dtype=np.int64), net.n_synapses) * N
    pre = np.tile(net.pre, S) + offset
    post = np.tile(net.post, S) + offset
    tile = lambda a: np.tile(a, S)  # noqa: E731
    w, d, U, D, F = (tile(net.weight), tile(net.delay), tile(net.U), tile(net.D), tile(net.F))
    dyn = tile(net.is_dynamic)
    # an exp(-Delta/T) that is exactly 0 for T = 0 (no division by zero)
    decay = "int({T} > 0*second)*exp(-(t - tlast)/({T} + int({T} <= 0*second)*second))"
    dyn_model = ("w : amp (constant)\nU : 1 (constant)\nD : second (constant)\n"
                 "F : second (constant)\nu : 1\nx : 1\ntlast : second")
    objects = [G]
    for target, sign in (("I_e", w >= 0), ("I_i", w < 0)):
        for is_dyn in (True, False):
            m = sign & (dyn if is_dyn else ~dyn)
            if not m.any():
                continue
            name = f"syn_{target[-1]}_{'dyn' if is_dyn else 'static'}"
            if is_dyn:
                on_pre = (f"x = 1 + (x - u*x - 1)*{decay.format(T='D')}\n"
                          f"u = U + u*(1 - U)*{decay.format(T='F')}\n"
                          f"{target}_post += w*u*x\n"
                          "tlast = t")
                syn = b2.Synapses(G, G, dyn_model, on_pre=on_pre, name=name)
            else:
                syn = b2.Synapses(G, G, "w : amp (constant)", on_pre=f"{target}_post += w",
                                  name=name)
            syn.connect(i=pre[m], j=post[m])
            syn.w = w[m] * amp
            syn.delay = d[m] * second
            if is_dyn:
                syn.U = U[m]
                syn.D = D[m] * second
                syn.F = F[m] * second
                syn.u = 0.0  # with u = 0, x = 1 the first spike gives u = U, x = 1
                syn.x = 1.0
                syn.tlast = -1e9 * second
            objects.append(syn)

    C = net.n_inputs
    P = b2.SpikeGeneratorGroup(C * S, np.zeros(0, int), np.zeros(0) * second, name="inputs")
    objects.append(P)
    ioff = np.repeat(np.arange(S, dtype=np.int64), net.input_channel.size)
    ich = np.tile(net.input_channel, S) + ioff * C
    ipost = np.tile(net.input_post, S) + ioff * N
    iw, idl = tile(net.input_weight), tile(net.input_delay)
    for target, m in (("I_e", iw >= 0), ("I_i", iw < 0)):
        if not m.any():
            continue
        syn = b2.Synapses(P, G, "w : amp (constant)", on_pre=f"{target}_post += w",
                          name=f"input_{target[-1]}")
        syn.connect(i=ich[m], j=ipost[m])
        syn.w = iw[m] * amp
        syn.delay = idl[m] * second
        objects.append(syn)
    M = b2.SpikeMonitor(G, name="spikes")
    objects.append(M)
    return G, P, M, objects


def _brian2_target_name(b2) -> str:
    try:
        return b2.get_device().code_object_class().class_name
    except Exception:  # noqa: BLE001 - informational only
        return str(b2.prefs.codegen.target)


def worker_brian2_runtime(args, net, inputs, v0, sc, n_steps):
    """One network; each sample: restore() the stored initial state (V, currents, synapses,
    spike queues, monitor), set this sample's V and input spikes, run(duration)."""
    import brian2 as b2

    _brian2_prefs(b2, args)
    N = net.n_neurons
    dt = args.dt
    times, setups, counts, sample0 = [], [], np.zeros(N, np.int64), None
    for rep in range(args.repeats):
        b2.start_scope()
        t0 = time.perf_counter()
        G, P, M, objects = brian2_network(b2, net, dt, copies=1)
        bnet = b2.Network(*objects)
        bnet.store("initial")
        setups.append(time.perf_counter() - t0)
        if rep == 0:
            # warm-up: generate and compile (or load from Brian2's on-disk cache) every code
            # object once, so the timed loop measures simulation, not first-time compilation
            t0 = time.perf_counter()
            bnet.restore("initial")
            k, c = sc[0]
            P.set_spikes(c, k * dt * b2.second)
            bnet.run(10 * dt * b2.second, namespace={})
            warmup = time.perf_counter() - t0
            base = current_rss_mb()
        counts[:] = 0
        every = [] if args.check_all else None
        t0 = time.perf_counter()
        for s in range(len(sc)):
            bnet.restore("initial")
            G.v = v0[s] * b2.volt
            k, c = sc[s]
            P.set_spikes(c, k * dt * b2.second)
            bnet.run(args.duration * b2.second, namespace={})
            i = np.array(M.i[:], dtype=np.int64)  # a copy: M.i is reused by the next run
            counts += np.bincount(i, minlength=N)
            if s == 0:
                sample0 = (np.round(np.asarray(M.t[:]) / dt).astype(np.int64), i)
            if s == len(sc) - 1:
                sample_last = (np.round(np.asarray(M.t[:]) / dt).astype(np.int64), i)
            if every is not None:
                every.append((np.full(i.size, s), np.round(np.asarray(M.t[:]) / dt), i))
        times.append(time.perf_counter() - t0)
    return dict(times=times, setup=setups, counts=counts, sample0=sample0,
                sample_last=sample_last, all_spikes=every, base_rss_mb=base,
                info={"codegen": _brian2_target_name(b2), "warmup_s": warmup,
                      "mode": "store/restore, one run per sample"})


def _copies_inputs(net, sc, dt):
    idx = np.concatenate([c + s * net.n_inputs for s, (_, c) in enumerate(sc)])
    steps = np.concatenate([k for k, _ in sc])
    return idx, steps


def _split_copies(i, steps, N, S):
    """Spike counts per neuron over all copies, the spikes of copy 0 and of copy S - 1, and
    all spikes as (copy, step, neuron)."""
    counts = np.bincount(i % N, minlength=N)
    s0 = i < N
    sl = i >= (S - 1) * N
    return (counts, (steps[s0], i[s0]), (steps[sl], i[sl] - (S - 1) * N),
            [(i // N, steps, i % N)])


def worker_brian2_runtime_copies(args, net, inputs, v0, sc, n_steps):
    """All samples at once as disconnected copies, one run (runtime mode)."""
    import brian2 as b2

    _brian2_prefs(b2, args)
    N, S, dt = net.n_neurons, len(sc), args.dt
    times, setups = [], []
    for rep in range(args.repeats):
        b2.start_scope()
        t0 = time.perf_counter()
        G, P, M, objects = brian2_network(b2, net, dt, copies=S)
        G.v = v0.ravel() * b2.volt
        idx, steps = _copies_inputs(net, sc, dt)
        P.set_spikes(idx, steps * dt * b2.second)
        bnet = b2.Network(*objects)
        bnet.store("initial")
        setups.append(time.perf_counter() - t0)
        if rep == 0:
            # warm-up: generate and compile (or load from Brian2's cache) every code object
            t0 = time.perf_counter()
            bnet.run(10 * dt * b2.second, namespace={})
            warmup = time.perf_counter() - t0
            base = current_rss_mb()
        bnet.restore("initial")
        t0 = time.perf_counter()
        bnet.run(args.duration * b2.second, namespace={})
        times.append(time.perf_counter() - t0)
        i = np.array(M.i[:], dtype=np.int64)
        st = np.round(np.asarray(M.t[:]) / dt).astype(np.int64)
    counts, sample0, sample_last, every = _split_copies(i, st, N, S)
    return dict(times=times, setup=setups, counts=counts, sample0=sample0,
                sample_last=sample_last, all_spikes=every, base_rss_mb=base,
                info={"codegen": _brian2_target_name(b2), "warmup_s": warmup,
                      "mode": f"{S} disconnected copies, one run"})


def worker_brian2_standalone(args, net, inputs, v0, sc, n_steps):
    """All samples in one binary, as disconnected copies of the network (exact reset: every
    copy starts fresh); the binary is compiled once and run ``repeats`` times."""
    import brian2 as b2

    _brian2_prefs(b2, args)
    N, S, dt = net.n_neurons, len(sc), args.dt
    b2.set_device("cpp_standalone", build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # single-threaded
    project = tempfile.mkdtemp(prefix="lsbench_brian2_")
    measure = os.path.join(project, "binary_runs.json")
    b2.prefs.devices.cpp_standalone.run_cmd_unix = [
        sys.executable, os.path.abspath(__file__), "--exec-measure", measure, "./main"]
    try:
        t0 = time.perf_counter()
        G, P, M, objects = brian2_network(b2, net, dt, copies=S)
        G.v = v0.ravel() * b2.volt
        idx, steps = _copies_inputs(net, sc, dt)
        P.set_spikes(idx, steps * dt * b2.second)
        bnet = b2.Network(*objects)
        bnet.run(args.duration * b2.second, namespace={})
        setup = time.perf_counter() - t0
        base = current_rss_mb()
        t0 = time.perf_counter()
        b2.device.build(directory=project, compile=True, run=False, with_output=False)
        compile_s = time.perf_counter() - t0
        for _ in range(args.repeats):
            b2.device.run(directory=project, with_output=False)
        with open(measure) as f:
            runs = json.load(f)
        i = np.asarray(M.i[:]).astype(np.int64)
        st = np.round(np.asarray(M.t[:]) / dt).astype(np.int64)
        internal = float(getattr(b2.device, "_last_run_time", float("nan")))
    finally:
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    counts, sample0, sample_last, every = _split_copies(i, st, N, S)
    return dict(times=[r["wall"] for r in runs], setup=[setup] * len(runs), compile=compile_s,
                counts=counts, sample0=sample0, sample_last=sample_last, all_spikes=every,
                base_rss_mb=base,
                sim_peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
                info={"mode": f"{S} disconnected copies in one binary; wall = running the "
                              "binary (incl. loading its arrays and writing results)",
                      "internal_run_time_s": internal,
                      "compile": "code generation + C++ compilation in a fresh directory"})


def worker_brian2_standalone_sequential(args, net, inputs, v0, sc, n_steps):
    """One network in one binary, the samples one after another in one run: sample ``s``
    occupies steps ``s * period ... s * period + n_steps - 1`` (inputs shifted accordingly),
    followed by a silent gap (see ``sequential_layout``; none after the last sample).

    At each sample start (``run_regularly`` on a clock of period ``period * dt``, slot
    ``start``, i.e. before that step's update) the state is set to a fresh one: V to the
    sample's initial V (a 2-D TimedArray), I_e = I_i = 0, lastspike and not_refractory to
    their initial values; dynamic synapses u = 0, x = 1, tlast = -1e9 s. The threshold is
    gated to the sample steps (a scalar test of the time step, hoisted out of the neuron
    loop), so no neuron fires in the gap and every spike in transit has arrived by its end.
    """
    import brian2 as b2

    _brian2_prefs(b2, args)
    N, S, dt = net.n_neurons, len(sc), args.dt
    _, gap_steps, period = sequential_layout(net, args)
    total_steps = S * period - gap_steps
    b2.set_device("cpp_standalone", build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # single-threaded
    project = tempfile.mkdtemp(prefix="lsbench_brian2_")
    measure = os.path.join(project, "binary_runs.json")
    b2.prefs.devices.cpp_standalone.run_cmd_unix = [
        sys.executable, os.path.abspath(__file__), "--exec-measure", measure, "./main"]
    try:
        t0 = time.perf_counter()
        G, P, M, objects = brian2_network(
            b2, net, dt, copies=1, gate=f"timestep(t, dt) % {period} < {n_steps}")
        G.v = v0[0] * b2.volt
        idx = np.concatenate([c for _, c in sc])
        steps = np.concatenate([k + s * period for s, (k, _) in enumerate(sc)])
        P.set_spikes(idx, steps * dt * b2.second)
        # The reset clock ticks a hair (1e-12 relative) before each sample start, so that it
        # is never scheduled after the default clock's step there (Brian2 compares clock
        # times with an absolute tolerance of 1e-14 s, below the rounding of t at ~100 s);
        # nothing else happens between the two, so this is the sample start.
        clock = b2.Clock(dt=period * dt * (1 - 1e-12) * b2.second, name="sample_clock")
        G.namespace["v_init"] = b2.TimedArray(v0 * b2.volt, dt=period * dt * b2.second)
        objects.append(G.run_regularly(
            "lastspike = -1e4*second\nnot_refractory = True\nv = v_init(t, i)\n"
            "I_e = 0*amp\nI_i = 0*amp", clock=clock, when="start", name="reset_liquid"))
        for obj in list(objects):
            if isinstance(obj, b2.Synapses) and "tlast" in obj.variables:
                objects.append(obj.run_regularly("u = 0\nx = 1\ntlast = -1e9*second",
                                                 clock=clock, when="start",
                                                 name=f"reset_{obj.name}"))
        bnet = b2.Network(*objects)
        bnet.run(total_steps * dt * b2.second, namespace={})
        setup = time.perf_counter() - t0
        base = current_rss_mb()
        t0 = time.perf_counter()
        b2.device.build(directory=project, compile=True, run=False, with_output=False)
        compile_s = time.perf_counter() - t0
        for _ in range(args.repeats):
            b2.device.run(directory=project, with_output=False)
        with open(measure) as f:
            runs = json.load(f)
        i = np.asarray(M.i[:]).astype(np.int64)
        st = np.round(np.asarray(M.t[:]) / dt).astype(np.int64)
        internal = float(getattr(b2.device, "_last_run_time", float("nan")))
    finally:
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    s_of = st // period
    st = st - s_of * period
    if st.size and st.max() >= n_steps:
        raise RuntimeError("brian2-standalone-sequential: a spike in a gap")
    counts = np.bincount(i, minlength=N)
    sample0 = (st[s_of == 0], i[s_of == 0])
    sample_last = (st[s_of == S - 1], i[s_of == S - 1])
    return dict(times=[r["wall"] for r in runs], setup=[setup] * len(runs), compile=compile_s,
                counts=counts, sample0=sample0, sample_last=sample_last,
                all_spikes=[(s_of, st, i)], base_rss_mb=base,
                sim_peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
                info={"mode": f"one network, {S} samples one after another in one run, "
                              f"{gap_steps * dt * 1e3:g} ms silent gap between samples "
                              "(simulated, in wall); wall = running the binary",
                      "internal_run_time_s": internal})


def _import_nest():
    os.environ.setdefault("PYNEST_QUIET", "1")
    import nest

    if hasattr(nest, "VerbosityLevel"):  # NEST >= 3.10
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:
        nest.set_verbosity("M_ERROR")
    return nest


_MS, _PA, _PF, _MV = 1e3, 1e12, 1e12, 1e3  # NEST units: ms, pA, pF, mV


def nest_network(nest, net, copies: int, v0_flat, gen_steps, dt_ms: float):
    """A fresh NEST kernel with ``copies`` disconnected copies of ``net`` (as in
    ``brian2_network``); ``gen_steps[g]`` are the steps of the spikes of input generator ``g``
    (channel ``c`` of copy ``s`` is ``g = s * n_inputs + c``). Returns (neurons, first id,
    spike recorder)."""
    N, S = net.n_neurons, copies
    ms, pA, pF, mV = _MS, _PA, _PF, _MV
    nest.ResetKernel()
    nest.set(resolution=dt_ms, local_num_threads=1, print_time=False)
    pop = nest.Create("iaf_psc_exp", N * S)
    tile = lambda a: np.tile(a, S)  # noqa: E731
    pop.set(C_m=tile(net.tau_m / net.r_m * pF), tau_m=tile(net.tau_m * ms),
            E_L=tile(net.v_rest * mV), V_th=tile(net.v_thresh * mV),
            V_reset=tile(net.v_reset * mV), t_ref=tile(net.t_ref * ms),
            I_e=tile(net.i_background * pA), tau_syn_ex=tile(net.tau_syn_e * ms),
            tau_syn_in=tile(net.tau_syn_i * ms), V_m=v0_flat * mV)
    first = pop[0].global_id
    ids = np.array(pop.tolist())
    if not np.array_equal(ids, first + np.arange(N * S)):
        raise RuntimeError("NEST node ids are not contiguous")
    offset = np.repeat(np.arange(S, dtype=np.int64), net.n_synapses) * N
    pre = np.tile(net.pre, S) + offset + first
    post = np.tile(net.post, S) + offset + first
    w, d = tile(net.weight) * pA, tile(net.delay) * ms
    dyn = tile(net.is_dynamic)
    if dyn.any():
        U = tile(net.U)[dyn]
        nest.Connect(pre[dyn], post[dyn], "one_to_one",
                     {"synapse_model": "tsodyks2_synapse", "weight": w[dyn],
                      "delay": d[dyn], "U": U, "u": U, "x": np.ones(U.size),
                      "tau_rec": tile(net.D)[dyn] * ms, "tau_fac": tile(net.F)[dyn] * ms})
    if (~dyn).any():
        nest.Connect(pre[~dyn], post[~dyn], "one_to_one",
                     {"synapse_model": "static_synapse", "weight": w[~dyn],
                      "delay": d[~dyn]})
    C = net.n_inputs
    gens = nest.Create("spike_generator", C * S)
    # NEST stamps a spike of step k with (k + 1) dt
    gens.set([{"spike_times": np.round((k + 1) * dt_ms, 9)} for k in gen_steps])
    gfirst = gens[0].global_id
    ioff = np.repeat(np.arange(S, dtype=np.int64), net.input_channel.size)
    nest.Connect(np.tile(net.input_channel, S) + ioff * C + gfirst,
                 np.tile(net.input_post, S) + ioff * N + first, "one_to_one",
                 {"synapse_model": "static_synapse", "weight": tile(net.input_weight) * pA,
                  "delay": tile(net.input_delay) * ms})
    rec = nest.Create("spike_recorder")
    nest.Connect(pop, rec)
    return pop, first, rec


def worker_nest(args, net, inputs, v0, sc, n_steps):
    """All samples at once as disconnected copies (one Simulate call of ``duration``).

    iaf_psc_exp integrates exactly like the engine and holds V for round(t_ref/dt) steps;
    tsodyks2_synapse implements the Markram (1998) recursion (u = U, x = 1 for the first PSC).
    NEST stamps a spike at the end of its step (the engine at the start), so input spikes are
    given at (k + 1) dt and recorded steps are stamp/dt - 1; delays are the same.
    """
    nest = _import_nest()
    N, S, dt = net.n_neurons, len(sc), args.dt
    dt_ms = round(dt * _MS, 12)
    gen_steps = [k[c == ch] for k, c in sc for ch in range(net.n_inputs)]
    times, setups = [], []
    for rep in range(args.repeats):
        t0 = time.perf_counter()
        _, first, rec = nest_network(nest, net, S, v0.ravel(), gen_steps, dt_ms)
        setups.append(time.perf_counter() - t0)
        if rep == 0:
            base = current_rss_mb()
        t0 = time.perf_counter()
        nest.Simulate(args.duration * _MS)
        times.append(time.perf_counter() - t0)
        ev = rec.get("events")
        i = np.asarray(ev["senders"], np.int64) - first
        st = np.round(np.asarray(ev["times"]) / dt_ms).astype(np.int64) - 1
    counts, sample0, sample_last, every = _split_copies(i, st, N, S)
    return dict(times=times, setup=setups, counts=counts, sample0=sample0,
                sample_last=sample_last, all_spikes=every, base_rss_mb=base,
                info={"version": nest.__version__,
                      "mode": f"{S} disconnected copies, one Simulate call"})


def worker_nest_sequential(args, net, inputs, v0, sc, n_steps):
    """One network, the samples one after another, each followed by a silent gap in which
    the state is brought back to a fresh one (see ``sequential_layout``).

    Per sample: ``Simulate(duration)``; then, for the gap, V_th is raised out of reach (no
    spike) and tau_syn_ex/in are set to 1e-6 ms, so that the currents are multiplied by
    exp(-dt/tau) = 0 at every step (iaf_psc_exp's currents cannot be set); the gap outlasts
    the longest delay and refractory period, so every spike in transit is delivered (and
    wiped) and no neuron is refractory at its end; ``Simulate(gap)``. Then V_th and tau_syn
    are restored, V_m is set to the next sample's initial V, and every tsodyks2 synapse that
    has ever transmitted gets u = 0, x = 1, which NEST's update on the next spike turns into
    exactly u = U, x = 1 (a synapse that never transmitted skips that update and still has
    u = U, x = 1; its last-spike time cannot be reset). Timed: the whole loop (simulating
    samples and gaps, the resets, reading and clearing the recorder after each sample).
    """
    nest = _import_nest()
    N, S, dt = net.n_neurons, len(sc), args.dt
    dt_ms = round(dt * _MS, 12)
    _, gap_steps, period = sequential_layout(net, args)
    gen_steps = [np.concatenate([k[c == ch] + s * period for s, (k, c) in enumerate(sc)])
                 for ch in range(net.n_inputs)]
    def uniform(a, unit):  # a scalar where all neurons are equal (a faster SetStatus)
        return float(a[0] * unit) if np.all(a == a[0]) else a * unit

    restore = {"V_th": uniform(net.v_thresh, _MV), "tau_syn_ex": uniform(net.tau_syn_e, _MS),
               "tau_syn_in": uniform(net.tau_syn_i, _MS)}
    silence = {"V_th": 1e9, "tau_syn_ex": 1e-6, "tau_syn_in": 1e-6}
    times, setups = [], []
    for rep in range(args.repeats):
        t0 = time.perf_counter()
        pop, first, rec = nest_network(nest, net, 1, v0[0], gen_steps, dt_ms)
        conns = nest.GetConnections(synapse_model="tsodyks2_synapse")
        n_dyn = len(conns)
        if n_dyn:
            src = np.asarray(conns.get("source"), np.int64) - first
            U = np.asarray(conns.get("U"), float)
        setups.append(time.perf_counter() - t0)
        if rep == 0:
            base = current_rss_mb()
        counts = np.zeros(N, np.int64)
        every = [] if args.check_all else None
        ever = np.zeros(N, bool)  # neurons that have spiked (their synapses transmitted)
        t_sim = t_gap = 0.0
        t0 = time.perf_counter()
        for s in range(S):
            t1 = time.perf_counter()
            nest.Simulate(args.duration * _MS)
            t_sim += time.perf_counter() - t1
            ev = rec.get("events")
            rec.n_events = 0
            i = np.asarray(ev["senders"], np.int64) - first
            st = np.round(np.asarray(ev["times"]) / dt_ms).astype(np.int64) - 1 - s * period
            if st.size and (st.min() < 0 or st.max() >= n_steps):
                raise RuntimeError("nest-sequential: a spike outside its sample")
            counts += np.bincount(i, minlength=N)
            if every is not None:
                every.append((np.full(i.size, s), st, i))
            if s == 0:
                sample0 = (st, i)
            if s == S - 1:
                sample_last = (st, i)
                break
            pop.set(silence)
            t1 = time.perf_counter()
            nest.Simulate(gap_steps * dt_ms)
            t_gap += time.perf_counter() - t1
            pop.set({**restore, "V_m": v0[s + 1] * _MV})
            ever[i] = True
            if n_dyn and ever.any():
                conns.set(u=np.where(ever[src], 0.0, U), x=np.ones(n_dyn))
        times.append(time.perf_counter() - t0)
    return dict(times=times, setup=setups, counts=counts, sample0=sample0,
                sample_last=sample_last, all_spikes=every, base_rss_mb=base,
                info={"version": nest.__version__,
                      "mode": f"one network, {S} samples one after another, "
                              f"{gap_steps * dt * 1e3:g} ms silent gap between samples "
                              "(simulated, in wall)",
                      "simulate_samples_s": t_sim, "simulate_gaps_s": t_gap,
                      "resets_and_reading_s": times[-1] - t_sim - t_gap})


WORKERS = {"liquidstate": worker_liquidstate, "brian2-runtime": worker_brian2_runtime,
           "brian2-runtime-copies": worker_brian2_runtime_copies,
           "brian2-standalone": worker_brian2_standalone, "nest": worker_nest,
           "brian2-standalone-sequential": worker_brian2_standalone_sequential,
           "nest-sequential": worker_nest_sequential}


def run_worker_here(args) -> None:
    net, inputs, v0, sc, n_steps = make_workload(args.neurons[0], args.samples, args.duration,
                                                 args.dt, args.seed)
    res = WORKERS[args.worker](args, net, inputs, v0, sc, n_steps)
    counts = np.asarray(res.pop("counts"), np.int64)
    st, nn = res.pop("sample0")
    stl, nnl = res.pop("sample_last")
    every = res.pop("all_spikes", None)
    if args.check_all and every:
        res["all_spikes"] = [np.concatenate([np.asarray(part[j], np.int64) for part in every])
                             .tolist() for j in range(3)]
    res.update(
        simulator=args.worker, neurons=net.n_neurons, synapses=net.n_synapses,
        input_synapses=int(net.input_channel.size), samples=args.samples,
        duration=args.duration, spikes=int(counts.sum()),
        events=synaptic_events(net, counts, sc),
        input_spikes=int(sum(k.size for k, _ in sc)),
        rate_hz=float(counts.sum() / (net.n_neurons * args.samples * args.duration)),
        sample0=[np.asarray(st, np.int64).tolist(), np.asarray(nn, np.int64).tolist()],
        sample_last=[np.asarray(stl, np.int64).tolist(), np.asarray(nnl, np.int64).tolist()],
        peak_rss_mb=peak_rss_mb())
    res.setdefault("compile", None)
    print(MARK + json.dumps(res), flush=True)


# ----------------------------------------------------------------------------- the driver

def available(sim: str) -> str | None:
    """None if ``sim`` can run here, else why not."""
    if sim.startswith("brian2"):
        if importlib.util.find_spec("brian2") is None:
            return "brian2 is not importable (pip install brian2 'numpy<2.4')"
        if sim.startswith("brian2-standalone") and not (shutil.which("g++")
                                                         or shutil.which("c++")):
            return "no C++ compiler (g++) on PATH"
    if sim.startswith("nest") and importlib.util.find_spec("nest") is None:
        return "nest is not importable (pip install nest-simulator)"
    return None


def worker_env(threads: int) -> dict:
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[k] = "1"
    env["NUMBA_NUM_THREADS"] = str(max(1, threads))
    env["PYNEST_QUIET"] = "1"
    return env


def launch(args, sim: str, neurons, *, samples=None, repeats=None, threads=1):
    samples = args.samples if samples is None else samples
    repeats = args.repeats if repeats is None else repeats
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", sim,
           "--neurons", str(neurons), "--samples", str(samples), "--duration",
           repr(args.duration), "--dt", repr(args.dt), "--repeats", str(repeats),
           "--seed", str(args.seed), "--threads", str(threads), "--gap", repr(args.gap),
           "--brian2-target", args.brian2_target] + (["--keep"] if args.keep else []) + (
               ["--check-all"] if args.check_all else [])
    label = sim + (f" ({threads} threads)" if threads > 1 else "")
    print(f"# {label}, {neurons} neurons, {samples} x {args.duration:g} s, "
          f"{repeats} repeat(s) ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=worker_env(threads))
    wall = time.perf_counter() - t0
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            res = json.loads(line[len(MARK):])
            res["label"] = label
            res["threads"] = threads
            res["process_wall_s"] = wall
            return res
    tail = "\n".join((proc.stdout + "\n" + proc.stderr).strip().splitlines()[-25:])
    print(f"# {label} FAILED (exit code {proc.returncode}):\n{tail}", file=sys.stderr)
    return {"label": label, "simulator": sim, "neurons": neurons, "error": tail,
            "threads": threads}


STARTUP_CODE = """
import time
t0 = time.perf_counter()
import liquidstate as ls
net = ls.maass2002((15, 3, 3), n_inputs=4, seed=0)
inp = ls.SpikeTrains.poisson([20.0] * 4, 0.1, 1, seed=1)
ls.simulate(net, inp, dt=1e-4, n_threads=1)
print("@@T", time.perf_counter() - t0)
"""


def startup(args) -> dict:
    """Time to first simulation in a fresh process (interpreter start, import, build a
    135-neuron column, simulate 0.1 s), with an empty Numba cache, then with it filled."""
    cache = tempfile.mkdtemp(prefix="lsbench_numba_cache_")
    env = worker_env(1)
    env["NUMBA_CACHE_DIR"] = cache
    out = {}
    try:
        for name in ("cold", "cached"):
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", STARTUP_CODE], capture_output=True,
                                  text=True, env=env)
            wall = time.perf_counter() - t0
            if proc.returncode:
                out["error"] = proc.stderr[-2000:]
                break
            inner = [float(x.split()[1]) for x in proc.stdout.splitlines()
                     if x.startswith("@@T")]
            out[name] = {"process_wall_s": wall, "in_process_s": inner[0] if inner else None}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return out


def first_divergence(ref, other, dt):
    """Compare the spikes of sample 0: (fraction of identical (step, neuron) spikes, time in
    ms of the first spike present in only one of the two)."""
    a = set(zip(*ref))
    b = set(zip(*other))
    if not a and not b:
        return 1.0, None
    diff = a ^ b
    same = len(a & b) / max(len(a | b), 1)
    first = min(s for s, _ in diff) * dt * 1e3 if diff else None
    return same, first


def _by_sample(spikes, S):
    """(sample, step, neuron) lists -> per sample a (steps, neurons) pair."""
    s, st, nn = (np.asarray(a, np.int64) for a in spikes)
    order = np.argsort(s, kind="stable")
    s, st, nn = s[order], st[order], nn[order]
    bounds = np.searchsorted(s, np.arange(S + 1))
    return [(st[bounds[k]:bounds[k + 1]], nn[bounds[k]:bounds[k + 1]]) for k in range(S)]


def reset_check(args, ok, ls_res) -> list[str]:
    """Lines comparing later samples against liquidstate: the last sample (which the
    sequential modes reach after S - 1 resets), or with --check-all every sample."""
    S = args.samples
    rows = [r for r in ok if r["simulator"] != "liquidstate" and r["neurons"] in ls_res]
    if S < 2 or not rows:
        return []
    lines = [""]
    if args.check_all and ls_res[rows[0]["neurons"]].get("all_spikes"):
        lines.append(f"reset check (--check-all): all {S} samples against liquidstate "
                     "(identical = same spikes; worst = lowest same%):")
        for r in rows:
            ref = ls_res[r["neurons"]].get("all_spikes")
            if not ref or not r.get("all_spikes"):
                continue
            a, b = _by_sample(ref, S), _by_sample(r["all_spikes"], S)
            cmp = [first_divergence(a[s], b[s], args.dt) for s in range(S)]
            n_same = sum(div is None for _, div in cmp)
            worst = min(range(S), key=lambda s: cmp[s][0])
            first_bad = next((s for s in range(S) if cmp[s][1] is not None), None)
            lines.append(f"  {r['label']:<28}{r['neurons']:>6} neurons: identical {n_same}/{S}"
                         f", worst same% {100 * cmp[worst][0]:.1f} (sample {worst})"
                         + ("" if first_bad is None else f", first divergent sample "
                            f"{first_bad} at {cmp[first_bad][1]:.1f} ms"))
        return lines
    lines.append(f"reset check: sample {S - 1} (the last; the sequential modes reach it after "
                 f"{S - 1} resets) against liquidstate (--check-all compares every sample):")
    for r in rows:
        same, div = first_divergence(ls_res[r["neurons"]]["sample_last"], r["sample_last"],
                                     args.dt)
        lines.append(f"  {r['label']:<28}{r['neurons']:>6} neurons: same% {100 * same:.1f}, "
                     f"div ms {fmt(div, '.1f')}")
    return lines


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt(x, spec):
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "-"
    return format(x, spec)


def report(args, results, extra) -> str:
    lines = []
    ok = [r for r in results if "error" not in r]
    ls_time, ls_res = {}, {}
    for r in ok:
        if r["simulator"] == "liquidstate" and r["threads"] == 1:
            ls_time[r["neurons"]] = median(r["times"])
            ls_res[r["neurons"]] = r
    head = (f"{'simulator':<28}{'neurons':>8}{'synapses':>9}{'wall s':>10}{'setup s':>9}"
            f"{'compile s':>10}{'samples/s':>11}{'events/s':>11}{'peak MB':>9}{'rate Hz':>9}"
            f"{'ref/ls':>8}{'same%':>7}{'div ms':>8}")
    lines.append(f"Workload: Maass column, {N_INPUTS} x {INPUT_RATE:g} Hz Poisson inputs, "
                 f"{args.samples} samples x {args.duration:g} s, dt = {args.dt * 1e3:g} ms, "
                 f"median of {args.repeats} repeat(s); machine: {platform.machine()}, "
                 f"{os.cpu_count()} CPUs")
    lines.append(head)
    lines.append("-" * len(head))
    for r in results:
        if "error" in r:
            lines.append(f"{r['label']:<28}{r['neurons']!s:>8}  FAILED (see stderr)")
            continue
        t = median(r["times"])
        n = r["neurons"]
        ratio = t / ls_time[n] if n in ls_time else None
        is_ls = r["simulator"] == "liquidstate"
        same, div = (None, None)
        if n in ls_res and not (is_ls and r["threads"] == 1):
            same, div = first_divergence(ls_res[n]["sample0"], r["sample0"], args.dt)
        mem = r.get("sim_peak_rss_mb") or r["peak_rss_mb"]
        lines.append(
            f"{r['label']:<28}{n:>8}{r['synapses']:>9}{fmt(t, '.3f'):>10}"
            f"{fmt(median(r['setup']), '.2f'):>9}{fmt(r.get('compile'), '.1f'):>10}"
            f"{fmt(r['samples'] / t, '.1f'):>11}{fmt(r['events'] / t, '.3g'):>11}"
            f"{fmt(mem, '.0f'):>9}{fmt(r['rate_hz'], '.2f'):>9}"
            f"{fmt(None if is_ls else ratio, '.1f'):>8}"
            f"{fmt(None if same is None else 100 * same, '.1f'):>7}{fmt(div, '.1f'):>8}")
    lines.extend(reset_check(args, ok, ls_res))
    threads = [r for r in ok if r["simulator"] == "liquidstate" and r["threads"] > 1]
    if threads:
        lines.append("")
        lines.append("liquidstate threads (speed-up = 1-thread wall / n-thread wall):")
        for r in threads:
            n = r["neurons"]
            if n in ls_time:
                lines.append(f"  {n:>6} neurons: {r['threads']} threads {median(r['times']):.3f} s"
                             f" vs 1 thread {ls_time[n]:.3f} s -> speed-up "
                             f"{ls_time[n] / median(r['times']):.2f}x")
    st = extra.get("startup")
    if st:
        lines.append("")
        if "error" in st:
            err = "\n".join(st["error"].strip().splitlines()[-4:])
            lines.append(f"time to first simulation: FAILED\n{err}")
        else:
            lines.append("time to first simulation in a fresh process (start Python, import, "
                         "build 135 neurons, simulate 0.1 s):")
            for name in ("cold", "cached"):
                if name in st:
                    lines.append(f"  {name:<7} Numba cache: {st[name]['process_wall_s']:.2f} s "
                                 f"(in-process {fmt(st[name]['in_process_s'], '.2f')} s)")
    mem_rows = [r for r in ok if r["simulator"] == "liquidstate" and r["threads"] == 1]
    if extra.get("big") or len(mem_rows) > 1:
        lines.append("")
        lines.append("liquidstate memory vs network size (delta = peak RSS - RSS before "
                     "simulate; state = one sample's State x samples; output = the returned "
                     "spikes):")
        lines.append(f"  {'neurons':>8}{'synapses':>9}{'samples':>8}{'spikes':>11}"
                     f"{'peak MB':>9}{'delta MB':>9}{'state MB':>9}{'output MB':>10}"
                     f"{'B/syn/sample':>13}{'B/spike':>9}{'wall s':>8}")
        for r in sorted(mem_rows, key=lambda r: r["neurons"]):
            delta = max(r["peak_rss_mb"] - r["base_rss_mb"], 0.0)
            per = delta * 2 ** 20 / (r["synapses"] * r["samples"])
            st = r.get("state_mb_per_sample")
            lines.append(
                f"  {r['neurons']:>8}{r['synapses']:>9}{r['samples']:>8}{r['spikes']:>11}"
                f"{r['peak_rss_mb']:>9.0f}{delta:>9.0f}"
                f"{fmt(None if st is None else st * r['samples'], '.0f'):>9}"
                f"{fmt(r.get('spikes_output_mb'), '.0f'):>10}{per:>13.0f}"
                f"{delta * 2 ** 20 / max(r['spikes'], 1):>9.0f}{median(r['times']):>8.2f}")
    notes = {}
    for r in ok:
        if r.get("info") and r["label"] not in notes:
            notes[r["label"]] = f"  {r['label']}: " + ", ".join(
                f"{k}={fmt(v, '.3g') if isinstance(v, float) else v}"
                for k, v in r["info"].items())
    notes = list(notes.values())
    if notes:
        lines.append("")
        lines.append("notes:")
        lines.extend(notes)
    return "\n".join(lines)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--neurons", nargs="+", default=["135", "1000"],
                   help="network sizes: 135, 1000, 10000, a cube, or a shape AxBxC")
    p.add_argument("--samples", type=int, default=100)
    p.add_argument("--duration", type=float, default=1.0, help="seconds per sample")
    p.add_argument("--dt", type=float, default=1e-4, help="time step (s)")
    p.add_argument("--repeats", type=int, default=3, help="timed repeats; the median is shown")
    p.add_argument("--slow-repeats", type=int, default=None,
                   help="repeats for brian2-runtime (default: --repeats)")
    p.add_argument("--simulators", default=",".join(SIMULATORS),
                   help="comma-separated, from " + ", ".join(SIMULATORS + OPTIONAL_SIMULATORS))
    p.add_argument("--threads", type=int, default=1,
                   help="(worker) liquidstate threads; the driver adds a 2-thread run itself")
    p.add_argument("--no-threads", action="store_true", help="skip the 2-thread liquidstate run")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    p.add_argument("--big", action="store_true",
                   help="also run liquidstate on 10,000 neurons (memory vs size)")
    p.add_argument("--big-samples", type=int, default=None,
                   help="samples for the --big run (default: --samples)")
    p.add_argument("--seed", type=int, default=1, help="network seed (inputs use seed + 1)")
    p.add_argument("--gap", type=float, default=0.01,
                   help="silent gap (s) after each sample in the sequential modes")
    p.add_argument("--brian2-target", default="auto", choices=["auto", "cython", "numpy"],
                   help="code generation target of brian2-runtime")
    p.add_argument("--check-all", action="store_true",
                   help="compare every sample spike by spike (not only 0 and the last); the "
                        "spikes travel to the driver, which raises the workers' peak memory")
    p.add_argument("--json", default=None, help="write all results to this file")
    p.add_argument("--keep", action="store_true", help="keep Brian2's standalone project")
    p.add_argument("--worker", default=None, choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.samples < 1 or args.repeats < 1 or args.duration <= 0 or args.dt <= 0:
        p.error("--samples and --repeats must be >= 1, --duration and --dt > 0")
    if abs(args.duration / args.dt - round(args.duration / args.dt)) > 1e-6:
        p.error("--duration must be a whole number of steps of --dt")
    if args.gap <= 0 or abs(args.gap / args.dt - round(args.gap / args.dt)) > 1e-6:
        p.error("--gap must be a positive whole number of steps of --dt")
    for n in args.neurons:
        try:
            shape_of(n)
        except ValueError as e:
            p.error(str(e))
    return args


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--exec-measure":
        return exec_measure(argv[1:])
    args = parse(argv)
    if args.worker:
        run_worker_here(args)
        return 0
    sims = [s.strip() for s in args.simulators.split(",") if s.strip()]
    unknown = set(sims) - set(WORKERS)
    if unknown:
        print(f"unknown simulator(s) {sorted(unknown)}; choose from {sorted(WORKERS)}",
              file=sys.stderr)
        return 2
    if "liquidstate" not in sims:
        sims.insert(0, "liquidstate")  # the ratios need it
    skipped = {}
    for s in sims:
        why = available(s)
        if why:
            skipped[s] = why
            print(f"# skipping {s}: {why}", file=sys.stderr)
    sims = [s for s in sims if s not in skipped]

    results, extra = [], {"skipped": skipped}
    for n in args.neurons:
        n_neurons = int(np.prod(shape_of(n)))
        for sim in sims:
            reps = args.slow_repeats if sim == "brian2-runtime" and args.slow_repeats else None
            results.append(launch(args, sim, n_neurons if str(n).isdigit() else n,
                                  repeats=reps))
            if sim == "liquidstate" and not args.no_threads:
                results.append(launch(args, sim, n_neurons if str(n).isdigit() else n,
                                      threads=2))
    if args.big and 10000 not in {int(np.prod(shape_of(n))) for n in args.neurons}:
        results.append(launch(args, "liquidstate", 10000, samples=args.big_samples))
        extra["big"] = True
    if not args.no_startup:
        print("# time to first simulation ...", file=sys.stderr, flush=True)
        extra["startup"] = startup(args)

    text = report(args, results, extra)
    print(text)
    if skipped:
        print("\nskipped: " + "; ".join(f"{k}: {v}" for k, v in skipped.items()))
    if args.json:
        import liquidstate

        meta = {"argv": sys.argv, "python": sys.version, "platform": platform.platform(),
                "cpus": os.cpu_count(), "liquidstate": liquidstate.__version__,
                "numpy": np.__version__}
        for mod in ("brian2", "numba"):
            try:
                meta[mod] = __import__(mod).__version__
            except ImportError:
                pass
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "config": vars(args), "results": results, **extra}, f,
                      indent=1)
    return 0 if all("error" not in r for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
