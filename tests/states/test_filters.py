"""``exponential_states``: a hand-computed example, a brute-force oracle, shapes, errors."""

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.states import exponential_states, sample_times


def brute_force(spikes, T, tau, neurons=None):
    """Dense reference: x[s, j, n] = sum over spikes t_k <= T[s, j] of exp(-(T - t_k)/tau)."""
    neurons = np.arange(spikes.n_channels) if neurons is None else np.asarray(neurons)
    out = np.zeros((spikes.n_samples, T.shape[1], neurons.size))
    for s in range(spikes.n_samples):
        t, c = spikes.sample(s)
        for f, n in enumerate(neurons):
            tk = t[c == n]
            d = T[s][:, None] - tk[None, :]                 # (times, spikes)
            out[s, :, f] = np.where(d >= 0, np.exp(-np.clip(d, 0, None) / tau), 0).sum(1)
    return out


def random_spikes(n_samples=5, n_channels=7, rate=40.0, duration=0.4, seed=0):
    return ls.SpikeTrains.poisson([rate] * n_channels, duration, n_samples, seed=seed)


# ---------------------------------------------------------------- hand-computed example
def test_hand_computed_example():
    # neuron 0 spikes at 10, 20, 50 ms; neuron 1 at 30 ms; tau = 10 ms
    s = ls.SpikeTrains.from_lists([[[0.01, 0.02, 0.05], [0.03]]], durations=0.1)
    X = exponential_states(s, tau=0.01, times=[0.02, 0.04, 0.06])
    e = np.exp
    expected = np.array([[[e(-1) + 1, 0.0],                       # t = 20 ms: spike at t counts
                          [e(-3) + e(-2), e(-1)],                 # t = 40 ms
                          [e(-5) + e(-4) + e(-1), e(-3)]]])       # t = 60 ms
    np.testing.assert_allclose(X, expected, rtol=1e-13)
    np.testing.assert_allclose(expected[0, :, 0], [1.3678794412, 0.1851223, 0.3929333],
                               rtol=1e-6)


def test_spike_exactly_at_sampling_time_counts_with_weight_one():
    s = ls.SpikeTrains.from_lists([[[0.25]]], durations=0.5)
    assert exponential_states(s, times=0.25).item() == 1.0
    assert exponential_states(s, times=0.2499).item() == 0.0


def test_at_end_is_the_state_at_the_duration():
    s = ls.SpikeTrains.from_lists([[[0.1, 0.2], []], [[], [0.05]]], durations=[0.3, 0.1])
    X = exponential_states(s, tau=0.1, at_end=True)
    np.testing.assert_allclose(X, [[np.exp(-2) + np.exp(-1), 0], [0, np.exp(-0.5)]])


# ---------------------------------------------------------------- brute-force oracle
@pytest.mark.parametrize("tau", [0.003, 0.03, 0.3])
def test_equals_brute_force_on_random_spikes_every(tau):
    s = random_spikes(seed=3)
    X = exponential_states(s, tau=tau, every=0.01)
    T = sample_times(s.durations, every=0.01)
    assert X.shape == (5, 40, 7)
    np.testing.assert_allclose(X, brute_force(s, T, tau), rtol=1e-11, atol=1e-13)


def test_equals_brute_force_with_different_durations_and_n_bins():
    rng = np.random.default_rng(0)
    events, durations = [], []
    for i in range(6):
        d = rng.uniform(0.2, 0.6)
        n = rng.integers(0, 80)
        events.append((rng.uniform(0, d, n), rng.integers(0, 9, n)))
        durations.append(d)
    s = ls.SpikeTrains.from_events(events, durations, n_channels=9)
    X = exponential_states(s, tau=0.02, n_bins=13)
    T = sample_times(s.durations, n_bins=13)
    np.testing.assert_allclose(T[:, -1], s.durations)
    np.testing.assert_allclose(X, brute_force(s, T, 0.02), rtol=1e-11, atol=1e-13)


def test_equals_brute_force_explicit_times_and_neuron_subset():
    s = random_spikes(n_samples=3, n_channels=10, seed=5)
    times = np.array([0.0, 0.05, 0.11, 0.2, 0.399, 0.4])
    neurons = [7, 2, 2, 9]
    X = exponential_states(s, tau=0.05, times=times, neurons=neurons)
    T = np.broadcast_to(times, (3, times.size))
    np.testing.assert_allclose(X, brute_force(s, T, 0.05, neurons), rtol=1e-11, atol=1e-13)


def many_spikes(n_samples=12, n_channels=40, per_sample=20_000, seed=7):
    """Many spikes per sample (built without validation, sorted by time as SpikeTrains is)."""
    rng = np.random.default_rng(seed)
    durations = rng.uniform(0.5, 1.0, n_samples)
    times = np.concatenate([np.sort(rng.uniform(0, d, per_sample)) for d in durations])
    channels = rng.integers(0, n_channels, times.size)
    offsets = np.arange(n_samples + 1) * per_sample
    return ls.SpikeTrains._trusted(times, channels, offsets, durations, n_channels)


def direct_numpy(spikes, T, tau):
    """x[s, j, n] = sum over spikes of n with t_k <= T[s, j] of exp(-(T[s, j] - t_k) / tau),
    from the dense (times x spikes) matrix of each sample."""
    out = np.zeros((spikes.n_samples, T.shape[1], spikes.n_channels))
    for s in range(spikes.n_samples):
        t, c = spikes.sample(s)
        d = T[s][:, None] - t[None, :]
        weights = np.where(d >= 0, np.exp(-np.clip(d, 0, None) / tau), 0.0)
        for j in range(T.shape[1]):
            out[s, j] = np.bincount(c, weights=weights[j], minlength=spikes.n_channels)
    return out


