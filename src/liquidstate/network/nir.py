r"""Export a liquid to NIR, the Neuromorphic Intermediate Representation, and import it back.

NIR (package ``nir``, the optional extra ``nir``) describes a spiking network as a graph of
continuous-time nodes, read by snnTorch, Norse, Lava (Loihi), SpiNNaker2, Xylo and others.
:func:`to_nir` writes a :class:`~liquidstate.network.Network` as such a graph and
:func:`from_nir` reads one back.

The graph
---------
liquidstate's neuron has two synaptic currents with their own time constants, while NIR's
``CubaLIF`` has one. The export therefore splits each neuron into three NIR nodes whose
continuous-time equations are exactly the model's (see :mod:`liquidstate.network.neurons`):

``syn_e``, ``syn_i``: ``nir.LI`` with ``tau = r = tau_syn_e`` (``tau_syn_i``), ``v_leak = 0``
    The synaptic currents: ``tau_s dI/dt = -I + r x(t)``. A presynaptic spike is a Dirac
    impulse of weight ``A`` (the ``Linear`` weight, amperes), so with ``r = tau_s`` (seconds)
    it makes ``I`` jump by ``r A / tau_s = A``, the model's PSC amplitude.
``lif``: ``nir.LIF`` with ``tau = tau_m``, ``r = r_m``, ``v_leak = v_rest + r_m i_background``
    The membrane, ``tau_m dV/dt = (v_leak - V) + r_m (I_e + I_i)`` (edges into a node are
    summed), threshold ``v_thresh`` and reset ``v_reset``. The constant background current
    is folded into ``v_leak``.
``w_e_<k>``, ``w_i_<k>``: ``nir.Linear``, weights ``W[post, pre] = A`` (amperes)
    The recurrent synapses whose delay is the ``k``-th distinct delay value, split by sign:
    ``A >= 0`` feed ``syn_e``, ``A < 0`` feed ``syn_i`` (the model's rule).
``delay_<k>``: ``nir.Delay`` of shape ``(n_neurons,)``, every entry that delay (s)
    Between ``lif`` and the ``k``-th pair of ``Linear`` nodes (absent for a zero delay).
``input``, ``in_delay_<k>``, ``w_in_e_<k>``, ``w_in_i_<k>``
    The input projection the same way, from the graph's ``Input`` (one entry per channel).
``output``: ``nir.Output`` of every neuron's spikes.

A filter that no synapse feeds is left out (NIR would take a node without inputs for an
input of the graph); its ``tau`` stays in the metadata.

A liquid without input synapses is a closed loop that NIR's type inference cannot walk: its
graph is built without type checking, and its file must be read with
``nir.read(path, type_check=False)``.

The recurrence is expressed as a cycle of edges (``lif -> delay_k -> w_e_k -> syn_e ->
lif``), as NIR does for recurrent networks. Synapses with the same ``(pre, post, delay)`` are
summed into one matrix entry and zero weights vanish; otherwise the graph holds every
synapse.

Time-step conventions
---------------------
NIR is continuous-time; liquidstate integrates on a grid of step ``dt`` (chosen at
:func:`~liquidstate.engine.simulate`, not stored in the graph). The engine's discretisation of
the graph's equations is:

- the membrane and currents are integrated exactly over each step (``iaf_psc_exp``
  propagators), so between spikes there is no discretisation error;
- a threshold crossing during step ``n`` (``[n dt, (n+1) dt)``) is a spike at the end of the
  step, ``(n+1) dt`` (labelled ``n dt`` in recordings), and its PSC starts at
  ``(n+1) dt + delay`` (at most one step later than from the continuous-time crossing): the
  NIR ``Delay`` value is the engine's ``delay``, rounded to whole steps (with a warning when
  that changes it). Input spikes in step ``k`` act likewise.
- NIR's LIF fires on ``V > v_threshold``, the engine on ``V >= v_thresh`` (no difference in
  continuous time).

A runtime that integrates the same graph with forward Euler (``I <- I (1 - dt/tau_s)``,
as snnTorch does) agrees in rates, not spike for spike; ``benchmarks/nir_crosscheck.py``
measures that.

What NIR cannot express
-----------------------
:func:`to_nir` raises a ``ValueError`` naming what it would lose:

- dynamic (Tsodyks-Markram) synapses: NIR has no short-term plasticity node. With
  ``static_equivalent=True`` each dynamic synapse is exported as a static one of amplitude
  ``A u* x*``, its steady state for a regular presynaptic train at ``operating_rate`` ``r``
  (Hz), the fixed point of the recursion of :mod:`liquidstate.network.synapses` with
  interval ``Delta = 1 / r``:

  .. math::

      u^* = \frac{U}{1 - (1 - U) e^{-\Delta/F}}, \qquad
      x^* = \frac{1 - e^{-\Delta/D}}{1 - (1 - u^*) e^{-\Delta/D}}

  (``e^{-\Delta/F} = 0`` for ``F = 0``, ``e^{-\Delta/D} = 0`` for ``D = 0``). This is an
  approximation: the liquid's response to transients changes.
- refractoriness: NIR's LIF has none. ``drop_refractory=True`` exports without it (the values
  dropped are kept in the graph's metadata for information; :func:`from_nir` takes ``t_ref``).
- noise (``noise_std > 0``): NIR has no noise source.
- analog input (``simulate(..., currents=...)``) is not represented: the graph's ``Input``
  carries spike trains, which pass through the synaptic currents.

Initial potentials, neuron types and positions are not part of NIR; they travel in the
graph's metadata (keys ``liquidstate_*``, with ``n_inputs``, any dropped ``t_ref`` and the
static equivalent's ``operating_rate``), which other runtimes ignore.
"""

