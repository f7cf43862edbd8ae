"""``binned_counts``, ``membrane_states`` and ``StateExtractor``."""

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.states import (StateExtractor, binned_counts, exponential_states,
                                membrane_states)


def random_spikes(n_samples=4, n_channels=6, duration=0.3, seed=0):
    return ls.SpikeTrains.poisson([60.0] * n_channels, duration, n_samples, seed=seed)


# ---------------------------------------------------------------- binned counts
def test_counts_hand_example_half_open_bins():
    s = ls.SpikeTrains.from_lists([[[0.0, 0.1, 0.15, 0.2999], [0.2]]], durations=0.3)
    X = binned_counts(s, bin_width=0.1)
    np.testing.assert_array_equal(X[0], [[1, 0], [2, 0], [1, 1]])
    np.testing.assert_array_equal(binned_counts(s, n_bins=3), X)


def test_counts_equal_histogram_and_total():
    s = random_spikes()
    X = binned_counts(s, n_bins=7)
    assert X.shape == (4, 7, 6) and X.dtype == np.float64
    np.testing.assert_array_equal(X.sum(axis=1), s.counts())
    for i in range(s.n_samples):
        t, c = s.sample(i)
        for n in range(6):
            h, _ = np.histogram(t[c == n], bins=np.linspace(0, 0.3, 8))
            np.testing.assert_array_equal(X[i, :, n], h)


def test_counts_drop_the_incomplete_last_bin_and_select_neurons():
    s = ls.SpikeTrains.from_lists([[[0.05, 0.26], [0.1]]], durations=0.3)
    X = binned_counts(s, bin_width=0.125, neurons=[1, 0])
    assert X.shape == (1, 2, 2)
    np.testing.assert_array_equal(X[0], [[1, 1], [0, 0]])


def test_counts_on_grid_times_fall_in_their_bin():
    dt = 1e-4
    s = ls.SpikeTrains.from_events([(np.array([100, 200, 299]) * dt, np.zeros(3, int))],
                                   0.03, 1)
    np.testing.assert_array_equal(binned_counts(s, bin_width=0.01)[0, :, 0], [0, 1, 2])


def test_counts_many_spikes_equal_direct_numpy_and_duplicated_neurons():
    rng = np.random.default_rng(3)
    n_samples, n_channels, per_sample = 10, 30, 20_000
    durations = rng.uniform(0.5, 1.0, n_samples)
    times = np.concatenate([np.sort(rng.uniform(0, d, per_sample)) for d in durations])
    channels = rng.integers(0, n_channels, times.size)
    s = ls.SpikeTrains._trusted(times, channels, np.arange(n_samples + 1) * per_sample,
                                durations, n_channels)
    X = binned_counts(s, n_bins=9)
    expected = np.zeros((n_samples, 9, n_channels))
    sample = np.repeat(np.arange(n_samples), per_sample)
    j = np.minimum(np.floor(times / (durations / 9)[sample]).astype(int), 8)
    np.add.at(expected, (sample, j, channels), 1.0)
    np.testing.assert_array_equal(X, expected)
    neurons = [4, 29, 4, 0]
    np.testing.assert_array_equal(binned_counts(s, n_bins=9, neurons=neurons),
                                  expected[..., neurons])


def test_counts_trusted_spikes_with_a_bad_channel_raise():
    s = ls.SpikeTrains._trusted(np.array([0.1]), np.array([-1]), np.array([0, 1]),
                                np.array([0.2]), 3)
    with pytest.raises(ValueError, match="channel is outside"):
        binned_counts(s, n_bins=2)


@pytest.mark.parametrize("kw, err, match", [
    ({}, ValueError, "exactly one of bin_width and n_bins"),
    ({"bin_width": 0.1, "n_bins": 3}, ValueError, "exactly one"),
    ({"bin_width": -0.1}, ValueError, "bin_width"),
    ({"bin_width": 1.0}, ValueError, "bin_width = 1.0 s is longer"),
    ({"n_bins": 0}, ValueError, "n_bins must be a positive int"),
    ({"n_bins": 2.0}, TypeError, "n_bins must be a positive int"),
])
def test_counts_bad_arguments(kw, err, match):
    with pytest.raises(err, match=match):
        binned_counts(random_spikes(), **kw)


def test_counts_different_durations():
    s = ls.SpikeTrains.from_lists([[[0.1]], [[0.1]]], durations=[0.3, 0.5])
    with pytest.raises(ValueError, match="use n_bins"):
        binned_counts(s, bin_width=0.1)
    np.testing.assert_array_equal(binned_counts(s, n_bins=2)[:, :, 0], [[1, 0], [1, 0]])


