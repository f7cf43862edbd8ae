"""``StateExtractor``'s pyramid of bins, its scalings, its tau bank, and the states of analog
signals (``filtered_signals``, ``StateExtractor.signal_states``)."""

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.states import (StateExtractor, binned_counts, exponential_states,
                                filtered_signals)


def random_spikes(n_samples=4, n_channels=5, seed=1):
    d = np.linspace(0.2, 0.35, n_samples)       # samples of different durations
    return ls.SpikeTrains.poisson(np.full(n_channels, 40.0), d, n_samples, seed=seed)


# ---------------------------------------------------------------- pyramid and scaling
def test_pyramid_of_sqrt_counts_is_the_binnings_side_by_side():
    s = random_spikes()
    X = StateExtractor(kind="counts", n_bins=(1, 2, 4), scale="sqrt")(s)
    assert X.shape == (4, 7 * 5)
    expected = np.hstack([np.sqrt(binned_counts(s, n_bins=b)).reshape(4, -1)
                          for b in (1, 2, 4)])
    np.testing.assert_array_equal(X, expected)
    # bin-major within a binning: the quarters' counts add up to the halves' and the whole
    c = X ** 2
    np.testing.assert_allclose(c[:, :5], c[:, 5:10] + c[:, 10:15])
    np.testing.assert_allclose(c[:, 5:10], c[:, 15:20] + c[:, 20:25])
    np.testing.assert_allclose(c[:, :5], s.counts())


def test_pyramid_order_is_the_order_given_and_a_single_binning_is_flat():
    s = random_spikes()
    a = StateExtractor(kind="counts", n_bins=(4, 1))(s)
    b = StateExtractor(kind="counts", n_bins=(1, 4))(s)
    np.testing.assert_array_equal(a, np.hstack([b[:, 5:], b[:, :5]]))
    flat = StateExtractor(kind="counts", n_bins=(3,))(s)
    np.testing.assert_array_equal(flat, StateExtractor(kind="counts", n_bins=3)(s)
                                  .reshape(4, -1))
    assert StateExtractor(kind="counts", n_bins=[2, 1]).n_bins == (2, 1)


def test_pyramid_of_filtered_states_with_a_tau_bank():
    s = random_spikes()
    ex = StateExtractor(tau=(0.01, 0.05), n_bins=(1, 2), neurons=(4, 0))
    X = ex(s)
    one = exponential_states(s, tau=(0.01, 0.05), at_end=True, neurons=[4, 0])
    two = exponential_states(s, tau=(0.01, 0.05), n_bins=2, neurons=[4, 0])
    np.testing.assert_array_equal(X, np.hstack([one, two.reshape(4, -1)]))
    # the tau bank is tau-major: the second tau's features follow the first's
    np.testing.assert_array_equal(one[:, :2], exponential_states(s, tau=0.01, at_end=True,
                                                                 neurons=[4, 0]))


def test_scalings():
    s = random_spikes()
    raw = StateExtractor(kind="counts", n_bins=2)(s)
    assert raw.ndim == 3
    np.testing.assert_array_equal(StateExtractor(kind="counts", n_bins=2, scale="sqrt")(s),
                                  np.sqrt(raw))
    np.testing.assert_array_equal(StateExtractor(kind="counts", n_bins=2, scale="log1p")(s),
                                  np.log1p(raw))


@pytest.mark.parametrize("kw, error, match", [
    ({"n_bins": (1, 1)}, ValueError, "must not repeat"),
    ({"n_bins": ()}, ValueError, "empty"),
    ({"n_bins": (1, 0)}, ValueError, r"n_bins\[1\] must be a positive int, got 0"),
    ({"n_bins": (1, 2.0)}, TypeError, r"n_bins\[1\] must be a positive int, got 2.0"),
    ({"n_bins": "12"}, TypeError, "n_bins"),
    ({"n_bins": (1, 2), "every": 0.1}, ValueError, "at most one"),
    ({"scale": "square"}, ValueError, "scale must be one of"),
    ({"kind": "membrane", "scale": "sqrt"}, ValueError, "spike-based"),
])
def test_bad_pyramids_and_scales(kw, error, match):
    with pytest.raises(error, match=match):
        StateExtractor(**kw)


