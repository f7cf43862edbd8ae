"""Tests of Poisson rate coding: ``poisson_rate`` and ``PoissonEncoder``."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import liquidstate as ls
from liquidstate.encoders import PoissonEncoder, poisson_rate

FEW = settings(max_examples=20, deadline=None)


def _same(a: ls.SpikeTrains, b: ls.SpikeTrains) -> bool:
    return (a.n_channels == b.n_channels and np.array_equal(a.offsets, b.offsets)
            and np.array_equal(a.times, b.times) and np.array_equal(a.channels, b.channels)
            and np.array_equal(a.durations, b.durations))


# ---------------------------------------------------------------- rates and timing
def test_rates_match_max_rate_times_value():
    values = np.array([0.0, 0.1, 0.5, 1.0])
    n_samples, n_steps, dt, max_rate = 40, 1000, 1e-3, 80.0
    X = np.broadcast_to(values, (n_samples, n_steps, values.size))
    s = poisson_rate(X, max_rate=max_rate, dt=dt, seed=3)
    counts = s.counts().sum(axis=0)
    expected = max_rate * values * n_samples * n_steps * dt
    # Poisson: SD = sqrt(mean); allow 4 SD
    assert counts[0] == 0
    np.testing.assert_array_less(np.abs(counts - expected)[1:], 4 * np.sqrt(expected[1:]))
    # the per-sample mean rate in Hz, averaged over samples
    np.testing.assert_allclose(s.rates().mean(axis=0)[1:], max_rate * values[1:], rtol=0.1)


def test_rate_follows_the_signal_row_by_row():
    # off for the first half, full rate in the second: spikes only in the second half
    n = 500
    x = np.zeros((n, 1))
    x[n // 2:] = 1.0
    s = poisson_rate([x] * 20, max_rate=200.0, dt=1e-3, seed=1)
    assert s.n_events > 0
    assert np.all(s.times >= (n // 2) * 1e-3)
    # expected count in the second half: 20 samples * 200 Hz * 0.25 s = 1000 (SD ~32)
    assert abs(s.n_events - 1000) < 130


def test_spike_times_are_spread_within_their_row():
    dt = 2e-3
    x = np.zeros((10, 1))
    x[4] = 1.0                                   # only row 4 fires: [8 ms, 10 ms)
    s = poisson_rate([x] * 200, max_rate=2000.0, dt=dt, seed=0)   # mean 4 spikes per row
    assert np.all((s.times >= 4 * dt) & (s.times < 5 * dt))
    # uniform within the row: the mean position is near the middle
    assert abs(np.mean(s.times / dt - 4) - 0.5) < 0.05
    assert len(np.unique(s.times)) == s.n_events


def test_several_spikes_per_row_at_high_rates():
    s = poisson_rate(np.ones((1, 100, 1)), max_rate=5000.0, dt=1e-3, seed=0)
    assert s.n_events > 300                      # mean 500: more than one per row


# ---------------------------------------------------------------- shapes and durations
def test_shapes_durations_and_variable_lengths():
    X = [np.full((100, 3), 0.5), np.full((250, 3), 0.5), np.full((1, 3), 1.0)]
    s = poisson_rate(X, dt=2e-3)
    assert isinstance(s, ls.SpikeTrains)
    assert s.n_samples == 3 and s.n_channels == 3
    np.testing.assert_allclose(s.durations, [0.2, 0.5, 0.002])
    for i in range(3):
        t, c = s.sample(i)
        assert np.all((t >= 0) & (t < s.durations[i]))
        assert np.all((c >= 0) & (c < 3))


def test_3d_array_and_list_give_the_same_spikes():
    X = np.random.default_rng(0).uniform(size=(3, 50, 2))
    assert _same(poisson_rate(X, seed=4), poisson_rate(list(X), seed=4))


@FEW
@given(lengths=st.lists(st.integers(1, 60), min_size=1, max_size=4),
       n_channels=st.integers(1, 4), dt=st.sampled_from([1e-4, 1e-3, 5e-3]),
       seed=st.integers(0, 2**32))
def test_property_shapes_and_times(lengths, n_channels, dt, seed):
    g = np.random.default_rng(seed)
    X = [g.uniform(size=(n, n_channels)) for n in lengths]
    s = poisson_rate(X, max_rate=500.0, dt=dt, seed=seed)
    assert s.n_samples == len(lengths) and s.n_channels == n_channels
    np.testing.assert_allclose(s.durations, np.array(lengths) * dt)
    for i, x in enumerate(X):
        t, c = s.sample(i)
        assert np.all((t >= 0) & (t < s.durations[i]))
        rows = np.minimum((t / dt).astype(int), len(x) - 1)
        assert np.all(x[rows, c] > 0)            # a spike only where the rate is positive


# ---------------------------------------------------------------- per-sample seeding
def test_a_sample_is_encoded_identically_in_any_batch():
    X = list(np.random.default_rng(1).uniform(size=(4, 200, 2)))
    whole = poisson_rate(X, seed=7)
    for start in range(4):
        part = poisson_rate(X[start:], seed=7, first_index=start)
        assert _same(part, whole.select(range(start, 4)))
    single = poisson_rate([X[2]], seed=7, first_index=2)
    assert _same(single, whole.select([2]))
    # through the transformer too
    enc = PoissonEncoder(random_state=7).fit(X)
    assert _same(enc.transform(X[1:], first_index=1), whole.select([1, 2, 3]))


def test_seed_and_index_change_the_spikes():
    X = np.full((2, 500, 1), 0.5)
    a = poisson_rate(X, seed=0)
    assert not _same(a, poisson_rate(X, seed=1))
    # two equal samples at different indices get different spikes
    assert not np.array_equal(a.sample(0)[0], a.sample(1)[0])
    assert _same(a, poisson_rate(X, seed=0))


def test_stream_key_is_the_documented_one():
    x = np.full((100, 2), 0.3)
    s = poisson_rate([x], max_rate=100.0, dt=1e-3, seed=5, first_index=9)
    g = ls.random.rng(5, "poisson_rate", 9)
    counts = g.poisson(100.0 * 1e-3 * x)
    assert s.n_events == counts.sum()


# ---------------------------------------------------------------- scikit-learn behaviour
def test_get_set_params_and_clone():
    enc = PoissonEncoder(max_rate=50.0, dt=2e-3, random_state=3)
    assert enc.get_params() == {"max_rate": 50.0, "dt": 2e-3, "random_state": 3}
    enc.set_params(max_rate=20.0)
    assert enc.max_rate == 20.0
    c = clone(enc)
    assert c is not enc and c.get_params() == enc.get_params()
    assert not hasattr(c, "n_channels_in_")


def test_fit_transform_equals_the_function():
    X = np.random.default_rng(2).uniform(size=(3, 100, 4))
    enc = PoissonEncoder(max_rate=60.0, random_state=11)
    s = enc.fit_transform(X)
    assert enc.n_channels_in_ == 4
    assert _same(s, poisson_rate(X, max_rate=60.0, seed=11))


def test_first_step_of_a_pipeline():
    g = np.random.default_rng(0)
    y = np.repeat([0, 1], 20)
    X = np.where(y[:, None, None] == 1, 0.8, 0.2) * np.ones((40, 100, 2))
    X = np.clip(X + g.normal(0, 0.05, X.shape), 0, 1)
    pipe = make_pipeline(PoissonEncoder(max_rate=100.0, random_state=0),
                         FunctionTransformer(lambda s: s.counts()),
                         LogisticRegression())
    pipe.fit(X, y)
    assert pipe.score(X, y) > 0.9
    assert pipe.get_params()["poissonencoder__max_rate"] == 100.0
    pipe.set_params(poissonencoder__max_rate=50.0)
    assert pipe.steps[0][1].max_rate == 50.0


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_values_outside_unit_range(value):
    X = np.full((1, 10, 2), 0.5)
    X[0, 3, 1] = value
    with pytest.raises(ValueError, match=r"X\[0\].*\[0, 1\].*MinMaxScaler"):
        poisson_rate(X)
    with pytest.raises(ValueError, match="MinMaxScaler"):
        PoissonEncoder().fit(X)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_inf(bad):
    X = [np.full((10, 2), 0.5), np.full((5, 2), 0.5)]
    X[1][2, 0] = bad
    with pytest.raises(ValueError, match=r"X\[1\] contains NaN or inf"):
        poisson_rate(X)


def test_wrong_ndim_and_types():
    with pytest.raises(ValueError, match=r"2-D array.*X\[None\]"):
        poisson_rate(np.full((10, 2), 0.5))
    with pytest.raises(ValueError, match="3-D array"):
        poisson_rate(np.full((1, 2, 10, 2), 0.5))
    with pytest.raises(ValueError, match=r"X\[0\] must be 2-D.*reshape"):
        poisson_rate([np.full(10, 0.5)])
    with pytest.raises(TypeError, match="X must be"):
        poisson_rate(0.5)
    with pytest.raises(TypeError, match=r"X\[0\] must be a numeric"):
        poisson_rate([np.array([["a"]])])
    with pytest.raises(TypeError, match="SpikeTrains"):
        poisson_rate(ls.SpikeTrains.poisson([10.0], 0.1))


def test_empty_input_and_samples():
    with pytest.raises(ValueError, match="at least one sample"):
        poisson_rate([])
    with pytest.raises(ValueError, match=r"X\[1\] is empty"):
        poisson_rate([np.full((3, 1), 0.5), np.zeros((0, 1))])
    with pytest.raises(ValueError, match="0 channels"):
        poisson_rate([np.zeros((3, 0))])


def test_inconsistent_channels_between_samples():
    with pytest.raises(ValueError, match=r"X\[1\] has 3 channels, X\[0\] has 2"):
        poisson_rate([np.zeros((3, 2)), np.zeros((3, 3))])


@pytest.mark.parametrize("dt", [0.0, -1e-3, np.nan])
def test_bad_dt(dt):
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        poisson_rate(np.zeros((1, 3, 1)), dt=dt)
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        PoissonEncoder(dt=dt).fit(np.zeros((1, 3, 1)))


def test_bad_parameters():
    X = np.zeros((1, 3, 1))
    with pytest.raises(ValueError, match="max_rate"):
        poisson_rate(X, max_rate=-1.0)
    with pytest.raises(TypeError, match="dt must be a real number"):
        poisson_rate(X, dt="1ms")
    with pytest.raises(TypeError, match="random_state"):
        PoissonEncoder(random_state=None).fit(X)
    with pytest.raises(ValueError, match="seed"):
        poisson_rate(X, seed=-1)
    with pytest.raises(ValueError, match="first_index"):
        poisson_rate(X, first_index=-1)


def test_channel_mismatch_between_fit_and_transform():
    enc = PoissonEncoder().fit(np.zeros((1, 5, 3)))
    with pytest.raises(ValueError, match="X has 2 channels.*fitted with 3"):
        enc.transform(np.zeros((1, 5, 2)))


def test_transform_before_fit():
    with pytest.raises(NotFittedError):
        PoissonEncoder().transform(np.zeros((1, 5, 2)))


# ---------------------------------------------------------------- into the liquid
def test_output_feeds_the_liquid():
    C = 2
    net = ls.maass2002((3, 3, 3), n_inputs=C, seed=0)
    spikes = PoissonEncoder(max_rate=100.0).fit_transform(np.full((2, 100, C), 0.5))
    rec = ls.simulate(net, spikes)
    assert rec.spikes.n_samples == 2
    np.testing.assert_allclose(rec.spikes.durations, 0.1)
