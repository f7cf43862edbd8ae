"""Ablations change only what they name.

The builders draw each purpose (neuron types, positions, connections, amplitudes, U, D, F, the
input projection) from its own stream spawned from the seed, so with the same seed a keyword
leaves every part of the network that it does not name bit-identical. What a keyword may
change is written here once per builder (and in the builders' docstrings); the property tests
vary one keyword between two drawn values, over drawn seeds, grid shapes and settings of the
other switches, and check that nothing else moved.
"""

from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liquidstate import Network, maass2002, random_network
from liquidstate.network.network import INPUT_FIELDS, SYNAPSE_FIELDS

PROPS = settings(max_examples=10, deadline=None)

CLASSES = ("EE", "EI", "IE", "II")
MAASS_A = {"EE": 30e-9, "EI": 60e-9, "IE": -19e-9, "II": -19e-9}  # the paper's A
SYNAPSES = frozenset(SYNAPSE_FIELDS)              # the synapse list and every array along it
INPUTS = frozenset(INPUT_FIELDS) | {"n_inputs"}

SEEDS = st.integers(0, 2 ** 63)
SHAPES = st.tuples(st.integers(1, 6), st.integers(1, 4), st.integers(1, 4))
CVS = st.floats(0.0, 2.0)
FRACTIONS = st.floats(0.0, 1.0)


def _class_map(values):
    return st.dictionaries(st.sampled_from(CLASSES), values, min_size=1)


#: keyword of maass2002 -> (its values, the Network fields it may change)
MAASS_ABLATIONS = {
    "dynamic": (st.booleans(), {"U", "D", "F"}),
    "tm_cv": (CVS, {"U", "D", "F"}),
    "U": (_class_map(st.floats(0.01, 1.0)), {"U"}),
    "D": (_class_map(st.floats(0.0, 2.0)), {"D"}),
    "F": (_class_map(st.floats(0.0, 2.0)), {"F"}),
    "amplitude_cv": (CVS, {"weight", "input_weight"}),
    "A": (_class_map(st.floats(-1e-7, 1e-7)), {"weight"}),
    "weight_scale": (st.floats(0.0, 4.0), {"weight"}),
    "delay": (_class_map(st.floats(0.0, 5e-3)), {"delay"}),
    "lam": (st.floats(0.5, 4.0), SYNAPSES),
    "C": (_class_map(st.floats(0.0, 1.0)), SYNAPSES),
    "autapses": (st.booleans(), SYNAPSES),
    "frac_inhibitory": (FRACTIONS, {"inhibitory", "t_ref", "input_weight"} | SYNAPSES),
    "n_inputs": (st.integers(0, 4), INPUTS),
    "input_fraction": (FRACTIONS, set(INPUT_FIELDS)),
    "input_weight_e": (st.floats(0.0, 5e-8), {"input_weight"}),
    "input_weight_i": (st.floats(0.0, 5e-8), {"input_weight"}),
    "input_delay": (st.floats(0.0, 5e-3), {"input_delay"}),
    "noise_std": (st.floats(0.0, 1e-9), {"noise_std"}),
    "i_background": (st.floats(0.0, 2e-8), {"i_background"}),
}

#: keyword of random_network -> (its values, the Network fields it may change)
RANDOM_ABLATIONS = {
    "p_connect": (FRACTIONS, SYNAPSES),
    "autapses": (st.booleans(), SYNAPSES),
    "frac_inhibitory": (FRACTIONS, {"inhibitory", "weight"}),
    "weight_exc": (st.floats(0.0, 1e-8), {"weight"}),
    "weight_inh": (st.floats(-1e-8, 0.0), {"weight"}),
    "weight_scale": (st.floats(0.0, 4.0), {"weight"}),
    "amplitude_cv": (CVS, {"weight", "input_weight"}),
    "delay": (st.floats(0.0, 5e-3), {"delay"}),
    "n_inputs": (st.integers(0, 4), INPUTS),
    "input_fraction": (FRACTIONS, set(INPUT_FIELDS)),
    "input_weight": (st.floats(0.0, 5e-8), {"input_weight"}),
    "input_delay": (st.floats(0.0, 5e-3), {"input_delay"}),
    "t_ref": (st.floats(0.0, 5e-3), {"t_ref"}),
    "noise_std": (st.floats(0.0, 1e-9), {"noise_std"}),
}


def changed(a: Network, b: Network) -> set:
    """Names of the fields in which two networks differ (in shape or in any value)."""
    return {f.name for f in fields(Network)
            if not np.array_equal(getattr(a, f.name), getattr(b, f.name))}


