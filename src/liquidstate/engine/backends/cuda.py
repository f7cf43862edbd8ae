"""The GPU backend: Numba CUDA kernels over the same compiled plan as the CPU kernel.

``simulate(..., backend="cuda")`` runs here. The model, the discretisation and the step order
are those of :func:`liquidstate.engine.backends.numba_cpu.run_block` (its docstring lists the
five phases of a step; the equations are in :mod:`liquidstate.network`); this module keeps
them operation for operation, so that in float64 a sample gives the CPU engine's spikes:

- neuron update ``V' = c_0 + p_vv V + p_ve I_e + p_vi I_i [+ p_vx (I_inj + sigma xi)]`` (V),
  refractory hold, threshold and reset, ``I_e' = p_ee I_e``, ``I_i' = p_ii I_i`` (A), summed in
  the same order and rounded after every operation (products are issued as ``mul.rn``, which
  the CUDA compilers never fuse into an FMA);
- the same keyed Gaussian noise ``xi`` (the function of key, global step and neuron that
  :mod:`liquidstate.engine.contract` defines);
- delays in whole steps, through a queue of spikes of ``max delay + 1`` slots per sample;
- Tsodyks-Markram synapses updated when a spike is delivered,
  ``u' = U + u (1 - U) exp(-Δ/F)``, ``x' = 1 + (x - u x - 1) exp(-Δ/D)``, ``I += A u' x'``
  (``Δ`` the interval between the source's last two spikes, ``D, F`` in s, ``A`` in A), with
  the plan's per-step log decays (``exp(δ h_F)`` for an interval of ``δ`` steps).

The coefficients (``p_vv`` ... in :class:`~liquidstate.engine.contract.KernelPlan`, with their
units) are the plan's; this module computes none.

On a GPU, ``exp``, ``log`` and ``cos`` come from NVIDIA's libdevice, whose results may differ
from the CPU's libm in the last bit: states then agree to rounding and spikes agree unless a
threshold crossing falls within that rounding. Under Numba's CUDA simulator
(``NUMBA_ENABLE_CUDASIM=1``) the arithmetic is the CPU's, bit for bit; the tests use it.

What differs from the CPU kernel is the parallel decomposition:

- a thread block holds ``G`` samples ("lanes"), each with ``T`` threads; thread ``r`` of a
  lane updates neurons ``r, r + T, ...``; the lane's ``V, I_e, I_i``, refractory counters and
  the list of this step's spikes live in shared (on-chip) memory when they fit, otherwise in
  global memory (the same code);
- the spikes of a step are collected with an atomic counter and then put in neuron order by
  ranking (each spike counts the smaller neuron indices), so that queue, record and delivery
  see the CPU's order;
- delivery is event driven: only the synapses of the queued spikes whose age equals their
  delay are touched. The entries of a step are taken one after another in the CPU's order
  (delay ascending, then queue order); the synapses of one entry are spread over the lane's
  threads, which is exact because an entry's synapses have distinct targets (a group with a
  repeated target is delivered by one thread, in order). Each target's current thus receives
  its increments in the CPU's order;
- the spike record has a fixed capacity per lane; a lane that might overflow it pauses at the
  end of a step, and the host empties the buffers and launches again.

Samples are split into batches that fit the free device memory (checked before each run).
"""

from __future__ import annotations

import math
import os

import numpy as np

from ...random import sample_key
from ..contract import (NOISE_GOLDEN, NOISE_MIX_A, NOISE_MIX_B, NOISE_NEURON_MUL,
                        NOISE_STEP_MUL)
from ...spikes import SpikeTrains
from ..lanes import gather_events, place_spikes
from ..record import Recording

__all__ = ["simulate_batch", "available", "last_run", "MEMORY_FRACTION", "SPIKE_CAPACITY"]

#: Fraction of the free device memory a run may use (the rest is left for the driver).
MEMORY_FRACTION = 0.8
#: Spikes each lane's record holds before the host empties it (at least ``2 N``).
SPIKE_CAPACITY = 1 << 16
_GMAX = 32  # most lanes per block (size of the per-lane bookkeeping in shared memory)
_DEFAULT_SHARED = 48 * 1024  # dynamic shared memory a block gets without opting in
_GPU_HELP = ("install the 'gpu' extra (pip install 'liquidstate[gpu]', which brings "
             "numba-cuda) on a machine with an NVIDIA GPU and its driver, or set "
             "NUMBA_ENABLE_CUDASIM=1 before importing numba to run Numba's CUDA simulator "
             "(exact but very slow: for tests on tiny networks)")

#: What the last run did (kernel seconds, batches, launches, launch shape, memory mode);
#: filled by :func:`simulate_batch`, read by ``benchmarks/gpu.py``.
last_run: dict = {}

_GOLDEN = np.uint64(NOISE_GOLDEN)
_MIX_A = np.uint64(NOISE_MIX_A)
_MIX_B = np.uint64(NOISE_MIX_B)
_STEP_MUL = np.uint64(NOISE_STEP_MUL)
_NEURON_MUL = np.uint64(NOISE_NEURON_MUL)
# indices of the per-lane bookkeeping in shared memory
_POS, _END, _SPN, _TC, _EVP, _BASE, _CNT, _TOT, _N_META = range(9)


