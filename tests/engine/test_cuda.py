"""The GPU backend (``backend="cuda"``) against the CPU engine, through Numba's CUDA simulator.

The simulator must be switched on before ``numba.cuda`` is first imported, so the GPU side of
every case runs in one child process (this file run as a script, with
``NUMBA_ENABLE_CUDASIM=1``) that saves its results; the tests compute the CPU side here and
compare. Under the simulator the kernels' arithmetic is the CPU's, so float64 spikes and
traces must be identical. The simulator runs a Python thread per GPU thread: networks are
tiny and runs short.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import liquidstate as ls

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("numba_cuda") is None,
    reason="could not import 'numba_cuda': backend='cuda' and these tests need the 'gpu' "
           "extra (pip install -e '.[gpu]')")

DT = 1e-4


def _driver_network(delay_steps: int):
    """Neuron 0 fires once per input spike; a dynamic synapse 0 -> 1 with the given delay."""
    W = np.zeros((2, 2))
    W[0, 1] = 30e-9
    delays = np.zeros((2, 2))
    delays[0, 1] = delay_steps * DT
    net = ls.from_matrices(W, delays=delays, U=0.5, D=1.1, F=0.05,
                           input_weights=np.array([[1e-5, 0.0]]), input_delays=DT,
                           v_init=(0.0, 0.0), t_ref=2e-3)
    return net.replace(v_thresh=np.array([15e-3, 10.0]), v_reset=np.array([0.0, 0.0]),
                       i_background=np.zeros(2), tau_syn_e=np.array([1e-4, 3e-3]))


def _column(noise: float = 1e-9):
    return ls.maass2002((3, 3, 3), n_inputs=2, seed=3, noise_std=noise)


def _with_multapses(net):
    """``net`` with every third synapse doubled: synapse groups with a repeated target,
    which the kernel delivers in one thread, in order."""
    k = np.arange(0, net.pre.size, 3)
    return net.replace(**{f: np.concatenate([getattr(net, f), getattr(net, f)[k]])
                          for f in ("pre", "post", "weight", "delay", "U", "D", "F")})


def _column_inputs():
    # samples of different lengths: lanes of one block end at different steps
    return ls.SpikeTrains.poisson([200, 150], [0.03, 0.02, 0.03, 0.025], 4, seed=2)


_RECORD = ls.Record(neurons=[0, 3, 20], variables=("v", "i_e", "i_i"), every=2)


def _cases():
    """name -> (network, inputs, currents, keyword arguments of simulate)."""
    t_in = np.array([0.002, 0.009, 0.0105, 0.016, 0.0205])
    driver_in = ls.SpikeTrains.from_lists([[t_in]], 0.025)
    driver_rec = ls.Record(neurons=[0, 1], variables=("v", "i_e"))
    currents = np.random.default_rng(5).normal(0.0, 2.0, size=(2, 250, 2))
    fi = ls.from_matrices(np.zeros((6, 6)), tau_m=30e-3, r_m=1e6, v_thresh=15e-3,
                          v_reset=13.5e-3, t_ref=3e-3, v_init=(13.5e-3, 13.5e-3))
    fi = fi.replace(i_background=np.linspace(14e-9, 40e-9, 6))
    return {
        "driver_delay0": (_driver_network(0), driver_in, None, dict(record=driver_rec)),
        "driver_delay7": (_driver_network(7), driver_in, None, dict(record=driver_rec)),
        "f_i": (fi, None, None, dict(duration=0.025)),
        "column": (_column(), _column_inputs(), None, dict(record=_RECORD, seed=7)),
        "column_float32": (_column(), _column_inputs(), None,
                           dict(record=_RECORD, seed=7, precision="float32")),
        "currents": (_column(), None, currents, dict(record=_RECORD, seed=1)),
        "multapses": (_with_multapses(_column()), _column_inputs(), None,
                      dict(record=_RECORD, seed=5)),
    }


def _recording_arrays(rec, prefix: str) -> dict:
    out = {f"{prefix}/offsets": rec.spikes.offsets, f"{prefix}/times": rec.spikes.times,
           f"{prefix}/channels": rec.spikes.channels}
    for name, per_sample in rec.traces.items():
        for s, a in enumerate(per_sample):
            out[f"{prefix}/trace_{name}_{s}"] = a
    return out


def _window(inputs, a: float, b: float):
    """The input events in ``[a, b)`` of every sample, shifted to start at 0."""
    events = []
    for i in range(inputs.n_samples):
        t, c = inputs.sample(i)
        keep = (t >= a) & (t < b)
        events.append((t[keep] - a, c[keep]))
    return ls.SpikeTrains.from_events(events, b - a, inputs.n_channels)


def _stream(backend: str) -> dict:
    """Two chunks through a Simulator: the state (queue, synapses) carried between them."""
    net = _column()
    inputs = ls.SpikeTrains.poisson([200, 150], 0.03, 3, seed=4)
    sim = ls.Simulator(net, n_samples=3, seed=2, backend=backend, record=_RECORD)
    out = {}
    for k, (a, b) in enumerate([(0.0, 0.012), (0.012, 0.03)]):
        out.update(_recording_arrays(sim.run(_window(inputs, a, b)), f"stream{k}"))
    for name in ("v", "i_e", "i_i", "refractory", "u", "x", "last_spike", "queue_source",
                 "queue_delta", "queue_age", "queue_offsets"):
        out[f"stream_state/{name}"] = getattr(sim.state, name)
    return out


def _gpu_main(path: str, which: str) -> None:
    """The child process: the cases with backend='cuda' (``which``: 'quick', the column
    alone; 'all', everything), saved to ``path`` (npz)."""
    from liquidstate.engine.backends import cuda as backend

    arrays = {}
    for name, (net, inputs, currents, kw) in _cases().items():
        if which == "quick" and name != "column":
            continue
        arrays.update(_recording_arrays(
            ls.simulate(net, inputs, currents, backend="cuda", **kw), name))
    if which == "quick":
        np.savez(path, **arrays)
        return
    info = dict(backend.last_run)
    net, inputs, _, kw = _cases()["column"]
    # state in global memory instead of shared memory
    os.environ["LIQUIDSTATE_CUDA_MEMORY"] = "global"
    arrays.update(_recording_arrays(ls.simulate(net, inputs, backend="cuda", **kw), "global"))
    arrays["global/shared"] = np.array(backend.last_run["shared"])
    del os.environ["LIQUIDSTATE_CUDA_MEMORY"]
    # spike buffers of 2 N: lanes pause and the host launches again
    backend.SPIKE_CAPACITY = 0
    arrays.update(_recording_arrays(ls.simulate(net, inputs, backend="cuda", **kw), "pause"))
    arrays["pause/launches"] = np.array(backend.last_run["launches"])
    backend.SPIKE_CAPACITY = 1 << 16
    arrays.update(_stream("cuda"))

    # device memory, mocked: room for two lanes, then for none
    class Context:
        free = 0.0

        def get_memory_info(self):
            return self.free, self.free

    ctx = Context()
    real = backend.cuda.current_context
    backend.cuda.current_context = lambda: ctx
    try:
        ctx.free = (info["network_bytes"] + 2.5 * info["lane_bytes"]) / backend.MEMORY_FRACTION
        arrays.update(_recording_arrays(ls.simulate(net, inputs, backend="cuda", **kw),
                                        "split"))
        arrays["split/batches"] = np.array(backend.last_run["batches"])
        ctx.free = 1000.0
        try:
            ls.simulate(net, inputs, backend="cuda", **kw)
            arrays["too_small/message"] = np.array("")
        except MemoryError as err:
            arrays["too_small/message"] = np.array(str(err))
    finally:
        backend.cuda.current_context = real
    np.savez(path, **arrays)


def _run_child(tmp_path_factory, which: str) -> dict:
    path = tmp_path_factory.mktemp("cuda") / "gpu.npz"
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1",
               PYTHONPATH=os.pathsep.join([str(Path(ls.__file__).parents[1])]
                                          + sys.path))
    env.pop("LIQUIDSTATE_CUDA_SHAPE", None)
    proc = subprocess.run([sys.executable, "-c",
                           "import sys; sys.setswitchinterval(1e-5); "
                           f"sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                           f"import test_cuda; test_cuda._gpu_main({str(path)!r}, "
                           f"{which!r})"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with np.load(path) as data:
        return dict(data)


@pytest.fixture(scope="module")
def gpu_quick(tmp_path_factory):
    """The child's results for the column alone (the quick tier's check)."""
    return _run_child(tmp_path_factory, "quick")


@pytest.fixture(scope="module")
def gpu(tmp_path_factory):
    """The child's results for every case (once for the module; the tests using it are
    marked slow: the simulator takes about half a minute for them all)."""
    return _run_child(tmp_path_factory, "all")


def _assert_same(gpu: dict, name: str, rec) -> None:
    cpu = _recording_arrays(rec, name)
    assert cpu[f"{name}/times"].size > 0
    for key, value in cpu.items():
        np.testing.assert_array_equal(gpu[key], value, err_msg=key)


def test_column_float64_spikes_and_traces_identical_to_cpu(gpu_quick):
    net, inputs, currents, kw = _cases()["column"]
    _assert_same(gpu_quick, "column", ls.simulate(net, inputs, currents, **kw))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["driver_delay0", "driver_delay7", "f_i", "column",
                                  "currents", "multapses"])
def test_float64_spikes_and_traces_identical_to_cpu(gpu, name):
    net, inputs, currents, kw = _cases()[name]
    _assert_same(gpu, name, ls.simulate(net, inputs, currents, **kw))


@pytest.mark.slow
def test_float32_rates_within_one_percent_and_identical_under_the_simulator(gpu):
    net, inputs, _, kw = _cases()["column_float32"]
    cpu = ls.simulate(net, inputs, **kw)
    counts = np.diff(gpu["column_float32/offsets"])
    assert abs(counts.sum() / cpu.spikes.n_events - 1.0) <= 0.01
    # the simulator computes in the CPU's float32 arithmetic: the same bits
    _assert_same(gpu, "column_float32", cpu)


@pytest.mark.slow
def test_state_in_global_memory_gives_the_same_result(gpu):
    assert not gpu["global/shared"]
    net, inputs, _, kw = _cases()["column"]
    _assert_same(gpu, "global", ls.simulate(net, inputs, **kw))


@pytest.mark.slow
def test_full_spike_buffers_pause_and_resume_exactly(gpu):
    assert gpu["pause/launches"] > 1
    net, inputs, _, kw = _cases()["column"]
    _assert_same(gpu, "pause", ls.simulate(net, inputs, **kw))


@pytest.mark.slow
def test_a_stream_in_chunks_matches_the_cpu_state_for_state(gpu):
    cpu = _stream("numba")
    assert cpu["stream1/times"].size > 0 and cpu["stream_state/queue_source"].size > 0
    for key, value in cpu.items():
        np.testing.assert_array_equal(gpu[key], value, err_msg=key)


@pytest.mark.slow
def test_a_batch_too_big_for_device_memory_is_split(gpu):
    assert gpu["split/batches"] > 1
    net, inputs, _, kw = _cases()["column"]
    _assert_same(gpu, "split", ls.simulate(net, inputs, **kw))


@pytest.mark.slow
def test_clear_error_when_one_sample_does_not_fit(gpu):
    message = str(gpu["too_small/message"])
    assert "one sample needs" in message and "MiB" in message


def test_clear_error_without_a_gpu():
    from numba import config

    if config.ENABLE_CUDASIM:
        pytest.skip("this process runs the CUDA simulator")
    from numba import cuda

    if cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="NUMBA_ENABLE_CUDASIM=1") as err:
        ls.simulate(_column(), duration=0.01, backend="cuda")
    assert "'gpu' extra" in str(err.value)


if __name__ == "__main__":  # the child process of the fixtures: path, 'quick' or 'all'
    _gpu_main(sys.argv[1], sys.argv[2])