# ---------------------------------------------------------------- membrane
def fake_recording():
    spikes = ls.SpikeTrains.from_lists([[[]], [[]]], durations=[0.004, 0.004])
    tt = np.array([0.001, 0.002, 0.003, 0.004])
    v0 = np.array([[1.0, 10], [2, 20], [3, 30], [4, 40]])
    return ls.Recording(spikes, {"v": [v0, -v0]}, [tt, tt])


def test_membrane_hand_example_holds_the_last_recorded_value():
    rec = fake_recording()
    np.testing.assert_array_equal(membrane_states(rec, at_end=True), [[4, 40], [-4, -40]])
    X = membrane_states(rec, times=[0.001, 0.0025, 0.004])
    np.testing.assert_array_equal(X[0], [[1, 10], [2, 20], [4, 40]])
    np.testing.assert_array_equal(membrane_states(rec, n_bins=2)[1], [[-2, -20], [-4, -40]])


def test_membrane_errors():
    rec = fake_recording()
    with pytest.raises(ValueError, match="before the first recorded value"):
        membrane_states(rec, times=0.0005)
    with pytest.raises(ValueError, match="exactly one"):
        membrane_states(rec)
    with pytest.raises(ValueError, match="no membrane potential traces"):
        membrane_states(ls.Recording(rec.spikes), at_end=True)
    with pytest.raises(TypeError, match="recording must be a Recording"):
        membrane_states(rec.spikes, at_end=True)


def test_membrane_from_a_simulation():
    net = ls.maass2002((3, 3, 3), n_inputs=1, seed=0)
    inp = ls.SpikeTrains.poisson([50.0], 0.05, 2, seed=1)
    ex = StateExtractor(kind="membrane", times=(0.01, 0.05))
    rec = ls.simulate(net, inp, dt=1e-4, record=ex.needs_record(net.n_neurons), n_threads=1)
    X = ex(rec)
    assert X.shape == (2, 2, net.n_neurons)
    np.testing.assert_array_equal(X[:, 0], [v[99] for v in rec.traces["v"]])
    np.testing.assert_array_equal(X[:, 1], [v[-1] for v in rec.traces["v"]])


# ---------------------------------------------------------------- StateExtractor
def test_extractor_defaults_to_the_30ms_state_at_the_end():
    s = random_spikes()
    ex = StateExtractor()
    assert ex.needs_record(10) is None
    np.testing.assert_array_equal(ex(ls.Recording(s)), exponential_states(s, tau=0.03,
                                                                          at_end=True))


def test_extractor_kinds_and_options():
    s = random_spikes()
    X = StateExtractor(tau=[0.01, 0.1], n_bins=3, neurons=[1, 2])(s)
    np.testing.assert_array_equal(X, exponential_states(s, tau=[0.01, 0.1], n_bins=3,
                                                        neurons=[1, 2]))
    np.testing.assert_array_equal(StateExtractor(kind="counts")(s), s.counts())
    assert StateExtractor(kind="counts", every=0.1)(s).shape == (4, 3, 6)
    ex = StateExtractor(kind="membrane", neurons=[3, 1])
    assert ex.needs_record().neurons == (3, 1) and ex.needs_record().variables == ("v",)


def test_extractor_is_frozen_hashable_data():
    ex = StateExtractor(tau=[0.01, 0.03], times=[0.1, 0.2])
    assert ex.tau == (0.01, 0.03) and ex.times == (0.1, 0.2)
    assert hash(ex) == hash(StateExtractor(tau=(0.01, 0.03), times=(0.1, 0.2)))
    with pytest.raises(AttributeError):
        ex.tau = 0.1


@pytest.mark.parametrize("kw, match", [
    ({"kind": "rates"}, "kind must be one of"),
    ({"tau": -1.0}, "tau"),
    ({"times": 0.1, "every": 0.1}, "at most one of times, every and n_bins"),
    ({"at_end": False}, "no sampling times"),
    ({"kind": "counts", "times": 0.1}, "kind='counts' needs bins"),
    ({"every": 0.0}, "every"),
    ({"times": [0.2, 0.1]}, "strictly increasing"),
    ({"n_bins": 0}, "n_bins"),
])
def test_extractor_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        StateExtractor(**kw)


def test_extractor_membrane_needs_n_neurons_or_neurons():
    with pytest.raises(ValueError, match="n_neurons"):
        StateExtractor(kind="membrane").needs_record()
    with pytest.raises(TypeError, match="needs a Recording"):
        StateExtractor(kind="membrane")(random_spikes())
