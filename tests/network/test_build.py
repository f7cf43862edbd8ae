"""Tests of the network builders: ``maass2002``, ``random_network``, ``from_matrices``."""

import inspect
import math
from dataclasses import fields

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.stats import norm

from liquidstate import Network, from_matrices, maass2002, random_network
from liquidstate.network import MAASS2002

CLASSES = ("EE", "EI", "IE", "II")

# Maass, Natschlaeger & Markram (2002), appendix, written out here independently of MAASS2002.
PAPER = {
    "lam": 2.0,
    "C": {"EE": 0.3, "EI": 0.2, "IE": 0.4, "II": 0.1},
    "A": {"EE": 30e-9, "EI": 60e-9, "IE": -19e-9, "II": -19e-9},
    "U": {"EE": 0.5, "EI": 0.05, "IE": 0.25, "II": 0.32},
    "D": {"EE": 1.1, "EI": 0.125, "IE": 0.7, "II": 0.144},
    "F": {"EE": 0.05, "EI": 1.2, "IE": 0.02, "II": 0.06},
    "delay": {"EE": 1.5e-3, "EI": 0.8e-3, "IE": 0.8e-3, "II": 0.8e-3},
    "tau_syn_e": 3e-3, "tau_syn_i": 6e-3,
    "tau_m": 30e-3, "r_m": 1e6, "v_thresh": 15e-3, "v_reset": 13.5e-3, "v_rest": 0.0,
    "t_ref_e": 3e-3, "t_ref_i": 2e-3, "i_background": 13.5e-9,
    "v_init": (13.5e-3, 15e-3), "frac_inhibitory": 0.2,
    "input_weight_e": 18e-9, "input_weight_i": 9e-9, "input_delay": 0.8e-3,
}


def _class_index(net):
    """Per synapse: 0 EE, 1 EI, 2 IE, 3 II (pre first)."""
    return 2 * net.inhibitory[net.pre].astype(int) + net.inhibitory[net.post].astype(int)


@pytest.fixture(scope="module")
def big():
    """A large column (8000 neurons, ~86k synapses) for statistics."""
    return maass2002((20, 20, 20), seed=3, n_inputs=2)


# ---------------------------------------------------------------- the paper's defaults
def test_maass2002_table_is_the_papers():
    for key, value in PAPER.items():
        if isinstance(value, dict):
            assert MAASS2002[key] == value, key
        else:
            assert MAASS2002[key] == pytest.approx(value, rel=0, abs=0), key


def test_maass2002_signature_defaults_are_the_papers():
    params = inspect.signature(maass2002).parameters
    assert params["shape"].default == (15, 3, 3)
    assert params["input_fraction"].default == 0.3
    assert params["amplitude_cv"].default == 1.0
    assert params["tm_cv"].default == 0.5
    assert params["dynamic"].default is True
    assert params["noise_std"].default == 0.0
    assert params["autapses"].default is False
    for key, value in PAPER.items():
        if key in params and not isinstance(value, dict):
            assert params[key].default == value, key
    for key in ("C", "A", "U", "D", "F", "delay"):
        assert params[key].default is None  # None means the paper's table


def test_maass2002_docstring_states_the_values():
    doc = maass2002.__doc__
    for text in ("15 x 3 x 3", "0.3/0.2/0.4/0.1", "30/60/-19/-19 nA", "0.5/0.05/0.25/0.32",
                 "1.1/0.125/0.7/0.144", "0.05/1.2/0.02/0.06", "1.5 ms (EE) and 0.8 ms",
                 "30 ms", "1 MOhm", "15 mV", "13.5 mV", "13.5 nA", "3 ms (E), 2 ms (I)",
                 "18 and 9 nA"):
        assert text in doc, text


