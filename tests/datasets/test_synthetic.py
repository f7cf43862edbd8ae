"""Synthetic tasks: generator properties and target functions on hand-computed examples."""

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.datasets import (coincidences, delivered_counts, insert_pattern, memory_task,
                                  narma10, pattern_detection, rate_streams, segmented_templates,
                                  spike_pattern, spike_templates)
from liquidstate.datasets.synthetic import _reflect


def _same(a: ls.SpikeTrains, b: ls.SpikeTrains) -> bool:
    return (a.n_samples == b.n_samples and np.array_equal(a.offsets, b.offsets)
            and np.array_equal(a.times, b.times) and np.array_equal(a.channels, b.channels))


# ------------------------------------------------------------------------- templates
def test_templates_shapes_durations_and_balance():
    runs, labels = spike_templates(2, 200, seed=3)
    assert runs.n_samples == 200 and runs.n_channels == 1
    assert np.all(runs.durations == 0.5)
    assert labels.shape == (200,) and labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [100, 100]
    assert not np.array_equal(labels[:100], np.sort(labels[:100]))  # shuffled
    _, labels = spike_templates(3, 7, seed=3)
    assert sorted(np.bincount(labels).tolist()) == [2, 2, 3]
    runs, _ = spike_templates(2, 10, duration=0.8, n_channels=3, seed=1)
    assert runs.n_channels == 3 and np.all(runs.durations == 0.8)
    assert runs.times.max() < 0.8 and runs.times.min() >= 0


def test_templates_seed():
    a, la = spike_templates(2, 20, seed=5)
    b, lb = spike_templates(2, 20, seed=5)
    c, _ = spike_templates(2, 20, seed=6)
    assert _same(a, b) and np.array_equal(la, lb)
    assert not _same(a, c)


def test_templates_rate_and_exact_copies_without_jitter():
    runs, labels, templates = spike_templates(4, 40, duration=2.0, rate=20.0, jitter=0.0,
                                              n_channels=2, seed=0, return_templates=True)
    assert templates.n_samples == 4
    # 4 templates x 2 channels x 2 s at 20 Hz: 320 expected spikes
    assert abs(templates.n_events - 320) < 4 * np.sqrt(320)
    for i in range(runs.n_samples):
        t, c = runs.sample(i)
        tt, tc = templates.sample(labels[i])
        assert np.array_equal(t, tt) and np.array_equal(c, tc)


def test_template_jitter_sd():
    # sparse templates (4 Hz, ISI >> jitter) so sorting never swaps spikes
    jitter = 4e-3
    runs, labels, templates = spike_templates(2, 300, duration=2.0, rate=4.0, jitter=jitter,
                                              seed=11, return_templates=True)
    diffs = []
    for i in range(runs.n_samples):
        t, _ = runs.sample(i)
        tt, _ = templates.sample(labels[i])
        assert t.size == tt.size                      # reflection keeps every spike
        inner = (tt > 5 * jitter) & (tt < 2.0 - 5 * jitter)
        diffs.append((t - tt)[inner])
    diffs = np.concatenate(diffs)
    assert diffs.size > 1500
    assert abs(diffs.mean()) < 4 * jitter / np.sqrt(diffs.size)
    assert diffs.std() == pytest.approx(jitter, rel=0.06)


def test_jitter_reflection_keeps_spikes_in_range():
    d = 0.5
    t = _reflect(np.array([-0.001, 0.2, d + 0.002, d, 2 * d + 0.1, -1.3]), d)
    np.testing.assert_allclose(t[:3], [0.001, 0.2, d - 0.002])
    assert np.all((t >= 0) & (t < d))
    # a huge jitter folds repeatedly but keeps the spike count
    runs, labels, templates = spike_templates(2, 10, jitter=1.0, seed=2, return_templates=True)
    assert np.array_equal(runs.counts()[:, 0], templates.counts()[labels, 0])


def test_segmented_templates():
    runs, labels, templates = segmented_templates(4, 0.25, 2, 50, jitter=0.0, seed=4,
                                                  return_templates=True)
    assert runs.n_samples == 50 and np.all(runs.durations == 1.0)
    assert labels.shape == (50, 4)
    for s in range(4):
        assert np.bincount(labels[:, s]).tolist() == [25, 25]
    assert len({tuple(labels[:, s]) for s in range(4)}) == 4   # shuffled independently
    assert templates.n_samples == 8 and np.all(templates.durations == 0.25)
    for i in range(runs.n_samples):
        t, c = runs.sample(i)
        for s in range(4):
            inside = (t >= 0.25 * s) & (t < 0.25 * (s + 1))
            tt, _ = templates.sample(2 * s + labels[i, s])
            np.testing.assert_allclose(t[inside], tt + 0.25 * s, atol=1e-12)
    a, la = segmented_templates(n_runs=20, seed=1)
    b, lb = segmented_templates(n_runs=20, seed=1)
    c, _ = segmented_templates(n_runs=20, seed=2)
    assert _same(a, b) and np.array_equal(la, lb) and not _same(a, c)
    assert np.all((a.times >= 0) & (a.times < 1.0))


