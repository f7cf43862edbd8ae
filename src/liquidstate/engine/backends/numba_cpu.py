"""The compiled CPU backend: one Numba kernel that advances a block of samples in lock-step.

Layout: state arrays are ``(n_neurons, n_lanes)`` with the samples of a block ("lanes") along
the last, contiguous axis, so the per-neuron update of all lanes is one vectorised loop
(the neuron coefficients are scalars in it). Spikes are rare and handled event by event.
Blocks are independent; :mod:`liquidstate.engine.simulate` runs them on a thread pool (the
kernel releases the GIL), and when the blocks are fewer than the threads, a team of threads
runs one block together (:func:`run_block_member`, below), each owning some of the neurons. Lanes never interact and every lane executes the same scalar
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

import ctypes
import ctypes.util
import math
import sys
from typing import NamedTuple

import numpy as np
from llvmlite import binding as llvm_binding
from llvmlite import ir as llvm_ir
from numba import njit
from numba.core import cgutils, types
from numba.extending import intrinsic, overload

from .. import contract

__all__ = ["run_block", "normal_from_counter", "Team", "make_team", "run_block_member"]

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
    V, Ie, Ii, u, x, last = (state.V, state.Ie, state.Ii, state.u, state.x, state.last)
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
    uniform = _uniform_neurons(plan)
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
            n_list = _update_neurons_ext(plan, state, spiked, spk_list, nb, ext, 0, N, uniform)
        else:
            n_list = _update_neurons(plan, state, spiked, spk_list, nb, 0, N, uniform)
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
def _update_neurons(plan, state, spiked, spk_list, nb, lo, hi, uniform):
    """Phase 2 of a step for neurons ``lo:hi`` and the first ``nb`` lanes (see run_block);
    returns the number of neurons that spiked, listed in ``spk_list``."""
    if nb == 1:
        return _update_neurons_one(plan, state, spiked, spk_list, lo, hi, state.V, False,
                                   uniform)
    p_vv, c_0, p_ve, p_vi, p_ee, p_ii = (plan.p_vv, plan.c_0, plan.p_ve, plan.p_vi, plan.p_ee,
                                         plan.p_ii)
    v_thresh, v_reset, ref_steps = plan.v_thresh, plan.v_reset, plan.ref_steps
    V, Ie, Ii, ref = state.V, state.Ie, state.Ii, state.ref
    n_list = 0
    for i in range(np.uint64(lo), np.uint64(hi)):  # unsigned: no negative-index check
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
def _update_neurons_ext(plan, state, spiked, spk_list, nb, ext, lo, hi, uniform):
    """As :func:`_update_neurons`, plus the external voltage increment ``ext``."""
    if nb == 1:
        return _update_neurons_one(plan, state, spiked, spk_list, lo, hi, ext, True, uniform)
    p_vv, c_0, p_ve, p_vi, p_ee, p_ii = (plan.p_vv, plan.c_0, plan.p_ve, plan.p_vi, plan.p_ee,
                                         plan.p_ii)
    v_thresh, v_reset, ref_steps = plan.v_thresh, plan.v_reset, plan.ref_steps
    V, Ie, Ii, ref = state.V, state.Ie, state.Ii, state.ref
    n_list = 0
    for i in range(np.uint64(lo), np.uint64(hi)):  # unsigned: no negative-index check
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


@njit(nogil=True, cache=True)
def _uniform_neurons(plan):
    """Whether every neuron has the same coefficients (all but ``ref_steps``)."""
    return (_same(plan.p_vv) and _same(plan.c_0) and _same(plan.p_ve) and _same(plan.p_vi)
            and _same(plan.p_ee) and _same(plan.p_ii) and _same(plan.v_thresh)
            and _same(plan.v_reset))


@njit(nogil=True, cache=True)
def _same(a):
    for i in range(1, a.size):
        if a[i] != a[0]:
            return False
    return True


@njit(nogil=True, cache=True)
def _update_neurons_one(plan, state, spiked, spk_list, lo, hi, ext, use_ext, uniform):
    """:func:`_update_neurons` for lane 0 alone, plus ``ext`` if ``use_ext``. The lane loop of
    the general version costs more than the update when it runs once, so this loops over the
    neurons instead, then lists the spikes in a second pass (the same operations, in the same
    order, for each neuron). With one lane the coefficient arrays would be most of the memory
    traffic, so when the neurons share them (``uniform``) they are read once."""
    if uniform and hi > lo:
        _neurons_one(plan.c_0[lo], plan.p_vv[lo], plan.p_ve[lo], plan.p_vi[lo], plan.p_ee[lo],
                     plan.p_ii[lo], plan.v_thresh[lo], plan.v_reset[lo], plan.ref_steps,
                     state, spiked, lo, hi, ext, use_ext)
    else:
        _neurons_one(plan.c_0, plan.p_vv, plan.p_ve, plan.p_vi, plan.p_ee, plan.p_ii,
                     plan.v_thresh, plan.v_reset, plan.ref_steps, state, spiked, lo, hi, ext,
                     use_ext)
    n_list = 0
    for i in range(np.uint64(lo), np.uint64(hi)):
        if spiked[i, 0] != 0:
            spk_list[n_list] = i
            n_list += 1
    return n_list


def _at(a, i):
    """``a[i]`` for an array, ``a`` for a scalar (the same coefficient for every neuron)."""
    return a[i] if isinstance(a, np.ndarray) else a


@overload(_at, inline="always")
def _at_compiled(a, i):
    if isinstance(a, types.Array):
        return lambda a, i: a[i]
    return lambda a, i: a


@njit(nogil=True, cache=True)
def _neurons_one(c_0, p_vv, p_ve, p_vi, p_ee, p_ii, v_thresh, v_reset, ref_steps, state,
                 spiked, lo, hi, ext, use_ext):
    """The loop of :func:`_update_neurons_one`; each coefficient is an array over the neurons
    or one number for all (compiled separately for each case)."""
    V, Ie, Ii, ref = state.V, state.Ie, state.Ii, state.ref
    for i in range(np.uint64(lo), np.uint64(hi)):  # unsigned: no negative-index check
        v = V[i, 0]
        ie = Ie[i, 0]
        ii = Ii[i, 0]
        r = ref[i, 0]
        vn = _at(c_0, i) + _at(p_vv, i) * v + _at(p_ve, i) * ie + _at(p_vi, i) * ii
        if use_ext:
            vn = vn + ext[i, 0]
        if r > 0:
            vn = v
            r = r - 1
        s = vn >= _at(v_thresh, i)
        if s:
            vn = _at(v_reset, i)
            r = ref_steps[i]
        V[i, 0] = vn
        ref[i, 0] = r
        Ie[i, 0] = _at(p_ee, i) * ie
        Ii[i, 0] = _at(p_ii, i) * ii
        spiked[i, 0] = s


# ------------------------------------------------------------------ several threads, one block
#
# A team of ``k`` threads advances one block together: member ``p`` owns the neurons
# ``lo[p]:lo[p+1]`` (their update, external input, last spike and traces) and the synapses
# that end on them (their delivery and Tsodyks-Markram state). Every neuron and every synapse
# is thus computed by one thread, with the same operations in the same order as in run_block
# (a target's inputs are added in the same (delay, queue entry, synapse) order), so the
# results are bit-identical to one thread. Each member keeps its own copy of the spike queue
# and fills it with everyone's spikes, so that the members meet once per step, at a barrier
# (a spin-wait that gives the core away after a while); the spike lists they exchange are
# double-buffered by step parity, so a member may start the next step while another still
# reads this one's.


class Team(NamedTuple):
    """What the members of a team share (built by :func:`make_team`; ``k`` members, ``B``
    lanes).

    - ``lo`` (int64 ``(k+1,)``): member ``p`` owns neurons ``lo[p]:lo[p+1]``;
    - ``part_ptr`` (int64 ``(k, G+1)``, ``G = (N+C) K``): member ``p``'s synapses of group
      ``g`` (source and delay, as ``KernelPlan.grp_ptr``) are ``part_ptr[p, g] :
      part_ptr[p, g+1]`` of the ``syn_*`` arrays below;
    - ``syn_target, syn_weight, syn_U, syn_nhD, syn_nhF``: the plan's synapse arrays
      reordered by (member, group), each group's synapses in the plan's order;
    - ``syn_dyn`` (int64 ``(M,)``): in that order, the column of the synapse's
      Tsodyks-Markram state in the team's ``u, x``, which hold the columns of the block's in
      the order ``dyn_order`` (int64 ``(n_dynamic,)``): each member's synapses in one
      stretch, so that members never write to the same cache line;
    - ``sp_i``, ``sp_b`` (int64 ``(2, N B)``), ``sp_d`` (float64 ``(2, N B)``): the spikes of a
      step (neuron, lane, steps since that neuron's previous spike), member ``p``'s from
      ``lo[p] B`` on, in (neuron, lane) order; ``sp_n`` (int64 ``(2, k)``) counts them; the
      first index is the step's parity;
    - ``ext`` (ftype ``(N, B)``): external voltage increments of the step;
    - ``bar`` (int64 ``(8,)``): the barrier's counter (element 0).
    """

    lo: np.ndarray
    part_ptr: np.ndarray
    dyn_order: np.ndarray
    syn_target: np.ndarray
    syn_weight: np.ndarray
    syn_dyn: np.ndarray
    syn_U: np.ndarray
    syn_nhD: np.ndarray
    syn_nhF: np.ndarray
    sp_i: np.ndarray
    sp_b: np.ndarray
    sp_d: np.ndarray
    sp_n: np.ndarray
    ext: np.ndarray
    bar: np.ndarray


def make_team(plan, k: int, n_lanes: int, dtype, like: Team | None = None) -> Team:
    """The shared arrays of a team of ``k`` threads for a block of ``n_lanes`` lanes of the
    :class:`~liquidstate.engine.contract.KernelPlan` ``plan`` (``dtype``: its float type).
    ``like``: a team of ``k`` for the same plan, whose partition of the synapses is reused."""
    N = plan.p_vv.size
    scratch = dict(sp_i=np.empty((2, N * n_lanes), np.int64),
                   sp_b=np.empty((2, N * n_lanes), np.int64),
                   sp_d=np.empty((2, N * n_lanes)), sp_n=np.zeros((2, k), np.int64),
                   ext=np.zeros((N, n_lanes), dtype), bar=np.zeros(8, np.int64))
    if like is not None:
        return like._replace(**scratch)
    lo = np.linspace(0, N, k + 1).round().astype(np.int64)
    G = plan.grp_ptr.size - 1
    group = np.repeat(np.arange(G, dtype=np.int64), np.diff(plan.grp_ptr))
    owner = np.searchsorted(lo, plan.syn_target % max(N, 1), side="right") - 1
    order = np.argsort(owner * G + group, kind="stable")  # each group keeps the plan's order
    part_ptr = np.zeros((k, G + 1), np.int64)
    for p in range(k):
        part_ptr[p, 0] = np.count_nonzero(owner < p)
        np.cumsum(np.bincount(group[owner == p], minlength=G), out=part_ptr[p, 1:])
        part_ptr[p, 1:] += part_ptr[p, 0]
    dyn = plan.syn_dyn[order]
    is_dyn = dyn >= 0
    syn_dyn = np.full(dyn.size, -1, np.int64)
    syn_dyn[is_dyn] = np.arange(np.count_nonzero(is_dyn))
    return Team(lo=lo, part_ptr=part_ptr, dyn_order=dyn[is_dyn],
                syn_target=plan.syn_target[order],
                syn_weight=plan.syn_weight[order], syn_dyn=syn_dyn,
                syn_U=plan.syn_U[order], syn_nhD=plan.syn_nhD[order],
                syn_nhF=plan.syn_nhF[order], **scratch)


def _thread_yield_address() -> int:
    """Address of the C function that gives up the core (sched_yield, or Windows'
    SwitchToThread)."""
    if sys.platform == "win32":
        return ctypes.cast(ctypes.windll.kernel32.SwitchToThread, ctypes.c_void_p).value
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
    return ctypes.cast(libc.sched_yield, ctypes.c_void_p).value


# compiled code calls it by this name (so that cached code finds it in a new process)
llvm_binding.add_symbol("liquidstate_thread_yield", _thread_yield_address())


@intrinsic
def _thread_yield(typingctx):
    sig = types.void()

    def codegen(context, builder, signature, args):
        fnty = llvm_ir.FunctionType(llvm_ir.IntType(32), [])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "liquidstate_thread_yield")
        builder.call(fn, [])
        return context.get_dummy_value()
    return sig, codegen


@intrinsic
def _atomic_add(typingctx, arr, value):
    """``arr[0] += value`` as one atomic operation; returns the old value."""
    sig = types.int64(arr, value)

    def codegen(context, builder, signature, args):
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        return builder.atomic_rmw("add", ary.data, args[1], "seq_cst")
    return sig, codegen


@intrinsic
def _atomic_load(typingctx, arr):
    """``arr[0]``, read atomically (never hoisted out of a loop)."""
    sig = types.int64(arr)

    def codegen(context, builder, signature, args):
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        return builder.load_atomic(ary.data, "seq_cst", 8)
    return sig, codegen


_SPINS = 2000  # spin-waits before a waiting member starts giving its core away


@njit(nogil=True, cache=True)
def _barrier(bar, k, gen):
    """Wait until all ``k`` members have arrived at barrier number ``gen`` (counted from 0
    since the counter was last zeroed); returns ``gen + 1``."""
    _atomic_add(bar, 1)
    target = (gen + 1) * k
    spins = 0
    while _atomic_load(bar) < target:
        spins += 1
        if spins > _SPINS:
            _thread_yield()
    return gen + 1


@njit(nogil=True, cache=True)
def run_block_member(plan, team, state, inputs, outputs, n_start, p):
    """Member ``p`` of a team of threads that advance one block together; the members
    (``team.lo.size - 1`` of them, each on its own thread, all at once) give together what
    :func:`run_block` gives, bit for bit, and each returns its ``(n_reached, n_spikes)``.

    Each member gets the block's ``state`` and ``inputs`` with its own copies of the spike
    queue ``q_*`` and of ``ev_pos`` (member 0: the block's own), and ``u, x`` with their
    columns in the order ``team.dyn_order``; the other arrays are shared.
    ``team.bar`` must be zero when they start. Step ``n``, with ``par = n % 2``:

    (a) every member: phase 2 (with the external increments) for its neurons, then lists
        their spikes in ``sp_*[par]`` (and updates their ``last``); barrier;
    (b) every member: phase 1 and 3 on its queue (the spikes of all members, in neuron
        order); member 0 also records them in the outputs;
    (c) every member: phase 4 for the synapses onto its neurons, phase 5 for its recorded
        neurons. Member 0 writes ``t_count`` at the end.
    """
    V, Ie, Ii, u, x, last = state.V, state.Ie, state.Ii, state.u, state.x, state.last
    q_src, q_lane, q_delta, q_n = state.q_src, state.q_lane, state.q_delta, state.q_n
    delays = plan.delays
    in_ptr, in_post, in_weight, p_vx, noise_v = (plan.in_ptr, plan.in_post, plan.in_weight,
                                                 plan.p_vx, plan.noise_v)
    part_ptr, syn_dyn, syn_U = team.part_ptr, team.syn_dyn, team.syn_U
    syn_nhD, syn_nhF, syn_weight, syn_target = (team.syn_nhD, team.syn_nhF, team.syn_weight,
                                                team.syn_target)
    ext, bar = team.ext, team.bar
    sp_i, sp_b, sp_d, sp_n = team.sp_i, team.sp_b, team.sp_d, team.sp_n
    n_steps, step0, noise_key, has_noise = (inputs.n_steps, inputs.step0, inputs.noise_key,
                                            inputs.has_noise)
    ev_step, ev_chan, ev_ptr, ev_pos = inputs.ev_step, inputs.ev_chan, inputs.ev_ptr, inputs.ev_pos
    currents, has_currents = inputs.currents, inputs.has_currents
    rec_neurons, rec_every, trace = outputs.rec_neurons, outputs.rec_every, outputs.trace
    sp_step, sp_neuron, sp_lane = outputs.sp_step, outputs.sp_neuron, outputs.sp_lane
    t_count = outputs.t_count.copy()  # every member counts; member 0 writes it back
    k = team.lo.size - 1
    lo = team.lo[p]
    hi = team.lo[p + 1]
    N = V.shape[0]
    B = V.shape[1]
    L = q_n.size
    n_dv = delays.size
    n_max = n_steps[0] if B > 0 else 0
    cap = sp_step.size
    count = 0
    gen = 0
    n_rec = rec_neurons.size
    use_ext = has_noise or has_currents
    # the member's own scratch, allocated here so that the compiler knows it aliases
    # nothing (it vectorises the neuron loop only then)
    spiked = np.zeros((N, B), np.uint8)
    spk_list = np.zeros(N, np.int64)
    uniform = _uniform_neurons(plan)
    nb = B
    for n in range(n_start, n_max):
        while nb > 0 and n_steps[nb - 1] <= n:
            nb -= 1
        slot = n % L
        par = n % 2
        # (a) this member's neurons
        if use_ext:
            for i in range(lo, hi):
                for b in range(nb):
                    ext[i, b] = 0.0
            if has_currents:
                for c in range(in_ptr.size - 1):
                    for q in range(in_ptr[c], in_ptr[c + 1]):
                        i = in_post[q]
                        if i < lo or i >= hi:
                            continue
                        w = in_weight[q] * p_vx[i]
                        for b in range(nb):
                            ext[i, b] += w * currents[b, n, c]
            if has_noise:
                for i in range(lo, hi):
                    if noise_v[i] > 0:
                        for b in range(nb):
                            ext[i, b] += noise_v[i] * normal_from_counter(
                                noise_key[b], step0[b] + n, i)
            n_list = _update_neurons_ext(plan, state, spiked, spk_list, nb, ext, lo, hi, uniform)
        else:
            n_list = _update_neurons(plan, state, spiked, spk_list, nb, lo, hi, uniform)
        e = lo * B
        for li in range(n_list):
            i = spk_list[li]
            for b in range(nb):
                if spiked[i, b] == 0:
                    continue
                g = step0[b] + n
                sp_i[par, e] = i
                sp_b[par, e] = b
                sp_d[par, e] = np.float64(g - last[i, b])
                last[i, b] = g
                e += 1
        sp_n[par, p] = e - lo * B
        if k > 1:
            gen = _barrier(bar, k, gen)
        # (b) this member's queue: slot of step n, its input events, then everyone's spikes
        _clear_slot(q_src, q_lane, q_delta, q_n, slot, nb)
        kq = q_n[slot]
        for b in range(nb):
            pos = ev_pos[b]
            end = ev_ptr[b + 1]
            while pos < end and ev_step[pos] == n:
                q_src[slot, kq] = N + ev_chan[pos]
                q_lane[slot, kq] = b
                q_delta[slot, kq] = 0.0
                kq += 1
                pos += 1
            ev_pos[b] = pos
        for m in range(k):
            first = team.lo[m] * B
            for e in range(first, first + sp_n[par, m]):
                i = sp_i[par, e]
                b = sp_b[par, e]
                if p == 0:
                    sp_step[count] = n
                    sp_neuron[count] = i
                    sp_lane[count] = b
                count += 1
                q_src[slot, kq] = i
                q_lane[slot, kq] = b
                q_delta[slot, kq] = sp_d[par, e]
                kq += 1
        q_n[slot] = kq
        # (c) delivery onto this member's neurons
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
                for s in range(part_ptr[p, g0], part_ptr[p, g0 + 1]):
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
        if n_rec > 0:
            for b in range(nb):
                if (step0[b] + n + 1) % rec_every == 0:
                    kk = t_count[b]
                    for r in range(n_rec):
                        jn = rec_neurons[r]
                        if jn >= lo and jn < hi:
                            trace[b, kk, 0, r] = V[jn, b]
                            trace[b, kk, 1, r] = Ie[jn, b]
                            trace[b, kk, 2, r] = Ii[jn, b]
                    t_count[b] = kk + 1
        if count + N * nb > cap:  # as run_block: every member stops at the same step
            if p == 0:
                outputs.t_count[:] = t_count
            return n + 1, count
    if p == 0:
        outputs.t_count[:] = t_count
    return n_max, count