def test_maass2002_default_network_neurons():
    net = maass2002()
    n = 135
    assert net.n_neurons == n
    assert int(net.inhibitory.sum()) == 27
    for name in ("tau_m", "r_m", "v_thresh", "v_reset", "v_rest", "i_background",
                 "tau_syn_e", "tau_syn_i"):
        np.testing.assert_array_equal(getattr(net, name), np.full(n, PAPER[name]), name)
    np.testing.assert_array_equal(net.noise_std, np.zeros(n))
    np.testing.assert_array_equal(net.t_ref,
                                  np.where(net.inhibitory, PAPER["t_ref_i"], PAPER["t_ref_e"]))
    np.testing.assert_array_equal(net.v_init_low, np.full(n, 13.5e-3))
    np.testing.assert_array_equal(net.v_init_high, np.full(n, 15e-3))
    np.testing.assert_array_equal(net.position,
                                  np.stack(np.unravel_index(np.arange(n), (15, 3, 3)), 1))
    assert net.n_inputs == 1
    assert net.input_channel.size == int(round(0.3 * n))
    np.testing.assert_array_equal(net.input_delay, np.full(net.input_channel.size, 0.8e-3))


def test_maass2002_is_deterministic_in_seed():
    a, b, c = maass2002(seed=5), maass2002(seed=5), maass2002(seed=6)
    for f in fields(Network):
        assert np.array_equal(getattr(a, f.name), getattr(b, f.name)), f.name
    assert not np.array_equal(a.inhibitory, c.inhibitory) or a.n_synapses != c.n_synapses \
        or not np.array_equal(a.weight, c.weight)


# ---------------------------------------------------------------- connectivity
def test_no_autapses_by_default_and_no_duplicates(big):
    assert np.all(big.pre != big.post)
    key = big.pre * big.n_neurons + big.post
    assert np.unique(key).size == key.size


def test_autapses_when_asked():
    # P(self-connection) = C[type, type]: 0.3 for E, 0.1 for I
    counts, expected, var = 0, 0.0, 0.0
    for seed in range(4):
        net = maass2002((10, 10, 10), seed=seed, autapses=True)
        counts += int(np.count_nonzero(net.pre == net.post))
        n_i = int(net.inhibitory.sum())
        n_e = net.n_neurons - n_i
        expected += 0.3 * n_e + 0.1 * n_i
        var += 0.3 * 0.7 * n_e + 0.1 * 0.9 * n_i
    assert abs(counts - expected) < 5 * math.sqrt(var)


def test_class_counts_agree_with_lambda_rule_in_expectation():
    shape = (15, 3, 3)
    C = np.array([[0.3, 0.2], [0.4, 0.1]])
    got = np.zeros(4)
    exp = np.zeros(4)
    var = np.zeros(4)
    for seed in range(25):
        net = maass2002(shape, seed=seed)
        pos = net.position
        d2 = ((pos[:, None] - pos[None]) ** 2).sum(-1)
        t = net.inhibitory.astype(int)
        P = C[t[:, None], t[None, :]] * np.exp(-d2 / 4.0)
        np.fill_diagonal(P, 0.0)
        cls = 2 * t[:, None] + t[None, :]
        for k in range(4):
            exp[k] += P[cls == k].sum()
            var[k] += (P[cls == k] * (1 - P[cls == k])).sum()
        got += np.bincount(_class_index(net), minlength=4)
    assert np.all(np.abs(got - exp) < 5 * np.sqrt(var)), (got, exp, np.sqrt(var))


def test_empirical_probability_at_distance_one(big):
    """Per class: connected fraction of pairs at distance 1 is C exp(-1/lambda^2)."""
    n = big.n_neurons
    shape = (20, 20, 20)
    keys = np.sort(big.pre * n + big.post)
    t = big.inhibitory.astype(int)
    hit = np.zeros((2, 2))
    tot = np.zeros((2, 2))
    coords = np.stack(np.unravel_index(np.arange(n), shape), 1)
    for axis in range(3):
        for step in (-1, 1):
            c2 = coords.copy()
            c2[:, axis] += step
            ok = (c2[:, axis] >= 0) & (c2[:, axis] < shape[axis])
            a = np.arange(n)[ok]
            b = np.ravel_multi_index(tuple(c2[ok].T), shape)
            np.add.at(tot, (t[a], t[b]), 1)
            np.add.at(hit, (t[a], t[b]), np.isin(a * n + b, keys))
    C = np.array([[0.3, 0.2], [0.4, 0.1]])
    p = C * math.exp(-1 / 2.0 ** 2)
    sd = np.sqrt(p * (1 - p) / tot)
    assert np.all(np.abs(hit / tot - p) < 4.5 * sd), (hit / tot, p)


