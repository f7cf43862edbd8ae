"""The separation property: input distances, state distances, and a small liquid's curve."""

import math

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.analysis import (input_pairs, measure_separation, separation_curve,
                                  spike_train_distance, state_distance)


def _trains(*lists, duration=0.5):
    return ls.SpikeTrains.from_lists([[np.asarray(x, dtype=float)] for x in lists], duration)


def test_distance_of_one_spike_and_of_identical_trains():
    u = _trains([0.25])
    v = _trains([])
    d = spike_train_distance(u, v)
    assert d[0] == pytest.approx(5e-3 * math.sqrt(math.pi / 2) / 0.5, rel=1e-9)   # 0.0125
    assert spike_train_distance(u, u)[0] == pytest.approx(0.0, abs=1e-15)


def test_distance_matches_numerical_integral():
    # the grid computation of Brian2's example: sum over a fine grid of (conv_u - conv_v)^2
    u_t, v_t, T, sigma = [0.001, 0.1, 0.3, 0.498], [0.102, 0.31, 0.45], 0.5, 5e-3
    grid = np.arange(0, T, 1e-6)
    conv = lambda ts: sum(np.exp(-((grid - s) / sigma) ** 2) for s in ts)
    expected = np.sum((conv(u_t) - conv(v_t)) ** 2) * 1e-6 / T
    d = spike_train_distance(_trains(u_t), _trains(v_t))
    assert d[0] == pytest.approx(expected, rel=1e-4)


def test_input_pairs_within_tolerance():
    for target in (0.1, 0.2, 0.4):
        u, v, d = input_pairs(target, 15, seed=1)
        assert u.n_samples == v.n_samples == 15
        assert np.all(np.abs(d - target) < 0.01)
        np.testing.assert_allclose(spike_train_distance(u, v), d, rtol=1e-9, atol=1e-12)
        assert np.all(u.durations == 0.5)
    u, v, d = input_pairs(0.0, 5, seed=1)
    assert np.array_equal(u.times, v.times) and np.all(d == 0)
    assert abs(u.n_events / 5 - 10) < 6                   # 20 Hz x 0.5 s


def test_input_pairs_seed_and_prefix():
    a = input_pairs(0.2, 6, seed=4)
    b = input_pairs(0.2, 3, seed=4)
    c = input_pairs(0.2, 3, seed=5)
    assert np.array_equal(a[2][:3], b[2])
    assert np.array_equal(a[0].select([0, 1, 2]).times, b[0].times)
    assert not np.array_equal(b[2], c[2])


def test_input_pairs_errors():
    with pytest.raises(RuntimeError, match="distance=3.0"):
        input_pairs(3.0, 2, max_candidates=2000)
    with pytest.raises(ValueError, match="distance"):
        input_pairs(-0.1, 2)
    with pytest.raises(ValueError, match="tolerance"):
        input_pairs(0.1, 2, tolerance=0)
    with pytest.raises(ValueError, match="n_pairs"):
        input_pairs(0.1, 0)


def test_state_distance_hand_example():
    # neuron 0 spikes at 100 ms in u only: x_u(t) = exp(-(t - 0.1) / tau) after it
    u = ls.SpikeTrains.from_lists([[np.array([0.1]), np.array([0.05])]], 0.5)
    v = ls.SpikeTrains.from_lists([[np.array([]), np.array([0.05])]], 0.5)
    times = np.array([0.0, 0.05, 0.1, 0.13, 0.16])
    d = state_distance(u, v, tau=0.03, times=times)
    np.testing.assert_allclose(d, [0, 0, 1, math.exp(-1), math.exp(-2)], rtol=1e-12)
    # evenly spaced times (the lfilter path) agree with the recursion
    grid = np.arange(0, 0.5, 1e-3)
    d_grid = state_distance(u, v, tau=0.03, times=grid)
    expected = np.where(grid >= 0.1, np.exp(-(grid - 0.1) / 0.03), 0.0)
    np.testing.assert_allclose(d_grid, expected, rtol=1e-9, atol=1e-12)
    # Euclidean over neurons, mean over pairs
    w = ls.SpikeTrains.from_lists([[np.array([0.1]), np.array([0.1])]], 0.5)
    z = ls.SpikeTrains.from_lists([[np.array([]), np.array([])]], 0.5)
    two = state_distance(ls.SpikeTrains.from_events([u.sample(0), w.sample(0)], 0.5, 2),
                         ls.SpikeTrains.from_events([v.sample(0), z.sample(0)], 0.5, 2),
                         times=[0.1], per_pair=True)
    np.testing.assert_allclose(two[:, 0], [1.0, math.sqrt(2)])
    with pytest.raises(ValueError, match="times"):
        state_distance(u, v, times=[0.2, 0.1])
    with pytest.raises(ValueError, match="samples"):
        state_distance(u, w.select([0, 0]), times=[0.1])


