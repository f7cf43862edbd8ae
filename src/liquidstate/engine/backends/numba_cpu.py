"""The compiled CPU backend: one Numba kernel that advances a block of samples in lock-step.

Layout: state arrays are ``(n_neurons, n_lanes)`` with the samples of a block ("lanes") along
the last, contiguous axis, so the per-neuron update of all lanes is one vectorised loop
(the neuron coefficients are scalars in it). Spikes are rare and handled event by event.
Blocks are independent; :mod:`liquidstate.engine.simulate` runs them on a thread pool (the
kernel releases the GIL). Lanes never interact and every lane executes the same scalar
operations in the same order (no fast-math, so no FMA contraction or reassociation), hence a
sample's result does not depend on its block, its lane, the block size or the thread count.

Step order for step ``n`` (from ``t_n = n dt`` to ``t_{n+1}``), see :func:`run_block`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["run_block", "normal_from_counter"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_A = np.uint64(0xBF58476D1CE4E5B9)
_MIX_B = np.uint64(0x94D049BB133111EB)
_STEP_MUL = np.uint64(0xD1B54A32D192ED03)
_NEURON_MUL = np.uint64(0xA0761D6478BD642F)


@njit(inline="always")
def _splitmix64(z):
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX_A
    z = (z ^ (z >> np.uint64(27))) * _MIX_B
    return z ^ (z >> np.uint64(31))


@njit(inline="always")
def normal_from_counter(key, step, neuron):
    """A standard normal number, a pure function of ``(key, step, neuron)`` (Box-Muller on two
    53-bit uniforms from a splitmix64 hash): noise is the same whatever the chunking."""
    z = key ^ (np.uint64(step) * _STEP_MUL) ^ (np.uint64(neuron) * _NEURON_MUL)
    a = _splitmix64(z)
    b = _splitmix64(a)
    u1 = (np.float64(a >> np.uint64(11)) + 1.0) * (1.0 / 9007199254740992.0)  # (0, 1]
    u2 = np.float64(b >> np.uint64(11)) * (1.0 / 9007199254740992.0)          # [0, 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@njit(nogil=True, cache=True)
def run_block(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx, v_thresh, v_reset, noise_v, ref_steps,
              syn_ptr, syn_target, syn_weight, syn_delay, syn_dyn, syn_U, syn_nhD, syn_nhF,
              in_ptr, in_weight, in_post, in_target, in_delay,
              V, Ie, Ii, ref, ring, u, x, last,
              n_steps, step0, noise_key, has_noise,
              ev_step, ev_chan, ev_ptr, ev_pos, currents, has_currents,
              rec_neurons, rec_every, trace, t_count, n_start, sp_step, sp_neuron, sp_lane):
    """Advance ``B`` lanes by ``n_steps[b]`` steps each (lanes sorted by ``n_steps``, descending).

    Starts at local step ``n_start`` and returns ``(n_reached, n_spikes)``: it stops early, at
    the end of a step, when the spike buffers ``sp_step, sp_neuron, sp_lane`` might not hold
    the next step's spikes; the caller empties them and calls again from ``n_reached``. State
    arrays, ``ev_pos`` (next input event per lane) and ``t_count`` (trace values stored per
    lane) are updated in place, so the calls chain exactly.

    Step ``n`` of lane ``b`` (global step ``g = step0[b] + n``), in this fixed order:

    1. input spikes that fall in step ``n`` are added to the ring buffer slot ``n + d``
       (``d`` the input delay in steps), so they reach the current at the end of step ``n + d``;
    2. for every neuron, with the currents ``I_e, I_i`` at ``t_n``:
       ``V' = c_0 + p_vv V + p_ve I_e + p_vi I_i [+ p_vx (I_inj + sigma xi)]``
       unless refractory (then ``V' = V`` and the counter decreases by one);
       if ``V' >= v_thresh``: spike (labelled ``t_n``), ``V' = v_reset``, counter = ref_steps;
       ``I_e' = p_ee I_e + ring_e[n]``, ``I_i' = p_ii I_i + ring_i[n]`` (ring slot cleared);
    3. each spike of the step runs the Tsodyks-Markram recursion of its outgoing synapses and
       adds ``A u x`` to the ring slot ``n + d`` (``d >= 1``), or directly to the current for
       ``d = 0`` (after all neurons are updated, so the order of neurons does not matter);
    4. traces of ``rec_neurons`` are stored when ``(g + 1) % rec_every == 0`` (values at
       ``t_{n+1}``).

    Spike steps are local (counted from the first call's step 0).
    """
    N = V.shape[0]
    B = V.shape[1]
    L = ring.shape[0]
    n_max = n_steps[0] if B > 0 else 0
    cap = sp_step.size
    count = 0
    spiked = np.zeros((N, B), np.uint8)
    n_spk = np.zeros(N, np.int64)
    ext = np.zeros((N, B), V.dtype)
    n_rec = rec_neurons.size
    use_ext = has_noise or has_currents
    nb = B
    for n in range(n_start, n_max):
        while nb > 0 and n_steps[nb - 1] <= n:
            nb -= 1
        slot = n % L
        # 1. input spikes of this step into the ring buffer
        for b in range(nb):
            pos = ev_pos[b]
            end = ev_ptr[b + 1]
            while pos < end and ev_step[pos] == n:
                c = ev_chan[pos]
                for p in range(in_ptr[c], in_ptr[c + 1]):
                    ring[(n + in_delay[p]) % L, in_target[p], b] += in_weight[p]
                pos += 1
            ev_pos[b] = pos
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
        # 2. neurons, vectorised over lanes (two copies of the loop, so that the common
        # case has no branch inside it and LLVM vectorises it)
        if use_ext:
            _update_neurons(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, v_thresh, v_reset, ref_steps,
                            V, Ie, Ii, ref, ring, slot, spiked, n_spk, nb, ext, True)
        else:
            _update_neurons(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, v_thresh, v_reset, ref_steps,
                            V, Ie, Ii, ref, ring, slot, spiked, n_spk, nb, ext, False)
        # 3. spikes: record and propagate through (dynamic) synapses
        for i in range(N):
            if n_spk[i] == 0:
                continue
            for b in range(nb):
                if spiked[i, b] == 0:
                    continue
                sp_step[count] = n
                sp_neuron[count] = i
                sp_lane[count] = b
                count += 1
                g = step0[b] + n
                dl = np.float64(g - last[i, b])
                last[i, b] = g
                for s in range(syn_ptr[i], syn_ptr[i + 1]):
                    k = syn_dyn[s]
                    if k >= 0:
                        uu = syn_U[s]
                        u0 = u[k, b]
                        x0 = x[k, b]
                        un = uu + u0 * (1.0 - uu) * math.exp(dl * syn_nhF[s])
                        xn = 1.0 + (x0 - x0 * u0 - 1.0) * math.exp(dl * syn_nhD[s])
                        u[k, b] = un
                        x[k, b] = xn
                        amp = syn_weight[s] * un * xn
                    else:
                        amp = syn_weight[s]
                    d = syn_delay[s]
                    t = syn_target[s]
                    if d == 0:
                        if t < N:
                            Ie[t, b] += amp
                        else:
                            Ii[t - N, b] += amp
                    else:
                        ring[(n + d) % L, t, b] += amp
        # 4. traces
        if n_rec > 0:
            for b in range(nb):
                if (step0[b] + n + 1) % rec_every == 0:
                    k = t_count[b]
                    for r in range(n_rec):
                        j = rec_neurons[r]
                        trace[b, k, 0, r] = V[j, b]
                        trace[b, k, 1, r] = Ie[j, b]
                        trace[b, k, 2, r] = Ii[j, b]
                    t_count[b] = k + 1
        if count + N * nb > cap:  # the next step might not fit: hand the spikes over
            return n + 1, count
    return n_max, count


@njit(nogil=True, cache=True)
def _update_neurons(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, v_thresh, v_reset, ref_steps,
                    V, Ie, Ii, ref, ring, slot, spiked, n_spk, nb, ext, use_ext):
    """Phase 2 of a step for every neuron and the first ``nb`` lanes (see run_block)."""
    N = V.shape[0]
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
            if use_ext:
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
            Ie[i, b] = a_ee * ie + ring[slot, i, b]
            Ii[i, b] = a_ii * ii + ring[slot, N + i, b]
            ring[slot, i, b] = 0.0
            ring[slot, N + i, b] = 0.0
            spiked[i, b] = s
            s_count += s
        n_spk[i] = s_count