@pytest.mark.parametrize("shape", [(10, 10, 10), (1, 1, 1), (2, 1, 9), (15, 3, 3)])
def test_any_grid_shape(shape):
    net = maass2002(shape, seed=1)
    n = int(np.prod(shape))
    assert net.n_neurons == n
    assert int(net.inhibitory.sum()) == int(round(0.2 * n))
    np.testing.assert_array_equal(net.position,
                                  np.stack(np.unravel_index(np.arange(n), shape), 1))
    if net.n_synapses:
        d2 = ((net.position[net.pre] - net.position[net.post]) ** 2).sum(1)
        assert d2.min() >= 1


def _expected_synapses(shape, n_inh, lam=2.0, tol=1e-7):
    """Mean synapse count of maass2002 over the random E/I assignment, by displacement sums."""
    n = int(np.prod(shape))
    n_e = n - n_inh
    # P(type pair) for two distinct neurons drawn from a fixed set of types
    pe = n_e / n
    pee = pe * (n_e - 1) / (n - 1)
    pei = pe * n_inh / (n - 1)
    pii = (n_inh / n) * (n_inh - 1) / (n - 1)
    cbar = 0.3 * pee + 0.2 * pei + 0.4 * pei + 0.1 * pii
    r = int(lam * math.sqrt(math.log(0.4 / tol))) + 1
    total = 0.0
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            for dz in range(-r, r + 1):
                d2 = dx * dx + dy * dy + dz * dz
                if d2 == 0:
                    continue
                valid = ((shape[0] - abs(dx)) * (shape[1] - abs(dy)) * (shape[2] - abs(dz)))
                if min(shape[0] - abs(dx), shape[1] - abs(dy), shape[2] - abs(dz)) <= 0:
                    continue
                total += valid * math.exp(-d2 / lam ** 2)
    return cbar * total


def test_large_grid_builds_and_scales_linearly():
    # A 216000-neuron grid: an N x N array would need ~370 GB, so building at all shows the
    # builder avoids it. Synapse counts follow the lambda rule at both sizes.
    small = maass2002((30, 30, 30), seed=0, n_inputs=0)
    large = maass2002((60, 60, 60), seed=0, n_inputs=0)
    assert large.n_neurons == 216000
    e_small = _expected_synapses((30, 30, 30), int(small.inhibitory.sum()))
    e_large = _expected_synapses((60, 60, 60), int(large.inhibitory.sum()))
    assert small.n_synapses == pytest.approx(e_small, rel=0.01)
    assert large.n_synapses == pytest.approx(e_large, rel=0.01)
    per_small = small.n_synapses / small.n_neurons
    per_large = large.n_synapses / large.n_neurons
    # ~linear in neurons: per-neuron count changes only through the boundary (a few %)
    assert 1.0 < per_large / per_small < 1.1
    assert np.all(large.pre != large.post)


# ---------------------------------------------------------------- synapse parameters
def _bounded_normal_mean(m, cv, upper=np.inf):
    a = -1.0 / cv
    b = (upper - m) / (cv * m) if np.isfinite(upper) else np.inf
    p_good = norm.cdf(b) - norm.cdf(a)
    e_good = m * p_good + cv * m * (norm.pdf(a) - norm.pdf(b))
    return e_good + (1 - p_good) * min(2 * m, upper) / 2


