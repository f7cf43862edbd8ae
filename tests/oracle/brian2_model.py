"""A Brian2 copy of a liquidstate ``Network``, written independently from the engine.

The model is the one documented in :mod:`liquidstate.network.neurons` and
:class:`liquidstate.Network`, written as Brian2 equations and integrated by Brian2's own
``method='exact'`` (sympy solves the linear system), so the engine's propagators, step order,
delay ring buffer and Tsodyks-Markram code are checked against code that shares none of them.
Only the *data* (network arrays, initial potentials, input spikes) is shared.

Conventions matched (see the engine's ``run_block`` docstring):

- a spike is labelled with the start ``t_n`` of the step in which ``V`` crosses threshold,
  which is also the time Brian2's ``SpikeMonitor`` records;
- the engine holds ``V`` at reset for ``round(t_ref/dt)`` steps after the spike step, Brian2
  one step fewer, hence ``refractory = (round(t_ref/dt) + 1) dt`` here; synaptic currents keep
  decaying during refractoriness (``(unless refractory)`` on ``dv/dt`` only);
- a spike in step ``n`` through a synapse delayed ``d`` steps is added to the current at the
  end of step ``n + d``: Brian2's own behaviour with ``delay = d dt`` (its ``synapses`` slot
  runs after the state update of that step); input spikes likewise;
- Tsodyks-Markram (Markram et al. 1998) per synapse, with the presynaptic interval measured
  between deliveries (equal to the interval between spikes, as a synapse's delay is fixed).

Several samples are simulated at once as independent copies of the network in one Brian2
``Network`` (copy ``s`` owns neurons ``s*N ... s*N + N - 1``), which keeps Brian2's per-step
overhead low.
"""

from __future__ import annotations

import numpy as np

import brian2 as b2

__all__ = ["run_brian2"]

_NEVER = -1e9  # "no spike yet" (s): exp(-(t - _NEVER)/D) underflows to 0
_HUGE_RATE = 1e30  # 1/D for D = 0 (and 1/F for F = 0): exp(-Delta * 1e30) == 0 exactly

_EQS = """
dv/dt = (-(v - v_rest) + r_m * (I_e + I_i + i_bg)) / tau_m : volt (unless refractory)
dI_e/dt = -I_e / tau_e : amp
dI_i/dt = -I_i / tau_i : amp
tau_m : second (constant)
r_m : ohm (constant)
v_rest : volt (constant)
i_bg : amp (constant)
tau_e : second (constant)
tau_i : second (constant)
v_th : volt (constant)
v_reset : volt (constant)
ref : second (constant)
"""

_STATIC_ON_PRE = """
I_e_post += we
I_i_post += wi
"""

# Markram et al. (1998): x uses the old u, then u is updated, then the PSC is A u x.
_TM_MODEL = """
we : amp (constant)
wi : amp (constant)
U : 1 (constant)
rD : Hz (constant)
rF : Hz (constant)
u : 1
x : 1
tlast : second
"""
_TM_ON_PRE = """
x = 1 + (x - u * x - 1) * exp(-(t - tlast) * rD)
u = U + u * (1 - U) * exp(-(t - tlast) * rF)
I_e_post += we * u * x
I_i_post += wi * u * x
tlast = t
"""


def _steps(seconds: np.ndarray, dt: float) -> np.ndarray:
    return np.rint(np.asarray(seconds, dtype=np.float64) / dt).astype(np.int64)


def _rate(tau: np.ndarray) -> np.ndarray:
    tau = np.asarray(tau, dtype=np.float64)
    out = np.full(tau.shape, _HUGE_RATE)
    np.divide(1.0, tau, out=out, where=tau > 0)
    return out


