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
