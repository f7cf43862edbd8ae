"""Tests of the temporal codes: latency, send-on-delta and Ben's Spiker Algorithm."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import liquidstate as ls
from liquidstate.encoders import (BSAEncoder, DeltaEncoder, LatencyEncoder,
                                  ThresholdLevelsEncoder, bsa, bsa_decode, bsa_filter, delta,
                                  delta_decode, latency, threshold_levels,
                                  threshold_levels_decode)


def _same(a: ls.SpikeTrains, b: ls.SpikeTrains) -> bool:
    return (a.n_channels == b.n_channels and np.array_equal(a.offsets, b.offsets)
            and np.array_equal(a.times, b.times) and np.array_equal(a.channels, b.channels)
            and np.array_equal(a.durations, b.durations))


def _smooth_signals(n_samples=5, n_steps=2000, dt=1e-3, seed=0):
    """Sums of three sines of 1-5 Hz with random phases, each scaled to [0, 1]."""
    g = np.random.default_rng(seed)
    t = np.arange(n_steps) * dt
    out = []
    for _ in range(n_samples):
        f, ph = g.uniform(1, 5, 3), g.uniform(0, 2 * np.pi, 3)
        x = np.sin(2 * np.pi * f[:, None] * t + ph[:, None]).sum(axis=0)
        out.append(((x - x.min()) / (x.max() - x.min()))[:, None])
    return out


# =============================================================================== latency
def test_latency_larger_value_fires_earlier():
    values = np.array([0.1, 0.3, 0.5, 0.9, 1.0])
    x = np.tile(values, (50, 1))                 # 50 rows of 1 ms: t_max = 50 ms
    s = latency([x])
    t, c = s.sample(0)
    assert c.size == values.size                 # one spike per channel
    first = np.empty(values.size)
    first[c] = t
    np.testing.assert_allclose(first, 0.05 * (1 - values), atol=1e-12)
    assert np.all(np.diff(first) < 0)            # strictly earlier for larger values
    assert first[-1] == 0.0                      # v = 1 at the window's start


def test_latency_uses_the_window_mean_and_threshold():
    x = np.zeros((10, 3))
    x[:5, 0] = 1.0                               # mean 0.5
    x[:, 1] = 0.05                               # below the threshold
    s = latency([x], t_max=4e-3, threshold=0.1, dt=1e-3)
    t, c = s.sample(0)
    np.testing.assert_array_equal(c, [0])        # channel 2 (zero) and 1 are silent
    np.testing.assert_allclose(t, [2e-3])


def test_latency_windows():
    dt, n = 1e-3, 100
    g = np.random.default_rng(0)
    x = g.uniform(0.2, 1.0, size=(n, 2))
    s = latency([x], window=0.02, dt=dt)         # 5 windows of 20 rows, t_max = 20 ms
    t, c = s.sample(0)
    assert t.size == 5 * 2                       # one spike per channel and window
    win = np.floor(t / 0.02 + 1e-9).astype(int)
    for k in range(5):
        for ch in range(2):
            sel = (win == k) & (c == ch)
            assert sel.sum() == 1
            v = x[20 * k:20 * (k + 1), ch].mean()
            np.testing.assert_allclose(t[sel], 0.02 * k + 0.02 * (1 - v))


def test_latency_partial_last_window_drops_late_spikes():
    x = np.concatenate([np.full((10, 1), 0.5), np.full((3, 1), 0.9), ])   # 13 rows
    s = latency([x], window=0.01, dt=1e-3)       # windows [0, 10), [10, 13) rows
    t, _ = s.sample(0)
    np.testing.assert_allclose(t, [0.005, 0.011])   # 0.010 + 0.01 * 0.1 < 0.013
    x[10:] = 0.5                                 # would fire at 0.015 > 0.013: dropped
    assert latency([x], window=0.01, dt=1e-3).n_events == 1


def test_latency_shapes_and_encoder():
    X = [np.full((30, 2), 0.5), np.full((60, 2), 0.5)]
    s = latency(X, t_max=0.02)
    np.testing.assert_allclose(s.durations, [0.03, 0.06])
    np.testing.assert_allclose(s.times, [0.01, 0.01, 0.01, 0.01])
    enc = LatencyEncoder(t_max=0.02)
    assert _same(enc.fit_transform(X), s)
    assert enc.n_channels_in_ == 2
    assert enc.get_params() == {"window": None, "t_max": 0.02, "threshold": 0.0, "dt": 1e-3}
    assert clone(enc.set_params(window=0.01)).window == 0.01


def test_latency_errors():
    X = np.full((1, 10, 1), 0.5)
    with pytest.raises(ValueError, match=r"\[0, 1\].*MinMaxScaler"):
        latency(X * 3)
    with pytest.raises(ValueError, match=r"window / dt.*whole number"):
        latency(X, window=1.5e-3)
    with pytest.raises(ValueError, match="t_max .* must not exceed window"):
        latency(X, window=5e-3, t_max=6e-3)
    with pytest.raises(ValueError, match=r"t_max .* exceeds the duration of X\[0\]"):
        latency(X, t_max=0.02)
    with pytest.raises(ValueError, match=r"threshold must lie in \[0, 1\)"):
        latency(X, threshold=1.0)
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        latency(X, dt=0)
    with pytest.raises(ValueError, match="window must be finite and > 0"):
        LatencyEncoder(window=-1.0).fit(X)
    with pytest.raises(ValueError, match=r"X\[0\] contains NaN"):
        latency(np.full((1, 3, 1), np.nan))
    enc = LatencyEncoder().fit(X)
    with pytest.raises(ValueError, match="X has 2 channels.*fitted with 1"):
        enc.transform(np.full((1, 10, 2), 0.5))


def test_latency_feeds_the_liquid():
    net = ls.maass2002((3, 3, 3), n_inputs=3, seed=0)
    spikes = LatencyEncoder(window=0.02).fit_transform(
        np.random.default_rng(0).uniform(size=(2, 100, 3)))
    rec = ls.simulate(net, spikes)
    assert rec.spikes.n_samples == 2


# =============================================================================== delta
def test_delta_reconstruction_within_one_threshold():
    X = _smooth_signals(n_samples=3, n_steps=1000) + [
        np.cumsum(np.random.default_rng(1).normal(0, 0.05, (800, 2)), axis=0)]
    th = 0.03
    for x in X:
        s = delta([x], threshold=th)
        assert s.n_channels == 2 * x.shape[1]
        rec = delta_decode(s, th, initial=x[0], n_steps=len(x))[0]
        assert rec.shape == x.shape
        assert np.max(np.abs(rec - x)) < th + 1e-12


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), threshold=st.floats(0.01, 2.0),
       n_steps=st.integers(1, 200), scale=st.floats(0.01, 5.0),
       initial=st.one_of(st.none(), st.floats(-3.0, 3.0)))
def test_property_delta_tracks_within_one_threshold(seed, threshold, n_steps, scale, initial):
    x = np.cumsum(np.random.default_rng(seed).normal(0, scale, (n_steps, 2)), axis=0)
    s = delta([x], threshold=threshold, initial=initial)
    ref = x[0] if initial is None else initial
    rec = delta_decode(s, threshold, initial=ref, n_steps=n_steps)[0]
    assert np.all(np.abs(rec - x) < threshold)
    t, _ = s.sample(0)
    assert np.all((t >= 0) & (t < n_steps * 1e-3))


def test_delta_up_and_down_channels_and_spikes_per_row():
    x = np.array([[0.0], [0.25], [0.25], [0.0], [-0.05]])
    s = delta([x], threshold=0.1, dt=1e-3)
    t, c = s.sample(0)
    # row 1 rises 2.5 thresholds: 2 up spikes spread over the row; row 3 falls 2: 2 down
    np.testing.assert_allclose(t, [1e-3, 1.5e-3, 3e-3, 3.5e-3])
    np.testing.assert_array_equal(c, [0, 0, 1, 1])
    rec = delta_decode(s, 0.1, initial=0.0, n_steps=5)[0][:, 0]
    np.testing.assert_allclose(rec, [0.0, 0.2, 0.2, 0.0, 0.0], atol=1e-12)


def test_delta_ramp_uses_only_up_channel_of_its_input():
    x = np.stack([np.linspace(0, 1, 101), np.linspace(1, 0, 101)], axis=1)
    s = delta([x], threshold=0.1)
    counts = s.counts()[0]
    np.testing.assert_array_equal(counts, [10, 0, 0, 10])   # (up0, down0, up1, down1)


def test_delta_per_channel_threshold_and_initial():
    x = np.stack([np.linspace(0, 1, 11), np.linspace(0, 1, 11)], axis=1)
    s = delta([x + 0.5], threshold=[0.1, 0.5], initial=0.0)
    counts = s.counts()[0]
    assert counts[0] == 15 and counts[2] == 3    # from 0 to 1.5 in steps of 0.1 and 0.5
    rec = delta_decode(s, [0.1, 0.5], n_steps=11)[0]
    assert np.all(np.abs(rec - (x + 0.5)) < np.array([0.1, 0.5]) + 1e-12)


def test_delta_encoder_sklearn():
    X = _smooth_signals(n_samples=2, n_steps=300)
    enc = DeltaEncoder(threshold=0.05)
    s = enc.fit_transform(X)
    assert enc.n_channels_in_ == 1 and s.n_channels == 2
    assert _same(s, delta(X, threshold=0.05))
    assert enc.get_params() == {"threshold": 0.05, "initial": None, "dt": 1e-3}
    c = clone(enc).set_params(threshold=np.array([0.2]))
    assert c.fit_transform(X).n_events < s.n_events


def test_delta_errors():
    X = np.zeros((1, 5, 2))
    with pytest.raises(ValueError, match="threshold must be > 0"):
        delta(X, threshold=0.0)
    with pytest.raises(ValueError, match=r"threshold must be a scalar or have shape \(2,\)"):
        delta(X, threshold=[0.1, 0.1, 0.1])
    with pytest.raises(ValueError, match="threshold must be finite"):
        delta(X, threshold=np.nan)
    with pytest.raises(ValueError, match="initial must be a scalar or have shape"):
        delta(X, threshold=0.1, initial=[0.0])
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        DeltaEncoder(dt=-1.0).fit(X)
    with pytest.raises(ValueError, match=r"X\[0\] contains NaN"):
        delta(np.full((1, 3, 1), np.inf), threshold=0.1)
    with pytest.raises(ValueError, match="even number of channels"):
        delta_decode(ls.SpikeTrains.poisson([1.0] * 3, 0.1), 0.1)
    with pytest.raises(ValueError, match="X has 1 channels.*fitted with 2"):
        DeltaEncoder().fit(X).transform(np.zeros((1, 5, 1)))


def test_delta_feeds_the_liquid():
    C = 2
    net = ls.maass2002((3, 3, 3), n_inputs=2 * C, seed=0)   # up and down per channel
    spikes = DeltaEncoder(threshold=0.05).fit_transform(
        [x.repeat(C, axis=1) for x in _smooth_signals(n_samples=2, n_steps=200)])
    rec = ls.simulate(net, spikes)
    assert rec.spikes.n_samples == 2


# =============================================================================== levels
def _sorted_events(s: ls.SpikeTrains, i: int = 0):
    t, c = s.sample(i)
    order = np.lexsort((c, t))
    return t[order], c[order]


def test_threshold_levels_ramp_up_and_down():
    # 0, 0.01, ..., 1 and back down to 0.01; levels 0.2, 0.4, 0.6, 0.8 (exact: k / 100 and
    # (l + 1) / 5 round to the same doubles)
    x = np.concatenate([np.arange(101), 100 - np.arange(1, 101)])[:, None] / 100
    s = threshold_levels([x], n_levels=4, dt=1e-3)
    assert s.n_channels == 8 and s.durations[0] == pytest.approx(0.201)
    t, c = _sorted_events(s)
    # up neurons (even channels) when the ramp reaches each level, down neurons (odd) on
    # the first row below it (0.8 itself still counts as reached)
    np.testing.assert_allclose(t, np.array([20, 40, 60, 80, 121, 141, 161, 181]) * 1e-3)
    np.testing.assert_array_equal(c, [0, 2, 4, 6, 7, 5, 3, 1])


def test_threshold_levels_hand_made_example():
    # two inputs, levels 1/3 and 2/3; channel of (input c, level l, down d) = 2 (2c + l) + d
    x = np.array([[0.5, 0.9],    # from 0: input 0 up level 0; input 1 up levels 0 and 1
                  [0.7, 0.9],    # input 0 up level 1
                  [0.2, 0.5],    # input 0 down levels 1 and 0; input 1 down level 1
                  [0.2, 0.1],    # input 1 down level 0
                  [0.4, 0.1],    # input 0 up level 0
                  [0.4, 1.0]])   # input 1 up levels 0 and 1
    s = threshold_levels([x], n_levels=2, dt=2e-3)
    t, c = _sorted_events(s)
    np.testing.assert_allclose(t, np.array([0, 0, 0, 2, 4, 4, 4, 6, 8, 10, 10]) * 1e-3)
    np.testing.assert_array_equal(c, [0, 4, 6, 2, 1, 3, 7, 5, 0, 4, 6])
    assert s.n_channels == 8 and s.durations[0] == pytest.approx(0.012)


def test_threshold_levels_initial_and_rounding():
    x = np.array([[0.6], [0.6], [0.2]])
    t, c = threshold_levels([x], n_levels=1).sample(0)          # from 0: up, then down
    np.testing.assert_allclose(t, [0.0, 2e-3])
    np.testing.assert_array_equal(c, [0, 1])
    t, c = threshold_levels([x], n_levels=1, initial=None).sample(0)   # from the first row
    np.testing.assert_allclose(t, [2e-3])
    np.testing.assert_array_equal(c, [1])
    t, c = threshold_levels([np.full((3, 2), 0.6)], n_levels=1, initial=[1.0, 0.0]).sample(0)
    np.testing.assert_array_equal(c, [2])                        # only input 1 rises
    # 0.7 - 0.4 = 0.29999999999999993 reaches the level 0.3 (of 9) despite rounding
    t, c = threshold_levels([np.array([[0.7 - 0.4]])], n_levels=9).sample(0)
    np.testing.assert_array_equal(np.sort(c), [0, 2, 4])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), n_levels=st.integers(1, 10), n_steps=st.integers(1, 100),
       n_channels=st.integers(1, 3), initial=st.one_of(st.none(), st.floats(0.0, 1.0)))
def test_property_threshold_levels_decode_counts_the_levels_reached(seed, n_levels, n_steps,
                                                                   n_channels, initial):
    g = np.random.default_rng(seed)
    x = g.random((n_steps, n_channels))
    x[g.random(x.shape) < 0.1] = 0.0
    x[g.random(x.shape) < 0.1] = 1.0
    s = threshold_levels([x], n_levels=n_levels, initial=initial)
    assert s.n_channels == 2 * n_levels * n_channels
    init = x[0] if initial is None else initial
    xh = threshold_levels_decode(s, n_levels, initial=init, n_steps=n_steps)[0]
    levels = np.arange(1, n_levels + 1) / (n_levels + 1)
    reached = (x[:, :, None] >= levels - 1e-9).sum(axis=2)
    np.testing.assert_array_equal(np.round(xh * (n_levels + 1)), reached)
    assert np.all(x - xh > -1e-9) and np.all(x - xh <= 1 / (n_levels + 1) + 1e-12)


def test_threshold_levels_encoder_sklearn():
    X = _smooth_signals(n_samples=2, n_steps=300)
    enc = ThresholdLevelsEncoder(n_levels=3)
    s = enc.fit_transform(X)
    assert enc.n_channels_in_ == 1 and s.n_channels == 6
    np.testing.assert_allclose(enc.levels_, [0.25, 0.5, 0.75])
    assert _same(s, threshold_levels(X, n_levels=3))
    assert enc.get_params() == {"n_levels": 3, "initial": 0.0, "dt": 1e-3}
    c = clone(enc).set_params(n_levels=7)
    assert c.fit_transform(X).n_events > s.n_events
    with pytest.raises(ValueError, match="X has 2 channels.*fitted with 1"):
        enc.transform(np.zeros((1, 5, 2)))


def test_threshold_levels_errors():
    X = np.zeros((1, 5, 2))
    with pytest.raises(ValueError, match="n_levels must be a positive int"):
        threshold_levels(X, n_levels=0)
    with pytest.raises(TypeError, match="n_levels must be a positive int"):
        ThresholdLevelsEncoder(n_levels=2.5).fit(X)
    with pytest.raises(ValueError, match=r"X\[0\] has values in \[-1, -1\].*\[0, 1\]"):
        threshold_levels(X - 1.0)
    with pytest.raises(ValueError, match=r"X\[0\] contains NaN"):
        threshold_levels(np.full((1, 3, 1), np.nan))
    with pytest.raises(ValueError, match=r"initial must be a scalar or have shape \(2,\)"):
        threshold_levels(X, initial=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        threshold_levels(X, dt=0.0)
    with pytest.raises(TypeError, match="spikes must be SpikeTrains"):
        threshold_levels_decode(X, 2)
    with pytest.raises(ValueError, match="multiple of 2 \\* n_levels = 4"):
        threshold_levels_decode(ls.SpikeTrains.poisson([1.0] * 6, 0.1), 2)
    with pytest.raises(ValueError, match=r"initial must be finite and a scalar"):
        threshold_levels_decode(threshold_levels(X), 4, initial=np.zeros((3, 2)))


# =============================================================================== BSA
def test_bsa_reconstruction_error():
    X = _smooth_signals(n_samples=5, n_steps=2000)
    s = bsa(X)
    rec = bsa_decode(s, n_steps=2000)
    errors, baselines = [], []
    for x, r in zip(X, rec):
        norm = np.sqrt(np.mean(x ** 2))
        errors.append(np.sqrt(np.mean((r - x) ** 2)) / norm)
        baselines.append(np.sqrt(np.mean((x - x.mean()) ** 2)) / norm)
    # documented in bsa(): about 0.06 on these signals; the mean gives about 0.44
    assert max(errors) < 0.15
    assert all(e < 0.5 * b for e, b in zip(errors, baselines))


def test_bsa_spikes_on_the_row_grid():
    X = _smooth_signals(n_samples=2, n_steps=500)
    s = bsa(X, dt=2e-3)
    np.testing.assert_allclose(s.durations, [1.0, 1.0])
    for i in range(2):
        r = s.to_raster(2e-3, i)
        assert r.shape == (500, 1) and r.max() <= 1       # at most one spike per row
        t, _ = s.sample(i)
        np.testing.assert_allclose(t / 2e-3, np.round(t / 2e-3), atol=1e-9)


def test_bsa_constant_signal_rate_and_zero_signal():
    s = bsa([np.full((1000, 1), 0.4), np.zeros((1000, 1))])
    # unit-sum filter: a constant v is about v spikes per row
    assert abs(s.counts()[0, 0] / 1000 - 0.4) < 0.03
    assert s.counts()[1, 0] == 0


def test_bsa_decode_of_one_spike_is_the_filter():
    h = np.array([0.5, 0.3, 0.2])
    s = ls.SpikeTrains.from_events([(np.array([2e-3]), np.array([0]))], [6e-3], 1)
    np.testing.assert_allclose(bsa_decode(s, h)[0][:, 0], [0, 0, 0.5, 0.3, 0.2, 0])
    np.testing.assert_allclose(bsa_decode(s, h, n_steps=4)[0][:, 0], [0, 0, 0.5, 0.3])


def test_bsa_filter():
    h = bsa_filter()
    assert h.shape == (20,) and np.all(h > 0)
    np.testing.assert_allclose(h.sum(), 1.0)
    np.testing.assert_allclose(h, h[::-1])
    np.testing.assert_allclose(bsa_filter(8), np.hanning(10)[1:-1] / np.hanning(10).sum())
    with pytest.raises(ValueError, match="length"):
        bsa_filter(0)


def test_bsa_custom_filter_and_threshold():
    X = _smooth_signals(n_samples=1, n_steps=1000)
    h = bsa_filter(30)
    rec = bsa_decode(bsa(X, filter=h, threshold=0.9), h)[0]
    assert np.sqrt(np.mean((rec - X[0]) ** 2)) / np.sqrt(np.mean(X[0] ** 2)) < 0.15
    # a threshold above the filter's sum forbids every spike
    assert bsa(X, threshold=1.01).n_events == 0


def test_bsa_encoder_sklearn():
    X = _smooth_signals(n_samples=2, n_steps=300)
    h = bsa_filter(10)
    enc = BSAEncoder(filter=h, threshold=0.9)
    s = enc.fit_transform(X)
    assert _same(s, bsa(X, filter=h, threshold=0.9))
    params = enc.get_params()
    assert params["filter"] is h and params["threshold"] == 0.9 and params["dt"] == 1e-3
    c = clone(enc)
    np.testing.assert_array_equal(c.filter, h)
    assert _same(c.fit_transform(X), s)
    # first step of a pipeline
    y = np.array([0, 1] * 10)
    Xc = [np.full((100, 1), 0.2 + 0.6 * k) for k in y]
    pipe = make_pipeline(BSAEncoder(), FunctionTransformer(lambda sp: sp.counts()),
                         LogisticRegression())
    assert pipe.fit(Xc, y).score(Xc, y) == 1.0


def test_bsa_errors():
    X = np.full((1, 10, 1), 0.5)
    with pytest.raises(ValueError, match=r"X\[0\] has negative values.*MinMaxScaler"):
        bsa(X - 1)
    with pytest.raises(ValueError, match="negative values"):
        BSAEncoder().fit(X - 1)
    with pytest.raises(ValueError, match="filter must be a non-empty 1-D"):
        bsa(X, filter=np.ones((2, 2)))
    with pytest.raises(ValueError, match="filter must be a non-empty 1-D"):
        bsa(X, filter=[])
    with pytest.raises(ValueError, match="filter contains NaN"):
        bsa(X, filter=[0.5, np.nan])
    with pytest.raises(ValueError, match="filter must have a positive sum"):
        BSAEncoder(filter=[-1.0, 0.5]).fit(X)
    with pytest.raises(ValueError, match="threshold must be finite"):
        bsa(X, threshold=np.inf)
    with pytest.raises(ValueError, match="dt must be finite and > 0"):
        bsa(X, dt=0.0)
    with pytest.raises(TypeError, match="spikes must be SpikeTrains"):
        bsa_decode(X)
    with pytest.raises(ValueError, match="n_steps must be a positive int"):
        bsa_decode(bsa(X), n_steps=[10, 10])
    with pytest.raises(ValueError, match="X has 2 channels.*fitted with 1"):
        BSAEncoder().fit(X).transform(np.full((1, 10, 2), 0.5))


def test_bsa_feeds_the_liquid():
    net = ls.maass2002((3, 3, 3), n_inputs=1, seed=0)
    spikes = BSAEncoder().fit_transform(_smooth_signals(n_samples=2, n_steps=200))
    rec = ls.simulate(net, spikes)
    assert rec.spikes.n_samples == 2