def test_dynamic_parameters_by_class(big):
    cls = _class_index(big)
    assert np.all((big.U > 0) & (big.U <= 1))
    assert np.all(big.D > 0) and np.all(big.F > 0)
    assert np.all(big.is_dynamic)
    for k, name in enumerate(CLASSES):
        sel = cls == k
        assert sel.sum() > 1000, name
        for param, upper in (("U", 1.0), ("D", np.inf), ("F", np.inf)):
            m = PAPER[param][name]
            vals = getattr(big, param)[sel]
            expected = _bounded_normal_mean(m, 0.5, upper)
            assert abs(expected - m) < 0.03 * m  # the redraw rule barely moves the mean
            assert abs(vals.mean() - expected) < 5 * 0.5 * m / math.sqrt(sel.sum()), \
                (name, param, vals.mean(), expected)
            # SD about 50% of the mean (a bit less: the tails are redrawn)
            assert 0.35 * m < vals.std() < 0.55 * m, (name, param, vals.std() / m)


def test_static_option():
    net = maass2002(seed=2, dynamic=False)
    np.testing.assert_array_equal(net.U, np.ones(net.n_synapses))
    np.testing.assert_array_equal(net.D, np.zeros(net.n_synapses))
    np.testing.assert_array_equal(net.F, np.zeros(net.n_synapses))
    assert not np.any(net.is_dynamic)


def test_tm_cv_zero_gives_table_values():
    net = maass2002(seed=2, tm_cv=0.0)
    cls = _class_index(net)
    for k, name in enumerate(CLASSES):
        sel = cls == k
        for param in ("U", "D", "F"):
            np.testing.assert_array_equal(getattr(net, param)[sel], PAPER[param][name])


def test_gamma_amplitudes(big):
    cls = _class_index(big)
    for k, name in enumerate(CLASSES):
        sel = cls == k
        w = big.weight[sel]
        a = PAPER["A"][name]
        assert np.all(np.sign(w) == np.sign(a)), name
        mag = np.abs(w)
        n = sel.sum()
        assert abs(mag.mean() - abs(a)) < 5 * abs(a) / math.sqrt(n), (name, mag.mean())
        cv = mag.std() / mag.mean()
        assert abs(cv - 1.0) < 0.15, (name, cv)
    # excitatory presynaptic -> positive, inhibitory presynaptic -> negative
    assert np.all(big.weight[~big.inhibitory[big.pre]] > 0)
    assert np.all(big.weight[big.inhibitory[big.pre]] < 0)


def test_amplitude_cv_zero_and_weight_scale():
    net = maass2002(seed=4, amplitude_cv=0.0, weight_scale=0.25)
    cls = _class_index(net)
    for k, name in enumerate(CLASSES):
        np.testing.assert_array_equal(net.weight[cls == k], 0.25 * PAPER["A"][name])
    # weight_scale leaves the input weights alone
    inh = net.inhibitory[net.input_post]
    np.testing.assert_array_equal(net.input_weight, np.where(inh, 9e-9, 18e-9))


def test_delays_per_class(big):
    cls = _class_index(big)
    for k, name in enumerate(CLASSES):
        np.testing.assert_array_equal(big.delay[cls == k], PAPER["delay"][name])
    net = maass2002(seed=1, delay={"EE": 2e-3}, C={"II": 0.9})
    cls = _class_index(net)
    np.testing.assert_array_equal(net.delay[cls == 0], 2e-3)
    np.testing.assert_array_equal(net.delay[cls == 3], 0.8e-3)


def test_class_overrides_merge_with_the_table():
    net = maass2002((10, 10, 10), seed=0, C={"EE": 0.0, "II": 0.0}, A={"EI": 1e-9},
                    amplitude_cv=0.0)
    cls = _class_index(net)
    assert not np.any(cls == 0) and not np.any(cls == 3)
    assert np.any(cls == 1) and np.any(cls == 2)
    np.testing.assert_array_equal(net.weight[cls == 1], 1e-9)
    np.testing.assert_array_equal(net.weight[cls == 2], -19e-9)


