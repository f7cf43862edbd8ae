"""Tests of ``liquidstate.network.topology``: grids, the lambda rule, random graphs."""

import math

import numpy as np
import pytest

from liquidstate.network.topology import (check_shape, choose_inhibitory, grid_positions,
                                          lambda_rule_pairs, random_pairs)


def _rng(seed=0):
    return np.random.default_rng(seed)


def _pairs_at(shape, delta):
    """All (pre, post) with post = pre + delta inside the grid (no N x N array)."""
    shp = np.asarray(shape)
    delta = np.asarray(delta)
    lo = np.maximum(0, -delta)
    hi = np.minimum(shp, shp - delta)
    if np.any(hi <= lo):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    coords = np.stack(np.meshgrid(*[np.arange(a, b) for a, b in zip(lo, hi)], indexing="ij"),
                      axis=-1).reshape(-1, 3)
    pre = np.ravel_multi_index(tuple(coords.T), shape)
    post = np.ravel_multi_index(tuple((coords + delta).T), shape)
    return pre, post


def _displacements(dist2):
    r = int(math.isqrt(dist2))
    out = []
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            for dz in range(-r, r + 1):
                if dx * dx + dy * dy + dz * dz == dist2:
                    out.append((dx, dy, dz))
    return out


# ---------------------------------------------------------------- grids
@pytest.mark.parametrize("shape", [(15, 3, 3), (1, 1, 1), (4, 1, 7), (10, 10, 10)])
def test_grid_positions(shape):
    pos = grid_positions(shape)
    n = int(np.prod(shape))
    assert pos.shape == (n, 3) and pos.dtype == np.float64
    i = np.arange(n)
    np.testing.assert_array_equal(pos, np.stack(np.unravel_index(i, shape), axis=1))


@pytest.mark.parametrize("shape", [(0, 3, 3), (3, 3), (3, 3, 3, 3), (-1, 2, 2)])
def test_check_shape_rejects(shape):
    with pytest.raises(ValueError, match="shape"):
        check_shape(shape)


def test_check_shape_not_iterable():
    with pytest.raises(TypeError, match="shape"):
        check_shape(5)


# ---------------------------------------------------------------- inhibitory choice
@pytest.mark.parametrize("n,frac", [(135, 0.2), (10, 0.0), (10, 1.0), (7, 0.5)])
def test_choose_inhibitory_count(n, frac):
    mask = choose_inhibitory(n, frac, _rng())
    assert mask.dtype == bool and mask.shape == (n,)
    assert mask.sum() == int(round(frac * n))


def test_choose_inhibitory_is_nested_in_the_fraction():
    """Same generator state: a larger fraction keeps the inhibitory neurons of a smaller one."""
    masks = [choose_inhibitory(50, frac, _rng(3)) for frac in np.linspace(0.0, 1.0, 11)]
    for small, large in zip(masks[:-1], masks[1:]):
        assert np.all(large[small]) and large.sum() == small.sum() + 5


@pytest.mark.parametrize("frac", [-0.1, 1.1, np.nan])
def test_choose_inhibitory_bad_fraction(frac):
    with pytest.raises(ValueError, match="frac_inhibitory"):
        choose_inhibitory(10, frac, _rng())


# ---------------------------------------------------------------- lambda rule
def test_lambda_rule_pairs_sorted_unique_no_autapses():
    shape = (8, 6, 5)
    n = int(np.prod(shape))
    inh = choose_inhibitory(n, 0.2, _rng(1))
    C = np.array([[0.3, 0.2], [0.4, 0.1]])
    pre, post = lambda_rule_pairs(shape, inh, C, 2.0, _rng(2))
    assert pre.dtype == np.int64 and post.dtype == np.int64
    assert pre.size > 0
    assert np.all(pre != post)
    assert np.all((pre >= 0) & (pre < n) & (post >= 0) & (post < n))
    key = pre * n + post
    assert np.all(np.diff(key) > 0)  # sorted by (pre, post), no duplicates


def test_lambda_rule_huge_lambda_connects_all_pairs():
    shape = (3, 3, 2)
    n = 18
    inh = np.zeros(n, bool)
    pre, post = lambda_rule_pairs(shape, inh, np.ones((2, 2)), 1e6, _rng())
    assert pre.size == n * (n - 1)
    pre, post = lambda_rule_pairs(shape, inh, np.ones((2, 2)), 1e6, _rng(), autapses=True)
    assert pre.size == n * n
    assert np.count_nonzero(pre == post) == n


def test_lambda_rule_class_table_selects_types():
    shape = (4, 3, 3)
    n = 36
    inh = choose_inhibitory(n, 0.25, _rng(5))
    for a in (0, 1):
        for b in (0, 1):
            C = np.zeros((2, 2))
            C[a, b] = 1.0
            pre, post = lambda_rule_pairs(shape, inh, C, 1e6, _rng(a * 2 + b))
            assert np.all(inh[pre] == bool(a)) and np.all(inh[post] == bool(b))
            n_pre = np.count_nonzero(inh == bool(a))
            n_post = np.count_nonzero(inh == bool(b))
            assert pre.size == n_pre * n_post - (n_pre if a == b else 0)