def _split_weights(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(excitatory, inhibitory) amplitudes: weight >= 0 feeds I_e, weight < 0 feeds I_i."""
    return np.where(w >= 0, w, 0.0), np.where(w < 0, w, 0.0)


def run_brian2(net, inputs, v0: np.ndarray, dt: float = 1e-4, *, target: str = "numpy",
               record=None):
    """Simulate the liquidstate network ``net`` in Brian2 on every sample of ``inputs``.

    Parameters
    ----------
    net : liquidstate.Network
    inputs : liquidstate.SpikeTrains
        Input spikes, one sample per row of ``v0``. All samples must have the same duration (they run side by side).
    v0 : array (n_samples, n_neurons)
        Initial membrane potentials (V), e.g. the engine's ``initial_state(...).v``.
    dt : float
        Time step (s).
    target : str
        Brian2 code generation target ('numpy' or 'cython').
    record : sequence of int, optional
        Neurons whose ``v``, ``I_e``, ``I_i`` are recorded at the end of every step (the
        values at ``t_{n+1}``, like the engine's traces).

    Returns
    -------
    spikes : list of (steps, neurons) per sample: the step index ``n`` of each spike
        (labelled ``t_n = n dt``) and the neuron, sorted by step then neuron.
    traces : empty unless ``record`` is given: dict ``'v'``, ``'i_e'``, ``'i_i'`` -> list per
        sample of arrays (n_steps, n_recorded) in SI units.
    """
    v0 = np.asarray(v0, dtype=np.float64)
    S, N = v0.shape
    if N != net.n_neurons:
        raise ValueError("v0 does not match the network")
    if inputs.n_samples != S:
        raise ValueError("v0 and inputs disagree on the number of samples")
    if np.ptp(inputs.durations) != 0:
        raise ValueError("all input samples must have the same duration")
    duration = float(inputs.durations[0])
    n_steps = int(np.ceil(duration / dt - 1e-6))

    clock = b2.Clock(dt=dt * b2.second)  # dt * second, not 0.1*ms: the same float as the engine
    objects = []

    def tile(a):  # per-neuron array -> all copies
        return np.tile(np.asarray(a, dtype=np.float64), S)

    ref_steps = _steps(net.t_ref, dt)
    G = b2.NeuronGroup(S * N, _EQS, threshold="v >= v_th", reset="v = v_reset",
                       refractory="ref", method="exact", clock=clock, name="liquid")
    G.tau_m = tile(net.tau_m) * b2.second
    G.r_m = tile(net.r_m) * b2.ohm
    G.v_rest = tile(net.v_rest) * b2.volt
    G.i_bg = tile(net.i_background) * b2.amp
    G.tau_e = tile(net.tau_syn_e) * b2.second
    G.tau_i = tile(net.tau_syn_i) * b2.second
    G.v_th = tile(net.v_thresh) * b2.volt
    G.v_reset = tile(net.v_reset) * b2.volt
    G.ref = tile((ref_steps + 1) * dt) * b2.second
    G.v = v0.ravel() * b2.volt
    G.I_e = 0 * b2.amp
    G.I_i = 0 * b2.amp
    objects.append(G)

    offsets = np.repeat(np.arange(S, dtype=np.int64) * N, net.n_synapses)
    pre = np.tile(net.pre, S) + offsets
    post = np.tile(net.post, S) + offsets
    we, wi = _split_weights(np.tile(net.weight, S))
    delay = np.tile(_steps(net.delay, dt), S) * dt
    dyn = np.tile(net.is_dynamic, S)

    static = ~dyn
    if static.any():
        Ss = b2.Synapses(G, G, "we : amp (constant)\nwi : amp (constant)",
                         on_pre=_STATIC_ON_PRE, clock=clock, name="static_synapses")
        Ss.connect(i=pre[static], j=post[static])
        Ss.we = we[static] * b2.amp
        Ss.wi = wi[static] * b2.amp
        Ss.delay = delay[static] * b2.second
        objects.append(Ss)
    if dyn.any():
        Sd = b2.Synapses(G, G, _TM_MODEL, on_pre=_TM_ON_PRE, clock=clock,
                         name="dynamic_synapses")
        Sd.connect(i=pre[dyn], j=post[dyn])
        Sd.we = we[dyn] * b2.amp
        Sd.wi = wi[dyn] * b2.amp
        Sd.U = np.tile(net.U, S)[dyn]
        Sd.rD = np.tile(_rate(net.D), S)[dyn] * b2.Hz
        Sd.rF = np.tile(_rate(net.F), S)[dyn] * b2.Hz
        Sd.u = 0.0  # so that the first spike gives u = U, x = 1
        Sd.x = 1.0
        Sd.tlast = _NEVER * b2.second
        Sd.delay = delay[dyn] * b2.second
        objects.append(Sd)

    # ---- input spikes: one generator neuron per (sample, channel, rank), where ``rank``
    # counts earlier spikes of the same channel in the same step (Brian2 allows one spike per
    # neuron and step; the engine adds them all).
    C = net.n_inputs
    P = net.input_channel.size
    if C and P and inputs.n_events:
        steps_l, gen_l = [], []
        for s in range(S):
            t, c = inputs.sample(s)
            k = np.minimum(np.floor(t / dt + 1e-6).astype(np.int64), n_steps - 1)
            key = k * C + c
            o = np.argsort(key, kind="stable")
            key, k, c = key[o], k[o], c[o]
            first = np.r_[True, key[1:] != key[:-1]]
            start = np.maximum.accumulate(np.where(first, np.arange(key.size), 0))
            rank = np.arange(key.size) - start
            steps_l.append(k)
            gen_l.append(np.stack([np.full(k.size, s), c, rank], axis=1))
        k = np.concatenate(steps_l)
        gen = np.concatenate(gen_l)
        R = int(gen[:, 2].max()) + 1
        gen_index = (gen[:, 0] * C + gen[:, 1]) * R + gen[:, 2]
        # on-grid times: Brian2 bins them into the same step as the engine
        Gin = b2.SpikeGeneratorGroup(S * C * R, gen_index, k * dt * b2.second, clock=clock,
                                     name="input")
        objects.append(Gin)
        # every generator neuron of (s, c) projects like channel c
        src, dst, w, d = [], [], [], []
        in_steps = _steps(net.input_delay, dt)
        for s in range(S):
            for c in range(C):
                m = net.input_channel == c
                for r in range(R):
                    src.append(np.full(int(m.sum()), (s * C + c) * R + r))
                    dst.append(net.input_post[m] + s * N)
                    w.append(net.input_weight[m])
                    d.append(in_steps[m] * dt)
        src, dst, w, d = map(np.concatenate, (src, dst, w, d))
        iwe, iwi = _split_weights(w)
        Sin = b2.Synapses(Gin, G, "we : amp (constant)\nwi : amp (constant)",
                          on_pre=_STATIC_ON_PRE, clock=clock, name="input_synapses")
        Sin.connect(i=src, j=dst)
        Sin.we = iwe * b2.amp
        Sin.wi = iwi * b2.amp
        Sin.delay = d * b2.second
        objects.append(Sin)

    mon = b2.SpikeMonitor(G, name="spikes")
    objects.append(mon)
    if record is not None:
        rec = np.asarray(record, dtype=np.int64)
        rec_all = (np.arange(S)[:, None] * N + rec[None, :]).ravel()
        state_mon = b2.StateMonitor(G, ("v", "I_e", "I_i"), record=rec_all, when="end",
                                    name="traces")
        objects.append(state_mon)
    bnet = b2.Network(*objects)
    previous = b2.prefs.codegen.target
    b2.prefs.codegen.target = target
    try:
        bnet.run(n_steps * dt * b2.second, namespace={})
    finally:
        b2.prefs.codegen.target = previous

    i = np.asarray(mon.i[:], dtype=np.int64)
    n = np.rint(np.asarray(mon.t[:] / b2.second) / dt).astype(np.int64)
    sample, neuron = np.divmod(i, N)
    out = []
    for s in range(S):
        m = sample == s
        o = np.lexsort((neuron[m], n[m]))
        out.append((n[m][o], neuron[m][o]))
    traces = {}
    if record is not None:
        for ours, theirs in (("v", "v"), ("i_e", "I_e"), ("i_i", "I_i")):
            values = np.asarray(getattr(state_mon, theirs + "_")).T  # (n_steps, S * n_rec)
            traces[ours] = [values[:, s * rec.size:(s + 1) * rec.size] for s in range(S)]
    return out, traces