# ---------------------------------------------------------------- input projection
def test_input_projection_structure():
    net = maass2002(seed=7, n_inputs=3, amplitude_cv=0.0)
    n = net.n_neurons
    k = int(round(0.3 * n))
    assert net.n_inputs == 3
    assert net.input_channel.size == 3 * k
    for c in range(3):
        targets = net.input_post[net.input_channel == c]
        assert targets.size == k
        assert np.unique(targets).size == k  # distinct targets per channel
    # each channel draws its own targets
    t0 = set(net.input_post[net.input_channel == 0])
    t1 = set(net.input_post[net.input_channel == 1])
    assert t0 != t1
    inh = net.inhibitory[net.input_post]
    np.testing.assert_array_equal(net.input_weight, np.where(inh, 9e-9, 18e-9))
    np.testing.assert_array_equal(net.input_delay, 0.8e-3)


def test_input_weights_gamma_by_target_type(big):
    inh = big.inhibitory[big.input_post]
    assert np.all(big.input_weight > 0)
    for mask, mean in ((~inh, 18e-9), (inh, 9e-9)):
        w = big.input_weight[mask]
        assert abs(w.mean() - mean) < 5 * mean / math.sqrt(w.size), (mean, w.mean())
        assert abs(w.std() / w.mean() - 1.0) < 0.15
    assert big.input_channel.size == 2 * int(round(0.3 * big.n_neurons))


@pytest.mark.parametrize("frac", [0.0, 1.0])
def test_input_fraction_extremes(frac):
    net = maass2002(seed=0, n_inputs=2, input_fraction=frac)
    assert net.input_channel.size == 2 * int(round(frac * net.n_neurons))
    if frac == 1.0:
        for c in range(2):
            np.testing.assert_array_equal(np.sort(net.input_post[net.input_channel == c]),
                                          np.arange(net.n_neurons))


def test_no_inputs():
    net = maass2002(seed=0, n_inputs=0)
    assert net.n_inputs == 0
    for name in ("input_channel", "input_post", "input_weight", "input_delay"):
        assert getattr(net, name).size == 0


# ---------------------------------------------------------------- random_network
def test_random_network_connection_probability():
    n, p = 400, 0.05
    total, var = 0, 0.0
    for seed in range(3):
        net = random_network(n, p, seed=seed)
        assert np.all(net.pre != net.post)
        assert np.unique(net.pre * n + net.post).size == net.n_synapses
        total += net.n_synapses
        var += n * (n - 1) * p * (1 - p)
    assert abs(total - 3 * n * (n - 1) * p) < 5 * math.sqrt(var)


def test_random_network_fields():
    net = random_network(100, 0.2, seed=1, weight_exc=2e-9, weight_inh=-5e-9, delay=2e-3,
                         n_inputs=2, input_weight=7e-9, t_ref=4e-3)
    assert net.n_neurons == 100 and int(net.inhibitory.sum()) == 20
    np.testing.assert_array_equal(net.weight, np.where(net.inhibitory[net.pre], -5e-9, 2e-9))
    np.testing.assert_array_equal(net.delay, 2e-3)
    assert not np.any(net.is_dynamic)
    np.testing.assert_array_equal(net.t_ref, 4e-3)
    np.testing.assert_array_equal(net.input_weight, 7e-9)
    assert net.n_inputs == 2 and net.input_channel.size == 2 * 30
    assert np.all((net.position >= 0) & (net.position < 1))
    auto = random_network(30, 1.0, seed=0, autapses=True)
    assert auto.n_synapses == 900


@pytest.mark.parametrize("kw,match", [
    (dict(n_neurons=0), "n_neurons"),
    (dict(n_neurons=10, p_connect=1.5), "p_connect"),
    (dict(n_neurons=10, p_connect=np.nan), "p_connect"),
    (dict(n_neurons=10, weight_exc=-1e-9), "weight_exc"),
    (dict(n_neurons=10, weight_inh=1e-9), "weight_inh"),
    (dict(n_neurons=10, tau_m=-1.0), "tau_m"),
    (dict(n_neurons=10, seed=-1), "seed"),
])
def test_random_network_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        random_network(**kw)