def _channel(net, c):
    sel = net.input_channel == c
    return net.input_post[sel], net.input_weight[sel]


# ---------------------------------------------------------------- properties
@pytest.mark.parametrize("keyword", sorted(MAASS_ABLATIONS))
@PROPS
@given(data=st.data())
def test_maass2002_ablation_changes_only_what_it_names(keyword, data):
    values, may_change = MAASS_ABLATIONS[keyword]
    # the other switches at drawn settings, the same in both networks
    context = {"shape": data.draw(SHAPES, "shape"), "seed": data.draw(SEEDS, "seed"),
               "n_inputs": data.draw(st.integers(0, 3), "n_inputs"),
               "dynamic": data.draw(st.booleans(), "dynamic"),
               "amplitude_cv": data.draw(CVS, "amplitude_cv")}
    a = maass2002(**{**context, keyword: data.draw(values, "a")})
    b = maass2002(**{**context, keyword: data.draw(values, "b")})
    assert changed(a, b) <= may_change


@pytest.mark.parametrize("keyword", sorted(RANDOM_ABLATIONS))
@PROPS
@given(data=st.data())
def test_random_network_ablation_changes_only_what_it_names(keyword, data):
    values, may_change = RANDOM_ABLATIONS[keyword]
    context = {"n_neurons": data.draw(st.integers(1, 60), "n_neurons"),
               "seed": data.draw(SEEDS, "seed"),
               "n_inputs": data.draw(st.integers(0, 3), "n_inputs"),
               "amplitude_cv": data.draw(CVS, "amplitude_cv")}
    a = random_network(**{**context, keyword: data.draw(values, "a")})
    b = random_network(**{**context, keyword: data.draw(values, "b")})
    assert changed(a, b) <= may_change


@PROPS
@given(shape=SHAPES, seed=SEEDS, scale=st.floats(0.0, 4.0), cv=CVS)
def test_weight_scale_rescales_the_same_amplitudes_exactly(shape, seed, scale, cv):
    a = maass2002(shape, seed=seed, amplitude_cv=cv)
    b = maass2002(shape, seed=seed, amplitude_cv=cv, weight_scale=scale)
    np.testing.assert_array_equal(b.weight, a.weight * scale)
    n = int(np.prod(shape))
    a = random_network(n, seed=seed, amplitude_cv=cv)
    b = random_network(n, seed=seed, amplitude_cv=cv, weight_scale=scale)
    np.testing.assert_array_equal(b.weight, a.weight * scale)


@PROPS
@given(shape=SHAPES, seed=SEEDS, cls=st.sampled_from(CLASSES), amp=st.floats(1e-10, 1e-7))
def test_class_amplitude_override_rescales_that_class_only(shape, seed, cls, amp):
    a = maass2002(shape, seed=seed)
    b = maass2002(shape, seed=seed, A={cls: amp})
    k = CLASSES.index(cls)
    sel = 2 * a.inhibitory[a.pre].astype(int) + a.inhibitory[a.post].astype(int) == k
    np.testing.assert_array_equal(b.weight[~sel], a.weight[~sel])
    np.testing.assert_allclose(b.weight[sel] / amp, a.weight[sel] / MAASS_A[cls], rtol=1e-13)


@PROPS
@given(shape=SHAPES, seed=SEEDS, f=st.lists(FRACTIONS, min_size=2, max_size=2), cv=CVS,
       n_inputs=st.integers(1, 3))
def test_larger_input_fraction_keeps_targets_and_their_weights(shape, seed, f, cv, n_inputs):
    lo, hi = sorted(f)
    a = maass2002(shape, seed=seed, input_fraction=lo, amplitude_cv=cv, n_inputs=n_inputs)
    b = maass2002(shape, seed=seed, input_fraction=hi, amplitude_cv=cv, n_inputs=n_inputs)
    for c in range(n_inputs):
        (ta, wa), (tb, wb) = _channel(a, c), _channel(b, c)
        assert np.all(np.isin(ta, tb))
        np.testing.assert_array_equal(wb[np.isin(tb, ta)], wa)


@PROPS
@given(shape=SHAPES, seed=SEEDS, counts=st.lists(st.integers(0, 4), min_size=2, max_size=2))
def test_input_channel_does_not_depend_on_the_number_of_channels(shape, seed, counts):
    a = maass2002(shape, seed=seed, n_inputs=counts[0])
    b = maass2002(shape, seed=seed, n_inputs=counts[1])
    for c in range(min(counts)):
        for x, y in zip(_channel(a, c), _channel(b, c)):
            np.testing.assert_array_equal(x, y)


