"""Tests of ``liquidstate.spikes.SpikeTrains``: constructors, access, round trips, errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liquidstate import SpikeTrains

FEW = settings(max_examples=30, deadline=None)


# ---------------------------------------------------------------- constructors and sorting
def test_from_lists_layout_and_sorting():
    trains = [
        [np.array([0.3, 0.1]), np.array([0.1]), np.array([])],
        [np.array([]), np.array([]), np.array([0.05, 0.0])],
    ]
    s = SpikeTrains.from_lists(trains, durations=[0.5, 0.2])
    assert s.n_samples == 2 and len(s) == 2
    assert s.n_channels == 3
    assert s.n_events == 5
    # sorted by sample, then time, then channel
    np.testing.assert_array_equal(s.times, [0.1, 0.1, 0.3, 0.0, 0.05])
    np.testing.assert_array_equal(s.channels, [0, 1, 0, 2, 2])
    np.testing.assert_array_equal(s.offsets, [0, 3, 5])
    np.testing.assert_array_equal(s.durations, [0.5, 0.2])
    assert s.times.dtype == np.float64 and s.channels.dtype == np.int64
    assert s.offsets.dtype == np.int64


def test_scalar_duration_broadcasts():
    s = SpikeTrains.from_lists([[[0.1]], [[0.2]], [[]]], durations=0.3)
    np.testing.assert_array_equal(s.durations, [0.3, 0.3, 0.3])


def test_from_events_sorts_each_sample_by_time_then_channel():
    events = [(np.array([0.2, 0.1, 0.1, 0.0]), np.array([0, 2, 1, 3])),
              (np.array([0.05]), np.array([1]))]
    s = SpikeTrains.from_events(events, durations=[1.0, 0.1], n_channels=4)
    t0, c0 = s.sample(0)
    np.testing.assert_array_equal(t0, [0.0, 0.1, 0.1, 0.2])
    np.testing.assert_array_equal(c0, [3, 1, 2, 0])
    t1, c1 = s.sample(1)
    np.testing.assert_array_equal(t1, [0.05])
    np.testing.assert_array_equal(c1, [1])
    # negative index
    np.testing.assert_array_equal(s.sample(-1)[0], [0.05])


def test_plain_constructor_sorts_and_freezes():
    s = SpikeTrains(times=[0.3, 0.1, 0.2], channels=[0, 1, 0], offsets=[0, 3],
                    durations=1.0, n_channels=2)
    np.testing.assert_array_equal(s.times, [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(s.channels, [1, 0, 0])
    for a in (s.times, s.channels, s.offsets, s.durations):
        assert not a.flags.writeable
    with pytest.raises(ValueError):
        s.times[0] = 5.0


def test_samples_without_events_and_empty_batch_of_events():
    s = SpikeTrains.from_events([(np.array([]), np.array([], dtype=np.int64))] * 3,
                                durations=0.1, n_channels=2)
    assert s.n_events == 0
    np.testing.assert_array_equal(s.offsets, [0, 0, 0, 0])
    np.testing.assert_array_equal(s.counts(), np.zeros((3, 2), np.int64))
    assert [len(x) for x in s.spike_times(1)] == [0, 0]


def test_from_raster_times_and_durations():
    r = np.zeros((5, 3), dtype=np.int8)
    r[0, 2] = 1
    r[3, 0] = 1
    r[3, 1] = 1
    s = SpikeTrains.from_raster(r, dt=0.01)  # a 2-D raster is one sample
    assert s.n_samples == 1 and s.n_channels == 3
    np.testing.assert_allclose(s.times, [0.0, 0.03, 0.03])
    np.testing.assert_array_equal(s.channels, [2, 0, 1])
    np.testing.assert_allclose(s.durations, [0.05])


def test_from_raster_list_of_varying_length():
    a = np.eye(3, dtype=bool)
    b = np.zeros((7, 3), dtype=bool)
    b[6, 1] = True
    s = SpikeTrains.from_raster([a, b], dt=1e-3)
    np.testing.assert_allclose(s.durations, [3e-3, 7e-3])
    np.testing.assert_array_equal(s.counts(), [[1, 1, 1], [0, 1, 0]])
    np.testing.assert_allclose(s.sample(1)[0], [6e-3])


@FEW
@given(n_samples=st.integers(1, 4), n_steps=st.integers(1, 40), n_channels=st.integers(1, 5),
       seed=st.integers(0, 2 ** 16), dt=st.sampled_from([1e-4, 1e-3, 0.1, 0.37]))
def test_raster_round_trip(n_samples, n_steps, n_channels, seed, dt):
    g = np.random.default_rng(seed)
    rasters = (g.random((n_samples, n_steps, n_channels)) < 0.3).astype(np.int64)
    s = SpikeTrains.from_raster(rasters, dt)
    assert s.n_samples == n_samples and s.n_channels == n_channels
    back = s.to_raster(dt)
    assert len(back) == n_samples
    for i in range(n_samples):
        np.testing.assert_array_equal(back[i], rasters[i])
        np.testing.assert_array_equal(s.to_raster(dt, i), rasters[i])
    np.testing.assert_array_equal(s.counts(), rasters.sum(axis=1))
    # and again: from_raster(to_raster) is the identity on the events
    s2 = SpikeTrains.from_raster(back, dt)
    np.testing.assert_array_equal(s2.times, s.times)
    np.testing.assert_array_equal(s2.channels, s.channels)
    np.testing.assert_array_equal(s2.offsets, s.offsets)


def test_to_raster_keeps_counts_and_bins():
    s = SpikeTrains.from_events([(np.array([0.0, 0.0004, 0.0011, 0.0029]),
                                  np.array([0, 0, 1, 1]))], durations=0.003, n_channels=2)
    r = s.to_raster(1e-3, 0)
    np.testing.assert_array_equal(r, [[2, 0], [0, 1], [0, 1]])
    assert r.dtype == np.int64


def test_counts_and_rates():
    s = SpikeTrains.from_lists([[[0.1, 0.2, 0.3], [0.4]], [[], [0.0, 0.1]]],
                               durations=[0.5, 0.25])
    np.testing.assert_array_equal(s.counts(), [[3, 1], [0, 2]])
    np.testing.assert_allclose(s.rates(), [[6.0, 2.0], [0.0, 8.0]])


def test_select_order_and_mask():
    s = SpikeTrains.from_lists([[[0.1 * (i + 1)]] for i in range(4)],
                               durations=[1.0, 2.0, 3.0, 4.0])
    sub = s.select([3, 1])
    assert sub.n_samples == 2
    np.testing.assert_allclose(sub.times, [0.4, 0.2])
    np.testing.assert_array_equal(sub.durations, [4.0, 2.0])
    np.testing.assert_array_equal(sub.offsets, [0, 1, 2])
    mask = s.select(np.array([True, False, True, False]))
    np.testing.assert_allclose(mask.times, [0.1, 0.3])
    np.testing.assert_array_equal(mask.durations, [1.0, 3.0])
    one = s.select(2)
    assert one.n_samples == 1 and one.n_channels == 1


def test_spike_times_per_channel():
    s = SpikeTrains.from_events([(np.array([0.3, 0.1, 0.2, 0.05]), np.array([2, 0, 2, 0]))],
                                durations=1.0, n_channels=4)
    per = s.spike_times(0)
    assert len(per) == 4
    np.testing.assert_array_equal(per[0], [0.05, 0.1])
    np.testing.assert_array_equal(per[1], [])
    np.testing.assert_array_equal(per[2], [0.2, 0.3])
    np.testing.assert_array_equal(per[3], [])


def test_from_lists_spike_times_round_trip():
    g = np.random.default_rng(1)
    trains = [[np.sort(g.uniform(0, 0.5, g.integers(0, 6))) for _ in range(3)]
              for _ in range(2)]
    s = SpikeTrains.from_lists(trains, durations=0.5)
    for i in range(2):
        for k, t in enumerate(s.spike_times(i)):
            np.testing.assert_array_equal(t, trains[i][k])


def test_index_out_of_range():
    s = SpikeTrains.from_lists([[[0.1]]], durations=1.0)
    with pytest.raises(IndexError, match="sample index"):
        s.sample(1)
    with pytest.raises(IndexError, match="sample index"):
        s.spike_times(-2)


# ---------------------------------------------------------------- Poisson
def test_poisson_rates_within_tolerance():
    rates = np.array([5.0, 20.0, 80.0])
    duration, n = 2.0, 40
    s = SpikeTrains.poisson(rates, duration, n, seed=7)
    assert s.n_samples == n and s.n_channels == 3
    counts = s.counts()
    expected = rates * duration * n
    total = counts.sum(axis=0)
    # Poisson: SD = sqrt(mean); allow 5 SD
    assert np.all(np.abs(total - expected) < 5 * np.sqrt(expected)), (total, expected)
    # rates() averages back to the given rates within the same tolerance
    np.testing.assert_allclose(s.rates().mean(axis=0), rates,
                               atol=0, rtol=0.0 + 5 * np.max(1 / np.sqrt(expected)))
    # times uniform on [0, duration): mean ~ duration / 2 with SD duration / sqrt(12 n)
    m = s.n_events
    assert abs(s.times.mean() - duration / 2) < 5 * duration / math.sqrt(12 * m)
    assert s.times.min() >= 0 and s.times.max() < duration


def test_poisson_zero_rate_and_scalar_rate():
    s = SpikeTrains.poisson([0.0, 0.0], 1.0, 3, seed=0)
    assert s.n_events == 0 and s.n_channels == 2
    s1 = SpikeTrains.poisson(50.0, 0.5, 2, seed=0)
    assert s1.n_channels == 1


def test_poisson_per_sample_durations():
    s = SpikeTrains.poisson([100.0], [0.1, 1.0], 2, seed=3)
    np.testing.assert_array_equal(s.durations, [0.1, 1.0])
    t0, _ = s.sample(0)
    assert np.all(t0 < 0.1)


def _same(a: SpikeTrains, b: SpikeTrains) -> None:
    np.testing.assert_array_equal(a.times, b.times)
    np.testing.assert_array_equal(a.channels, b.channels)
    np.testing.assert_array_equal(a.offsets, b.offsets)
    np.testing.assert_array_equal(a.durations, b.durations)
    assert a.n_channels == b.n_channels


@FEW
@given(n_samples=st.integers(1, 8), first_index=st.integers(0, 50), seed=st.integers(0, 1000),
       data=st.data())
def test_poisson_seeded_per_sample(n_samples, first_index, seed, data):
    rates = [30.0, 10.0]
    batch = SpikeTrains.poisson(rates, 0.2, n_samples, seed=seed, first_index=first_index)
    j = data.draw(st.integers(0, n_samples - 1))
    alone = SpikeTrains.poisson(rates, 0.2, 1, seed=seed, first_index=first_index + j)
    _same(batch.select([j]), alone)
    # a bigger batch that starts earlier holds the same sample at the same dataset index
    bigger = SpikeTrains.poisson(rates, 0.2, n_samples + first_index, seed=seed, first_index=0)
    _same(bigger.select([first_index + j]), alone)


def test_poisson_seed_matters_and_is_repeatable():
    a = SpikeTrains.poisson([50.0] * 4, 0.5, 3, seed=1)
    b = SpikeTrains.poisson([50.0] * 4, 0.5, 3, seed=1)
    c = SpikeTrains.poisson([50.0] * 4, 0.5, 3, seed=2)
    _same(a, b)
    assert not (a.n_events == c.n_events and np.array_equal(a.times, c.times))
    # different samples of one batch differ
    assert not np.array_equal(a.sample(0)[0], a.sample(1)[0])


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_times(bad):
    with pytest.raises(ValueError, match="times"):
        SpikeTrains.from_events([(np.array([0.1, bad]), np.array([0, 0]))], 1.0, 1)
    with pytest.raises(ValueError, match="times"):
        SpikeTrains.from_lists([[[0.1, bad]]], durations=1.0)


def test_negative_times():
    with pytest.raises(ValueError, match="times"):
        SpikeTrains.from_lists([[[-0.001]]], durations=1.0)


@pytest.mark.parametrize("t", [1.0, 1.5])
def test_times_at_or_after_duration(t):
    with pytest.raises(ValueError, match="duration"):
        SpikeTrains.from_lists([[[0.1, t]]], durations=1.0)
    # in the second sample, which is shorter
    with pytest.raises(ValueError, match="sample 1"):
        SpikeTrains.from_lists([[[0.5]], [[0.5 * t]]], durations=[1.0, 0.5])


@pytest.mark.parametrize("chan", [-1, 3, 100])
def test_channels_out_of_range(chan):
    with pytest.raises(ValueError, match="channels"):
        SpikeTrains.from_events([(np.array([0.1]), np.array([chan]))], 1.0, 3)
    with pytest.raises(ValueError, match="channels"):
        SpikeTrains([0.1], [chan], [0, 1], 1.0, 3)


def test_non_integer_channels():
    with pytest.raises(TypeError, match="channels"):
        SpikeTrains.from_events([(np.array([0.1]), np.array([0.5]))], 1.0, 2)
    with pytest.raises(TypeError, match="channels"):
        SpikeTrains.from_events([(np.array([0.1]), np.array([1.0]))], 1.0, 2)
    # the plain constructor must not truncate 0.5 to channel 0
    with pytest.raises(TypeError, match="channels"):
        SpikeTrains([0.1], [0.5], [0, 1], 1.0, 2)


@pytest.mark.parametrize("n_channels", [1.5, "2", True])
def test_n_channels_not_an_int(n_channels):
    with pytest.raises(TypeError, match="n_channels"):
        SpikeTrains([0.1], [0], [0, 1], 1.0, n_channels)


@pytest.mark.parametrize("n_channels", [0, -3])
def test_n_channels_not_positive(n_channels):
    with pytest.raises(ValueError, match="n_channels"):
        SpikeTrains([], [], [0], 1.0, n_channels)


def test_wrong_shapes():
    with pytest.raises(ValueError, match="times and channels"):
        SpikeTrains([[0.1, 0.2]], [[0, 0]], [0, 2], 1.0, 1)
    with pytest.raises(ValueError, match="times and channels"):
        SpikeTrains([0.1, 0.2], [0], [0, 2], 1.0, 1)
    with pytest.raises(ValueError, match="events\\[0\\]"):
        SpikeTrains.from_events([(np.array([0.1, 0.2]), np.array([0]))], 1.0, 1)
    with pytest.raises(ValueError, match="offsets"):
        SpikeTrains([0.1, 0.2], [0, 0], [0, 1], 1.0, 1)
    with pytest.raises(ValueError, match="offsets"):
        SpikeTrains([0.1, 0.2], [0, 0], [1, 2], 1.0, 1)
    with pytest.raises(ValueError, match="offsets"):
        SpikeTrains([0.1, 0.2], [0, 0], [0, 2, 1, 2], 1.0, 1)
    with pytest.raises(ValueError, match="durations"):
        SpikeTrains([0.1], [0], [0, 1], [1.0, 2.0], 1)
    with pytest.raises(ValueError, match="durations"):
        SpikeTrains.from_lists([[[0.1]], [[0.1]]], durations=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="trains\\[1\\]"):
        SpikeTrains.from_lists([[[0.1], [0.2]], [[0.1]]], durations=1.0)
    with pytest.raises(ValueError, match="events\\[0\\]"):
        SpikeTrains.from_events([(np.array([0.1]), np.array([0]), np.array([0]))], 1.0, 1)


@pytest.mark.parametrize("d", [0.0, -1.0, np.nan, np.inf])
def test_bad_durations(d):
    with pytest.raises(ValueError, match="durations"):
        SpikeTrains.from_lists([[[]]], durations=d)
    with pytest.raises(ValueError, match="duration"):
        SpikeTrains.poisson(10.0, d, 1)


def test_empty_inputs():
    with pytest.raises(ValueError, match="trains"):
        SpikeTrains.from_lists([], durations=1.0)
    with pytest.raises(ValueError, match="events"):
        SpikeTrains.from_events([], durations=1.0, n_channels=1)
    with pytest.raises(ValueError, match="rasters"):
        SpikeTrains.from_raster([], dt=1e-3)
    with pytest.raises(ValueError, match="rasters"):
        SpikeTrains.from_raster(np.zeros((2, 0, 3)), dt=1e-3)
    with pytest.raises(ValueError, match="rates"):
        SpikeTrains.poisson([], 1.0)


def test_bad_rasters():
    with pytest.raises(ValueError, match="rasters"):
        SpikeTrains.from_raster(np.full((3, 2), 2), dt=1e-3)
    with pytest.raises(ValueError, match="rasters"):
        SpikeTrains.from_raster(np.full((3, 2), -1), dt=1e-3)
    with pytest.raises(ValueError, match="rasters"):
        SpikeTrains.from_raster(np.array([[0.0, np.nan]]), dt=1e-3)
    with pytest.raises(ValueError, match="rasters\\[1\\]"):
        SpikeTrains.from_raster([np.zeros((3, 2)), np.zeros((3, 4))], dt=1e-3)
    with pytest.raises(ValueError, match="rasters\\[0\\]"):
        SpikeTrains.from_raster([np.zeros(3)], dt=1e-3)


@pytest.mark.parametrize("dt", [0.0, -1e-3, np.nan, np.inf])
def test_bad_dt(dt):
    with pytest.raises(ValueError, match="dt"):
        SpikeTrains.from_raster(np.zeros((3, 2)), dt=dt)
    s = SpikeTrains.from_lists([[[0.1]]], durations=1.0)
    with pytest.raises(ValueError, match="dt"):
        s.to_raster(dt)


def test_dt_not_a_number():
    with pytest.raises(TypeError, match="dt"):
        SpikeTrains.from_raster(np.zeros((3, 2)), dt="fast")
    with pytest.raises(TypeError, match="dt"):
        SpikeTrains.from_lists([[[0.1]]], durations=1.0).to_raster(None)


@pytest.mark.parametrize("rates", [[-1.0], [np.nan], [np.inf], [[1.0, 2.0]]])
def test_poisson_bad_rates(rates):
    with pytest.raises(ValueError, match="rates"):
        SpikeTrains.poisson(rates, 1.0)


@pytest.mark.parametrize("n, error", [(0, ValueError), (-1, ValueError), (1.5, TypeError)])
def test_poisson_bad_n_samples(n, error):
    with pytest.raises(error, match="n_samples must be a positive int"):
        SpikeTrains.poisson(10.0, 1.0, n)


def test_poisson_bad_seed_and_first_index():
    with pytest.raises(ValueError, match="seed"):
        SpikeTrains.poisson(10.0, 1.0, seed=-1)
    with pytest.raises(TypeError, match="seed"):
        SpikeTrains.poisson(10.0, 1.0, seed=1.5)
    with pytest.raises(ValueError, match="first_index"):
        SpikeTrains.poisson(10.0, 1.0, first_index=-1)
    with pytest.raises(TypeError, match="first_index must be a non-negative int"):
        SpikeTrains.poisson(10.0, 1.0, first_index=0.5)


def test_concatenate_and_getitem():
    a = SpikeTrains.poisson([30.0, 10.0], 0.5, 3, seed=1)
    b = SpikeTrains.poisson([30.0, 10.0], [0.2, 0.4], 2, seed=2)
    c = SpikeTrains.concatenate([a, b])
    assert c.n_samples == 5 and c.n_events == a.n_events + b.n_events
    for i in range(3):
        np.testing.assert_array_equal(c.sample(i)[0], a.sample(i)[0])
    np.testing.assert_array_equal(c.sample(4)[1], b.sample(1)[1])
    np.testing.assert_array_equal(c.durations, [0.5, 0.5, 0.5, 0.2, 0.4])
    np.testing.assert_array_equal(c[3].times, b[0].times)
    assert c[1:4].n_samples == 3 and c[[4, 0]].durations.tolist() == [0.4, 0.5]
    assert c[np.array([True, False, False, False, True])].n_samples == 2
    with pytest.raises(ValueError, match="channels"):
        SpikeTrains.concatenate([a, SpikeTrains.poisson([1.0], 0.5, 1)])
    with pytest.raises(IndexError):
        c[7]


def test_pad_adds_silence_before_and_after():
    s = SpikeTrains.from_lists([[[0.1, 0.2], [0.05]], [[], [0.3]]], durations=[0.25, 0.4])
    p = s.pad(after=0.05)
    np.testing.assert_allclose(p.durations, [0.3, 0.45])
    assert p.times is s.times and p.channels is s.channels       # shared, read-only
    both = s.pad(before=0.1, after=0.05)
    np.testing.assert_allclose(both.durations, [0.4, 0.55])
    for i in range(2):
        for a, b in zip(both.spike_times(i), s.spike_times(i)):
            np.testing.assert_allclose(a, b + 0.1)
    assert s.pad() is s
    # the silence changes the counts of nothing, only where they fall
    np.testing.assert_array_equal(both.counts(), s.counts())


@pytest.mark.parametrize("kw, error", [({"after": -0.1}, ValueError),
                                       ({"before": float("nan")}, ValueError),
                                       ({"after": "long"}, TypeError)])
def test_pad_bad_arguments(kw, error):
    s = SpikeTrains.from_lists([[[0.1]]], durations=0.2)
    with pytest.raises(error, match=next(iter(kw))):
        s.pad(**kw)
