"""The reference backend: the engine's step in plain NumPy, written to be read.

Same contract (:mod:`liquidstate.engine.contract`), same state layout and same step order as
the compiled kernel (:func:`liquidstate.engine.backends.numba_cpu.run_block`, whose docstring
lists the order); it is slow (Python loops over steps and spikes) and exists to check the fast
backend on small networks. Elementwise IEEE arithmetic in the same order gives the same bits,
so the two backends agree exactly. It shares no code with the compiled kernel: its noise is
written out here, in Python integers, from the algorithm the contract states.
"""

from __future__ import annotations

import math

import numpy as np

from ..contract import (NOISE_GOLDEN, NOISE_MIX_A, NOISE_MIX_B, NOISE_NEURON_MUL,
                        NOISE_STEP_MUL, BlockInput, BlockOutput, BlockState, KernelPlan)

__all__ = ["run_block", "normal_from_counter"]

_MASK = (1 << 64) - 1  # Python integers do not wrap: keep the low 64 bits after each step


def _splitmix64(z: int) -> int:
    z = (z + NOISE_GOLDEN) & _MASK
    z = ((z ^ (z >> 30)) * NOISE_MIX_A) & _MASK
    z = ((z ^ (z >> 27)) * NOISE_MIX_B) & _MASK
    return z ^ (z >> 31)


def normal_from_counter(key: int, step: int, neuron: int) -> float:
    """The standard normal number of ``(key, step, neuron)``: Box-Muller on two 53-bit
    uniforms from a splitmix64 hash of the counter (see :mod:`liquidstate.engine.contract`)."""
    z = int(key) ^ ((int(step) * NOISE_STEP_MUL) & _MASK) ^ ((int(neuron) * NOISE_NEURON_MUL)
                                                            & _MASK)
    a = _splitmix64(z)
    b = _splitmix64(a)
    u1 = ((a >> 11) + 1) / 2.0 ** 53  # in (0, 1]: the logarithm is finite
    u2 = (b >> 11) / 2.0 ** 53        # in [0, 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def run_block(plan: KernelPlan, state: BlockState, inputs: BlockInput, outputs: BlockOutput,
              n_start: int) -> tuple[int, int]:
    """Same contract as the compiled ``run_block``."""
    p, st, io, out = plan, state, inputs, outputs
    V, Ie, Ii, ref, u, x, last = st.V, st.Ie, st.Ii, st.ref, st.u, st.x, st.last
    q_src, q_lane, q_delta, q_n = st.q_src, st.q_lane, st.q_delta, st.q_n
    n_steps, step0, ev_step, ev_chan, ev_ptr, ev_pos = (io.n_steps, io.step0, io.ev_step,
                                                        io.ev_chan, io.ev_ptr, io.ev_pos)
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
        vn = col(p.c_0) + col(p.p_vv) * v + col(p.p_ve) * ie + col(p.p_vi) * ii
        if io.has_noise or io.has_currents:
            ext = np.zeros_like(vn)
            if io.has_currents:
                for c in range(p.in_ptr.size - 1):
                    for k in range(p.in_ptr[c], p.in_ptr[c + 1]):
                        i = p.in_post[k]
                        ext[i] += (p.in_weight[k] * p.p_vx[i]) * io.currents[a, n, c]
            if io.has_noise:
                for i in np.flatnonzero(p.noise_v > 0):
                    xi = np.array([normal_from_counter(io.noise_key[b], step0[b] + n, i)
                                   for b in a])
                    ext[i] += np.float64(p.noise_v[i]) * xi  # in float64, as the kernel
            vn = vn + ext
        refractory = r > 0
        vn = np.where(refractory, v, vn)
        r = np.where(refractory, r - 1, r)
        s = vn >= col(p.v_thresh)
        vn = np.where(s, col(p.v_reset), vn)
        r = np.where(s, col(p.ref_steps), r)
        V[:, a], ref[:, a] = vn, r
        Ie[:, a] = col(p.p_ee) * ie
        Ii[:, a] = col(p.p_ii) * ii
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
        for j, d in enumerate(p.delays):
            qs = (n - d) % L
            for e in range(q_n[qs]):
                src, b, dl = q_src[qs, e], q_lane[qs, e], q_delta[qs, e]
                if b >= nb:
                    continue
                grp = src * p.delays.size + j
                for syn in range(p.grp_ptr[grp], p.grp_ptr[grp + 1]):
                    k = p.syn_dyn[syn]
                    if k >= 0:  # Tsodyks-Markram recursion (Markram et al. 1998)
                        U, u0, x0 = p.syn_U[syn], u[b, k], x[b, k]
                        u[b, k] = U + u0 * (1.0 - U) * math.exp(dl * p.syn_nhF[syn])
                        x[b, k] = 1.0 + (x0 - x0 * u0 - 1.0) * math.exp(dl * p.syn_nhD[syn])
                        amp = p.syn_weight[syn] * u[b, k] * x[b, k]
                    else:
                        amp = p.syn_weight[syn]
                    t = p.syn_target[syn]
                    if t < N:
                        Ie[t, b] += amp
                    else:
                        Ii[t - N, b] += amp
        # 5. traces at t_{n+1}
        rec = out.rec_neurons
        for b in a:
            if rec.size and (step0[b] + n + 1) % out.rec_every == 0:
                k = out.t_count[b]
                out.trace[b, k, 0] = V[rec, b]
                out.trace[b, k, 1] = Ie[rec, b]
                out.trace[b, k, 2] = Ii[rec, b]
                out.t_count[b] = k + 1
        if len(spikes) + N * nb > out.sp_step.size:
            n_reached = n + 1
            break
    arr = np.array(spikes, dtype=np.int64).reshape(-1, 3)
    k = arr.shape[0]
    out.sp_step[:k], out.sp_neuron[:k], out.sp_lane[:k] = arr[:, 0], arr[:, 1], arr[:, 2]
    return n_reached, k
