"""Bit-identical results whatever the batch size, thread count, sample subset and chunking.

Every comparison is exact (``np.array_equal``) on the spikes (times, neurons, offsets) and the
traces: the engine promises bit-for-bit reproducibility, not closeness.
"""

import functools
import hashlib
import importlib
import os
import subprocess
import sys
import textwrap
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import liquidstate as ls
from liquidstate import Record, Simulator, SpikeTrains, maass2002, simulate

DT = 1e-4
SHAPE = (5, 3, 3)          # 45 neurons
REC = dict(neurons=[0, 7, 20, 44], variables=("v", "i_e", "i_i"))
PROPS = settings(max_examples=30, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])

VARIANTS = ("spikes", "noise", "currents", "noise_only")


@functools.cache
def network(variant: str):
    noise = 5e-9 if variant in ("noise", "noise_only") else 0.0
    return maass2002(SHAPE, seed=1, n_inputs=2, noise_std=noise)


def make_input(variant: str, n_samples: int, steps, seed: int):
    """(inputs, currents) for a variant; ``steps`` is one length (in steps) per sample."""
    steps = np.broadcast_to(np.asarray(steps), (n_samples,))
    inputs = currents = None
    if variant in ("spikes", "noise"):
        inputs = SpikeTrains.poisson([40.0, 80.0], steps * DT, n_samples, seed=seed)
    if variant == "currents":
        g = np.random.default_rng(seed)
        currents = [g.uniform(0.0, 0.4, (int(k), 2)) for k in steps]
    return inputs, currents


def run(variant, n_samples, steps, input_seed, **kw):
    inputs, currents = make_input(variant, n_samples, steps, input_seed)
    if variant == "noise_only":
        kw.setdefault("duration", int(steps[0] if np.ndim(steps) else steps) * DT)
        kw.setdefault("n_samples", n_samples)
    return simulate(network(variant), inputs, currents, dt=DT, **kw)


def assert_same_spikes(a: SpikeTrains, b: SpikeTrains):
    assert np.array_equal(a.offsets, b.offsets)
    assert np.array_equal(a.channels, b.channels)
    assert np.array_equal(a.times, b.times)
    assert np.array_equal(a.durations, b.durations)
    assert a.n_channels == b.n_channels


def assert_same_traces(a, b):
    assert a.traces.keys() == b.traces.keys()
    for k in a.traces:
        assert len(a.traces[k]) == len(b.traces[k])
        for x, y in zip(a.traces[k], b.traces[k]):
            assert x.dtype == y.dtype
            assert np.array_equal(x, y), k
    for x, y in zip(a.trace_times, b.trace_times):
        assert np.array_equal(x, y)


def test_the_networks_are_active():
    """The comparisons below are only meaningful if neurons actually fire."""
    for variant in VARIANTS:
        rec = run(variant, 3, 400, input_seed=0)
        counts = rec.spikes.counts().sum(axis=1)
        assert np.all(counts > 0), variant
    # noise changes the result, and the variants differ from each other
    a = run("spikes", 2, 400, 0).spikes
    b = run("noise", 2, 400, 0).spikes
    assert not (a.n_events == b.n_events and np.array_equal(a.times, b.times))


# ---------------------------------------------------------------- batch size and threads
@PROPS
@given(variant=st.sampled_from(VARIANTS), n_samples=st.integers(1, 6),
       batch_size=st.integers(1, 7), n_threads=st.integers(1, 3),
       precision=st.sampled_from(["float64", "float32"]), seed=st.integers(0, 1000),
       input_seed=st.integers(0, 1000), every=st.integers(1, 5), data=st.data())
def test_batch_size_and_threads_invariance(variant, n_samples, batch_size, n_threads,
                                           precision, seed, input_seed, every, data):
    if variant == "noise_only":
        steps = 300
    else:  # samples of different lengths exercise the lane sorting
        steps = data.draw(st.lists(st.integers(50, 300), min_size=n_samples,
                                   max_size=n_samples))
    rec = Record(every=every, **REC)
    ref = run(variant, n_samples, steps, input_seed, seed=seed, precision=precision,
              batch_size=1, n_threads=1, record=rec)
    got = run(variant, n_samples, steps, input_seed, seed=seed, precision=precision,
              batch_size=batch_size, n_threads=n_threads, record=rec)
    assert_same_spikes(ref.spikes, got.spikes)
    assert_same_traces(ref, got)
    dflt = run(variant, n_samples, steps, input_seed, seed=seed, precision=precision,
               record=rec)
    assert_same_spikes(ref.spikes, dflt.spikes)
    assert_same_traces(ref, dflt)