def test_random_network_n_neurons_not_an_int():
    with pytest.raises(TypeError, match="n_neurons must be a positive int, got 2.5"):
        random_network(2.5)


# ---------------------------------------------------------------- from_matrices
def _matrices(n=30, n_in=3, seed=0):
    g = np.random.default_rng(seed)
    inh = np.zeros(n, bool)
    inh[:6] = True
    mask = g.random((n, n)) < 0.2
    np.fill_diagonal(mask, False)
    W = np.where(mask, g.uniform(1e-9, 5e-9, (n, n)), 0.0)
    W[inh] *= -1
    delays = g.integers(1, 5, (n, n)) * 1e-4
    U = g.uniform(0.1, 1.0, (n, n))
    D = g.uniform(0.01, 1.0, (n, n))
    F = g.uniform(0.01, 1.0, (n, n))
    Win = np.where(g.random((n_in, n)) < 0.3, 9e-9, 0.0)
    return inh, W, delays, U, D, F, Win


def _assert_same_network(a, b):
    for f in fields(Network):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert np.array_equal(x, y), f.name
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype, f.name


def test_from_matrices_dense_fields():
    inh, W, delays, U, D, F, Win = _matrices()
    net = from_matrices(W, delays=delays, U=U, D=D, F=F, input_weights=Win, input_delays=2e-4)
    n = 30
    assert net.n_synapses == np.count_nonzero(W)
    np.testing.assert_array_equal(net.weight, W[net.pre, net.post])
    np.testing.assert_array_equal(net.delay, delays[net.pre, net.post])
    np.testing.assert_array_equal(net.U, U[net.pre, net.post])
    np.testing.assert_array_equal(net.D, D[net.pre, net.post])
    np.testing.assert_array_equal(net.F, F[net.pre, net.post])
    assert np.all(np.diff(net.pre * n + net.post) > 0)
    # types inferred: a neuron whose outgoing weights are all negative is inhibitory
    has_out = np.count_nonzero(W, axis=1) > 0
    np.testing.assert_array_equal(net.inhibitory, inh & has_out)
    assert net.n_inputs == 3
    np.testing.assert_array_equal(net.input_weight, Win[net.input_channel, net.input_post])
    assert net.input_channel.size == np.count_nonzero(Win)
    np.testing.assert_array_equal(net.input_delay, 2e-4)
    np.testing.assert_array_equal(net.position[:, 0], np.arange(n))


@pytest.mark.parametrize("kind", ["csr_array", "csr_matrix", "coo_array", "csc_matrix",
                                  "lil_array"])
def test_from_matrices_sparse_equals_dense(kind):
    inh, W, delays, U, D, F, Win = _matrices(seed=1)
    conv = getattr(sp, kind)
    dense = from_matrices(W, delays=delays, U=U, D=D, F=F, input_weights=Win,
                          inhibitory=inh)
    sparse = from_matrices(conv(W), delays=delays, U=U, D=D, F=F, input_weights=conv(Win),
                           inhibitory=inh)
    _assert_same_network(dense, sparse)
    # sparse parameter matrices too (read where weights are nonzero)
    masked = lambda M: conv(np.where(W != 0, M, 0.0))  # noqa: E731
    sparse2 = from_matrices(conv(W), delays=masked(delays), U=masked(U), D=masked(D),
                            F=masked(F), input_weights=conv(Win), inhibitory=inh)
    _assert_same_network(dense, sparse2)


def test_from_matrices_sparse_duplicates_and_explicit_zeros():
    rows = np.array([0, 0, 1, 2])
    cols = np.array([1, 1, 2, 0])
    vals = np.array([1e-9, 2e-9, 0.0, 3e-9])
    coo = sp.coo_array((vals, (rows, cols)), shape=(3, 3))
    net = from_matrices(coo)
    np.testing.assert_array_equal(net.pre, [0, 2])
    np.testing.assert_array_equal(net.post, [1, 0])
    np.testing.assert_allclose(net.weight, [3e-9, 3e-9])
    assert net.n_inputs == 0 and net.input_channel.size == 0


