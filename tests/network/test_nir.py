"""Tests of ``to_nir`` / ``from_nir``: exact round trips, the errors for what NIR cannot express,
the static equivalent of dynamic synapses, and graphs written by other tools (CubaLIF)."""

import importlib.util
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liquidstate import SpikeTrains, from_matrices, maass2002, random_network, simulate
from liquidstate.network import from_nir, to_nir
from liquidstate.network.nir import steady_state_efficacy
from liquidstate.network.synapses import tm_amplitudes

needs_nir = pytest.mark.skipif(importlib.util.find_spec("nir") is None,
                               reason="could not import 'nir' (extra 'nir')")


def _no_ref(net):
    return net.replace(t_ref=np.zeros(net.n_neurons))


NETWORKS = {
    # static column at a rate near the dynamic one's, several delays, both signs, 2 inputs
    "maass_static": lambda: _no_ref(maass2002((5, 3, 3), seed=1, n_inputs=2, dynamic=False,
                                              weight_scale=0.15)),
    "random": lambda: _no_ref(random_network(40, 0.2, seed=3, amplitude_cv=0.5, n_inputs=3,
                                             weight_scale=2.0)),
    "matrices_mixed_delays": lambda: from_matrices(
        np.array([[0.0, 2e-9, 5e-9], [-1e-9, 0.0, 4e-9], [3e-9, -2e-9, 0.0]]),
        delays=np.array([[0.0, 3e-3, 0.0], [1e-3, 0.0, 2e-3], [0.5e-3, 1e-3, 0.0]]),
        input_weights=np.array([[40e-9, 0.0, 30e-9]]), input_delays=0.0, t_ref=0.0,
        inhibitory=[False, True, False], tau_syn_e=2e-3, tau_syn_i=8e-3, v_rest=-1e-3),
    "no_inputs": lambda: _no_ref(maass2002((3, 2, 2), seed=2, n_inputs=0, dynamic=False,
                                           i_background=16e-9)),
}

SAME_FIELDS = ("tau_m", "r_m", "v_thresh", "v_reset", "t_ref", "v_init_low", "v_init_high",
               "tau_syn_e", "tau_syn_i", "inhibitory", "position", "pre", "post", "weight",
               "delay", "input_channel", "input_post", "input_weight", "input_delay")


def _same_spikes(a, b, n_inputs, seed=5):
    duration, n_samples = 0.3, 3
    if n_inputs:
        inputs = SpikeTrains.poisson(np.full(n_inputs, 40.0), duration, n_samples, seed=seed)
        ra, rb = simulate(a, inputs, seed=seed), simulate(b, inputs, seed=seed)
    else:
        ra = simulate(a, duration=duration, n_samples=n_samples, seed=seed)
        rb = simulate(b, duration=duration, n_samples=n_samples, seed=seed)
    assert ra.spikes.n_events > 0
    assert np.array_equal(ra.spikes.times, rb.spikes.times)
    assert np.array_equal(ra.spikes.channels, rb.spikes.channels)
    assert np.array_equal(ra.spikes.offsets, rb.spikes.offsets)


@needs_nir
@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_round_trip_fields_and_spikes(name, tmp_path):
    import nir
    net = NETWORKS[name]()
    graph = to_nir(net)
    back = from_nir(graph)
    for field in SAME_FIELDS:
        assert np.array_equal(getattr(net, field), getattr(back, field)), field
    assert back.n_inputs == net.n_inputs
    # the membrane's constant drive is kept (v_rest + r_m i_background folded into v_leak)
    assert np.array_equal(back.v_rest + back.r_m * back.i_background,
                          net.v_rest + net.r_m * net.i_background)
    _same_spikes(net, back, net.n_inputs)
    # and through NIR's own file format
    nir.write(tmp_path / "liquid.nir", graph)
    read = nir.read(tmp_path / "liquid.nir", type_check=net.n_inputs > 0)  # see to_nir
    _same_spikes(net, from_nir(read), net.n_inputs)


@needs_nir
@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 12), p=st.floats(0.0, 1.0), seed=st.integers(0, 2**16),
       n_inputs=st.integers(0, 3), delays=st.lists(st.sampled_from([0.0, 0.5e-3, 1e-3, 2.5e-3]),
                                                   min_size=1, max_size=3))
