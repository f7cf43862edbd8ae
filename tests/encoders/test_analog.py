"""Tests of analog current injection: ``analog`` and ``AnalogEncoder``."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import liquidstate as ls
from liquidstate.encoders import AnalogEncoder, analog


def test_rows_repeated_per_simulation_step_with_gain_and_offset():
    x = np.array([[0.0, 1.0], [0.5, -1.0], [1.0, 2.0]])
    (u,) = analog([x], gain=2.0, offset=0.5, dt=1e-3, sim_dt=2.5e-4)
    assert u.shape == (12, 2) and u.dtype == np.float64
    np.testing.assert_array_equal(u, np.repeat(2.0 * x + 0.5, 4, axis=0))


def test_per_channel_gain_offset_and_variable_lengths():
    X = [np.ones((3, 2)), np.ones((5, 2))]
    out = analog(X, gain=[1.0, -2.0], offset=[0.0, 1.0], dt=1e-3, sim_dt=1e-3)
    assert [u.shape for u in out] == [(3, 2), (5, 2)]
    np.testing.assert_array_equal(out[1][0], [1.0, -1.0])
    # duration preserved: n_steps * dt == n_rows * sim_dt
    out = analog(X, dt=2e-3, sim_dt=1e-4)
    assert [u.shape[0] for u in out] == [60, 100]


def test_3d_array_input():
    X = np.random.default_rng(0).normal(size=(4, 10, 3))
    out = analog(X, sim_dt=5e-4)
    assert len(out) == 4
    for x, u in zip(X, out):
        np.testing.assert_array_equal(u, np.repeat(x, 2, axis=0))


def test_encoder_sklearn():
    X = [np.ones((3, 2)), np.zeros((4, 2))]
    enc = AnalogEncoder(gain=3.0, sim_dt=5e-4)
    out = enc.fit_transform(X)
    assert enc.n_channels_in_ == 2
    for a, b in zip(out, analog(X, gain=3.0, sim_dt=5e-4)):
        np.testing.assert_array_equal(a, b)
    assert enc.get_params() == {"gain": 3.0, "offset": 0.0, "dt": 1e-3, "sim_dt": 5e-4}
    c = clone(enc).set_params(offset=1.0)
    assert c.offset == 1.0 and enc.offset == 0.0
    pipe = make_pipeline(AnalogEncoder(sim_dt=1e-3),
                         FunctionTransformer(lambda cs: np.array([u.mean(0) for u in cs])))
    np.testing.assert_allclose(pipe.fit_transform(X), [[1.0, 1.0], [0.0, 0.0]])


def test_errors():
    X = np.zeros((1, 5, 2))
    with pytest.raises(ValueError, match=r"dt / sim_dt .* must be a whole number"):
        analog(X, dt=1e-3, sim_dt=3e-4)
    with pytest.raises(ValueError, match=r"dt / sim_dt .* must be a whole number"):
        AnalogEncoder(dt=1e-4, sim_dt=1e-3).fit(X)
    with pytest.raises(ValueError, match="sim_dt must be finite and > 0"):
        analog(X, sim_dt=0.0)
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        analog(X, dt=-1e-3)
    with pytest.raises(ValueError, match=r"gain must be a scalar or have shape \(2,\)"):
        analog(X, gain=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="offset must be finite"):
        analog(X, offset=np.nan)
    with pytest.raises(ValueError, match=r"X\[0\] contains NaN or inf"):
        analog(np.full((1, 2, 1), np.inf))
    with pytest.raises(ValueError, match="2-D array"):
        analog(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"X\[0\] is empty"):
        analog([np.zeros((0, 2))])
    with pytest.raises(NotFittedError):
        AnalogEncoder().transform(X)
    with pytest.raises(ValueError, match="X has 3 channels.*fitted with 2"):
        AnalogEncoder().fit(X).transform(np.zeros((1, 5, 3)))


def test_output_drives_the_liquid():
    C = 2
    net = ls.maass2002((3, 3, 3), n_inputs=C, seed=0)
    X = np.full((2, 50, C), 1.0)
    X[1] = 0.0
    currents = AnalogEncoder(dt=1e-3, sim_dt=1e-4).fit_transform(X)
    rec = ls.simulate(net, currents=currents, dt=1e-4)
    np.testing.assert_allclose(rec.spikes.durations, 0.05)
    # the current drives the liquid: spikes with input 1, none with input 0
    counts = rec.spikes.counts().sum(axis=1)
    assert counts[0] > 0 and counts[1] == 0
