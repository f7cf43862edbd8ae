"""The compiled CPU backend: one Numba kernel that advances a block of samples in lock-step.

Layout: state arrays are ``(n_neurons, n_lanes)`` with the samples of a block ("lanes") along
the last, contiguous axis, so the per-neuron update of all lanes is one vectorised loop
(the neuron coefficients are scalars in it). Spikes are rare and handled event by event.
Blocks are independent; :mod:`liquidstate.engine.simulate` runs them on a thread pool (the
kernel releases the GIL). Lanes never interact and every lane executes the same scalar
operations in the same order (no fast-math, so no FMA contraction or reassociation), hence a
sample's result does not depend on its block, its lane, the block size or the thread count.

Delays are handled by a queue of spikes, not of currents: each step's spikes (and input
events) are kept for ``max delay`` steps, and a synapse of delay ``d`` acts when its spike's
age is ``d``. This keeps the per-block state small (no ``delay x neurons x lanes`` buffer) and
makes the Tsodyks-Markram update happen at delivery, where it reads its state once.

Step order for step ``n`` (from ``t_n = n dt`` to ``t_{n+1}``), see :func:`run_block`; its
arguments are the records of :mod:`liquidstate.engine.contract`, which Numba receives as
structs of arrays.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .. import contract

__all__ = ["run_block", "normal_from_counter"]

_GOLDEN = np.uint64(contract.NOISE_GOLDEN)
_MIX_A = np.uint64(contract.NOISE_MIX_A)
_MIX_B = np.uint64(contract.NOISE_MIX_B)
_STEP_MUL = np.uint64(contract.NOISE_STEP_MUL)
_NEURON_MUL = np.uint64(contract.NOISE_NEURON_MUL)


@njit(inline="always")
def _splitmix64(z):
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX_A
    z = (z ^ (z >> np.uint64(27))) * _MIX_B
    return z ^ (z >> np.uint64(31))


@njit(inline="always")
def normal_from_counter(key, step, neuron):
    """A standard normal number, a pure function of ``(key, step, neuron)`` (Box-Muller on two
    53-bit uniforms from a splitmix64 hash; the algorithm is written out in
    :mod:`liquidstate.engine.contract`): noise is the same whatever the chunking."""
    z = key ^ (np.uint64(step) * _STEP_MUL) ^ (np.uint64(neuron) * _NEURON_MUL)
    a = _splitmix64(z)
    b = _splitmix64(a)
    u1 = (np.float64(a >> np.uint64(11)) + 1.0) * (1.0 / 9007199254740992.0)  # (0, 1]
    u2 = np.float64(b >> np.uint64(11)) * (1.0 / 9007199254740992.0)          # [0, 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@njit(nogil=True, cache=True)
def run_block(plan, state, inputs, outputs, n_start):
    """Advance ``B`` lanes by ``n_steps[b]`` steps each (lanes sorted by ``n_steps``, descending).

    ``plan``, ``state``, ``inputs``, ``outputs`` are a
    :class:`~liquidstate.engine.contract.KernelPlan`, ``BlockState``, ``BlockInput`` and
    ``BlockOutput`` (their fields, shapes and units are listed there). Layout: ``V, Ie, Ii,
    ref, last`` are ``(N, B)``; the Tsodyks-Markram state ``u, x`` is ``(B, n_dynamic)``.
    The spike queue ``q_src, q_lane, q_delta`` ``(L, capacity)`` with counts ``q_n``
    ``(L,)`` holds, in slot ``m % L``, the spikes of step ``m`` (source index: neuron, or
    ``N + channel`` for input events; lane; steps since the source's previous spike).

    Step ``n`` of lane ``b`` (global step ``g = step0[b] + n``), in this fixed order:

    1. the queue slot of step ``n`` is cleared and receives the input events of step ``n``;
    2. for every neuron, with the currents ``I_e, I_i`` at ``t_n``:
       ``V' = c_0 + p_vv V + p_ve I_e + p_vi I_i [+ p_vx (I_inj + sigma xi)]``
       unless refractory (then ``V' = V`` and the counter decreases by one);
       if ``V' >= v_thresh``: spike (labelled ``t_n``), ``V' = v_reset``, counter = ref_steps;
       ``I_e' = p_ee I_e``, ``I_i' = p_ii I_i``;
    3. the spikes of step ``n`` are recorded and queued;
    4. delivery: for each delay ``d`` (ascending), each queued spike of step ``n - d`` and each
       synapse of its source with delay ``d``: the Tsodyks-Markram recursion (dynamic
       synapses) and ``I' += A u x`` on the target's excitatory (A >= 0) or inhibitory
       current. A spike of step ``m`` thus reaches the current at the end of step ``m + d``;
    5. traces of ``rec_neurons`` are stored when ``(g + 1) % rec_every == 0`` (values at
       ``t_{n+1}``).

    Starts at local step ``n_start`` and returns ``(n_reached, n_spikes)``: it stops early, at
    the end of a step, when the spike buffers ``sp_step, sp_neuron, sp_lane`` might not hold
    the next step's spikes; the caller empties them and calls again from ``n_reached``. All
    state, the queue, ``ev_pos`` (next input event per lane) and ``t_count`` (trace values per
    lane) are updated in place, so the calls chain exactly. Spike steps are local (counted from
    the first call's step 0). Lanes that have finished keep their queue entries (the caller
    reads them back) because their slots are not cleared for them: see ``_clear_slot``.
    """
    # the fields used in the loops, as locals
    V, Ie, Ii, ref, u, x, last = (state.V, state.Ie, state.Ii, state.ref, state.u, state.x,
                                  state.last)
    q_src, q_lane, q_delta, q_n = state.q_src, state.q_lane, state.q_delta, state.q_n
    delays, grp_ptr, syn_dyn, syn_U = plan.delays, plan.grp_ptr, plan.syn_dyn, plan.syn_U
    syn_nhD, syn_nhF, syn_weight, syn_target = (plan.syn_nhD, plan.syn_nhF, plan.syn_weight,
                                                plan.syn_target)
    in_ptr, in_post, in_weight, p_vx, noise_v = (plan.in_ptr, plan.in_post, plan.in_weight,
                                                 plan.p_vx, plan.noise_v)
    n_steps, step0, noise_key, has_noise = (inputs.n_steps, inputs.step0, inputs.noise_key,
                                            inputs.has_noise)
    ev_step, ev_chan, ev_ptr, ev_pos = inputs.ev_step, inputs.ev_chan, inputs.ev_ptr, inputs.ev_pos
    currents, has_currents = inputs.currents, inputs.has_currents
    rec_neurons, rec_every, trace, t_count = (outputs.rec_neurons, outputs.rec_every,
                                              outputs.trace, outputs.t_count)
    sp_step, sp_neuron, sp_lane = outputs.sp_step, outputs.sp_neuron, outputs.sp_lane
    N = V.shape[0]
    B = V.shape[1]
    L = q_n.size
    n_dv = delays.size
    n_max = n_steps[0] if B > 0 else 0
    cap = sp_step.size
    count = 0
    spiked = np.zeros((N, B), np.uint8)
    spk_list = np.zeros(N, np.int64)  # neurons with a spike in this step, ascending
    ext = np.zeros((N, B), V.dtype)
    n_rec = rec_neurons.size
    use_ext = has_noise or has_currents
    nb = B
    for n in range(n_start, n_max):
        while nb > 0 and n_steps[nb - 1] <= n:
            nb -= 1
        slot = n % L
        # 1. this step's queue slot: drop entries of step n - L (lanes still running; finished
        #    lanes keep theirs until the caller reads them), then this step's input events
        _clear_slot(q_src, q_lane, q_delta, q_n, slot, nb)
        k = q_n[slot]
        for b in range(nb):
            pos = ev_pos[b]
            end = ev_ptr[b + 1]
            while pos < end and ev_step[pos] == n:
                q_src[slot, k] = N + ev_chan[pos]
                q_lane[slot, k] = b
                q_delta[slot, k] = 0.0
                k += 1
                pos += 1
            ev_pos[b] = pos
        q_n[slot] = k
        # external voltage increments: injected analog input and noise, held over the step
        if use_ext:
            for i in range(N):
                for b in range(nb):
                    ext[i, b] = 0.0
            if has_currents:
                for c in range(in_ptr.size - 1):
                    for p in range(in_ptr[c], in_ptr[c + 1]):
                        i = in_post[p]
                        w = in_weight[p] * p_vx[i]
                        for b in range(nb):
                            ext[i, b] += w * currents[b, n, c]
            if has_noise:
                for i in range(N):
                    if noise_v[i] > 0:
                        for b in range(nb):
                            ext[i, b] += noise_v[i] * normal_from_counter(
                                noise_key[b], step0[b] + n, i)
        # 2. neurons, vectorised over lanes (two copies of the loop, so that the common case
        #    has no branch inside it and LLVM vectorises it)
        if use_ext:
            n_list = _update_neurons_ext(plan, state, spiked, spk_list, nb, ext)
        else:
            n_list = _update_neurons(plan, state, spiked, spk_list, nb)
        # 3. record and queue this step's spikes
        k = q_n[slot]
        for li in range(n_list):
            i = spk_list[li]
            for b in range(nb):
                if spiked[i, b] == 0:
                    continue
                sp_step[count] = n
                sp_neuron[count] = i
                sp_lane[count] = b
                count += 1
                g = step0[b] + n
                q_src[slot, k] = i
                q_lane[slot, k] = b
                q_delta[slot, k] = np.float64(g - last[i, b])
                k += 1
                last[i, b] = g
        q_n[slot] = k
        # 4. deliver every queued spike whose age equals a delay
        for j in range(n_dv):
            d = delays[j]
            qs = (n - d) % L
            for e in range(q_n[qs]):
                b = q_lane[qs, e]
                if b >= nb:
                    continue  # a finished lane's leftover entry
                src = q_src[qs, e]
                dl = q_delta[qs, e]
                g0 = src * n_dv + j
                for s in range(grp_ptr[g0], grp_ptr[g0 + 1]):
                    kk = syn_dyn[s]
                    if kk >= 0:
                        uu = syn_U[s]
                        u0 = u[b, kk]
                        x0 = x[b, kk]
                        un = uu + u0 * (1.0 - uu) * math.exp(dl * syn_nhF[s])
                        xn = 1.0 + (x0 - x0 * u0 - 1.0) * math.exp(dl * syn_nhD[s])
                        u[b, kk] = un
                        x[b, kk] = xn
                        amp = syn_weight[s] * un * xn
                    else:
                        amp = syn_weight[s]
                    t = syn_target[s]
                    if t < N:
                        Ie[t, b] += amp
                    else:
                        Ii[t - N, b] += amp
        # 5. traces
        if n_rec > 0:
            for b in range(nb):
                if (step0[b] + n + 1) % rec_every == 0:
                    kk = t_count[b]
                    for r in range(n_rec):
                        jn = rec_neurons[r]
                        trace[b, kk, 0, r] = V[jn, b]
                        trace[b, kk, 1, r] = Ie[jn, b]
                        trace[b, kk, 2, r] = Ii[jn, b]
                    t_count[b] = kk + 1
        if count + N * nb > cap:  # the next step might not fit: hand the spikes over
            return n + 1, count
    return n_max, count


@njit(nogil=True, cache=True)
def _clear_slot(q_src, q_lane, q_delta, q_n, slot, nb):
    """Remove the entries of running lanes (``lane < nb``) from a queue slot, keeping the
    others in order."""
    k = 0
    for e in range(q_n[slot]):
        if q_lane[slot, e] >= nb:
            q_src[slot, k] = q_src[slot, e]
            q_lane[slot, k] = q_lane[slot, e]
            q_delta[slot, k] = q_delta[slot, e]
            k += 1
    q_n[slot] = k


@njit(nogil=True, cache=True)
def _update_neurons(plan, state, spiked, spk_list, nb):
    """Phase 2 of a step for every neuron and the first ``nb`` lanes (see run_block);
    returns the number of neurons that spiked, listed in ``spk_list``."""
    p_vv, c_0, p_ve, p_vi, p_ee, p_ii = (plan.p_vv, plan.c_0, plan.p_ve, plan.p_vi, plan.p_ee,
                                         plan.p_ii)
    v_thresh, v_reset, ref_steps = plan.v_thresh, plan.v_reset, plan.ref_steps
    V, Ie, Ii, ref = state.V, state.Ie, state.Ii, state.ref
    N = V.shape[0]
    n_list = 0
    for i in range(N):
        a_vv = p_vv[i]
        a_0 = c_0[i]
        a_ve = p_ve[i]
        a_vi = p_vi[i]
        a_ee = p_ee[i]
        a_ii = p_ii[i]
        th = v_thresh[i]
        vr = v_reset[i]
        rs = ref_steps[i]
        s_count = 0
        for b in range(nb):
            v = V[i, b]
            ie = Ie[i, b]
            ii = Ii[i, b]
            r = ref[i, b]
            vn = a_0 + a_vv * v + a_ve * ie + a_vi * ii
            if r > 0:
                vn = v
                r = r - 1
            s = vn >= th
            if s:
                vn = vr
                r = rs
            V[i, b] = vn
            ref[i, b] = r
            Ie[i, b] = a_ee * ie
            Ii[i, b] = a_ii * ii
            spiked[i, b] = s
            s_count += s
        if s_count > 0:  # outside the lane loop, so that loop stays vectorised
            spk_list[n_list] = i
            n_list += 1
    return n_list


@njit(nogil=True, cache=True)
def _update_neurons_ext(plan, state, spiked, spk_list, nb, ext):
    """As :func:`_update_neurons`, plus the external voltage increment ``ext``."""
    p_vv, c_0, p_ve, p_vi, p_ee, p_ii = (plan.p_vv, plan.c_0, plan.p_ve, plan.p_vi, plan.p_ee,
                                         plan.p_ii)
    v_thresh, v_reset, ref_steps = plan.v_thresh, plan.v_reset, plan.ref_steps
    V, Ie, Ii, ref = state.V, state.Ie, state.Ii, state.ref
    N = V.shape[0]
    n_list = 0
    for i in range(N):
        a_vv = p_vv[i]
        a_0 = c_0[i]
        a_ve = p_ve[i]
        a_vi = p_vi[i]
        a_ee = p_ee[i]
        a_ii = p_ii[i]
        th = v_thresh[i]
        vr = v_reset[i]
        rs = ref_steps[i]
        s_count = 0
        for b in range(nb):
            v = V[i, b]
            ie = Ie[i, b]
            ii = Ii[i, b]
            r = ref[i, b]
            vn = a_0 + a_vv * v + a_ve * ie + a_vi * ii
            vn = vn + ext[i, b]
            if r > 0:
                vn = v
                r = r - 1
            s = vn >= th
            if s:
                vn = vr
                r = rs
            V[i, b] = vn
            ref[i, b] = r
            Ie[i, b] = a_ee * ie
            Ii[i, b] = a_ii * ii
            spiked[i, b] = s
            s_count += s
        if s_count > 0:  # outside the lane loop, so that loop stays vectorised
            spk_list[n_list] = i
            n_list += 1
    return n_list