cuda = None  # numba.cuda, imported on first use (a module global: the simulator swaps it)


def _load_cuda():
    """``numba.cuda``, with a clear error when there is neither a GPU nor the simulator."""
    global cuda
    try:
        from numba import cuda as _cuda
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise ImportError(f"backend='cuda' needs numba-cuda: {_GPU_HELP}") from err
    try:
        ok = _cuda.is_available()
    except Exception:  # pragma: no cover - a broken driver reads as no GPU
        ok = False
    if not ok:
        raise RuntimeError(f"backend='cuda' found no usable CUDA GPU: {_GPU_HELP}")
    cuda = _cuda
    return _cuda


def available() -> bool:
    """Whether ``backend='cuda'`` can run here (a GPU, or Numba's CUDA simulator)."""
    try:
        _load_cuda()
    except (ImportError, RuntimeError):
        return False
    return True


def _simulating() -> bool:
    from numba import config

    return bool(config.ENABLE_CUDASIM)


_KERNELS: dict = {}


def _max_registers() -> int:
    """Registers per thread the step kernel may use (0: no limit). Its many array arguments
    make the compiler use about 130, which leaves room for only 480 threads on a
    multiprocessor; 64 lets a multiprocessor hold twice as many lanes, at the cost of a few
    spilled registers. ``LIQUIDSTATE_CUDA_MAXREG`` overrides it (for tuning)."""
    return int(os.environ.get("LIQUIDSTATE_CUDA_MAXREG", "64"))


def _kernels(f64: bool, shared: bool):
    """The step kernel for a precision and a memory mode, and the spike-gathering kernel."""
    key = (f64, shared, _max_registers())
    if key not in _KERNELS:
        _KERNELS[key] = _build(f64, shared)
    return _KERNELS[key]