def test_many_spikes_equal_direct_numpy():
    s = many_spikes()
    taus = [0.005, 0.03, 0.2]
    X = exponential_states(s, tau=taus, n_bins=10)
    T = sample_times(s.durations, n_bins=10)
    assert X.shape == (12, 10, 3 * 40)
    for i, tau in enumerate(taus):
        np.testing.assert_allclose(X[..., i * 40:(i + 1) * 40], direct_numpy(s, T, tau),
                                   rtol=1e-11, atol=1e-12)
    neurons = [39, 0, 5, 5, 17]
    times = 0.05 * np.arange(10)                      # 0 to 0.45 s: within every sample
    Xn = exponential_states(s, tau=0.03, times=times, neurons=neurons)
    Tn = np.broadcast_to(times, (12, times.size))
    np.testing.assert_allclose(Xn, direct_numpy(s, Tn, 0.03)[..., neurons], rtol=1e-11,
                               atol=1e-12)


def test_trusted_spikes_with_a_bad_channel_raise_instead_of_writing_out_of_bounds():
    s = ls.SpikeTrains._trusted(np.array([0.1]), np.array([3]), np.array([0, 1]),
                                np.array([0.2]), 3)
    with pytest.raises(ValueError, match="channel is outside"):
        exponential_states(s, at_end=True)


def test_multi_timescale_features_are_tau_major():
    s = random_spikes(seed=2)
    taus = (0.01, 0.03, 0.1)
    X = exponential_states(s, tau=taus, every=0.1)
    assert X.shape == (5, 4, 3 * 7)
    for i, tau in enumerate(taus):
        np.testing.assert_allclose(X[..., i * 7:(i + 1) * 7],
                                   exponential_states(s, tau=tau, every=0.1), rtol=1e-14)


def test_accepts_a_recording_and_empty_samples():
    s = ls.SpikeTrains.from_events([(np.array([]), np.array([], np.int64))] * 2, 0.2, 3)
    X = exponential_states(ls.Recording(s), at_end=True)
    np.testing.assert_array_equal(X, np.zeros((2, 3)))


# ---------------------------------------------------------------- shapes
@pytest.mark.parametrize("kw, shape", [
    ({"at_end": True}, (5, 7)),
    ({"times": 0.2}, (5, 7)),
    ({"times": [0.2]}, (5, 7)),
    ({"n_bins": 1}, (5, 7)),
    ({"times": [0.1, 0.2]}, (5, 2, 7)),
    ({"every": 0.1}, (5, 4, 7)),
    ({"every": 0.15}, (5, 2, 7)),
    ({"n_bins": 8}, (5, 8, 7)),
    ({"n_bins": 8, "neurons": [0, 3]}, (5, 8, 2)),
    ({"n_bins": 8, "tau": [0.01, 0.1]}, (5, 8, 14)),
])
def test_shapes(kw, shape):
    X = exponential_states(random_spikes(), **kw)
    assert X.shape == shape and X.dtype == np.float64


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw, match", [
    ({}, "exactly one of times, every, n_bins or at_end"),
    ({"every": 0.1, "n_bins": 3}, "exactly one of times, every, n_bins or at_end"),
    ({"times": 0.1, "at_end": True}, "exactly one"),
    ({"times": [0.2, 0.1]}, "times must be strictly increasing"),
    ({"times": [0.1, np.nan]}, "times must be finite"),
    ({"times": -0.1}, "times must be >= 0"),
    ({"times": 0.41}, "times must lie within each sample's duration"),
    ({"times": []}, "times must not be empty"),
    ({"every": 0.0}, "every"),
    ({"every": 1.0}, "every = 1.0 s is longer than sample 0"),
    ({"n_bins": 0}, "n_bins must be a positive int"),
    ({"at_end": True, "tau": 0.0}, "tau"),
    ({"at_end": True, "tau": [0.01, -1]}, "tau"),
    ({"at_end": True, "tau": []}, "tau must not be an empty"),
    ({"at_end": True, "neurons": [7]}, r"neurons must lie in \[0, 7\)"),
    ({"at_end": True, "neurons": []}, "neurons must be a non-empty"),
])
def test_bad_arguments_raise_value_error_naming_them(kw, match):
    with pytest.raises(ValueError, match=match):
        exponential_states(random_spikes(), **kw)


@pytest.mark.parametrize("kw", [{"n_bins": 2.5}, {"at_end": "yes"}, {"every": "1 ms"},
                                {"at_end": True, "neurons": [0.5]}])
def test_bad_types_raise_type_error(kw):
    with pytest.raises(TypeError):
        exponential_states(random_spikes(), **kw)


def test_every_with_different_durations_is_an_error_pointing_at_n_bins():
    s = ls.SpikeTrains.from_lists([[[0.1]], [[0.1]]], durations=[0.3, 0.5])
    with pytest.raises(ValueError, match="use n_bins"):
        exponential_states(s, every=0.1)
    assert exponential_states(s, n_bins=3).shape == (2, 3, 1)


def test_not_spikes_is_a_type_error():
    with pytest.raises(TypeError, match="spikes must be a SpikeTrains or a Recording"):
        exponential_states(np.zeros((3, 4)), at_end=True)