@PROPS
@given(shape=SHAPES, seed=SEEDS, f=st.lists(FRACTIONS, min_size=2, max_size=2))
def test_inhibitory_fraction_is_nested_and_keeps_the_input_targets(shape, seed, f):
    lo, hi = sorted(f)
    a = maass2002(shape, seed=seed, frac_inhibitory=lo, n_inputs=2)
    b = maass2002(shape, seed=seed, frac_inhibitory=hi, n_inputs=2)
    assert np.all(b.inhibitory[a.inhibitory])  # every inhibitory neuron stays inhibitory
    for name in ("input_channel", "input_post", "input_delay"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    same_type = a.inhibitory[a.input_post] == b.inhibitory[b.input_post]
    np.testing.assert_array_equal(a.input_weight[same_type], b.input_weight[same_type])


@PROPS
@given(shape=SHAPES, seed=SEEDS, frac=FRACTIONS, cv=CVS, n_inputs=st.integers(0, 3),
       input_fraction=FRACTIONS, w=st.floats(0.0, 5e-8), lam=st.floats(0.5, 4.0),
       dynamic=st.booleans())
def test_input_projection_depends_only_on_its_own_parameters(shape, seed, frac, cv, n_inputs,
                                                             input_fraction, w, lam, dynamic):
    """maass2002 and random_network share it: it needs the seed, the neuron count and types,
    and the input keywords, nothing of the recurrent network."""
    inputs = dict(n_inputs=n_inputs, input_fraction=input_fraction, amplitude_cv=cv,
                  frac_inhibitory=frac, seed=seed)
    a = maass2002(shape, input_weight_e=w, input_weight_i=w, input_delay=1e-3, lam=lam,
                  dynamic=dynamic, **inputs)
    b = random_network(a.n_neurons, input_weight=w, input_delay=1e-3, p_connect=0.5, **inputs)
    np.testing.assert_array_equal(a.inhibitory, b.inhibitory)
    for name in sorted(INPUTS):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), name)


# ---------------------------------------------------------------- each switch does its job
@pytest.mark.parametrize("keyword,value,names", [
    ("dynamic", False, {"U", "D", "F"}),
    ("tm_cv", 0.0, {"U", "D", "F"}),
    ("U", {"EE": 0.3}, {"U"}),
    ("D", {"EE": 0.5}, {"D"}),
    ("F", {"EI": 0.5}, {"F"}),
    ("amplitude_cv", 0.0, {"weight", "input_weight"}),
    ("A", {"EE": 10e-9}, {"weight"}),
    ("weight_scale", 0.3, {"weight"}),
    ("delay", {"EE": 2e-3}, {"delay"}),
    ("lam", 3.0, SYNAPSES),
    ("C", {"EE": 0.5}, SYNAPSES),
    ("autapses", True, SYNAPSES),
    ("frac_inhibitory", 0.3, {"inhibitory", "t_ref", "input_weight"} | SYNAPSES),
    ("n_inputs", 2, INPUTS),
    ("input_fraction", 0.5, set(INPUT_FIELDS)),
    ("input_weight_e", 20e-9, {"input_weight"}),
    ("input_weight_i", 5e-9, {"input_weight"}),
    ("input_delay", 1e-3, {"input_delay"}),
])
def test_maass2002_switch_changes_exactly_what_it_names(keyword, value, names):
    """On the paper's column, each switch changes every field it names, and nothing else."""
    assert changed(maass2002(seed=0), maass2002(seed=0, **{keyword: value})) == set(names)


@pytest.mark.parametrize("keyword,value,names", [
    ("p_connect", 0.2, SYNAPSES),
    ("autapses", True, SYNAPSES),
    ("frac_inhibitory", 0.3, {"inhibitory", "weight"}),
    ("weight_exc", 2e-9, {"weight"}),
    ("weight_scale", 0.3, {"weight"}),
    ("amplitude_cv", 0.5, {"weight", "input_weight"}),
    ("delay", 2e-3, {"delay"}),
    ("n_inputs", 2, INPUTS),
    ("input_fraction", 0.5, set(INPUT_FIELDS)),
    ("input_weight", 9e-9, {"input_weight"}),
])
def test_random_network_switch_changes_exactly_what_it_names(keyword, value, names):
    assert changed(random_network(135, seed=0),
                   random_network(135, seed=0, **{keyword: value})) == set(names)