def _build(f64: bool, shared: bool):  # noqa: C901 - one kernel, written out in full
    from numba import float32, float64, int32, int64

    sim = _simulating()
    FT = np.float64 if f64 else np.float32
    FT_NB = float64 if f64 else float32
    FSIZE = 8 if f64 else 4
    GMAX = _GMAX
    N_META = _N_META
    POS, END, SPN, TC, EVP, BASE, CNT, TOT = _POS, _END, _SPN, _TC, _EVP, _BASE, _CNT, _TOT
    GOLDEN, MIX_A, MIX_B, STEP_MUL, NEURON_MUL = _GOLDEN, _MIX_A, _MIX_B, _STEP_MUL, _NEURON_MUL
    if sim:
        # the simulator runs Python: plain products are IEEE products, and the CPU's own
        # noise function gives its bits (NumPy's uint64 scalars would warn on wrap-around)
        from .numba_cpu import normal_from_counter as normal

        def dmul(a, b):
            return a * b

        fmul = dmul
    else:
        from numba.cuda import libdevice

        dmul = libdevice.dmul_rn  # rounded products: never contracted into an FMA
        fmul = libdevice.dmul_rn if f64 else libdevice.fmul_rn

        @cuda.jit(device=True, inline=True)
        def splitmix64(z):
            z = z + GOLDEN
            z = (z ^ (z >> np.uint64(30))) * MIX_A
            z = (z ^ (z >> np.uint64(27))) * MIX_B
            return z ^ (z >> np.uint64(31))

        @cuda.jit(device=True, inline=True)
        def normal(key, step, neuron):
            # as numba_cpu.normal_from_counter
            z = key ^ (np.uint64(step) * STEP_MUL) ^ (np.uint64(neuron) * NEURON_MUL)
            a = splitmix64(z)
            b = splitmix64(a)
            u1 = (np.float64(a >> np.uint64(11)) + 1.0) * (1.0 / 9007199254740992.0)
            u2 = np.float64(b >> np.uint64(11)) * (1.0 / 9007199254740992.0)
            return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    @cuda.jit(device=True)
    def lane_entries(QN, ln, n, delays, n_dv, L):
        tot = 0
        for j in range(n_dv):
            tot += QN[ln, (n - delays[j]) % L]
        return tot

    @cuda.jit(device=True)
    def steps_loop(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx, v_thresh, v_reset, noise_v,
                   ref_steps, delays, grp_ptr, grp_multi, syn_target, syn_weight, syn_dyn,
                   syn_U, syn_nhD, syn_nhF, x_ptr, x_chan, x_weight,
                   sV, sIe, sIi, sR, sT, LAST, UU, XX, QS, QD, QN,
                   step0, keys, ev_step, ev_chan, ev_ptr, cur, rec, every, trace,
                   sp_step, sp_neuron, cap, has_noise, has_cur, meta, g, r, ln, G, T, B):
        N = sV.shape[0]
        L = QN.shape[1]
        n_dv = delays.shape[0]
        n_rec = rec.shape[0]
        use_ext = has_noise or has_cur
        while True:
            # every thread decides from the same bookkeeping (written before the last sync)
            any_act = False
            for gg in range(G):
                if meta[POS, gg] < meta[END, gg] and meta[SPN, gg] + N <= cap:
                    any_act = True
            if not any_act:
                break
            act = meta[POS, g] < meta[END, g] and meta[SPN, g] + N <= cap
            n = meta[POS, g]
            spn = meta[SPN, g]
            slot = n % L
            gstep = step0[ln] + n
            # 1. this step's queue slot: the input events of step n
            if act and r == 0:
                k = 0
                p = meta[EVP, g]
                end = ev_ptr[ln + 1]
                while p < end and ev_step[p] == n:
                    QS[ln, slot, k] = N + ev_chan[p]
                    QD[ln, slot, k] = 0.0
                    k += 1
                    p += 1
                meta[EVP, g] = p
                meta[BASE, g] = k
            # (no barrier: phase 2 touches neither the queue nor BASE, and CNT was reset at
            # the end of the last step)
            # 2. neurons
            if act:
                for i in range(r, N, T):
                    v = sV[i]
                    ie = sIe[i]
                    ii = sIi[i]
                    rr = sR[i]
                    vn = c_0[i] + fmul(p_vv[i], v) + fmul(p_ve[i], ie) + fmul(p_vi[i], ii)
                    if use_ext:
                        ext = FT(0.0)
                        if has_cur:
                            for kx in range(x_ptr[i], x_ptr[i + 1]):
                                w = dmul(x_weight[kx], np.float64(p_vx[i]))
                                ext = FT(ext + dmul(w, cur[ln, n, x_chan[kx]]))
                        if has_noise:
                            if noise_v[i] > 0:
                                ext = FT(ext + dmul(np.float64(noise_v[i]),
                                                    normal(keys[ln], gstep, i)))
                        vn = vn + ext
                    if rr > 0:
                        vn = v
                        rr = rr - 1
                    if vn >= v_thresh[i]:
                        vn = v_reset[i]
                        rr = ref_steps[i]
                        kk = cuda.atomic.add(meta, (CNT, g), 1)
                        sT[kk] = i
                    sV[i] = vn
                    sR[i] = rr
                    sIe[i] = fmul(p_ee[i], ie)
                    sIi[i] = fmul(p_ii[i], ii)
            cuda.syncthreads()
            # 3. this step's spikes in neuron order: record and queue them
            cnt = meta[CNT, g]
            tc = meta[TC, g]
            if act:
                base = meta[BASE, g]
                for k in range(r, cnt, T):
                    i = sT[k]
                    rank = 0
                    for m in range(cnt):
                        if sT[m] < i:
                            rank += 1
                    QS[ln, slot, base + rank] = i
                    QD[ln, slot, base + rank] = np.float64(gstep - LAST[ln, i])
                    LAST[ln, i] = gstep
                    sp_step[ln, spn + rank] = n
                    sp_neuron[ln, spn + rank] = i
                if r == 0:
                    QN[ln, slot] = base + cnt
            if r == 0:  # the queue entries that act in this step (none in an idle lane)
                meta[TOT, g] = lane_entries(QN, ln, n, delays, n_dv, L) if act else 0
            cuda.syncthreads()
            # 4. delivery, entry by entry in the CPU's order, the synapses over the threads;
            #    as many rounds as the busiest lane of the block needs
            most = 0
            for gg in range(G):
                most = max(most, meta[TOT, gg])
            mine = meta[TOT, g]
            for e in range(most):
                if e < mine:
                    rem = e
                    j = 0
                    qs = (n - delays[0]) % L
                    while rem >= QN[ln, qs]:
                        rem -= QN[ln, qs]
                        j += 1
                        qs = (n - delays[j]) % L
                    src = QS[ln, qs, rem]
                    dl = QD[ln, qs, rem]
                    g0 = src * n_dv + j
                    lo = grp_ptr[g0]
                    hi = grp_ptr[g0 + 1]
                    start = lo + r
                    stride = T
                    if grp_multi[g0] != 0:  # a repeated target: one thread, in order
                        start = lo if r == 0 else hi
                        stride = 1
                    for s in range(start, hi, stride):
                        kd = syn_dyn[s]
                        if kd >= 0:
                            uu = syn_U[s]
                            u0 = UU[ln, kd]
                            x0 = XX[ln, kd]
                            un = uu + dmul(dmul(u0, 1.0 - uu), math.exp(dmul(dl, syn_nhF[s])))
                            xn = 1.0 + dmul(x0 - dmul(x0, u0) - 1.0,
                                            math.exp(dmul(dl, syn_nhD[s])))
                            UU[ln, kd] = un
                            XX[ln, kd] = xn
                            amp = dmul(dmul(syn_weight[s], un), xn)
                        else:
                            amp = syn_weight[s]
                        t = syn_target[s]
                        if t < N:
                            sIe[t] = FT(np.float64(sIe[t]) + amp)
                        else:
                            sIi[t - N] = FT(np.float64(sIi[t - N]) + amp)
                cuda.syncthreads()
            # 5. traces at t_{n+1}
            traced = act and n_rec > 0 and (gstep + 1) % every == 0
            if traced:
                for q in range(r, n_rec, T):
                    jn = rec[q]
                    trace[ln, tc, 0, q] = sV[jn]
                    trace[ln, tc, 1, q] = sIe[jn]
                    trace[ln, tc, 2, q] = sIi[jn]
            # the bookkeeping for the next step, once every thread has read this step's
            # (each counts the delivery rounds of all lanes of the block from it)
            cuda.syncthreads()
            if act and r == 0:
                meta[POS, g] = n + 1
                meta[SPN, g] = spn + cnt
                meta[CNT, g] = 0
                if traced:
                    meta[TC, g] = tc + 1
            cuda.syncthreads()

    def step_kernel(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx, v_thresh, v_reset, noise_v,
                    ref_steps, delays, grp_ptr, grp_multi, syn_target, syn_weight, syn_dyn,
                    syn_U, syn_nhD, syn_nhF, x_ptr, x_chan, x_weight,
                    V, IE, II, REF, TMP, LAST, UU, XX, QS, QD, QN,
                    n_end, pos, step0, keys, ev_step, ev_chan, ev_ptr, ev_pos, cur,
                    rec, every, trace, t_count, sp_step, sp_neuron, sp_n,
                    has_noise, has_cur, G, T):
        """Advance the lanes of this block until they end or their spike buffers are full."""
        B = V.shape[0]
        N = V.shape[1]
        cap = sp_step.shape[1]
        tid = cuda.threadIdx.x
        g = tid // T
        r = tid % T
        lane = cuda.blockIdx.x * G + g
        valid = lane < B
        ln = lane if valid else B - 1
        meta = cuda.shared.array((N_META, GMAX), int64)
        if r == 0:
            meta[POS, g] = pos[ln] if valid else 0
            meta[END, g] = n_end[ln] if valid else 0
            meta[SPN, g] = 0
            meta[TC, g] = t_count[ln]
            meta[EVP, g] = ev_pos[ln]
            meta[BASE, g] = 0
            meta[CNT, g] = 0
            meta[TOT, g] = 0
        if shared:
            fbuf = cuda.shared.array(0, FT_NB)
            ibuf = cuda.shared.array(0, int32)
            o = g * 3 * N
            sV = fbuf[o:o + N]
            sIe = fbuf[o + N:o + 2 * N]
            sIi = fbuf[o + 2 * N:o + 3 * N]
            oi = (G * 3 * N * FSIZE) // 4 + g * 2 * N
            sR = ibuf[oi:oi + N]
            sT = ibuf[oi + N:oi + 2 * N]
            for i in range(r, N, T):
                sV[i] = V[ln, i]
                sIe[i] = IE[ln, i]
                sIi[i] = II[ln, i]
                sR[i] = REF[ln, i]
        else:
            sV = V[ln]
            sIe = IE[ln]
            sIi = II[ln]
            sR = REF[ln]
            sT = TMP[ln]
        cuda.syncthreads()
        steps_loop(p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx, v_thresh, v_reset, noise_v,
                   ref_steps, delays, grp_ptr, grp_multi, syn_target, syn_weight, syn_dyn,
                   syn_U, syn_nhD, syn_nhF, x_ptr, x_chan, x_weight,
                   sV, sIe, sIi, sR, sT, LAST, UU, XX, QS, QD, QN,
                   step0, keys, ev_step, ev_chan, ev_ptr, cur, rec, every, trace,
                   sp_step, sp_neuron, cap, has_noise, has_cur, meta, g, r, ln, G, T, B)
        if valid:
            if shared:
                for i in range(r, N, T):
                    V[ln, i] = sV[i]
                    IE[ln, i] = sIe[i]
                    II[ln, i] = sIi[i]
                    REF[ln, i] = sR[i]
            if r == 0:
                pos[ln] = meta[POS, g]
                sp_n[ln] = meta[SPN, g]
                t_count[ln] = meta[TC, g]
                ev_pos[ln] = meta[EVP, g]

    step_kernel = cuda.jit(step_kernel) if sim or not _max_registers() else \
        cuda.jit(max_registers=_max_registers())(step_kernel)

    @cuda.jit
    def gather_kernel(sp_step, sp_neuron, sp_n, offsets, out_step, out_neuron):
        """Copy each lane's spikes to ``offsets[lane]`` of the flat output."""
        b = cuda.blockIdx.x
        if b < sp_n.shape[0]:
            o = offsets[b]
            for k in range(cuda.threadIdx.x, sp_n[b], cuda.blockDim.x):
                out_step[o + k] = sp_step[b, k]
                out_neuron[o + k] = sp_neuron[b, k]

    return step_kernel, gather_kernel