@PROPS
@given(variant=st.sampled_from(VARIANTS), n_samples=st.integers(1, 4),
       batch_size=st.integers(1, 4), threads_per_block=st.integers(2, 4),
       n_threads=st.integers(1, 8), precision=st.sampled_from(["float64", "float32"]),
       seed=st.integers(0, 1000), input_seed=st.integers(0, 1000), every=st.integers(1, 5),
       data=st.data())
def test_threads_per_block_invariance(variant, n_samples, batch_size, threads_per_block,
                                      n_threads, precision, seed, input_seed, every, data):
    """Several threads on one block (each owning some neurons and the synapses onto them)
    give one thread's result, bit for bit."""
    if variant == "noise_only":
        steps = 300
    else:
        steps = data.draw(st.lists(st.integers(50, 300), min_size=n_samples,
                                   max_size=n_samples))
    rec = Record(every=every, **REC)
    ref = run(variant, n_samples, steps, input_seed, seed=seed, precision=precision,
              batch_size=1, n_threads=1, record=rec)
    got = run(variant, n_samples, steps, input_seed, seed=seed, precision=precision,
              batch_size=batch_size, n_threads=n_threads,
              threads_per_block=threads_per_block, record=rec)
    assert_same_spikes(ref.spikes, got.spikes)
    assert_same_traces(ref, got)


@pytest.mark.parametrize("precision", ["float64", "float32"])
def test_repeatable_and_seed_dependent(precision):
    a = run("noise", 4, 300, 5, seed=3, precision=precision).spikes
    b = run("noise", 4, 300, 5, seed=3, precision=precision).spikes
    assert_same_spikes(a, b)
    c = run("noise", 4, 300, 5, seed=4, precision=precision).spikes
    assert not (a.n_events == c.n_events and np.array_equal(a.times, c.times)
                and np.array_equal(a.channels, c.channels))


# ---------------------------------------------------------------- sample subsets
@PROPS
@given(variant=st.sampled_from(VARIANTS), precision=st.sampled_from(["float64", "float32"]),
       seed=st.integers(0, 1000), input_seed=st.integers(0, 1000),
       subset=st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True),
       batch_size=st.integers(1, 4))
def test_sample_subset_equals_full_batch(variant, precision, seed, input_seed, subset,
                                         batch_size):
    S, steps = 6, 250
    full = run(variant, S, steps, input_seed, seed=seed, precision=precision,
               record=Record(every=3, **REC))
    inputs, currents = make_input(variant, S, steps, input_seed)
    kw = dict(dt=DT, seed=seed, precision=precision, sample_indices=subset,
              batch_size=batch_size, record=Record(every=3, **REC))
    if inputs is not None:
        inputs = inputs.select(subset)
    if currents is not None:
        currents = [currents[i] for i in subset]
    if variant == "noise_only":
        kw.update(duration=steps * DT, n_samples=len(subset))
    part = simulate(network(variant), inputs, currents, **kw)
    assert_same_spikes(full.spikes.select(subset), part.spikes)
    for k in full.traces:
        for j, i in enumerate(subset):
            assert np.array_equal(full.traces[k][i], part.traces[k][j])


def test_the_documented_example_samples_2_and_5():
    S = 6
    full = run("noise", S, 300, 9, seed=2)
    inputs, _ = make_input("noise", S, 300, 9)
    part = simulate(network("noise"), inputs.select([2, 5]), dt=DT, seed=2,
                    sample_indices=[2, 5])
    assert_same_spikes(full.spikes.select([2, 5]), part.spikes)
    # and without sample_indices the pair is keyed 0, 1: samples 0 and 1 of the batch
    other = simulate(network("noise"), inputs.select([0, 1]), dt=DT, seed=2)
    assert_same_spikes(full.spikes.select([0, 1]), other.spikes)


# ---------------------------------------------------------------- chunked streams
def _split(inputs: SpikeTrains, a: int, b: int) -> SpikeTrains:
    """Events of steps [a, b) of every sample, shifted to start at 0."""
    events = []
    for i in range(inputs.n_samples):
        t, c = inputs.sample(i)
        k = np.floor(t / DT + 1e-6).astype(np.int64)  # the engine's binning
        sel = (k >= a) & (k < b)
        events.append((np.maximum(t[sel] - a * DT, 0.0), c[sel]))
    return SpikeTrains.from_events(events, (b - a) * DT, inputs.n_channels)


