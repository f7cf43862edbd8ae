"""The reference backend: the engine's step in plain NumPy, written to be read.

Same plan, same state layout and same step order as the compiled kernel
(:func:`liquidstate.engine.backends.numba_cpu.run_block`, whose docstring lists the order);
it is slow (Python loops over steps and spikes) and exists to check the fast backend on small
networks. Elementwise IEEE arithmetic in the same order gives the same bits, so the two
backends agree exactly.
"""

from __future__ import annotations

import math

import numpy as np

from .numba_cpu import normal_from_counter

__all__ = ["run_block"]


def run_block(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx, v_thresh, v_reset, noise_v, ref_steps,
              delays, grp_ptr, syn_target, syn_weight, syn_dyn, syn_U, syn_nhD, syn_nhF,
              in_ptr, in_post, in_weight,
              V, Ie, Ii, ref, u, x, last,
              q_src, q_lane, q_delta, q_n,
              n_steps, step0, noise_key, has_noise,
              ev_step, ev_chan, ev_ptr, ev_pos, currents, has_currents,
              rec_neurons, rec_every, trace, t_count, n_start, sp_step, sp_neuron, sp_lane):
    """Same contract as the compiled ``run_block``."""
    N, B = V.shape
    L = q_n.size
    col = lambda a: a[:, None]  # noqa: E731  per-neuron coefficient against lanes
    spikes = []
    n_max = int(n_steps.max()) if B else 0
    n_reached = max(n_max, n_start)
    for n in range(n_start, n_max):
        nb = int(np.count_nonzero(n_steps > n))  # running lanes: a prefix (sorted by length)
        a = np.arange(nb)
        slot = n % L
        # 1. clear this step's queue slot for running lanes, queue this step's input events
        keep = [e for e in range(q_n[slot]) if q_lane[slot, e] >= nb]
        entries = [(q_src[slot, e], q_lane[slot, e], q_delta[slot, e]) for e in keep]
        for b in a:
            while ev_pos[b] < ev_ptr[b + 1] and ev_step[ev_pos[b]] == n:
                entries.append((N + ev_chan[ev_pos[b]], b, 0.0))
                ev_pos[b] += 1
        # 2. exact propagation of the membrane, refractoriness, threshold, reset, decay
        v, ie, ii, r = V[:, a], Ie[:, a], Ii[:, a], ref[:, a]
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
        Ie[:, a] = col(p_ee) * ie
        Ii[:, a] = col(p_ii) * ii
        # 3. record and queue the spikes (neuron by neuron, then lane)
        for i, b in zip(*np.nonzero(s)):
            spikes.append((n, i, b))
            g = step0[b] + n
            entries.append((i, b, float(g - last[i, b])))
            last[i, b] = g
        q_n[slot] = len(entries)
        for k, (src, b, dl) in enumerate(entries):
            q_src[slot, k], q_lane[slot, k], q_delta[slot, k] = src, b, dl
        # 4. delivery: spikes of step n - d through the synapses of delay d
        for j, d in enumerate(delays):
            qs = (n - d) % L
            for e in range(q_n[qs]):
                src, b, dl = q_src[qs, e], q_lane[qs, e], q_delta[qs, e]
                if b >= nb:
                    continue
                grp = src * delays.size + j
                for syn in range(grp_ptr[grp], grp_ptr[grp + 1]):
                    k = syn_dyn[syn]
                    if k >= 0:  # Tsodyks-Markram recursion (Markram et al. 1998)
                        U, u0, x0 = syn_U[syn], u[b, k], x[b, k]
                        u[b, k] = U + u0 * (1.0 - U) * math.exp(dl * syn_nhF[syn])
                        x[b, k] = 1.0 + (x0 - x0 * u0 - 1.0) * math.exp(dl * syn_nhD[syn])
                        amp = syn_weight[syn] * u[b, k] * x[b, k]
                    else:
                        amp = syn_weight[syn]
                    t = syn_target[syn]
                    if t < N:
                        Ie[t, b] += amp
                    else:
                        Ii[t - N, b] += amp
        # 5. traces at t_{n+1}
        for b in a:
            if rec_neurons.size and (step0[b] + n + 1) % rec_every == 0:
                k = t_count[b]
                trace[b, k, 0] = V[rec_neurons, b]
                trace[b, k, 1] = Ie[rec_neurons, b]
                trace[b, k, 2] = Ii[rec_neurons, b]
                t_count[b] = k + 1
        if len(spikes) + N * nb > sp_step.size:
            n_reached = n + 1
            break
    arr = np.array(spikes, dtype=np.int64).reshape(-1, 3)
    k = arr.shape[0]
    sp_step[:k], sp_neuron[:k], sp_lane[:k] = arr[:, 0], arr[:, 1], arr[:, 2]
    return n_reached, k