def test_from_matrices_static_by_default_and_empty():
    net = from_matrices(np.zeros((4, 4)))
    assert net.n_neurons == 4 and net.n_synapses == 0
    net = from_matrices(np.array([[0.0, 1e-9], [0.0, 0.0]]))
    np.testing.assert_array_equal(net.U, [1.0])
    np.testing.assert_array_equal(net.D, [0.0])
    np.testing.assert_array_equal(net.delay, [1e-3])


def test_from_matrices_bad_arguments():
    W = np.zeros((4, 4))
    W[0, 1] = 1e-9
    with pytest.raises(ValueError, match="weights"):
        from_matrices(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="weights"):
        from_matrices(np.zeros(4))
    with pytest.raises(ValueError, match="weights"):
        from_matrices(np.zeros((0, 0)))
    with pytest.raises(ValueError, match="weights"):
        from_matrices(np.where(W > 0, np.nan, 0.0))
    with pytest.raises(ValueError, match="delays"):
        from_matrices(W, delays=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="U, D and F"):
        from_matrices(W, U=0.5)
    with pytest.raises(ValueError, match="input_weights"):
        from_matrices(W, input_weights=np.ones((2, 3)))
    with pytest.raises(ValueError, match="input_delays"):
        from_matrices(W, input_weights=np.ones((2, 4)), input_delays=np.ones((4, 4)))
    with pytest.raises(ValueError, match="inhibitory"):
        from_matrices(W, inhibitory=np.zeros(3, bool))
    with pytest.raises(ValueError, match="position"):
        from_matrices(W, position=np.zeros((4, 2)))
    with pytest.raises(ValueError, match="delay"):
        from_matrices(W, delays=-1e-3)
    with pytest.raises(ValueError, match="U"):
        from_matrices(W, U=1.5, D=0.1, F=0.1)


# ---------------------------------------------------------------- bad parameters
@pytest.mark.parametrize("kw,match", [
    (dict(tau_m=-30e-3), "tau_m"), (dict(tau_m=0.0), "tau_m"), (dict(tau_m=np.nan), "tau_m"),
    (dict(r_m=0.0), "r_m"), (dict(tau_syn_e=0.0), "tau_syn_e"), (dict(tau_syn_i=-1.0),
                                                                 "tau_syn_i"),
    (dict(t_ref_e=-1e-3), "t_ref"), (dict(noise_std=-1e-9), "noise_std"),
    (dict(v_reset=15e-3), "v_reset"), (dict(v_reset=16e-3), "v_reset"),
    (dict(v_thresh=np.nan), "v_thresh"), (dict(i_background=np.inf), "i_background"),
    (dict(v_init=(15e-3, 13e-3)), "v_init"), (dict(v_init=(13e-3,)), "v_init"),
    (dict(C={"XY": 0.1}), "C"), (dict(C={"ee": 0.1}), "C"), (dict(A={"EX": 1e-9}), "A"),
    (dict(U={"E": 0.5}), "U"), (dict(D={"EEE": 0.5}), "D"), (dict(F={"IE ": 0.1}), "F"),
    (dict(delay={"XX": 1e-3}), "delay"), (dict(C={"EE": 1.5}), "C must"),
    (dict(C={"EE": np.nan}), "C must"), (dict(C={"EI": -0.1}), "C must"),
    (dict(U={"EE": -0.5}), "U"), (dict(D={"EE": -1.0}), "D"),
    (dict(delay={"EE": -1e-3}), "delay"), (dict(delay={"EE": np.nan}), "delay"),
    (dict(lam=0.0), "lam"), (dict(lam=np.nan), "lam"),
    (dict(shape=(10, 10)), "shape"), (dict(shape=(0, 3, 3)), "shape"),
    (dict(frac_inhibitory=1.5), "frac_inhibitory"),
    (dict(input_fraction=-0.1), "input_fraction"), (dict(input_fraction=np.nan),
                                                    "input_fraction"),
    (dict(n_inputs=-1), "n_inputs"), (dict(n_inputs=1.5), "n_inputs"),
    (dict(amplitude_cv=-1.0), "amplitude_cv"), (dict(amplitude_cv=np.nan), "amplitude_cv"),
    (dict(tm_cv=-0.5), "tm_cv"), (dict(tm_cv=np.nan), "tm_cv"),
    (dict(seed=-1), "seed"), (dict(input_delay=-1e-3), "input_delay"),
])
def test_maass2002_bad_parameters(kw, match):
    kw = {"shape": (4, 3, 3), **kw}
    with pytest.raises(ValueError, match=match):
        maass2002(**kw)