def _steps_of(times):
    return np.rint(np.asarray(times) / DT).astype(np.int64)


cuts_strategy = st.lists(st.integers(1, 399), min_size=1, max_size=5, unique=True)


@PROPS
@given(variant=st.sampled_from(VARIANTS), n_samples=st.integers(1, 4), cuts=cuts_strategy,
       precision=st.sampled_from(["float64", "float32"]), seed=st.integers(0, 1000),
       input_seed=st.integers(0, 1000), every=st.integers(1, 7),
       batch_size=st.integers(1, 3), threads_per_block=st.integers(1, 3))
def test_chunked_stream_equals_whole_run(variant, n_samples, cuts, precision, seed,
                                         input_seed, every, batch_size, threads_per_block):
    total = 400
    rec = Record(every=every, **REC)
    inputs, currents = make_input(variant, n_samples, total, input_seed)
    net = network(variant)
    whole_kw = dict(dt=DT, seed=seed, precision=precision, record=rec)
    if variant == "noise_only":
        whole_kw.update(duration=total * DT, n_samples=n_samples)
    whole = simulate(net, inputs, currents, **whole_kw)

    sim = Simulator(net, n_samples=n_samples, dt=DT, seed=seed, precision=precision,
                    record=rec, batch_size=batch_size, threads_per_block=threads_per_block)
    bounds = [0, *sorted(cuts), total]
    steps = [[] for _ in range(n_samples)]
    chans = [[] for _ in range(n_samples)]
    traces = {k: [[] for _ in range(n_samples)] for k in rec.variables}
    ttimes = [[] for _ in range(n_samples)]
    for a, b in zip(bounds[:-1], bounds[1:]):
        if variant == "noise_only":
            out = sim.run(duration=(b - a) * DT)
        else:
            out = sim.run(inputs=None if inputs is None else _split(inputs, a, b),
                          currents=None if currents is None else [c[a:b] for c in currents])
        assert out.spikes.n_samples == n_samples
        np.testing.assert_allclose(out.spikes.durations, (b - a) * DT)
        for i in range(n_samples):
            t, c = out.spikes.sample(i)
            steps[i].append(_steps_of(t) + a)
            chans[i].append(c)
            for k in rec.variables:
                traces[k][i].append(out.traces[k][i])
            ttimes[i].append(_steps_of(out.trace_times[i]) + a)
    np.testing.assert_allclose(sim.time, total * DT)
    assert np.array_equal(sim.state.step, np.full(n_samples, total))
    for i in range(n_samples):
        t, c = whole.spikes.sample(i)
        assert np.array_equal(np.concatenate(steps[i]), _steps_of(t)), i
        assert np.array_equal(np.concatenate(chans[i]), c), i
        for k in rec.variables:
            assert np.array_equal(np.concatenate(traces[k][i]), whole.traces[k][i]), (i, k)
        assert np.array_equal(np.concatenate(ttimes[i]), _steps_of(whole.trace_times[i]))


def test_simulate_with_state_equals_simulator():
    """The functional form (state=..., return_state=True) is the same stream."""
    net = network("noise")
    inputs, _ = make_input("noise", 3, 300, 4)
    whole = simulate(net, inputs, dt=DT, seed=6)
    first = simulate(net, _split(inputs, 0, 120), dt=DT, seed=6, return_state=True)
    second = simulate(net, _split(inputs, 120, 300), dt=DT, state=first.state,
                      return_state=True)
    for i in range(3):
        s = np.concatenate([_steps_of(first.spikes.sample(i)[0]),
                            _steps_of(second.spikes.sample(i)[0]) + 120])
        assert np.array_equal(s, _steps_of(whole.spikes.sample(i)[0]))
    assert np.array_equal(second.state.step, [300, 300, 300])
    # the input state was not modified in place: resuming it again gives the same result
    again = simulate(net, _split(inputs, 120, 300), dt=DT, state=first.state)
    assert_same_spikes(second.spikes, again.spikes)