def test_round_trip_fields_property(n, p, seed, n_inputs, delays):
    g = np.random.default_rng(seed)
    weights = np.where(g.random((n, n)) < p, g.normal(0.0, 5e-9, (n, n)), 0.0)
    net = from_matrices(weights, delays=g.choice(delays, (n, n)), t_ref=0.0,
                        input_weights=np.where(g.random((n_inputs, n)) < 0.5,
                                               g.normal(0.0, 20e-9, (n_inputs, n)), 0.0),
                        input_delays=g.choice(delays, (n_inputs, n)),
                        tau_syn_e=g.uniform(1e-3, 5e-3), tau_syn_i=g.uniform(1e-3, 9e-3))
    back = from_nir(to_nir(net))
    for field in SAME_FIELDS:
        assert np.array_equal(getattr(net, field), getattr(back, field)), field
    assert back.n_inputs == net.n_inputs


@needs_nir
def test_graph_layout():
    import nir
    net = NETWORKS["maass_static"]()
    graph = to_nir(net)
    lif, syn_e, syn_i = graph.nodes["lif"], graph.nodes["syn_e"], graph.nodes["syn_i"]
    assert isinstance(lif, nir.LIF) and isinstance(syn_e, nir.LI)
    assert np.array_equal(lif.v_leak, net.v_rest + net.r_m * net.i_background)
    assert np.array_equal(syn_i.tau, net.tau_syn_i) and np.array_equal(syn_i.r, net.tau_syn_i)
    delays = sorted(float(graph.nodes[k].delay[0]) for k in graph.nodes
                    if k.startswith("delay_"))
    assert delays == sorted(np.unique(net.delay).tolist())
    # every recurrent Linear feeds one filter, with weights of that filter's sign
    for key, node in graph.nodes.items():
        if key.startswith("w_e_"):
            assert (key, "syn_e") in graph.edges and np.all(node.weight >= 0)
        if key.startswith("w_i_"):
            assert (key, "syn_i") in graph.edges and np.all(node.weight <= 0)
    total = sum(np.count_nonzero(node.weight) for key, node in graph.nodes.items()
                if key.startswith(("w_e_", "w_i_")))
    assert total == net.n_synapses


@needs_nir
def test_refractory_dropped_on_request_and_restored_by_from_nir():
    net = random_network(30, 0.2, seed=4, n_inputs=1, weight_scale=2.0)
    with pytest.raises(ValueError, match="t_ref.*drop_refractory=True"):
        to_nir(net)
    graph = to_nir(net, drop_refractory=True)
    assert np.array_equal(graph.metadata["liquidstate_t_ref_dropped"], net.t_ref)
    assert np.all(from_nir(graph).t_ref == 0)
    _same_spikes(net, from_nir(graph, t_ref=net.t_ref), net.n_inputs)


@needs_nir
def test_dynamic_synapses_are_named_unless_static_equivalent():
    net = _no_ref(maass2002((3, 3, 3), seed=0, n_inputs=1))
    with pytest.raises(ValueError, match=r"dynamic \(Tsodyks-Markram\).*#0 \(") as info:
        to_nir(net)
    assert f"{net.n_synapses} of {net.n_synapses} synapses" in str(info.value)
    assert "static_equivalent=True" in str(info.value)
    with pytest.raises(ValueError, match="operating_rate"):
        to_nir(net, static_equivalent=True)
    graph = to_nir(net, static_equivalent=True, operating_rate=20.0)
    back = from_nir(graph)
    eff = steady_state_efficacy(net.U, net.D, net.F, 20.0)
    assert np.allclose(back.weight, net.weight * eff, rtol=1e-15, atol=0)
    assert not back.is_dynamic.any()
    assert float(graph.metadata["liquidstate_static_equivalent_rate"]) == 20.0