def test_separation_curve_on_a_small_liquid():
    net = ls.maass2002((5, 3, 3), n_inputs=1, seed=0)
    times, curves = separation_curve(net, (0.0, 0.1, 0.4), n_pairs=10, duration=0.5, seed=0)
    assert times[0] == 0 and times[-1] == pytest.approx(0.5) and curves.shape == (3, times.size)
    # identical input and initial state: identical liquid, at every time
    np.testing.assert_array_equal(curves[0], 0.0)
    # the state distance grows with the input distance
    assert curves[2].mean() > curves[1].mean() > 0
    with pytest.raises(ValueError, match="n_inputs"):
        separation_curve(ls.maass2002((3, 3, 3), n_inputs=0), n_pairs=2)
    with pytest.raises(TypeError, match="sample_indices"):
        separation_curve(net, n_pairs=2, sample_indices=[0, 1])


def test_measure_separation_is_separation_curve_on_given_pairs(monkeypatch):
    net = ls.maass2002((3, 3, 3), n_inputs=1, seed=2)
    pairs = [input_pairs(d, 4, duration=0.2, seed=7) for d in (0.0, 0.2)]
    m = measure_separation(net, pairs, seed=7, same_initial_state=False, n_threads=1)
    times, curves = separation_curve(net, (0.0, 0.2), n_pairs=4, duration=0.2, seed=7,
                                     same_initial_state=False, n_threads=1)
    np.testing.assert_array_equal(m.times, times)
    np.testing.assert_allclose(m.curves, curves, rtol=1e-12, atol=1e-12)
    assert m.curves.shape == (2, times.size) and m.rate > 0
    # identical inputs from different initial states (the measure's own sample indices,
    # not content keys): the liquid states differ at first
    assert m.curves[0].max() > 0
    # the same initial state for both members: identical inputs give identical states
    same = measure_separation(net, pairs, seed=7, same_initial_state=True, n_threads=1)
    np.testing.assert_array_equal(same.curves[0], 0.0)
    # the states of a chunk of pairs at a time give the curves of all pairs at once
    import liquidstate.analysis.separation as sep
    monkeypatch.setattr(sep, "_STATE_BYTES", 1)
    chunked = measure_separation(net, pairs, seed=7, same_initial_state=False, n_threads=1)
    np.testing.assert_allclose(chunked.curves, m.curves, rtol=1e-12, atol=1e-12)


def test_measure_separation_checks_its_pairs():
    net = ls.maass2002((3, 3, 3), n_inputs=1, seed=0)
    u, v, _ = input_pairs(0.2, 3, duration=0.2, seed=1)
    short = input_pairs(0.2, 2, duration=0.2, seed=1)
    longer = input_pairs(0.2, 3, duration=0.3, seed=1)
    two = input_pairs(0.2, 3, duration=0.2, n_channels=2, seed=1)
    for pairs, error, match in [([], TypeError, "non-empty"),
                                ([u], TypeError, r"pairs\[0\]"),
                                ([(u, v), short], ValueError, "same number of pairs"),
                                ([(u, v), longer], ValueError, "must last"),
                                ([two], ValueError, "inputs")]:
        with pytest.raises(error, match=match):
            measure_separation(net, pairs)
    with pytest.raises(TypeError, match="sample_indices"):
        measure_separation(net, [(u, v)], sample_indices=[0])