def test_traces_recorded_at_the_declared_steps():
    rec = Record(neurons=[3, 1], variables=("v", "i_i"), every=4)
    out = run("spikes", 2, [103, 50], 1, record=rec)
    assert set(out.traces) == {"v", "i_i"}
    assert out.traces["v"][0].shape == (103 // 4, 2)
    assert out.traces["v"][1].shape == (50 // 4, 2)
    np.testing.assert_array_equal(_steps_of(out.trace_times[0]), np.arange(4, 104, 4))
    # v stays below threshold + reset semantics: every value is finite and <= v_thresh
    v = out.traces["v"][0]
    assert np.all(np.isfinite(v)) and np.all(v < 15e-3)


@pytest.mark.parametrize("threads_per_block", [1, 3])
def test_full_spike_buffers_are_handed_over(monkeypatch, threads_per_block):
    """With small spike buffers the kernel stops mid-block and resumes: the same result
    (also when a team of threads runs the block: every member stops at the same step)."""
    sim = importlib.import_module("liquidstate.engine.simulate")
    kw = dict(seed=2, batch_size=3, return_state=True, record=Record(every=3, **REC))
    ref = run("noise", 3, [6000, 4000, 5000], 5, **kw)
    calls = []
    monkeypatch.setattr(sim, "_MIN_SPIKE_BUFFER", 0)  # buffers of 4 spikes a neuron and lane
    if threads_per_block == 1:
        kernel_of = sim._kernel
        # record n_start, the kernel's last argument (see engine/contract.py)
        monkeypatch.setattr(sim, "_kernel", lambda backend: lambda *a: calls.append(a[-1])
                            or kernel_of(backend)(*a))
    else:
        cpu = importlib.import_module("liquidstate.engine.backends.numba_cpu")
        member = cpu.run_block_member
        # member 0's n_start (its arguments end with n_start, p)
        monkeypatch.setattr(cpu, "run_block_member", lambda *a: (
            a[-1] == 0 and calls.append(a[-2])) or member(*a))
    got = run("noise", 3, [6000, 4000, 5000], 5, threads_per_block=threads_per_block, **kw)
    assert len(calls) > 2 and calls[0] == 0  # one block, resumed twice or more
    assert_same_spikes(ref.spikes, got.spikes)
    assert_same_traces(ref, got)
    for f in fields(ref.state):
        assert np.array_equal(getattr(ref.state, f.name), getattr(got.state, f.name)), f.name


# ---------------------------------------------------------------- NUMBA_NUM_THREADS
SCRIPT = textwrap.dedent("""
    import hashlib
    import liquidstate as ls
    from liquidstate.engine import default_threads
    net = ls.maass2002((5, 3, 3), seed=1, n_inputs=2, noise_std=5e-9)
    inp = ls.SpikeTrains.poisson([40.0, 80.0], 0.03, 7, seed=2)
    rec = ls.simulate(net, inp, dt=1e-4, seed=3,
                      record=ls.Record(neurons=[0, 5], variables=("v", "i_e")))
    h = hashlib.sha256()
    for a in (rec.spikes.times, rec.spikes.channels, rec.spikes.offsets,
              *rec.traces["v"], *rec.traces["i_e"]):
        h.update(a.tobytes())
    print(default_threads(), h.hexdigest())
""")


def test_numba_num_threads_environment_gives_identical_results():
    outs = []
    for threads in ("1", "2"):
        env = dict(os.environ, NUMBA_NUM_THREADS=threads)
        proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        n, digest = proc.stdout.split()
        assert n == threads
        outs.append(digest)
    assert outs[0] == outs[1]
    # and the same in this process
    net = maass2002((5, 3, 3), seed=1, n_inputs=2, noise_std=5e-9)
    inp = SpikeTrains.poisson([40.0, 80.0], 0.03, 7, seed=2)
    rec = simulate(net, inp, dt=1e-4, seed=3, n_threads=3,
                   record=Record(neurons=[0, 5], variables=("v", "i_e")))
    h = hashlib.sha256()
    for a in (rec.spikes.times, rec.spikes.channels, rec.spikes.offsets,
              *rec.traces["v"], *rec.traces["i_e"]):
        h.update(a.tobytes())
    assert h.hexdigest() == outs[0]


# ---------------------------------------------------------------- the reference backend
@pytest.mark.parametrize("variant", ["noise", "currents"])
def test_reference_backend_agrees_exactly(variant):
    pytest.importorskip("liquidstate.engine.backends.reference")
    rec = Record(every=2, **REC)
    a = run(variant, 3, [120, 80, 100], 3, seed=1, record=rec)
    b = run(variant, 3, [120, 80, 100], 3, seed=1, record=rec, backend="reference")
    assert_same_spikes(a.spikes, b.spikes)
    assert_same_traces(a, b)


def test_public_names():
    assert ls.Simulator is Simulator and ls.Record is Record