def test_maass2002_seed_type():
    with pytest.raises(TypeError, match="seed"):
        maass2002(seed=1.5)


def _net():
    return maass2002((4, 3, 3), seed=0, n_inputs=2)


def test_network_wrong_shapes_name_the_field():
    net = _net()
    n = net.n_neurons
    with pytest.raises(ValueError, match="r_m"):
        net.replace(r_m=np.ones(n + 1))
    with pytest.raises(ValueError, match="position"):
        net.replace(position=np.zeros((n, 2)))
    with pytest.raises(ValueError, match="weight"):
        net.replace(weight=net.weight[:-1])
    with pytest.raises(ValueError, match="input_weight"):
        net.replace(input_weight=net.input_weight[:-1])
    with pytest.raises(ValueError, match="tau_m"):
        net.replace(tau_m=np.ones((n, 1)))
    with pytest.raises(ValueError, match="pre"):
        net.replace(pre=np.zeros((2, 2), np.int64), post=np.zeros((2, 2), np.int64))


def test_network_bad_values_name_the_field():
    net = _net()
    n = net.n_neurons
    with pytest.raises(TypeError, match="pre"):
        net.replace(pre=net.pre.astype(float))
    with pytest.raises(ValueError, match="post"):
        net.replace(post=np.full(net.n_synapses, n))
    with pytest.raises(ValueError, match="input_post"):
        net.replace(input_post=np.full(net.input_post.size, -1))
    with pytest.raises(ValueError, match="input_channel"):
        net.replace(input_channel=np.full(net.input_channel.size, 2))
    with pytest.raises(ValueError, match="n_inputs"):
        net.replace(n_inputs=-1)
    with pytest.raises(ValueError, match="weight"):
        net.replace(weight=np.full(net.n_synapses, np.nan))
    with pytest.raises(ValueError, match="U"):
        net.replace(U=np.zeros(net.n_synapses))
    with pytest.raises(ValueError, match="F"):
        net.replace(F=np.full(net.n_synapses, -1.0))
    with pytest.raises(TypeError, match="unknown"):
        net.replace(colour=np.zeros(n))


def test_network_needs_a_neuron():
    net = _net()
    values = {f.name: getattr(net, f.name) for f in fields(Network)}
    for name in ("tau_m", "r_m", "v_thresh", "v_reset", "v_rest", "t_ref", "i_background",
                 "noise_std", "v_init_low", "v_init_high", "tau_syn_e", "tau_syn_i",
                 "inhibitory"):
        values[name] = np.empty(0)
    values["position"] = np.empty((0, 3))
    for name in ("pre", "post", "input_channel", "input_post"):
        values[name] = np.empty(0, np.int64)
    for name in ("weight", "delay", "U", "D", "F", "input_weight", "input_delay"):
        values[name] = np.empty(0)
    with pytest.raises(ValueError, match="neuron"):
        Network(**values)


def test_network_arrays_are_read_only():
    net = _net()
    with pytest.raises(ValueError):
        net.weight[0] = 1.0
    with pytest.raises(ValueError):
        net.tau_m[0] = 1.0
