"""Firing statistics against hand-computed examples."""

import math

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.analysis import FiringStatistics, firing_statistics, population_rate


def _regular(rate, duration, phase=0.0):
    return np.arange(phase, duration - 1e-12, 1.0 / rate)


def test_regular_trains_rates_cv_fano():
    # neuron 0: 10 Hz, neuron 1: 20 Hz, neuron 2: silent; two samples of 1 s
    T = 1.0
    sample = [_regular(10, T, 0.01), _regular(20, T, 0.02), np.array([])]
    spikes = ls.SpikeTrains.from_lists([sample, sample], T)
    st = firing_statistics(spikes, fano_window=0.1)
    assert isinstance(st, FiringStatistics)
    assert st.n_samples == 2 and st.n_neurons == 3 and st.duration == 2.0
    assert st.n_spikes == 2 * (10 + 20)
    assert st.rate == pytest.approx((10 + 20 + 0) / 3)
    assert st.max_rate == pytest.approx(20.0)
    assert st.fraction_silent == pytest.approx(1 / 3)
    assert st.cv_isi == pytest.approx(0.0, abs=1e-9)
    assert st.n_cv == 4  # 2 firing neurons x 2 samples
    # windows of 100 ms hold exactly 1 and 2 spikes: no count variance
    assert st.fano_factor == pytest.approx(0.0, abs=1e-12)
    assert st.rate_e is None and st.rate_i is None


def test_cv_of_hand_computed_intervals():
    # ISIs 0.1, 0.3: mean 0.2, SD 0.1 -> CV 0.5. ISIs 0.2, 0.2, 0.2 -> CV 0.
    a = np.array([0.0, 0.1, 0.4])
    b = np.array([0.1, 0.3, 0.5, 0.7])
    two = np.array([0.2, 0.6])  # only 2 spikes: excluded
    spikes = ls.SpikeTrains.from_lists([[a, b, two]], 1.0)
    st = firing_statistics(spikes)
    assert st.n_cv == 2
    assert st.cv_isi == pytest.approx((0.5 + 0.0) / 2)


def test_intervals_never_span_samples():
    # one spike per sample in sample 0..2 would give ISIs across samples if pooled
    spikes = ls.SpikeTrains.from_lists([[np.array([0.5])]] * 3, 1.0)
    st = firing_statistics(spikes)
    assert st.n_cv == 0 and math.isnan(st.cv_isi)


def test_excitatory_and_inhibitory_rates_from_network():
    net = ls.from_matrices(np.zeros((4, 4)), inhibitory=[False, False, False, True])
    T = 2.0
    spikes = ls.SpikeTrains.from_lists(
        [[_regular(5, T), _regular(10, T), np.array([]), _regular(40, T)]], T)
    st = firing_statistics(spikes, net)
    assert st.rate_e == pytest.approx(5.0)   # (5 + 10 + 0) / 3
    assert st.rate_i == pytest.approx(40.0)
    assert st.rate == pytest.approx(55 / 4)
    d = st.to_dict()
    assert d["rate_e"] == pytest.approx(5.0) and set(d) >= {"rate", "cv_isi", "synchrony"}


def test_network_size_mismatch_is_an_error():
    net = ls.from_matrices(np.zeros((3, 3)))
    spikes = ls.SpikeTrains.from_lists([[np.array([0.1])] * 4], 1.0)
    with pytest.raises(ValueError, match="network"):
        firing_statistics(spikes, net)


def test_poisson_statistics():
    rng = np.random.default_rng(1)
    n, T, rate = 50, 20.0, 20.0
    trains = [np.sort(rng.uniform(0, T, rng.poisson(rate * T))) for _ in range(n)]
    st = firing_statistics(ls.SpikeTrains.from_lists([trains], T))
    assert st.rate == pytest.approx(rate, rel=0.03)
    assert st.cv_isi == pytest.approx(1.0, abs=0.05)
    assert st.fano_factor == pytest.approx(1.0, abs=0.1)
    # independent trains: chi about 1/sqrt(N)
    assert st.synchrony == pytest.approx(1 / math.sqrt(n), abs=0.05)


def test_identical_trains_have_synchrony_one():
    rng = np.random.default_rng(2)
    t = np.sort(rng.uniform(0, 2.0, 60))
    st = firing_statistics(ls.SpikeTrains.from_lists([[t] * 10], 2.0))
    assert st.synchrony == pytest.approx(1.0)


def test_silent_liquid_gives_nan_not_errors():
    spikes = ls.SpikeTrains.from_lists([[np.array([])] * 5], 0.5)
    st = firing_statistics(spikes)
    assert st.rate == 0 and st.fraction_silent == 1.0
    assert math.isnan(st.cv_isi) and math.isnan(st.fano_factor) and math.isnan(st.synchrony)
    assert st.to_dict()["cv_isi"] is None


@pytest.mark.parametrize("kw", [dict(bin_width=0), dict(fano_window=-1.0),
                                dict(bin_width=float("nan"))])
def test_bad_widths_are_rejected_by_name(kw):
    spikes = ls.SpikeTrains.from_lists([[np.array([0.1])]], 1.0)
    with pytest.raises(ValueError, match=next(iter(kw))):
        firing_statistics(spikes, **kw)


def test_firing_statistics_rejects_non_spikes():
    with pytest.raises(TypeError, match="spikes"):
        firing_statistics(np.zeros((3, 3)))


def test_population_rate_hand_computed():
    # 2 neurons, 0.25 s, bins of 0.1 s (last bin 0.05 s wide)
    spikes = ls.SpikeTrains.from_lists(
        [[np.array([0.01, 0.05, 0.21]), np.array([0.11, 0.22, 0.24])]], 0.25)
    r = population_rate(spikes, 0.1, sample=0)
    # counts per bin: [2, 1, 3]; rate = count / (2 neurons * width)
    np.testing.assert_allclose(r, [2 / 0.2, 1 / 0.2, 3 / (2 * 0.05)])
    only_1 = population_rate(spikes, 0.1, sample=0, neurons=[1])
    np.testing.assert_allclose(only_1, [0.0, 1 / 0.1, 2 / 0.05])
    mask = population_rate(spikes, 0.1, sample=0, neurons=np.array([True, False]))
    np.testing.assert_allclose(mask, [2 / 0.1, 0.0, 1 / 0.05])


def test_population_rate_all_samples_and_mean():
    spikes = ls.SpikeTrains.poisson(np.full(8, 30.0), [1.0, 0.5], 2, seed=4)
    rates = population_rate(spikes, 0.01)
    assert isinstance(rates, list) and [r.size for r in rates] == [100, 50]
    for r, c, d in zip(rates, spikes.counts(), spikes.durations):
        assert r.mean() == pytest.approx(c.sum() / (8 * d))


def test_population_rate_bad_arguments():
    spikes = ls.SpikeTrains.from_lists([[np.array([0.1])]], 1.0)
    with pytest.raises(ValueError, match="bin_width"):
        population_rate(spikes, 0.0)
    with pytest.raises(IndexError, match="sample"):
        population_rate(spikes, 0.1, sample=3)
    with pytest.raises(ValueError, match="neurons"):
        population_rate(spikes, 0.1, neurons=[5])