def test_template_errors():
    with pytest.raises(ValueError, match="n_runs"):
        spike_templates(2, 0)
    with pytest.raises(TypeError, match="n_templates"):
        spike_templates(2.5, 10)
    with pytest.raises(ValueError, match="jitter"):
        spike_templates(2, 10, jitter=-1e-3)
    with pytest.raises(ValueError, match="duration"):
        spike_templates(2, 10, duration=0)
    with pytest.raises(ValueError, match="segment"):
        segmented_templates(segment=-0.25)


# ------------------------------------------------------------------------- rate streams
def test_rate_streams_rates_and_groups():
    spikes, rates = rate_streams(40, duration=1.0, seed=2)
    assert spikes.n_samples == 40 and spikes.n_channels == 4
    assert rates.shape == (40, 34, 4)                     # ceil(1.0 / 0.03) segments
    assert rates.min() >= 0 and rates.max() <= 80
    np.testing.assert_array_equal(rates[..., 0], rates[..., 1])   # the paper's pairs
    np.testing.assert_array_equal(rates[..., 2], rates[..., 3])
    assert not np.array_equal(rates[..., 0], rates[..., 2])
    assert abs(rates.mean() - 40) < 3
    # counts match the hidden rates: Poisson given the rates
    lengths = np.minimum(np.arange(1, 35) * 0.03, 1.0) - np.arange(34) * 0.03
    expected = (rates * lengths[None, :, None]).sum()
    assert abs(spikes.n_events - expected) < 4 * np.sqrt(expected)
    # every segment holds its own rate: in segments with rate 0 there are no spikes
    for i in range(5):
        t, c = spikes.sample(i)
        seg = np.minimum((t / 0.03).astype(int), 33)
        assert np.all(rates[i, seg, c] > 0)


def test_rate_streams_options_and_seed():
    _, rates = rate_streams(3, n_channels=3, rate_groups=[0, 1, 2], max_rate=10.0,
                            rate_change=0.05, duration=0.5, seed=0)
    assert rates.shape == (3, 10, 3) and rates.max() <= 10
    assert not np.array_equal(rates[..., 0], rates[..., 1])
    a, ra = rate_streams(4, seed=7)
    b, rb = rate_streams(4, seed=7)
    c, _ = rate_streams(4, seed=8)
    assert _same(a, b) and np.array_equal(ra, rb) and not _same(a, c)
    # run i does not depend on the number of runs
    d, rd = rate_streams(2, seed=7)
    assert _same(d, a.select([0, 1])) and np.array_equal(rd, ra[:2])
    with pytest.raises(ValueError, match="rate_groups"):
        rate_streams(2, rate_groups=[0, 1])
    with pytest.raises(ValueError, match="max_rate"):
        rate_streams(2, max_rate=-1)


# ------------------------------------------------------------------------- targets
def _tiny():
    # channel 0: 5, 15, 25 ms; channel 1: 12 ms; 50 ms long
    return ls.SpikeTrains.from_lists([[np.array([0.005, 0.015, 0.025]), np.array([0.012])]],
                                     0.05)


def test_delivered_counts_hand_example():
    times, counts = delivered_counts(_tiny(), 0.02)
    np.testing.assert_allclose(times, [[0.01, 0.02, 0.03, 0.04, 0.05]])
    # windows [t - 20 ms, t)
    np.testing.assert_array_equal(counts, [[1, 3, 3, 1, 0]])
    _, counts = delivered_counts(_tiny(), 0.02, channels=[1])
    np.testing.assert_array_equal(counts, [[0, 1, 1, 0, 0]])
    _, counts = delivered_counts(_tiny(), 0.01, times=[0.0135, 0.05])
    np.testing.assert_array_equal(counts, [[2, 0]])
    with pytest.raises(ValueError, match="window"):
        delivered_counts(_tiny(), 0)
    with pytest.raises(ValueError, match="channels"):
        delivered_counts(_tiny(), 0.02, channels=[2])


def test_delivered_counts_shorter_runs_are_nan_padded():
    spikes = ls.SpikeTrains.from_lists([[np.array([0.001])], [np.array([0.001])]], [0.03, 0.05])
    times, counts = delivered_counts(spikes, 0.1)
    assert times.shape == (2, 5)
    assert np.all(np.isnan(times[0, 3:])) and np.all(np.isnan(counts[0, 3:]))
    np.testing.assert_array_equal(counts[1], [1, 1, 1, 1, 1])