from __future__ import annotations

import importlib

import numpy as np

from .network import Network

__all__ = ["to_nir", "from_nir", "steady_state_efficacy"]

_META = "liquidstate_"


def _import_nir():
    try:
        return importlib.import_module("nir")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("NIR export/import needs the package 'nir': install the optional "
                          "extra with `pip install liquidstate[nir]` (or `pip install nir`)"
                          ) from exc


def steady_state_efficacy(U, D, F, operating_rate: float) -> np.ndarray:
    r"""Steady-state ``u* x*`` (1) of Tsodyks-Markram synapses under a regular train.

    Parameters
    ----------
    U, D, F : array of float
        Utilisation (1), depression and facilitation time constants (s); ``U = 1, D = 0`` is
        a static synapse (efficacy 1).
    operating_rate : float
        Presynaptic rate (Hz), > 0: the interval is ``Delta = 1 / operating_rate``.

    Returns
    -------
    ndarray of float64
        ``u* x*`` per synapse, with ``u*`` and ``x*`` the fixed point of the recursion (see
        the module docstring); the static PSC amplitude is ``A u* x*``.
    """
    rate = float(operating_rate)
    if not np.isfinite(rate) or rate <= 0:
        raise ValueError(f"operating_rate must be a finite rate in Hz > 0, got {rate!r}")
    U, D, F = (np.asarray(a, dtype=np.float64) for a in (U, D, F))
    delta = 1.0 / rate
    with np.errstate(divide="ignore"):
        e_f = np.where(F > 0, np.exp(-delta / np.where(F > 0, F, 1.0)), 0.0)
        e_d = np.where(D > 0, np.exp(-delta / np.where(D > 0, D, 1.0)), 0.0)
    u = U / (1.0 - (1.0 - U) * e_f)
    x = (1.0 - e_d) / (1.0 - (1.0 - u) * e_d)
    return u * x


def _describe_dynamic(network: Network, idx: np.ndarray, shown: int = 5) -> str:
    parts = [f"#{i} ({network.pre[i]}->{network.post[i]}, U={network.U[i]:g}, "
             f"D={network.D[i]:g} s, F={network.F[i]:g} s)" for i in idx[:shown]]
    more = f", ... and {idx.size - shown} more" if idx.size > shown else ""
    return ", ".join(parts) + more


