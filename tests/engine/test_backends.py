"""The compiled backend against the NumPy reference backend: the same bits."""

import numpy as np
import pytest

import liquidstate as ls


@pytest.mark.parametrize("precision", ["float64", "float32"])
@pytest.mark.parametrize("variant", ["dynamic", "static", "noise_and_currents"])
def test_numba_equals_reference(precision, variant):
    if variant == "static":
        net = ls.maass2002((5, 3, 3), n_inputs=2, dynamic=False, weight_scale=0.3, seed=4)
    else:
        net = ls.maass2002((5, 3, 3), n_inputs=2, seed=3,
                           noise_std=1e-9 if variant == "noise_and_currents" else 0.0)
    inputs = ls.SpikeTrains.poisson([40, 25], [0.25, 0.2, 0.15], 3, seed=2)
    currents = None
    if variant == "noise_and_currents":
        currents = [np.random.default_rng(i).normal(size=(n, 2))
                    for i, n in enumerate([2500, 2000, 1500])]
    record = ls.Record(neurons=[0, 3, 44], variables=("v", "i_e", "i_i"), every=3)
    kw = dict(precision=precision, record=record, seed=7, batch_size=2)
    fast = ls.simulate(net, inputs, currents, **kw)
    ref = ls.simulate(net, inputs, currents, backend="reference", **kw)
    assert fast.spikes.n_events > 50
    np.testing.assert_array_equal(fast.spikes.offsets, ref.spikes.offsets)
    np.testing.assert_array_equal(fast.spikes.times, ref.spikes.times)
    np.testing.assert_array_equal(fast.spikes.channels, ref.spikes.channels)
    for name in record.variables:
        for a, b in zip(fast.traces[name], ref.traces[name]):
            np.testing.assert_array_equal(a, b)


def test_both_backends_take_the_contract():
    """One signature, the contract's: ``run_block(plan, state, inputs, outputs, n_start)``."""
    import inspect

    from liquidstate.engine.backends import BACKENDS, numba_cpu, reference, run_block_of

    expected = ["plan", "state", "inputs", "outputs", "n_start"]
    assert list(inspect.signature(reference.run_block).parameters) == expected
    assert list(inspect.signature(numba_cpu.run_block.py_func).parameters) == expected
    assert run_block_of("reference") is reference.run_block
    assert set(BACKENDS) >= {"numba", "reference"}
    with pytest.raises(ValueError, match="backend must be one of"):
        run_block_of("no such backend")


def test_reference_noise_is_the_kernels_noise():
    """The reference backend's own noise (Python integers) gives the compiled kernel's bits,
    including at the edges of the counter (largest key, steps beyond 2**32)."""
    from liquidstate.engine.backends import numba_cpu, reference

    rng = np.random.default_rng(0)
    keys = np.concatenate([rng.integers(0, 2 ** 64, 40, dtype=np.uint64),
                           np.array([0, 2 ** 64 - 1], dtype=np.uint64)])
    steps = [0, 1, 9999, 2 ** 33 + 5]
    draws = []
    for key in keys:
        for step in steps:
            for neuron in (0, 1, 134, 99999):
                ref = reference.normal_from_counter(int(key), step, neuron)
                fast = numba_cpu.normal_from_counter(key, np.int64(step), np.int64(neuron))
                assert np.float64(ref).tobytes() == np.float64(fast).tobytes(), (key, step,
                                                                                 neuron)
                draws.append(ref)
    draws = np.array(draws)
    # and the numbers are standard normal (n = 672: the mean within 4 standard errors)
    assert abs(draws.mean()) < 4 / np.sqrt(draws.size)
    assert 0.85 < draws.std() < 1.15