# ---------------------------------------------------------------------------- host side


def _launch_shape(n_neurons: int, sim: bool) -> tuple[int, int]:
    """(threads per lane, lanes per block): about eight neurons per thread (fewer threads
    wait at each barrier, and more lanes fit on a multiprocessor), whole warps, and blocks of
    at least 128 threads. The simulator runs a Python thread per GPU thread, so it gets a few
    (still several per lane and several lanes per block, as on a GPU)."""
    env = os.environ.get("LIQUIDSTATE_CUDA_SHAPE")  # "T,G": for tests and tuning
    if env:
        t, g = (int(a) for a in env.split(",")[:2])
        return t, g
    if sim:
        return 2, 4
    t = min(1024, 32 * max(1, math.ceil(n_neurons / 256)))
    return t, max(1, min(_GMAX, 128 // t))


def _want_shared(nbytes: int, sim: bool) -> bool:
    """Whether to try the lanes' state in shared memory (``LIQUIDSTATE_CUDA_MEMORY=global``
    forces global memory, for tests and tuning)."""
    if os.environ.get("LIQUIDSTATE_CUDA_MEMORY") == "global":
        return False
    return nbytes <= (_DEFAULT_SHARED if sim else 227 * 1024)


def _plan_arrays(plan) -> dict:
    """The plan's :class:`~liquidstate.engine.contract.KernelPlan` as the kernel takes it
    (host copies), plus the input projection by target neuron and a flag per synapse group
    with a repeated target."""
    N = plan.n_neurons
    plan = plan.kernel  # the contract's arrays, with their units, in KernelPlan's docstring
    # input projection by neuron, each neuron's entries in the CPU's (channel, entry) order
    post = plan.in_post
    order = np.argsort(post, kind="stable")
    x_ptr = np.zeros(N + 1, np.int64)
    np.cumsum(np.bincount(post, minlength=N), out=x_ptr[1:])
    chan = np.repeat(np.arange(plan.in_ptr.size - 1), np.diff(plan.in_ptr))
    n_groups = plan.grp_ptr.size - 1
    group_of = np.repeat(np.arange(n_groups), np.diff(plan.grp_ptr))
    pairs = group_of * (2 * N) + plan.syn_target % N  # excitatory and inhibitory share a V
    uniq, counts = np.unique(pairs, return_counts=True)
    grp_multi = np.zeros(n_groups, np.int32)
    grp_multi[uniq[counts > 1] // (2 * N)] = 1
    return dict(
        p_vv=plan.p_vv, c_0=plan.c_0, p_ve=plan.p_ve, p_vi=plan.p_vi, p_ee=plan.p_ee,
        p_ii=plan.p_ii, p_vx=plan.p_vx, v_thresh=plan.v_thresh, v_reset=plan.v_reset,
        noise_v=plan.noise_v, ref_steps=plan.ref_steps.astype(np.int32),
        delays=plan.delays.astype(np.int64), grp_ptr=plan.grp_ptr.astype(np.int64),
        grp_multi=grp_multi, syn_target=plan.syn_target.astype(np.int32),
        syn_weight=plan.syn_weight, syn_dyn=plan.syn_dyn.astype(np.int32),
        syn_U=plan.syn_U, syn_nhD=plan.syn_nhD, syn_nhF=plan.syn_nhF,
        x_ptr=x_ptr, x_chan=chan[order].astype(np.int32),
        x_weight=plan.in_weight[order].astype(np.float64))


def _lane_bytes(plan, n_steps: int, n_events: int, qcap: int, n_trace: int, n_rec: int,
                has_cur: bool, cap: int, shared: bool) -> int:
    """Device memory one lane needs, in bytes."""
    N, fs = plan.n_neurons, np.dtype(plan.dtype).itemsize
    state = N * (3 * fs + 4 + 8 + (0 if shared else 4))  # V, I_e, I_i, ref, last, spike list
    tm = 16 * plan.n_dynamic
    queue = plan.ring * (qcap * 12 + 8)
    events = 16 * n_events + 8
    cur = 8 * n_steps * plan.n_inputs if has_cur else 0
    trace = fs * n_trace * 3 * n_rec
    spikes = 16 * cap  # the lane's buffers and its part of the gathered output
    return state + tm + queue + events + cur + trace + spikes + 64


def _free_memory(cuda) -> float:
    free, _total = cuda.current_context().get_memory_info()
    return float(free)


def _shared_limit(cuda, kernel, nbytes: int) -> int:
    """Dynamic shared memory a block of ``kernel`` may use: up to the device's opt-in limit
    when the driver accepts the request, else the default 48 KiB."""
    if nbytes <= _DEFAULT_SHARED:
        return _DEFAULT_SHARED
    try:
        dev = cuda.get_current_device()
        limit = int(dev.MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)
        if nbytes > limit:
            return limit
        from numba.cuda.cudadrv.driver import binding, driver

        overload = next(iter(kernel.overloads.values()))
        cufunc = overload._codelibrary.get_cufunc()
        attr = binding.CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
        if hasattr(driver, "cuKernelSetAttribute"):
            driver.cuKernelSetAttribute(attr, nbytes, cufunc.handle, dev.id)
        else:
            driver.cuFuncSetAttribute(cufunc.handle, attr, nbytes)
        return limit
    except Exception:  # an older numba-cuda or driver: stay within the default
        return _DEFAULT_SHARED


_PLAN_KEYS = ("p_vv", "c_0", "p_ve", "p_vi", "p_ee", "p_ii", "p_vx", "v_thresh", "v_reset",
              "noise_v", "ref_steps", "delays", "grp_ptr", "grp_multi", "syn_target",
              "syn_weight", "syn_dyn", "syn_U", "syn_nhD", "syn_nhF", "x_ptr", "x_chan",
              "x_weight")
_STATE_KEYS = ("V", "IE", "II", "REF", "TMP", "LAST", "UU", "XX", "QS", "QD", "QN", "n_end",
               "pos", "step0", "keys", "ev_step", "ev_chan", "ev_ptr", "ev_pos", "cur")


def simulate_batch(plan, state, seed, sample_index, steps, inputs, curr, rec_neurons, record,
                   keep_state: bool) -> Recording:
    """Run all samples on the GPU (see the module docstring); the arguments are those that
    :func:`liquidstate.engine.simulate.simulate` has checked and passes to its CPU runner."""
    import time

    from ..simulate import _TOL as tol
    from ..simulate import State, initial_state, plan_precision
    from ..simulate import _NEVER
    from ..simulate import _concat_states as concat_states
    from ..simulate import _n_trace_points as n_trace_points

    precision = plan_precision(plan)

    _load_cuda()
    sim = _simulating()
    f64 = plan.dtype == np.float64
    N, L, S = plan.n_neurons, plan.ring, steps.size
    dt = plan.dt
    T, G = _launch_shape(N, sim)
    if T * G > 1024 or G > _GMAX or T < 1 or G < 1:
        raise ValueError(f"launch shape T={T}, G={G}: need T*G <= 1024 and G <= {_GMAX}")
    fs = np.dtype(plan.dtype).itemsize
    smem = G * N * (3 * fs + 8)
    shared = _want_shared(smem, sim)
    host_plan = _plan_arrays(plan)
    order = np.argsort(-steps, kind="stable")  # lanes of a block end together
    step0_all = state.step if state is not None else np.zeros(S, np.int64)
    every = record.every
    n_trace = n_trace_points(step0_all, steps, every)
    has_noise = plan.has_noise
    if inputs is None:
        events = (np.zeros(0), np.zeros(0, np.int64), np.zeros(S + 1, np.int64))
        n_ev = np.zeros(S, np.int64)
    else:
        events = (inputs.times, inputs.channels, inputs.offsets)
        n_ev = np.diff(inputs.offsets)
    n_rec = rec_neurons.size
    n_max_all = int(steps.max())
    cap = int(max(2 * N, min(n_max_all * N, SPIKE_CAPACITY)))
    # queue slots hold a step's spikes (at most N) and events; a generous bound for the
    # events of one step of one lane: all of that lane's events
    qcap = N + int(n_ev.max()) + (int(np.diff(state.queue_offsets).max()) if state is not None
                                  and state.queue_offsets.size > 1 else 0)
    per_lane = _lane_bytes(plan, n_max_all, int(n_ev.max()), qcap, int(n_trace.max()), n_rec,
                           curr is not None, cap, shared)
    plan_bytes = sum(a.nbytes for a in host_plan.values())
    budget = MEMORY_FRACTION * _free_memory(cuda) - plan_bytes
    if budget < per_lane:
        raise MemoryError(
            f"backend='cuda': one sample needs {per_lane / 2**20:.1f} MiB of device memory "
            f"(plus {plan_bytes / 2**20:.1f} MiB for the network) but "
            f"{budget / 2**20 + plan_bytes / 2**20:.1f} MiB are free to use; use the CPU "
            "backend, a shorter record or fewer recorded neurons")
    per_batch = int(min(S, budget // per_lane)) if math.isfinite(budget) else S
    per_batch = max(G, per_batch // G * G) if per_batch >= G else per_batch
    d_plan = {k: cuda.to_device(np.ascontiguousarray(v)) for k, v in host_plan.items()}
    d_rec = cuda.to_device(rec_neurons.astype(np.int64))

    info = dict(threads_per_lane=T, lanes_per_block=G, shared=shared, batches=0, launches=0,
                kernel_s=0.0, batch_size=per_batch, spike_capacity=cap, lane_bytes=per_lane,
                network_bytes=plan_bytes)
    chunks = []  # (sample indices of the lanes, lane of each spike, step, neuron)
    traces_by_sample = [None] * S
    finals = []
    for a in range(0, S, per_batch):
        idx = order[a:a + per_batch]
        B = idx.size
        st0 = (_FreshLanes(plan, B, seed, sample_index[idx], precision, initial_state)
               if state is None else state.select(idx))
        keys = np.array([sample_key(seed, "noise", int(k)) for k in st0.sample_index]
                        if has_noise else np.zeros(B), dtype=np.uint64)
        ev_step, ev_chan, ev_ptr, _most = gather_events(*events, idx, steps, dt, tol)
        n_end = steps[idx].astype(np.int64)
        n_max = int(n_end.max())
        if curr is not None:
            cur = np.zeros((B, n_max, plan.n_inputs))
            for j, s in enumerate(idx):
                cur[j, :steps[s]] = curr[s]
        else:
            cur = np.zeros((1, 1, 1))
        n_tr = int(n_trace[idx].max()) if n_rec else 0
        if state is None:  # fresh lanes: the state made on the device (no big host arrays)
            md = max(plan.n_dynamic, 1)
            d = dict(V=cuda.to_device(st0.v), IE=_filled((B, N), plan.dtype, 0),
                     II=_filled((B, N), plan.dtype, 0),
                     REF=_filled((B, N), np.int32, 0),
                     LAST=_filled((B, N), np.int64, _NEVER),
                     UU=_filled((B, md), np.float64, 0.0),
                     XX=_filled((B, md), np.float64, 1.0),
                     QS=cuda.device_array((B, L, qcap), np.int32),
                     QD=cuda.device_array((B, L, qcap), np.float64),
                     QN=_filled((B, L), np.int64, 0))
        else:
            qs, qd, qn = _load_queue(st0, B, L, qcap)
            d = dict(
                V=cuda.to_device(np.ascontiguousarray(st0.v)),
                IE=cuda.to_device(np.ascontiguousarray(st0.i_e)),
                II=cuda.to_device(np.ascontiguousarray(st0.i_i)),
                REF=cuda.to_device(st0.refractory.astype(np.int32)),
                LAST=cuda.to_device(np.ascontiguousarray(st0.last_spike, np.int64)),
                UU=cuda.to_device(np.ascontiguousarray(st0.u) if plan.n_dynamic
                                  else np.zeros((B, 1))),
                XX=cuda.to_device(np.ascontiguousarray(st0.x) if plan.n_dynamic
                                  else np.ones((B, 1))),
                QS=cuda.to_device(qs), QD=cuda.to_device(qd), QN=cuda.to_device(qn))
        d.update(
            TMP=cuda.device_array((1, 1) if shared else (B, N), np.int32),
            n_end=cuda.to_device(n_end), pos=cuda.to_device(np.zeros(B, np.int64)),
            step0=cuda.to_device(st0.step.astype(np.int64)), keys=cuda.to_device(keys),
            ev_step=cuda.to_device(ev_step if ev_step.size else np.zeros(1, np.int64)),
            ev_chan=cuda.to_device(ev_chan if ev_chan.size else np.zeros(1, np.int64)),
            ev_ptr=cuda.to_device(ev_ptr), ev_pos=cuda.to_device(ev_ptr[:-1].copy()),
            cur=cuda.to_device(cur),
            trace=cuda.device_array((B, max(n_tr, 1), 3, max(n_rec, 1)), plan.dtype),
            t_count=cuda.to_device(np.zeros(B, np.int64)),
            sp_step=cuda.device_array((B, cap), np.int32),
            sp_neuron=cuda.device_array((B, cap), np.int32),
            sp_n=cuda.to_device(np.zeros(B, np.int64)))
        if a == 0 and shared and not sim:
            # opt in to more than 48 KiB of shared memory, or fall back to global memory
            probe = [d_plan[k] for k in _PLAN_KEYS] + [d[k] for k in _STATE_KEYS] + [
                d_rec, np.int64(every), d["trace"], d["t_count"], d["sp_step"],
                d["sp_neuron"], d["sp_n"], bool(has_noise), curr is not None, np.int64(G),
                np.int64(T)]
            kern = _kernels(f64, True)[0].specialize(*probe)
            if _shared_limit(cuda, kern, smem) < smem:
                shared = False
        if not shared and d["TMP"].shape != (B, N):
            d["TMP"] = cuda.device_array((B, N), np.int32)
        step_kernel, gather_kernel = _kernels(f64, shared)
        args = [d_plan[k] for k in _PLAN_KEYS] + [d[k] for k in _STATE_KEYS]
        args += [d_rec, np.int64(every), d["trace"], d["t_count"], d["sp_step"],
                 d["sp_neuron"], d["sp_n"], bool(has_noise), curr is not None,
                 np.int64(G), np.int64(T)]
        grid = math.ceil(B / G)
        kern = step_kernel if sim else step_kernel.specialize(*args)
        dyn = smem if shared else 0
        if not sim and a == 0:
            try:
                most = int(kern.get_max_threads_per_block())
            except Exception:  # an older numba-cuda: the register cap allows 1024 threads
                most = 1024 if _max_registers() and _max_registers() <= 64 else 256
            if T * G > most:  # too many registers for this block size: fewer threads a lane
                T = max(32, (most // G) // 32 * 32)
                if T * G > most:
                    G = max(1, most // T)
                    grid = math.ceil(B / G)
                args[-2:] = [np.int64(G), np.int64(T)]
                info.update(threads_per_lane=T, lanes_per_block=G)
                smem = G * N * (3 * fs + 8)
                dyn = smem if shared else 0
        while True:
            t0 = time.perf_counter()
            kern[grid, T * G, 0, dyn](*args)
            cuda.synchronize()
            info["kernel_s"] += time.perf_counter() - t0
            info["launches"] += 1
            counts = d["sp_n"].copy_to_host()
            total = int(counts.sum())
            if total:
                offsets = np.zeros(B + 1, np.int64)
                np.cumsum(counts, out=offsets[1:])
                o_step = cuda.device_array(total, np.int32)
                o_neuron = cuda.device_array(total, np.int32)
                gather_kernel[B, 128 if not sim else 4](d["sp_step"], d["sp_neuron"],
                                                        d["sp_n"], cuda.to_device(offsets),
                                                        o_step, o_neuron)
                chunks.append((idx, np.repeat(np.arange(B), counts), o_step.copy_to_host(),
                               o_neuron.copy_to_host()))
            if np.all(d["pos"].copy_to_host() >= n_end):
                break
        info["batches"] += 1
        if n_rec:
            tr = d["trace"].copy_to_host()
            for j, s in enumerate(idx):
                traces_by_sample[s] = tr[j, :n_trace[s]]
        if keep_state:
            q = (d["QS"].copy_to_host(), d["QD"].copy_to_host(), d["QN"].copy_to_host())
            finals.append(_final_state(State, d, q, st0, n_end, L, B, seed, plan, precision))
    last_run.clear()
    last_run.update(info)

    spikes = _assemble(chunks, steps * dt, N, dt)
    traces, times = {}, []
    if n_rec:
        var_index = {"v": 0, "i_e": 1, "i_i": 2}
        for name in record.variables:
            traces[name] = [traces_by_sample[s][:, var_index[name], :] for s in range(S)]
        for s in range(S):
            gs = np.arange(int(step0_all[s]), int(step0_all[s] + steps[s]))
            gs = gs[(gs + 1) % every == 0]
            times.append((gs + 1 - step0_all[s]) * dt)
    final = None
    if keep_state:
        inverse = np.empty(S, np.int64)
        inverse[order] = np.arange(S)
        final = concat_states(finals).select(inverse)
    return Recording(spikes, traces, times, final)


class _FreshLanes:
    """What the run needs of fresh lanes' state (see ``initial_state``): the initial
    potentials, drawn exactly as ``initial_state`` draws them, a few hundred lanes at a time
    (it also makes the Tsodyks-Markram state on the host, which a large batch cannot
    afford), the step counts and the sample indices."""

    def __init__(self, plan, B, seed, sample_index, precision, initial_state):
        self.v = np.empty((B, plan.n_neurons), plan.dtype)
        for a in range(0, B, 256):
            part = initial_state(plan, min(256, B - a), seed, sample_index[a:a + 256],
                                 precision)
            self.v[a:a + 256] = part.v
        self.step = np.zeros(B, np.int64)
        self.sample_index = sample_index


def _filled(shape, dtype, value):
    """A device array of ``shape`` holding ``value`` everywhere."""
    arr = cuda.device_array(shape, dtype)
    flat = arr.reshape(arr.size)
    grid = (1, 1) if _simulating() else (max(1, min(4096, math.ceil(arr.size / 256))), 256)
    _fill_kernel()[grid](flat, value)
    return arr


_FILL = []


def _fill_kernel():
    if not _FILL:
        @cuda.jit
        def fill(a, value):
            start = cuda.grid(1)
            for i in range(start, a.shape[0], cuda.gridsize(1)):
                a[i] = value
        _FILL.append(fill)
    return _FILL[0]


def _load_queue(st0, B: int, L: int, qcap: int):
    """Per-lane queue slots from a State's ragged queue: an entry of age ``a`` goes to slot
    ``-a mod L`` (local step ``-a``), each slot's entries in the State's order."""
    qs = np.zeros((B, L, qcap), np.int32)
    qd = np.zeros((B, L, qcap))
    qn = np.zeros((B, L), np.int64)
    age = st0.queue_age
    if age.size:
        lane = np.repeat(np.arange(B), np.diff(st0.queue_offsets))
        slot = (L - age % L) % L
        key = lane * L + slot
        o = np.argsort(key, kind="stable")
        counts = np.bincount(key, minlength=B * L)
        start = np.cumsum(counts) - counts
        k = np.arange(age.size) - start[key[o]]
        qs[lane[o], slot[o], k] = st0.queue_source[o]
        qd[lane[o], slot[o], k] = st0.queue_delta[o]
        qn[:] = counts.reshape(B, L)
    return qs, qd, qn


def _final_state(State, d, q, st0, n_end, L, B, seed, plan, precision):
    """The lanes' state after the run, with their queue entries younger than ``L`` steps
    (as :func:`liquidstate.engine.simulate._read_queue` reads the CPU kernel's)."""
    QS, QD, QN = q
    src, delta, age, counts = [], [], [], np.zeros(B, np.int64)
    for b in range(B):
        for k in range(1, L):
            r = (n_end[b] - k) % L
            c = int(QN[b, r])
            if c:
                src.append(QS[b, r, :c].astype(np.int64))
                delta.append(QD[b, r, :c])
                age.append(np.full(c, k, np.int64))
                counts[b] += c
    offsets = np.zeros(B + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    cat = (lambda parts, dt: np.concatenate(parts) if parts else np.zeros(0, dt))  # noqa: E731
    md = plan.n_dynamic
    return State(
        v=d["V"].copy_to_host(), i_e=d["IE"].copy_to_host(), i_i=d["II"].copy_to_host(),
        refractory=d["REF"].copy_to_host(), queue_offsets=offsets,
        queue_source=cat(src, np.int64), queue_delta=cat(delta, np.float64),
        queue_age=cat(age, np.int64),
        u=d["UU"].copy_to_host()[:, :md], x=d["XX"].copy_to_host()[:, :md],
        last_spike=d["LAST"].copy_to_host(), step=st0.step + n_end,
        sample_index=st0.sample_index, seed=seed, dt=plan.dt, precision=precision)


def _assemble(chunks, durations, n_neurons: int, dt: float) -> SpikeTrains:
    """One SpikeTrains from the gathered spikes of every launch, each sample's in order."""
    S = durations.size
    counts = np.zeros(S, np.int64)
    for idx, lane, _s, _n in chunks:
        counts += np.bincount(idx[lane], minlength=S)
    offsets = np.zeros(S + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    times = np.empty(offsets[-1])
    neurons = np.empty(offsets[-1], np.int64)
    placed = np.zeros(S, np.int64)
    for idx, lane, sp_step, sp_neuron in chunks:
        start = offsets[idx] + placed[idx]
        place_spikes(sp_step, sp_neuron, lane, start, dt, times, neurons)
        placed[idx] += np.bincount(lane, minlength=idx.size)
    return SpikeTrains._trusted(times, neurons, offsets, durations, n_neurons)