def to_nir(network: Network, *, static_equivalent: bool = False,
           operating_rate: float | None = None, drop_refractory: bool = False):
    """The liquid as a NIR graph (``nir.NIRGraph``); see the module docstring for its layout.

    Parameters
    ----------
    network : Network
        The liquid. It must have static synapses (or ``static_equivalent``), no noise, and
        no refractory period (or ``drop_refractory``).
    static_equivalent : bool
        Export each dynamic synapse as a static one of amplitude ``A u* x*``, its
        steady-state efficacy at ``operating_rate`` (see ``steady_state_efficacy`` in
        ``liquidstate.network.nir``).
    operating_rate : float, optional
        Presynaptic rate (Hz) for ``static_equivalent``; required with it.
    drop_refractory : bool
        Export although ``t_ref > 0`` (NIR's LIF has no refractory period): the graph's
        neurons are not refractory.

    Returns
    -------
    nir.NIRGraph

    Raises
    ------
    ValueError
        For what NIR cannot express: dynamic synapses (named), a refractory period, noise.
    ImportError
        When the package ``nir`` is missing (the extra ``nir``).
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    nir = _import_nir()
    n = network.n_neurons
    weight = network.weight.copy()
    dynamic = np.flatnonzero(network.is_dynamic)
    problems = []  # everything NIR cannot express, reported together
    if dynamic.size and not static_equivalent:
        problems.append(
            f"{dynamic.size} of {network.n_synapses} synapses are dynamic (Tsodyks-Markram), "
            f"and NIR has no short-term plasticity: synapses {_describe_dynamic(network, dynamic)}"
            "; pass static_equivalent=True with operating_rate=<Hz> to export each as a static "
            "synapse of its steady-state amplitude A u* x* at that presynaptic rate")
    if np.any(network.t_ref > 0) and not drop_refractory:
        problems.append(f"t_ref > 0 for {int(np.count_nonzero(network.t_ref))} neuron(s) (up "
                        f"to {network.t_ref.max():g} s), and NIR's LIF has no refractory "
                        "period; pass drop_refractory=True to export without it")
    if np.any(network.noise_std > 0):
        problems.append(f"noise_std > 0 for {int(np.count_nonzero(network.noise_std))} "
                        "neuron(s), and NIR has no noise source; export network.replace("
                        "noise_std=np.zeros(network.n_neurons)) to drop the noise")
    if problems:
        raise ValueError("the network cannot be expressed in NIR: " + "; ".join(problems))
    if dynamic.size:
        if operating_rate is None:
            raise ValueError("static_equivalent=True needs operating_rate, the presynaptic "
                             "rate (Hz) at which to take each dynamic synapse's steady state")
        weight[dynamic] *= steady_state_efficacy(network.U[dynamic], network.D[dynamic],
                                                 network.F[dynamic], operating_rate)

    nodes = {
        "syn_e": nir.LI(tau=network.tau_syn_e.copy(), r=network.tau_syn_e.copy(),
                        v_leak=np.zeros(n)),
        "syn_i": nir.LI(tau=network.tau_syn_i.copy(), r=network.tau_syn_i.copy(),
                        v_leak=np.zeros(n)),
        "lif": nir.LIF(tau=network.tau_m.copy(), r=network.r_m.copy(),
                       v_leak=network.v_rest + network.r_m * network.i_background,
                       v_threshold=network.v_thresh.copy(), v_reset=network.v_reset.copy()),
        "output": nir.Output(output_type={"output": np.array([n])}),
    }
    edges = [("syn_e", "lif"), ("syn_i", "lif"), ("lif", "output")]

    def project(prefix: str, source: str, n_pre: int, pre, post, w, delay) -> None:
        for k, d in enumerate(np.unique(delay)):
            sel = delay == d
            head = source
            if d > 0:
                head = f"{prefix}delay_{k}"
                nodes[head] = nir.Delay(delay=np.full(n_pre, d))
                edges.append((source, head))
            for sign, mask in (("e", w[sel] >= 0), ("i", w[sel] < 0)):
                if not mask.any():
                    continue
                mat = np.zeros((n, n_pre))
                np.add.at(mat, (post[sel][mask], pre[sel][mask]), w[sel][mask])
                name = f"w_{prefix}{sign}_{k}"
                nodes[name] = nir.Linear(weight=mat)
                edges.extend([(head, name), (name, f"syn_{sign}")])

    keep = weight != 0
    project("", "lif", n, network.pre[keep], network.post[keep], weight[keep],
            network.delay[keep])
    if network.n_inputs:
        nodes["input"] = nir.Input(input_type={"input": np.array([network.n_inputs])})
        keep = network.input_weight != 0
        project("in_", "input", network.n_inputs, network.input_channel[keep],
                network.input_post[keep], network.input_weight[keep],
                network.input_delay[keep])
    metadata = {
        _META + "v_init_low": network.v_init_low.copy(),
        _META + "v_init_high": network.v_init_high.copy(),
        _META + "inhibitory": network.inhibitory.astype(np.int8),
        _META + "position": network.position.copy(),
        _META + "tau_syn_e": network.tau_syn_e.copy(),
        _META + "tau_syn_i": network.tau_syn_i.copy(),
        _META + "n_inputs": int(network.n_inputs),  # scalars as Python numbers (HDF5)
    }
    if np.any(network.t_ref > 0):
        metadata[_META + "t_ref_dropped"] = network.t_ref.copy()
    if dynamic.size:
        metadata[_META + "static_equivalent_rate"] = float(operating_rate)
    for name in ("syn_e", "syn_i"):
        if not any(b == name for _, b in edges):
            del nodes[name]
            edges.remove((name, "lif"))
    # NIR's type inference starts from the Input's edges; a liquid without input synapses is
    # a closed loop it cannot check (read such a file with nir.read(..., type_check=False)).
    has_input = any(a == "input" for a, _ in edges)
    return nir.NIRGraph(nodes=nodes, edges=edges, metadata=metadata, type_check=has_input)


def _per_neuron(value, n: int, name: str) -> np.ndarray:
    try:
        return np.broadcast_to(np.asarray(value, dtype=np.float64).ravel(), (n,)).copy()
    except ValueError:
        raise ValueError(f"{name} must be a scalar or have one entry per neuron ({n}), got "
                         f"shape {np.shape(value)}") from None


def from_nir(graph, *, t_ref=0.0, v_init: tuple | None = None) -> Network:
    """A :class:`~liquidstate.network.Network` from a NIR graph.

    Reads graphs made by :func:`to_nir` and, more generally, graphs of one population of
    ``LIF`` neurons fed through ``LI`` synaptic filters (``v_leak = 0``; one or two, told
    apart by the sign of their weights), or of one ``CubaLIF`` population (then
    ``tau_syn_e = tau_syn_i = tau_syn``); projections ``[Delay ->] Linear`` (or an ``Affine``
    with zero bias) from the population itself or from the graph's ``Input``.

    Parameters
    ----------
    graph : nir.NIRGraph
        The graph (e.g. from :func:`to_nir` or ``nir.read``).
    t_ref : float or array
        Refractory period (s) of the neurons; NIR has none, so 0 by default.
    v_init : (low, high), optional
        Range (V) of the initial potentials. By default the graph's ``liquidstate_v_init_*``
        metadata, else every neuron starts at its ``v_leak``.

    Returns
    -------
    Network
        With static synapses, no noise, ``v_rest = v_leak`` and ``i_background = 0`` (NIR
        folds them together), synapses ordered by ``(pre, post)``.

    Raises
    ------
    ValueError
        When the graph has nodes or a layout outside the forms above, named.
    """
    nir = _import_nir()
    if not isinstance(graph, nir.NIRGraph):
        raise TypeError(f"graph must be a nir.NIRGraph, got {type(graph).__name__}")
    nodes, edges = graph.nodes, list(graph.edges)
    outs: dict = {k: [] for k in nodes}
    ins: dict = {k: [] for k in nodes}
    for a, b in edges:
        outs[a].append(b)
        ins[b].append(a)
    neurons = [k for k, v in nodes.items() if isinstance(v, (nir.LIF, nir.CubaLIF))]
    if len(neurons) != 1:
        raise ValueError(f"graph must hold exactly one LIF or CubaLIF population, found "
                         f"{len(neurons)}: {neurons}")
    key = neurons[0]
    cell = nodes[key]
    v_thresh = np.asarray(cell.v_threshold, dtype=np.float64).ravel()
    n = v_thresh.size
    if isinstance(cell, nir.LIF):
        tau_m, r_m = cell.tau, cell.r
    else:
        tau_m, r_m = cell.tau_mem, cell.r
    tau_m, r_m = _per_neuron(tau_m, n, "tau"), _per_neuron(r_m, n, "r")
    v_leak = _per_neuron(cell.v_leak, n, "v_leak")
    v_reset = _per_neuron(cell.v_reset, n, "v_reset")

    # Each filter: the node fed by projections, its tau and the jump per unit weight.
    filters: dict = {}
    if isinstance(cell, nir.CubaLIF):
        tau_s = _per_neuron(cell.tau_syn, n, "tau_syn")
        filters[key] = (tau_s, _per_neuron(cell.w_in, n, "w_in") / tau_s)
    for src in ins[key]:
        node = nodes[src]
        if isinstance(node, nir.LI):
            if not np.allclose(node.v_leak, 0.0) or outs[src] != [key]:
                raise ValueError(f"LI node {src!r} must be a synaptic filter: v_leak = 0 and "
                                 f"its only edge to {key!r}")
            tau_s = _per_neuron(node.tau, n, "tau")
            filters[src] = (tau_s, _per_neuron(node.r, n, "r") / tau_s)
        elif not (key in filters and isinstance(node, (nir.Linear, nir.Affine))):
            raise ValueError(f"node {src!r} ({type(node).__name__}) feeds the neurons; "
                             "expected LI synaptic filters (or a CubaLIF population)")

    inputs = [k for k, v in nodes.items() if isinstance(v, nir.Input)]
    if len(inputs) > 1:
        raise ValueError(f"graph must have at most one Input node, found {inputs}")
    meta = graph.metadata if isinstance(graph.metadata, dict) else {}

    def meta_get(name, default):
        value = meta.get(_META + name)
        return default if value is None else np.asarray(value)

    n_inputs = int(np.prod(nodes[inputs[0]].input_type["input"])) if inputs \
        else int(meta_get("n_inputs", 0))

    rec: list = []   # (pre, post, weight, delay, filter) per projection
    inp: list = []
    for name, node in nodes.items():
        if not isinstance(node, (nir.Linear, nir.Affine)):
            continue
        if isinstance(node, nir.Affine) and np.any(np.asarray(node.bias) != 0):
            raise ValueError(f"Affine node {name!r} has a nonzero bias, which has no "
                             "counterpart in the model (fold it into v_leak)")
        if len(outs[name]) != 1 or outs[name][0] not in filters or len(ins[name]) != 1:
            raise ValueError(f"Linear node {name!r} must have one source and feed one "
                             f"synaptic filter (one of {sorted(filters)})")
        src = ins[name][0]
        w = np.asarray(node.weight, dtype=np.float64)
        n_pre = w.shape[1]
        delay = np.zeros(n_pre)
        if isinstance(nodes[src], nir.Delay):
            delay = np.broadcast_to(np.asarray(nodes[src].delay, dtype=np.float64),
                                    (n_pre,))
            if len(ins[src]) != 1:
                raise ValueError(f"Delay node {src!r} must have exactly one source")
            src = ins[src][0]
        if src == key:
            target = rec
        elif src in inputs:
            target = inp
        else:
            raise ValueError(f"projection {name!r} comes from {src!r}; expected the neuron "
                             f"population {key!r} or the Input node")
        post, pre = np.nonzero(w)
        target.append((pre, post, w[post, pre], delay[pre], outs[name][0]))

    # Tell excitatory from inhibitory filters by the sign of the weights they receive. A
    # filter that nothing feeds is left out by to_nir (NIR would take it for a graph input);
    # its tau then comes from the metadata.
    signs = {f: set() for f in filters}
    for pre, post, w, d, f in rec + inp:
        signs[f].update(np.unique(np.sign(w) >= 0).tolist())
    mixed = [f for f in filters if len(signs[f]) == 2]
    if len(filters) > 2 or (len(filters) == 2 and mixed):
        raise ValueError(f"the neurons need one synaptic filter, or two that receive only "
                         f"non-negative (excitatory) and only negative (inhibitory) weights; "
                         f"found {sorted(filters)} with mixed signs at {mixed}")
    if len(filters) == 1 and (mixed or not signs[next(iter(filters))]):
        tau_e = tau_i = filters[next(iter(filters))][0]  # one current for both signs
    else:
        e = next((f for f in filters if signs[f] == {True}), None)
        i = next((f for f in filters if signs[f] == {False}), None)
        for f in filters:
            if not signs[f]:
                e, i = (f, i) if e is None else (e, f)
        tau_e = filters[e][0] if e is not None else meta_get("tau_syn_e", None)
        tau_i = filters[i][0] if i is not None else meta_get("tau_syn_i", None)
        if tau_e is None and tau_i is None:
            raise ValueError(f"no synaptic filter feeds the LIF population {key!r} and the "
                             "graph's metadata has no liquidstate_tau_syn_e/_i: expected one "
                             "or two LI nodes (v_leak = 0) with an edge to it")
        tau_e = tau_i if tau_e is None else _per_neuron(tau_e, n, "tau_syn_e")
        tau_i = tau_e if tau_i is None else _per_neuron(tau_i, n, "tau_syn_i")

    def gather(parts):
        if not parts:
            z = np.zeros(0)
            return z.astype(np.int64), z.astype(np.int64), z, z
        pre = np.concatenate([p[0] for p in parts]).astype(np.int64)
        post = np.concatenate([p[1] for p in parts]).astype(np.int64)
        w = np.concatenate([p[2] * filters[p[4]][1][p[1]] for p in parts])
        d = np.concatenate([p[3] for p in parts])
        order = np.lexsort((d, post, pre))
        return pre[order], post[order], w[order], d[order]

    pre, post, weight, delay = gather(rec)
    ich, ipost, iweight, idelay = gather(inp)

    if v_init is None:
        low, high = meta_get("v_init_low", v_leak), meta_get("v_init_high", v_leak)
    else:
        low, high = v_init
    m = pre.size
    return Network(
        tau_m=tau_m, r_m=r_m, v_thresh=v_thresh, v_reset=v_reset, v_rest=v_leak,
        t_ref=_per_neuron(t_ref, n, "t_ref"), i_background=np.zeros(n),
        noise_std=np.zeros(n), v_init_low=_per_neuron(low, n, "v_init"),
        v_init_high=_per_neuron(high, n, "v_init"), tau_syn_e=tau_e, tau_syn_i=tau_i,
        inhibitory=meta_get("inhibitory", np.zeros(n)).astype(bool),
        position=meta_get("position", np.zeros((n, 3))).astype(np.float64).reshape(n, 3),
        pre=pre, post=post, weight=weight, delay=delay, U=np.ones(m), D=np.zeros(m),
        F=np.zeros(m), input_channel=ich, input_post=ipost, input_weight=iweight,
        input_delay=idelay, n_inputs=n_inputs)