def test_lambda_rule_zero_C_gives_no_synapses():
    pre, post = lambda_rule_pairs((5, 5, 5), np.zeros(125, bool), np.zeros((2, 2)), 2.0, _rng())
    assert pre.size == 0 and post.size == 0


@pytest.mark.parametrize("dist2", [1, 2, 4])
def test_lambda_rule_empirical_probability_by_class_and_distance(dist2):
    """Fraction of connected pairs at distance d equals C * exp(-d^2 / lambda^2) per class."""
    shape = (20, 20, 20)
    n = 8000
    lam = 2.0
    C = np.array([[0.3, 0.2], [0.4, 0.1]])
    inh = choose_inhibitory(n, 0.2, _rng(11))
    itype = inh.astype(int)
    connected = np.zeros((2, 2))
    total = np.zeros((2, 2))
    for seed in range(2):
        pre, post = lambda_rule_pairs(shape, inh, C, lam, _rng(100 + seed))
        keys = np.sort(pre * n + post)
        for delta in _displacements(dist2):
            a, b = _pairs_at(shape, delta)
            hit = np.isin(a * n + b, keys, assume_unique=True)
            np.add.at(total, (itype[a], itype[b]), 1)
            np.add.at(connected, (itype[a], itype[b]), hit)
    p = C * np.exp(-dist2 / lam ** 2)
    sd = np.sqrt(p * (1 - p) / total)
    emp = connected / total
    assert np.all(np.abs(emp - p) < 4.5 * sd), (emp, p, sd)


def test_lambda_rule_total_count_matches_expectation():
    """Expected synapse count over all pairs, for several seeds, within a few SD."""
    shape = (7, 4, 3)
    n = int(np.prod(shape))
    pos = grid_positions(shape)
    lam = 1.5
    C = np.array([[0.5, 0.2], [0.7, 0.3]])
    inh = choose_inhibitory(n, 0.3, _rng(3))
    d2 = ((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1)
    P = C[inh.astype(int)[:, None], inh.astype(int)[None, :]] * np.exp(-d2 / lam ** 2)
    np.fill_diagonal(P, 0.0)
    counts = np.zeros((n, n))
    seeds = 40
    for seed in range(seeds):
        pre, post = lambda_rule_pairs(shape, inh, C, lam, _rng(seed))
        counts[pre, post] += 1
    expected = P.sum() * seeds
    sd = math.sqrt((P * (1 - P)).sum() * seeds)
    assert abs(counts.sum() - expected) < 5 * sd
    # per class as well
    for a in (0, 1):
        for b in (0, 1):
            m = (inh[:, None] == bool(a)) & (inh[None, :] == bool(b))
            e = P[m].sum() * seeds
            s = math.sqrt((P[m] * (1 - P[m])).sum() * seeds)
            assert abs(counts[m].sum() - e) < 5 * s, (a, b, counts[m].sum(), e, s)


def test_lambda_rule_bad_arguments():
    inh = np.zeros(8, bool)
    with pytest.raises(ValueError, match="C must"):
        lambda_rule_pairs((2, 2, 2), inh, np.full((2, 2), 1.5), 2.0, _rng())
    with pytest.raises(ValueError, match="C must"):
        lambda_rule_pairs((2, 2, 2), inh, np.full((3, 3), 0.5), 2.0, _rng())
    with pytest.raises(ValueError, match="C must"):
        lambda_rule_pairs((2, 2, 2), inh, np.array([[0.1, np.nan], [0.1, 0.1]]), 2.0, _rng())
    for lam in (0.0, -1.0, np.nan):
        with pytest.raises(ValueError, match="lam"):
            lambda_rule_pairs((2, 2, 2), inh, np.full((2, 2), 0.5), lam, _rng())


# ---------------------------------------------------------------- random pairs
def test_random_pairs_count_and_no_autapses():
    n, p = 300, 0.1
    pre, post = random_pairs(n, p, _rng(4))
    m = n * (n - 1)
    assert abs(pre.size - m * p) < 5 * math.sqrt(m * p * (1 - p))
    assert np.all(pre != post)
    key = pre * n + post
    assert np.all(np.diff(key) > 0)
    assert pre.min() >= 0 and post.max() < n


def test_random_pairs_extremes():
    pre, post = random_pairs(12, 1.0, _rng())
    assert pre.size == 12 * 11 and np.all(pre != post)
    pre, post = random_pairs(12, 1.0, _rng(), autapses=True)
    assert pre.size == 144
    pre, post = random_pairs(12, 0.0, _rng())
    assert pre.size == 0
    pre, post = random_pairs(1, 0.5, _rng())
    assert pre.size == 0


@pytest.mark.parametrize("p", [-0.1, 1.5, np.nan])
def test_random_pairs_bad_p(p):
    with pytest.raises(ValueError, match="p_connect"):
        random_pairs(10, p, _rng())