def test_steady_state_efficacy_is_the_recursion_fixed_point():
    rate = 25.0
    train = np.arange(400) / rate
    for U, D, F in [(0.5, 1.1, 0.05), (0.05, 0.125, 1.2), (0.3, 0.0, 0.2), (0.4, 0.5, 0.0),
                    (1.0, 0.0, 0.0)]:
        last = tm_amplitudes(train, 1.0, U, D, F)[-1]
        assert steady_state_efficacy(U, D, F, rate) == pytest.approx(last, rel=1e-12)
    with pytest.raises(ValueError, match="operating_rate"):
        steady_state_efficacy(0.5, 1.0, 0.1, 0.0)


@needs_nir
def test_noise_and_all_problems_reported_together():
    net = maass2002((3, 3, 3), seed=0, noise_std=1e-9)
    with pytest.raises(ValueError) as info:
        to_nir(net)
    for word in ("dynamic", "t_ref", "noise_std"):
        assert word in str(info.value)


@needs_nir
def test_from_nir_reads_a_cubalif_graph():
    import nir
    n, tau_syn, w_in = 3, 4e-3, 2.0
    w = np.array([[0.0, 1e-11, 0.0], [0.0, 0.0, -2e-11], [3e-11, 0.0, 0.0]])
    w_input = np.array([[5e-11], [0.0], [6e-11]])
    graph = nir.NIRGraph(
        nodes={"in": nir.Input(input_type={"input": np.array([1])}),
               "win": nir.Linear(weight=w_input),
               "cell": nir.CubaLIF(tau_syn=np.full(n, tau_syn), tau_mem=np.full(n, 20e-3),
                                   r=np.full(n, 1e8), v_leak=np.zeros(n),
                                   v_threshold=np.full(n, 1e-3), v_reset=np.zeros(n),
                                   w_in=np.full(n, w_in)),
               "d": nir.Delay(delay=np.full(n, 2e-3)),
               "wrec": nir.Affine(weight=w, bias=np.zeros(n)),
               "out": nir.Output(output_type={"output": np.array([n])})},
        edges=[("in", "win"), ("win", "cell"), ("cell", "d"), ("d", "wrec"),
               ("wrec", "cell"), ("cell", "out")])
    net = from_nir(graph)
    assert net.n_inputs == 1 and net.n_synapses == 3
    assert np.all(net.tau_syn_e == tau_syn) and np.all(net.tau_syn_i == tau_syn)
    # I jumps by w_in * W / tau_syn per spike (the Dirac input of the CubaLIF equation)
    assert np.allclose(net.weight, [w[2, 0], w[0, 1], w[1, 2]] / np.array(1.0) * w_in
                       / tau_syn)
    assert np.array_equal(net.pre, [0, 1, 2]) and np.array_equal(net.post, [2, 0, 1])
    assert np.all(net.delay == 2e-3) and np.all(net.input_delay == 0)
    assert np.allclose(net.input_weight, np.array([5e-11, 6e-11]) * w_in / tau_syn)
    assert np.array_equal(net.v_init_low, net.v_rest)


@needs_nir
def test_from_nir_rejects_what_it_cannot_read():
    import nir
    n = 2
    lif = nir.LIF(tau=np.full(n, 0.02), r=np.ones(n), v_leak=np.zeros(n),
                  v_threshold=np.ones(n), v_reset=np.zeros(n))
    two = nir.NIRGraph(nodes={"a": lif, "b": lif, "w": nir.Linear(weight=np.eye(n))},
                       edges=[("a", "w"), ("w", "b")], type_check=False)
    with pytest.raises(ValueError, match="exactly one LIF or CubaLIF"):
        from_nir(two)
    biased = nir.NIRGraph(nodes={"a": lif, "w": nir.Affine(weight=np.eye(n), bias=np.ones(n)),
                                 "s": nir.LI(tau=np.ones(n), r=np.ones(n), v_leak=np.zeros(n))},
                          edges=[("a", "w"), ("w", "s"), ("s", "a")], type_check=False)
    with pytest.raises(ValueError, match="nonzero bias"):
        from_nir(biased)
    with pytest.raises(TypeError, match="nir.NIRGraph"):
        from_nir({"nodes": {}})


def test_missing_nir_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "nir", None)  # makes `import nir` fail
    with pytest.raises(ImportError, match=r"liquidstate\[nir\]"):
        to_nir(NETWORKS["matrices_mixed_delays"]())
