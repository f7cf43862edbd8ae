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
    """Advance a block's lanes from local step ``n_start``, in the compiled kernel's step order.

    Parameters
    ----------
    plan, state, inputs, outputs : KernelPlan, BlockState, BlockInput, BlockOutput
        The contract's records (:mod:`liquidstate.engine.contract`). ``state``,
        ``inputs.ev_pos`` and the arrays of ``outputs`` are updated in place.
    n_start : int
        Local step to start from: 0, or where the previous call stopped.

    Returns
    -------
    n_reached, n_spikes : int
        The local step reached (the end of the longest lane, or earlier when the spike
        buffers might not hold the next step's spikes) and the number of spikes written to
        ``outputs.sp_step, sp_neuron, sp_lane``.
    """
    # short names for the arrays read and written all along
    V, Ie, Ii, ref, u, x, last = state.V, state.Ie, state.Ii, state.ref, state.u, state.x, \
        state.last
    q_src, q_lane, q_delta, q_n = state.q_src, state.q_lane, state.q_delta, state.q_n
    n_steps, step0 = inputs.n_steps, inputs.step0
    ev_step, ev_chan, ev_ptr, ev_pos = inputs.ev_step, inputs.ev_chan, inputs.ev_ptr, \
        inputs.ev_pos
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
        vn = col(plan.c_0) + col(plan.p_vv) * v + col(plan.p_ve) * ie + col(plan.p_vi) * ii
        if inputs.has_noise or inputs.has_currents:
            ext = np.zeros_like(vn)
            if inputs.has_currents:
                for c in range(plan.in_ptr.size - 1):
                    for k in range(plan.in_ptr[c], plan.in_ptr[c + 1]):
                        i = plan.in_post[k]
                        ext[i] += (plan.in_weight[k] * plan.p_vx[i]) * inputs.currents[a, n, c]
            if inputs.has_noise:
                for i in np.flatnonzero(plan.noise_v > 0):
                    xi = np.array([normal_from_counter(inputs.noise_key[b], step0[b] + n, i)
                                   for b in a])
                    ext[i] += np.float64(plan.noise_v[i]) * xi  # in float64, as the kernel
            vn = vn + ext
        refractory = r > 0
        vn = np.where(refractory, v, vn)
        r = np.where(refractory, r - 1, r)
        s = vn >= col(plan.v_thresh)
        vn = np.where(s, col(plan.v_reset), vn)
        r = np.where(s, col(plan.ref_steps), r)
        V[:, a], ref[:, a] = vn, r
        Ie[:, a] = col(plan.p_ee) * ie
        Ii[:, a] = col(plan.p_ii) * ii
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
        for j, d in enumerate(plan.delays):
            qs = (n - d) % L
            for e in range(q_n[qs]):
                src, b, dl = q_src[qs, e], q_lane[qs, e], q_delta[qs, e]
                if b >= nb:
                    continue
                grp = src * plan.delays.size + j
                for syn in range(plan.grp_ptr[grp], plan.grp_ptr[grp + 1]):
                    k = plan.syn_dyn[syn]
                    if k >= 0:  # Tsodyks-Markram recursion (Markram et al. 1998)
                        U, u0, x0 = plan.syn_U[syn], u[b, k], x[b, k]
                        u[b, k] = U + u0 * (1.0 - U) * math.exp(dl * plan.syn_nhF[syn])
                        x[b, k] = 1.0 + (x0 - x0 * u0 - 1.0) * math.exp(dl * plan.syn_nhD[syn])
                        amp = plan.syn_weight[syn] * u[b, k] * x[b, k]
                    else:
                        amp = plan.syn_weight[syn]
                    t = plan.syn_target[syn]
                    if t < N:
                        Ie[t, b] += amp
                    else:
                        Ii[t - N, b] += amp
        # 5. traces at t_{n+1}
        rec = outputs.rec_neurons
        for b in a:
            if rec.size and (step0[b] + n + 1) % outputs.rec_every == 0:
                k = outputs.t_count[b]
                outputs.trace[b, k, 0] = V[rec, b]
                outputs.trace[b, k, 1] = Ie[rec, b]
                outputs.trace[b, k, 2] = Ii[rec, b]
                outputs.t_count[b] = k + 1
        if len(spikes) + N * nb > outputs.sp_step.size:
            n_reached = n + 1
            break
    arr = np.array(spikes, dtype=np.int64).reshape(-1, 3)
    k = arr.shape[0]
    outputs.sp_step[:k] = arr[:, 0]
    outputs.sp_neuron[:k] = arr[:, 1]
    outputs.sp_lane[:k] = arr[:, 2]
    return n_reached, k