def test_coincidences_hand_example():
    spikes = ls.SpikeTrains.from_lists(
        [[np.array([0.008, 0.052]), np.array([0.011, 0.080]), np.array([0.0535])]], 0.1)
    times, counts = coincidences(spikes, 5e-3, interval=0.02)
    np.testing.assert_allclose(times[0], np.arange(1, 11) * 0.01)
    # at 10 ms the partner of the 8 ms spike (11 ms) has not happened yet
    np.testing.assert_array_equal(counts[0], [0, 2, 1, 0, 0, 2, 2, 0, 0, 0])
    _, counts = coincidences(spikes, 5e-3, interval=0.02, channels=(0, 1))
    np.testing.assert_array_equal(counts[0], [0, 2, 1, 0, 0, 0, 0, 0, 0, 0])
    _, counts = coincidences(spikes, 2e-3, interval=0.02)   # 3 ms apart: no longer
    np.testing.assert_array_equal(counts[0], [0, 0, 0, 0, 0, 2, 2, 0, 0, 0])
    with pytest.raises(ValueError, match="two channels"):
        coincidences(spikes, channels=[0])


def test_pattern_insertion_and_detection():
    spikes, _ = rate_streams(10, duration=0.5, seed=1)
    pattern = spike_pattern(4, length=0.05, seed=3)
    assert pattern[0].size == 8 and np.all((pattern[0] >= 0) & (pattern[0] < 0.05))
    out, onsets = insert_pattern(spikes, pattern, length=0.05, fraction=0.5, seed=3)
    assert np.sum(~np.isnan(onsets)) == 5
    for i in range(10):
        t, c = out.sample(i)
        if np.isnan(onsets[i]):
            t0, c0 = spikes.sample(i)
            assert np.array_equal(t, t0) and np.array_equal(c, c0)
            continue
        o = onsets[i]
        assert 0 <= o <= 0.45
        inside = (t >= o) & (t < o + 0.05)
        np.testing.assert_allclose(t[inside] - o, pattern[0], atol=1e-12)
        np.testing.assert_array_equal(c[inside], pattern[1])
    again, onsets2 = insert_pattern(spikes, fraction=0.5, seed=3)   # default pattern = seed's
    assert _same(again, out) and np.array_equal(onsets, onsets2, equal_nan=True)

    # target: 1 on [onset + length, onset + length + hold)
    runs = ls.SpikeTrains.from_lists([[np.array([])], [np.array([])]], 0.3)
    _, target = pattern_detection(runs, [0.103, np.nan], length=0.05, hold=0.05)
    np.testing.assert_array_equal(np.flatnonzero(target[0]), [15, 16, 17, 18, 19])  # 0.16-0.20 s
    assert target[1].sum() == 0
    with pytest.raises(ValueError, match="onsets"):
        pattern_detection(runs, [0.1])
    with pytest.raises(ValueError, match="fraction"):
        insert_pattern(spikes, fraction=1.5)


# ------------------------------------------------------------------------- time series
def test_narma10_first_values_and_recursion():
    u, y = narma10(200, seed=0)
    assert u.shape == y.shape == (200,)
    assert u.min() >= 0 and u.max() <= 0.5
    # y(0) = 0, history zero: y(1) = 0.1, y(2) = 0.3*0.1 + 0.05*0.1*0.1 + 0.1, ...
    assert y[0] == 0
    assert y[1] == pytest.approx(0.1)
    assert y[2] == pytest.approx(0.1305)
    assert y[3] == pytest.approx(0.3 * 0.1305 + 0.05 * 0.1305 * (0.1305 + 0.1) + 0.1)
    # first step with the input term: y(10) uses u(0) u(9)
    assert y[10] == pytest.approx(0.3 * y[9] + 0.05 * y[9] * y[0:10].sum()
                                  + 1.5 * u[0] * u[9] + 0.1)
    for t in (50, 123, 198):
        assert y[t + 1] == pytest.approx(0.3 * y[t] + 0.05 * y[t] * y[t - 9:t + 1].sum()
                                         + 1.5 * u[t - 9] * u[t] + 0.1)


def test_narma10_bounded_and_seeded():
    for seed in range(3):
        _, y = narma10(5000, seed=seed)
        assert np.all(np.isfinite(y)) and 0 <= y.min() and y.max() < 1.0
    a = narma10(100, seed=1)
    b = narma10(100, seed=1)
    c = narma10(100, seed=2)
    assert np.array_equal(a[1], b[1]) and not np.array_equal(a[0], c[0])


def test_memory_task():
    u, targets = memory_task(100, 5, seed=3)
    assert u.shape == (100,) and targets.shape == (100, 5)
    assert u.min() >= -0.8 and u.max() <= 0.8
    for k in range(1, 6):
        assert np.all(np.isnan(targets[:k, k - 1]))
        np.testing.assert_array_equal(targets[k:, k - 1], u[:-k])
    u, targets = memory_task(4, 6, seed=0, low=0.0, high=1.0)
    assert u.min() >= 0 and np.all(np.isnan(targets[:, 4:]))
    with pytest.raises(ValueError, match="low"):
        memory_task(10, 2, low=1.0, high=0.0)
    with pytest.raises(ValueError, match="max_delay"):
        memory_task(10, 0)