# ---------------------------------------------------------------- analog signals
def test_filtered_signal_is_the_exact_recursion():
    u = np.array([1.0, 0.0, 0.0, 2.0])
    dt, tau = 0.01, 0.03
    x = filtered_signals(u[None], dt=dt, tau=tau, every=dt)[0, :, 0]
    d = np.exp(-dt / tau)
    g = tau * (1 - d)
    np.testing.assert_allclose(x, [g, g * d, g * d * d, g * d ** 3 + 2 * g], rtol=1e-14)
    # a constant input tends to tau * u (the integral of the kernel)
    assert filtered_signals(np.full((1, 300), 3.0), dt=dt, tau=tau, at_end=True)[0, 0] \
        == pytest.approx(3 * tau)


def test_filtered_signal_between_grid_points_matches_the_integral():
    rng = np.random.default_rng(0)
    u = rng.uniform(-1, 1, (1, 20, 2))
    dt, tau = 0.01, 0.02
    t = np.array([0.0, 0.0037, 0.05, 0.1234, 0.2])
    x = filtered_signals(u, dt=dt, tau=tau, times=t)[0]
    # the integral on a fine grid (midpoint rule)
    h = 1e-6
    s = (np.arange(int(round(0.2 / h))) + 0.5) * h
    held = u[0, np.minimum((s / dt).astype(int), 19)]
    for j, tj in enumerate(t):
        m = s < tj
        expected = (held[m] * np.exp(-(tj - s[m]) / tau)[:, None]).sum(axis=0) * h
        np.testing.assert_allclose(x[j], expected, rtol=1e-5, atol=1e-9)


def test_filtered_signals_shapes_taus_channels_and_lengths():
    rng = np.random.default_rng(1)
    sig = [rng.uniform(0, 1, (n, 3)) for n in (40, 55)]
    X = filtered_signals(sig, dt=0.005, tau=(0.01, 0.1), n_bins=4, channels=[2, 0])
    assert X.shape == (2, 4, 4)
    for i, s in enumerate(sig):
        for k, tau in enumerate((0.01, 0.1)):
            alone = filtered_signals([s[:, [2, 0]]], dt=0.005, tau=tau, n_bins=4)[0]
            np.testing.assert_array_equal(X[i, :, 2 * k:2 * k + 2], alone)
    # a 2-D array is one channel per sample
    two_d = filtered_signals(np.ones((3, 10)), dt=0.01, tau=0.03, at_end=True)
    assert two_d.shape == (3, 1)


def test_signal_states_follow_the_extractor():
    rng = np.random.default_rng(2)
    sig = rng.uniform(0, 1, (3, 60, 2))
    ex = StateExtractor(tau=(0.01, 0.03), n_bins=(1, 3), scale="sqrt")
    X = ex.signal_states(sig, dt=0.005)
    one = filtered_signals(sig, dt=0.005, tau=(0.01, 0.03), at_end=True)
    three = filtered_signals(sig, dt=0.005, tau=(0.01, 0.03), n_bins=3)
    np.testing.assert_array_equal(X, np.sqrt(np.hstack([one, three.reshape(3, -1)])))
    with pytest.raises(ValueError, match="states >= 0"):
        ex.signal_states(-sig, dt=0.005)
    with pytest.raises(ValueError, match="kind='exponential'"):
        StateExtractor(kind="counts").signal_states(sig, dt=0.005)


@pytest.mark.parametrize("signals, kw, error, match", [
    (np.ones((2, 5, 1)), {"dt": 0.0}, ValueError, "dt"),
    (np.ones((2, 5, 1)), {"dt": 0.01, "tau": -1}, ValueError, "tau"),
    (np.ones((2, 5, 1)), {"dt": 0.01}, ValueError, "give exactly one"),
    (np.ones(5), {"dt": 0.01, "at_end": True}, ValueError, "signals"),
    ([np.ones((5, 1)), np.ones((5, 2))], {"dt": 0.01, "at_end": True}, ValueError, "channels"),
    ([np.full((5, 1), np.nan)], {"dt": 0.01, "at_end": True}, ValueError, "NaN"),
    ([], {"dt": 0.01, "at_end": True}, TypeError, "non-empty"),
    (np.ones((2, 5, 1)), {"dt": 0.01, "times": [0.06]}, ValueError, "within each sample"),
    (np.ones((2, 5, 1)), {"dt": 0.01, "at_end": True, "channels": [1]}, ValueError,
     "neurons"),
])
def test_filtered_signals_bad_arguments(signals, kw, error, match):
    with pytest.raises(error, match=match):
        filtered_signals(signals, **kw)
