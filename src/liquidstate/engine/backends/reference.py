"""The reference backend: the engine's step in plain NumPy, written to be read.

Same plan, same state layout ``(n_neurons, n_lanes)`` and same step order as the compiled
kernel (:func:`liquidstate.engine.backends.numba_cpu.run_block`, whose docstring lists the
order); it is slow (a Python loop over steps and spikes) and exists to check the fast
backend on small networks. Elementwise IEEE arithmetic in the same order gives the same
bits, so the two backends agree exactly.
"""

from __future__ import annotations

import math

import numpy as np

from .numba_cpu import normal_from_counter

__all__ = ["run_block"]


def run_block(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx, v_thresh, v_reset, noise_v, ref_steps,
              syn_ptr, syn_target, syn_weight, syn_delay, syn_dyn, syn_U, syn_nhD, syn_nhF,
              in_ptr, in_weight, in_post, in_target, in_delay,
              V, Ie, Ii, ref, ring, u, x, last,
              n_steps, step0, noise_key, has_noise,
              ev_step, ev_chan, ev_ptr, ev_pos, currents, has_currents,
              rec_neurons, rec_every, trace, t_count, n_start, sp_step, sp_neuron, sp_lane):
    """Same contract as the compiled ``run_block`` (it stops early when the spike buffers
    might overflow, and returns ``(n_reached, n_spikes)``)."""
    N, B = V.shape
    L = ring.shape[0]
    col = lambda a: a[:, None]  # noqa: E731  per-neuron coefficient against lanes
    spikes = []
    n_max = int(n_steps.max()) if B else 0
    n = n_reached = n_start
    for n in range(n_start, n_max):
        act = np.flatnonzero(n_steps > n)  # lanes still running (a prefix: sorted by length)
        slot = n % L
        # 1. input spikes of this step go to the ring slot n + delay
        for b in act:
            while ev_pos[b] < ev_ptr[b + 1] and ev_step[ev_pos[b]] == n:
                c = ev_chan[ev_pos[b]]
                for p in range(in_ptr[c], in_ptr[c + 1]):
                    ring[(n + in_delay[p]) % L, in_target[p], b] += in_weight[p]
                ev_pos[b] += 1
        a = act
        v, ie, ii, r = V[:, a], Ie[:, a], Ii[:, a], ref[:, a]
        # 2. exact propagation of the membrane, refractoriness, threshold, reset, currents
        vn = col(c_0) + col(p_vv) * v + col(p_ve) * ie + col(p_vi) * ii
        if has_noise or has_currents:
            ext = np.zeros_like(vn)
            if has_currents:
                for c in range(in_ptr.size - 1):
                    for p in range(in_ptr[c], in_ptr[c + 1]):
                        i = in_post[p]
                        ext[i] += (in_weight[p] * p_vx[i]) * currents[a, n, c]
            if has_noise:
                for i in np.flatnonzero(noise_v > 0):
                    xi = np.array([normal_from_counter(noise_key[b], step0[b] + n, i)
                                   for b in a])
                    ext[i] += np.float64(noise_v[i]) * xi  # in float64, as the kernel
            vn = vn + ext
        refractory = r > 0
        vn = np.where(refractory, v, vn)
        r = np.where(refractory, r - 1, r)
        s = vn >= col(v_thresh)
        vn = np.where(s, col(v_reset), vn)
        r = np.where(s, col(ref_steps), r)
        V[:, a], ref[:, a] = vn, r
        Ie[:, a] = col(p_ee) * ie + ring[slot, :N][:, a]
        Ii[:, a] = col(p_ii) * ii + ring[slot, N:][:, a]
        ring[slot][:, a] = 0
        # 3. spikes: Tsodyks-Markram recursion per outgoing synapse, then into the ring
        for i, j in zip(*np.nonzero(s)):
            b = a[j]
            spikes.append((n, i, b))
            g = step0[b] + n
            dl = float(g - last[i, b])
            last[i, b] = g
            for syn in range(syn_ptr[i], syn_ptr[i + 1]):
                k = syn_dyn[syn]
                if k >= 0:
                    U, u0, x0 = syn_U[syn], u[k, b], x[k, b]
                    u[k, b] = U + u0 * (1.0 - U) * math.exp(dl * syn_nhF[syn])
                    x[k, b] = 1.0 + (x0 - x0 * u0 - 1.0) * math.exp(dl * syn_nhD[syn])
                    amp = syn_weight[syn] * u[k, b] * x[k, b]
                else:
                    amp = syn_weight[syn]
                d, t = syn_delay[syn], syn_target[syn]
                if d == 0:
                    (Ie if t < N else Ii)[t % N, b] += amp
                else:
                    ring[(n + d) % L, t, b] += amp
        # 4. traces at t_{n+1}
        for b in act:
            if rec_neurons.size and (step0[b] + n + 1) % rec_every == 0:
                k = t_count[b]
                trace[b, k, 0] = V[rec_neurons, b]
                trace[b, k, 1] = Ie[rec_neurons, b]
                trace[b, k, 2] = Ii[rec_neurons, b]
                t_count[b] = k + 1
        n_reached = n + 1
        if len(spikes) + N * act.size > sp_step.size:
            break
    else:
        n_reached = max(n_max, n_start)
    # the kernel reports spikes step by step, neuron by neuron, then lane
    arr = np.array(spikes, dtype=np.int64).reshape(-1, 3)
    arr = arr[np.lexsort((arr[:, 2], arr[:, 1], arr[:, 0]))]
    k = arr.shape[0]
    sp_step[:k], sp_neuron[:k], sp_lane[:k] = arr[:, 0], arr[:, 1], arr[:, 2]
    return n_reached, k
