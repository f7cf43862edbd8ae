"""``simulate``: run a liquid on a batch of inputs; ``Simulator``: the same, as a stream.

Samples run in blocks of ``batch_size`` lanes on a thread pool (several threads on one block,
each owning some of its neurons, when the blocks are fewer than the threads). Per-sample
randomness (the initial membrane potentials, noise) is keyed by the seed and the sample's
entry of ``sample_indices`` (default: its position in the batch; the estimators pass content
keys instead), and lanes never interact, so results are bit-identical whatever the batch
size, the thread count, the threads per block and the chunking of a stream.
"""

from __future__ import annotations

import functools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np

from .._progress import progress_bar
from .._validation import positive_int
from .._warnings import warn
from ..network.network import Network
from ..random import check_seed, rng, sample_key
from ..spikes import SpikeTrains
from .backends import run_block_of
from .contract import BlockInput, BlockOutput, BlockState
from .lanes import copy_queue, gather_events, lane_counts, load_queue, place_spikes
from .plan import Plan, compile_plan
from .record import Record, Recording

__all__ = ["simulate", "Simulator", "State", "initial_state", "default_threads",
           "default_threads_per_block"]

_TOL = 1e-6  # fraction of a step: on-grid times computed in floating point stay on their step
_MIN_SPIKE_BUFFER = 1 << 20  # spikes a block's buffers hold at least (before handing over)


def default_threads() -> int:
    """Threads used by default: ``NUMBA_NUM_THREADS`` if set, else the number of CPUs."""
    import numba

    return int(numba.config.NUMBA_NUM_THREADS)


@dataclass(frozen=True, eq=False)
class State:
    """The state of a batch of liquids between two calls (``S`` samples, ``N`` neurons).

    ``v`` (V), ``i_e``, ``i_i`` (A): (S, N); ``refractory``: remaining refractory steps (S, N);
    the spike queue (spikes and input events of the last steps whose delayed synapses have
    not all acted yet), ragged over samples: entries ``queue_offsets[s]:queue_offsets[s+1]``
    of ``queue_source`` (neuron, or ``N + channel``), ``queue_delta`` (steps since that
    source's previous spike) and ``queue_age`` (steps since the entry was queued); ``u``, ``x``:
    Tsodyks-Markram state of the dynamic synapses after their last spike, (S, n_dynamic);
    ``last_spike``: global step of each neuron's last spike (S, N); ``step``: steps run so far
    (S,); ``sample_index``: the index keying each sample's random numbers (S,).
    """

    v: np.ndarray
    i_e: np.ndarray
    i_i: np.ndarray
    refractory: np.ndarray
    queue_offsets: np.ndarray
    queue_source: np.ndarray
    queue_delta: np.ndarray
    queue_age: np.ndarray
    u: np.ndarray
    x: np.ndarray
    last_spike: np.ndarray
    step: np.ndarray
    sample_index: np.ndarray
    seed: int
    dt: float
    precision: str

    @property
    def n_samples(self) -> int:
        return int(self.v.shape[0])

    def select(self, indices) -> "State":
        """The state of some samples (e.g. to carry one sample's state into a new batch)."""
        idx = np.atleast_1d(np.asarray(indices))
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        arrays = {f.name: getattr(self, f.name)[idx] for f in fields(self)
                  if isinstance(getattr(self, f.name), np.ndarray)
                  and not f.name.startswith("queue_")}
        parts = [np.arange(self.queue_offsets[i], self.queue_offsets[i + 1]) for i in idx]
        take = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        offsets = np.zeros(idx.size + 1, np.int64)
        np.cumsum([p.size for p in parts], out=offsets[1:])
        return State(**arrays, queue_offsets=offsets, queue_source=self.queue_source[take],
                     queue_delta=self.queue_delta[take], queue_age=self.queue_age[take],
                     seed=self.seed, dt=self.dt, precision=self.precision)


_NEVER = -(2 ** 40)  # "no spike yet": exp(-(g - _NEVER) dt / tau) underflows to 0


def initial_state(plan: Plan, n_samples: int, seed: int = 0, sample_indices=None,
                  precision: str = "float64") -> State:
    """Fresh state: ``V`` uniform in ``[v_init_low, v_init_high]`` drawn from the stream keyed
    ``(seed, "v_init", sample_index)``, currents 0, not refractory, synapses recovered."""
    idx = _sample_indices(sample_indices, n_samples)
    N, Md = plan.n_neurons, plan.n_dynamic
    v = np.empty((n_samples, N), plan.dtype)
    for s, k in enumerate(idx):
        g = rng(seed, "v_init", int(k))
        v[s] = plan.v_init_low + (plan.v_init_high - plan.v_init_low) * g.random(N)
    return State(
        v=v, i_e=np.zeros((n_samples, N), plan.dtype), i_i=np.zeros((n_samples, N), plan.dtype),
        refractory=np.zeros((n_samples, N), np.int32),
        queue_offsets=np.zeros(n_samples + 1, np.int64), queue_source=np.zeros(0, np.int64),
        queue_delta=np.zeros(0), queue_age=np.zeros(0, np.int64),
        u=np.zeros((n_samples, Md)), x=np.ones((n_samples, Md)),
        last_spike=np.full((n_samples, N), _NEVER, np.int64),
        step=np.zeros(n_samples, np.int64), sample_index=idx, seed=seed, dt=plan.dt,
        precision=precision)


def _sample_indices(sample_indices, n_samples: int) -> np.ndarray:
    if sample_indices is None:
        return np.arange(n_samples, dtype=np.int64)
    idx = np.asarray(sample_indices)
    if idx.shape != (n_samples,) or (idx.size and not np.issubdtype(idx.dtype, np.integer)):
        raise ValueError(f"sample_indices must be {n_samples} integers, got {idx!r}")
    if idx.size and idx.min() < 0:
        raise ValueError("sample_indices must be >= 0")
    return idx.astype(np.int64)


def _steps(durations: np.ndarray, dt: float, name: str) -> np.ndarray:
    exact = durations / dt
    n = np.ceil(exact - _TOL).astype(np.int64)
    if np.any(np.abs(exact - n) > _TOL):
        warn(f"{name} is not a whole number of steps of dt={dt:g} s; samples are "
             "simulated up to the next whole step")
    return n


def _check_currents(currents, n_inputs: int) -> list[np.ndarray]:
    if isinstance(currents, np.ndarray):
        if currents.ndim == 2:
            currents = currents[None]
        if currents.ndim != 3:
            raise ValueError("currents must be an array (n_samples, n_steps, n_channels) or a "
                             f"list of (n_steps, n_channels) arrays, got shape {currents.shape}")
    out = []
    for i, c in enumerate(currents):
        c = np.asarray(c, dtype=np.float64)
        if c.ndim != 2 or c.shape[1] != n_inputs:
            raise ValueError(f"currents[{i}] must have shape (n_steps, {n_inputs}) (one column "
                             f"per input channel of the network), got {c.shape}")
        if c.shape[0] == 0:
            raise ValueError(f"currents[{i}] is empty (0 steps)")
        if not np.all(np.isfinite(c)):
            raise ValueError(f"currents[{i}] contains NaN or inf")
        out.append(c)
    if not out:
        raise ValueError("currents must hold at least one sample")
    return out


def simulate(network: Network, inputs: SpikeTrains | None = None, currents=None, *,
             dt: float = 1e-4, duration: float | None = None, n_samples: int | None = None,
             seed: int = 0, sample_indices=None, record: Record | None = None,
             state: State | None = None, return_state: bool = False,
             precision: str = "float64", n_threads: int | None = None,
             batch_size: int | None = None, progress: bool = False,
             backend: str = "numba", plan: Plan | None = None,
             threads_per_block: int | None = None) -> Recording:
    """Simulate ``network`` on a batch of input samples.

    Parameters
    ----------
    network : Network
        The liquid (see :mod:`liquidstate.network` for the model and its equations).
    inputs : SpikeTrains, optional
        Input spikes, ``n_channels == network.n_inputs``. Each sample's spikes act on the
        liquid through the input projection; an input spike in step ``k`` (time in
        ``[k dt, (k+1) dt)``) reaches the current at the end of step ``k + d``.
    currents : array (n_samples, n_steps, n_inputs) or list of (n_steps, n_inputs) arrays
        Analog input, dimensionless, held constant over each step: channel ``c`` injects
        ``input_weight * currents[.., c]`` amperes into each of its target neurons.
    dt : float
        Time step in seconds (0.1 ms).
    duration, n_samples : float, int
        Duration (s) and number of samples when neither ``inputs`` nor ``currents`` is given.
    seed : int
        Keys the initial potentials and the noise of each sample (with its index).
    sample_indices : array of int, optional
        The index of each sample in its dataset (default ``0..n_samples-1``); a sample with
        the same index and seed gets the same random numbers in any batch.
    record : Record, optional
        Traces to keep besides the spikes.
    state : State, optional
        Continue from this state (a stream fed in chunks); default: a fresh state per sample.
    return_state : bool
        Return the final state in ``Recording.state``.
    precision : {'float64', 'float32'}
        Floating-point type of the neuron state (synaptic dynamics are always float64).
    n_threads : int, optional
        Threads (default :func:`default_threads`). Results do not depend on it.
    batch_size : int, optional
        Samples advanced together in one block (default: chosen for speed). Results do not
        depend on it.
    progress : bool
        Show a progress bar (tqdm) over blocks.
    backend : str
        A key of ``liquidstate.engine.backends.BACKENDS``: ``'numba'``, the compiled
        kernel, or ``'reference'``, the NumPy reference implementation (slow; for tests); or
        ``'cuda'``, the GPU kernels of :mod:`liquidstate.engine.backends.cuda`, which run the
        whole batch (``n_threads`` and ``batch_size`` do not apply; needs the ``gpu`` extra
        and an NVIDIA GPU, or Numba's CUDA simulator).
    plan : Plan, optional
        A plan compiled earlier for this network, ``dt`` and ``precision`` (saves work).
    threads_per_block : int, optional
        Threads that advance one block together, each owning a share of the neurons and of
        the synapses onto them (``'numba'`` backend only). Default: chosen, more than one only
        when the blocks are fewer than the threads and the liquid is large (a long stream, a
        big liquid with few samples); see
        ``liquidstate.engine.simulate.default_threads_per_block``. Results do not depend on
        it.

    Returns
    -------
    Recording
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a liquidstate Network, got {type(network).__name__}")
    if plan is None:
        plan = compile_plan(network, dt, precision)
    elif plan.dt != float(dt) or plan.dtype != np.dtype(precision).type \
            or plan.n_neurons != network.n_neurons:
        raise ValueError("plan was compiled for another network, dt or precision")
    dt = plan.dt
    seed = check_seed(seed)
    record = Record() if record is None else record
    if not isinstance(record, Record):
        raise TypeError(f"record must be a Record, got {type(record).__name__}")
    rec_neurons = record.check(plan.n_neurons)

    # ---- the samples: their number and lengths in steps
    if inputs is not None:
        if not isinstance(inputs, SpikeTrains):
            raise TypeError(f"inputs must be SpikeTrains, got {type(inputs).__name__}")
        if inputs.n_channels != network.n_inputs:
            raise ValueError(f"inputs has {inputs.n_channels} channels but the network has "
                             f"n_inputs={network.n_inputs}")
    curr = _check_currents(currents, network.n_inputs) if currents is not None else None
    if inputs is not None:
        S = inputs.n_samples
        steps = _steps(inputs.durations, dt, "inputs.durations")
        if curr is not None:
            if len(curr) != S:
                raise ValueError(f"currents has {len(curr)} samples, inputs has {S}")
            c_steps = np.array([c.shape[0] for c in curr])
            if np.any(c_steps != steps):
                raise ValueError("currents must have one row per step of each input sample "
                                 f"(expected {steps.tolist()[:5]}... rows)")
    elif curr is not None:
        S = len(curr)
        steps = np.array([c.shape[0] for c in curr], dtype=np.int64)
    else:
        if duration is None:
            raise ValueError("give inputs, currents, or a duration (with n_samples)")
        if n_samples is None:
            n_samples = state.n_samples if state is not None else 1
        S = positive_int(n_samples, "n_samples")
        d = np.asarray(duration, dtype=np.float64)
        if not np.all(np.isfinite(d)) or np.any(d <= 0):
            raise ValueError(f"duration must be finite and > 0 seconds, got {duration}")
        steps = _steps(np.broadcast_to(d, (S,)).astype(np.float64), dt, "duration")
    if n_samples is not None and int(n_samples) != S:
        raise ValueError(f"n_samples={n_samples} but the inputs hold {S} samples")

    # ---- state (fresh samples get theirs block by block, in _run)
    sample_index = _sample_indices(sample_indices, S)
    if state is not None:
        if not isinstance(state, State):
            raise TypeError(f"state must be a State, got {type(state).__name__}")
        if state.n_samples != S:
            raise ValueError(f"state holds {state.n_samples} samples but the inputs hold {S}")
        if state.dt != dt or state.precision != precision:
            raise ValueError(f"state was made with dt={state.dt}, precision={state.precision}; "
                             f"this call uses dt={dt}, precision={precision}")
        if state.v.shape[1] != plan.n_neurons or state.u.shape[1] != plan.n_dynamic \
                or (state.queue_source.size and state.queue_source.max()
                    >= plan.n_neurons + plan.n_inputs) \
                or (state.queue_age.size and state.queue_age.max() > plan.ring):
            raise ValueError("state belongs to another network")
        seed = state.seed
        sample_index = state.sample_index

    n_threads = default_threads() if n_threads is None else n_threads
    n_threads = positive_int(n_threads, "n_threads")
    if batch_size is None:
        batch_size = _default_batch_size(S, n_threads, plan.n_neurons, lane_bytes(plan))
    batch_size = positive_int(batch_size, "batch_size")
    if threads_per_block is None:
        threads_per_block = default_threads_per_block(math.ceil(S / batch_size), n_threads,
                                                      plan.n_neurons) \
            if backend == "numba" else 1
    threads_per_block = min(positive_int(threads_per_block, "threads_per_block"),
                            max(plan.n_neurons, 1))
    if threads_per_block > 1 and backend != "numba":
        raise ValueError("threads_per_block > 1 needs backend='numba', got "
                         f"backend={backend!r}")
    if backend == "cuda":  # the whole batch on the GPU, in its own layout
        from .backends.cuda import simulate_batch

        return simulate_batch(plan, state, seed, sample_index, steps, inputs, curr,
                              rec_neurons, record, bool(return_state))

    return _run(plan, state, seed, sample_index, steps, inputs, curr, rec_neurons, record,
                batch_size, n_threads, progress, backend, bool(return_state),
                threads_per_block)


#: Neurons each thread of a team owns at least (below this, the barrier of each step costs
#: more than the work it splits).
TEAM_MIN_NEURONS = 1000


def default_threads_per_block(n_blocks: int, n_threads: int, n_neurons: int) -> int:
    """Threads per block chosen by :func:`simulate`: the threads the blocks leave idle, shared
    among the blocks, so that each thread owns at least :data:`TEAM_MIN_NEURONS` neurons
    (1 when the blocks fill the threads). Never more threads in all than the cores this
    process may use: a team's threads wait for each other at every step."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    n_threads = min(n_threads, cores)
    if n_blocks >= n_threads:
        return 1
    return max(1, min(n_threads // max(n_blocks, 1), n_neurons // TEAM_MIN_NEURONS))


def lane_bytes(plan: Plan) -> int:
    """Bytes of one lane's state that a step touches: per neuron ``V, I_e, I_i`` (ftype),
    the refractory counter (4), the last spike (8) and the spike flag (1); per dynamic synapse
    its Tsodyks-Markram ``u, x`` (16)."""
    size = np.dtype(plan.dtype).itemsize
    return plan.n_neurons * (3 * size + 13) + 16 * plan.n_dynamic


@functools.cache
def l2_cache_bytes() -> int:
    """The per-core (level 2) cache size the machine reports (Linux sysfs), else 1 MiB."""
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        for entry in sorted(os.listdir(base)):
            d = os.path.join(base, entry)
            with open(os.path.join(d, "level")) as f:
                level = f.read().strip()
            with open(os.path.join(d, "type")) as f:
                kind = f.read().strip()
            if level == "2" and kind in ("Unified", "Data"):
                with open(os.path.join(d, "size")) as f:
                    text = f.read().strip().upper()
                scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
                return int(text.rstrip("KMG")) * scale
    except (OSError, ValueError):
        pass
    return 1 << 20


def _default_batch_size(n_samples: int, n_threads: int, n_neurons: int,
                        lane_bytes: int = 0) -> int:
    """Lanes per block, chosen for speed (results do not depend on it).

    One lane when a single lane's state (``lane_bytes``, see :func:`lane_bytes`) outgrows the
    core's level 2 cache (:func:`l2_cache_bytes`): the spikes of a big liquid then reach
    synapse states and currents that lanes spread over more memory than any cache holds, and
    one lane per block keeps each sample's in the cache nearest to it (the neuron loop then
    runs over the neurons instead of the lanes). Otherwise at least 16 lanes, the
    width below which the compiler's vectorised lane loop is not used (measured); at most 96
    for a small liquid and 32, or 16 on several threads, for a large one (measured on 2
    cores); and blocks of equal size, so that every thread gets the same work.
    """
    if lane_bytes > l2_cache_bytes():
        return 1
    if n_neurons < 500:
        widest = 96
    else:
        widest = 32 if n_threads == 1 else 16
    rounds = math.ceil(n_samples / (widest * n_threads))
    return max(math.ceil(n_samples / (rounds * n_threads)), min(16, n_samples))


class _Block(NamedTuple):
    """What a block hands back: its samples, its spikes as the kernel reported them (step,
    neuron, lane; in step order), spikes per lane, traces and final state (or None)."""

    idx: np.ndarray
    sp_step: np.ndarray
    sp_neuron: np.ndarray
    sp_lane: np.ndarray
    per_lane: np.ndarray
    trace: np.ndarray
    final: State | None


def _run(plan, state, seed, sample_index, steps, inputs, curr, rec_neurons, record, lanes,
         n_threads, progress, backend, keep_state, team_size=1) -> Recording:
    """Run all samples block by block. ``state`` is None for fresh samples: each block then
    draws its own initial state, so memory grows with the block size, not the batch.

    A worker holds the GIL only to draw its samples' initial potentials (and noise keys) and
    for a little glue; the rest, the kernel and the data movement of :mod:`.lanes`, is
    compiled and releases it, so that blocks run in parallel. The main thread splits the
    batch and allocates the output. With ``team_size`` > 1, the thread of each block calls
    the kernel with ``team_size - 1`` more threads of a second pool (see
    :func:`~liquidstate.engine.backends.numba_cpu.run_block_member`)."""
    S = steps.size
    dt = plan.dt
    order = np.argsort(-steps, kind="stable")
    blocks = [order[a:a + lanes] for a in range(0, S, lanes)]
    step0 = state.step if state is not None else np.zeros(S, np.int64)
    every = record.every
    n_trace = _n_trace_points(step0, steps, every)
    kernel = _kernel(backend)  # first: an unknown backend fails before any work
    has_noise = plan.has_noise
    L = plan.ring
    N = plan.n_neurons
    if inputs is None:  # no input: every sample has no events
        events = (np.zeros(0), np.zeros(0, np.int64), np.zeros(S + 1, np.int64))
    else:
        events = (inputs.times, inputs.channels, inputs.offsets)

    if team_size > 1:
        from .backends.numba_cpu import make_team, run_block_member
        team_plan = make_team(plan.kernel, team_size, 1, plan.dtype)

    def call_kernel(team, block, drive, out, n):
        """The kernel on one thread, or on a team (this thread and team_size - 1 others,
        each with its own copy of the spike queue and of the input event positions)."""
        if team is None:
            return kernel(plan.kernel, block, drive, out, n)
        team.bar[:] = 0
        order = team.dyn_order
        shared = block._replace(u=np.ascontiguousarray(block.u[:, order]),
                                x=np.ascontiguousarray(block.x[:, order]))
        others = []
        for p in range(1, team_size):
            q = copy_queue(block.q_src, block.q_lane, block.q_delta, block.q_n)
            own = shared._replace(q_src=q[0], q_lane=q[1], q_delta=q[2], q_n=q[3])
            others.append(member_pool.submit(
                run_block_member, plan.kernel, team, own,
                drive._replace(ev_pos=drive.ev_pos.copy()), out, n, p))
        got = run_block_member(plan.kernel, team, shared, drive, out, n, 0)
        for f in others:
            f.result()
        block.u[:, order] = shared.u
        block.x[:, order] = shared.x
        return got

    def run_one(idx) -> _Block:
        B = idx.size
        team = None
        if team_size > 1:  # the partition is shared, the per-step arrays are the block's
            team = make_team(plan.kernel, team_size, B, plan.dtype, like=team_plan)
        if state is None:
            st0 = initial_state(plan, B, seed, sample_index[idx], plan_precision(plan))
        else:
            st0 = state.select(idx)
        # the keys cost ~10 us a sample (SeedSequence), so only when the noise needs them
        keys = np.array([sample_key(seed, "noise", int(k)) for k in st0.sample_index]
                        if has_noise else np.zeros(B), dtype=np.uint64)
        ev_step, ev_chan, ev_ptr, most = gather_events(*events, idx, steps, dt, _TOL)
        if curr is not None:
            cur = np.zeros((B, int(steps[idx].max()), plan.n_inputs))
            for j, s in enumerate(idx):
                cur[j, :steps[s]] = curr[s]
        else:
            cur = np.zeros((1, 1, 1))
        trace = np.zeros((B, int(n_trace[idx].max()) if rec_neurons.size else 0, 3,
                          rec_neurons.size), plan.dtype)
        # a slot holds one step's spikes and events of running lanes, plus entries that
        # finished lanes keep
        q = load_queue(st0.queue_offsets, st0.queue_source, st0.queue_delta, st0.queue_age,
                       L, N * B + 2 * most)
        lanes_last = lambda a: np.ascontiguousarray(a.T)  # noqa: E731  (S, N) -> (N, B)
        block = BlockState(
            V=lanes_last(st0.v), Ie=lanes_last(st0.i_e), Ii=lanes_last(st0.i_i),
            ref=lanes_last(st0.refractory), u=np.ascontiguousarray(st0.u),
            x=np.ascontiguousarray(st0.x), last=lanes_last(st0.last_spike),
            q_src=q[0], q_lane=q[1], q_delta=q[2], q_n=q[3])
        n_max = int(steps[idx].max())
        t_count = np.zeros(B, np.int64)
        # Spike buffers: the kernel hands them over when they might overflow. np.empty
        # touches no memory, so a large capacity costs only what the spikes fill.
        cap = max(4 * N * B, _MIN_SPIKE_BUFFER)
        drive = BlockInput(
            n_steps=steps[idx].astype(np.int64), step0=st0.step.astype(np.int64),
            noise_key=keys, has_noise=has_noise, ev_step=ev_step, ev_chan=ev_chan,
            ev_ptr=ev_ptr, ev_pos=ev_ptr[:-1].copy(), currents=cur,
            has_currents=curr is not None)
        chunks = []
        n = 0
        while True:
            bufs = [np.empty(cap, np.int32) for _ in range(3)]
            out = BlockOutput(rec_neurons=rec_neurons, rec_every=every, trace=trace,
                              t_count=t_count, sp_step=bufs[0], sp_neuron=bufs[1],
                              sp_lane=bufs[2])
            n, count = call_kernel(team, block, drive, out, n)
            chunks.append([b[:count] for b in bufs])  # fresh buffers each call: views are safe
            if n >= n_max:
                break
        final = None
        if keep_state:
            queue = [_read_queue(block, j, int(steps[s]), L) for j, s in enumerate(idx)]
            q_offsets = np.zeros(B + 1, np.int64)
            np.cumsum([qq[0].size for qq in queue], out=q_offsets[1:])
            final = State(
                v=block.V.T.copy(), i_e=block.Ie.T.copy(), i_i=block.Ii.T.copy(),
                refractory=block.ref.T.copy(), queue_offsets=q_offsets,
                queue_source=np.concatenate([qq[0] for qq in queue]),
                queue_delta=np.concatenate([qq[1] for qq in queue]),
                queue_age=np.concatenate([qq[2] for qq in queue]),
                u=block.u, x=block.x, last_spike=block.last.T.copy(),
                step=st0.step + steps[idx], sample_index=st0.sample_index, seed=seed,
                dt=plan.dt, precision=plan_precision(plan))
        # one chunk unless the buffers filled up
        sp_step, sp_neuron, sp_lane = chunks[0] if len(chunks) == 1 else \
            (np.concatenate(parts) for parts in zip(*chunks))
        return _Block(idx, sp_step, sp_neuron, sp_lane, lane_counts(sp_lane, B), trace, final)

    workers = min(max(n_threads // team_size, 1), len(blocks))
    pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    # every member of every running team needs its own thread at once (they wait for each
    # other at each step): workers x (team_size - 1) threads
    member_pool = ThreadPoolExecutor(max_workers=workers * (team_size - 1)) \
        if team_size > 1 else None
    try:
        results = []
        with progress_bar(progress, S, "simulating", "sample") as pbar:
            for r in _map(pool, run_one, blocks):
                results.append(r)
                pbar.update(r.idx.size)
        spikes = _gather_spikes(results, steps * dt, plan.n_neurons, dt, pool)
    finally:
        if pool is not None:
            pool.shutdown()
        if member_pool is not None:
            member_pool.shutdown()

    traces, times = {}, []
    if rec_neurons.size:
        per_sample = [None] * S
        for r in results:
            for j, s in enumerate(r.idx):
                per_sample[s] = r.trace[j, :n_trace[s]]
        var_index = {"v": 0, "i_e": 1, "i_i": 2}
        for name in record.variables:
            traces[name] = [per_sample[s][:, var_index[name], :] for s in range(S)]
        for s in range(S):
            g = np.arange(int(step0[s]), int(step0[s] + steps[s]))
            g = g[(g + 1) % every == 0]
            times.append((g + 1 - step0[s]) * dt)
    final = None
    if keep_state:
        inverse = np.empty(S, np.int64)
        inverse[np.concatenate([r.idx for r in results])] = np.arange(S)
        final = _concat_states([r.final for r in results]).select(inverse)
    return Recording(spikes, traces, times, final)


def _map(pool, fn, items):
    """``fn`` over ``items``, results in order: on the pool's threads, or here without one."""
    return map(fn, items) if pool is None else pool.map(fn, items)


def _gather_spikes(results, durations, n_neurons, dt, pool) -> SpikeTrains:
    """The spikes of all blocks as one ``SpikeTrains``, each sample's in its place (the
    blocks are copied in parallel, each into its own samples' slices)."""
    counts = np.zeros(durations.size, np.int64)
    for r in results:
        counts[r.idx] = r.per_lane
    offsets = np.zeros(counts.size + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    times = np.empty(offsets[-1])
    neurons = np.empty(offsets[-1], np.int64)

    def place(r: _Block) -> None:
        place_spikes(r.sp_step, r.sp_neuron, r.sp_lane, offsets[r.idx], dt, times, neurons)

    list(_map(pool, place, results))
    return SpikeTrains._trusted(times, neurons, offsets, durations, n_neurons)


def plan_precision(plan: Plan) -> str:
    return "float32" if plan.dtype == np.float32 else "float64"


def _concat_states(states: list) -> State:
    """One State holding the samples of several, in order."""
    first = states[0]
    arrays = {}
    for f in fields(State):
        v = getattr(first, f.name)
        if not isinstance(v, np.ndarray) or f.name == "queue_offsets":
            continue
        arrays[f.name] = np.concatenate([getattr(s, f.name) for s in states])
    counts = np.concatenate([np.diff(s.queue_offsets) for s in states])
    offsets = np.zeros(counts.size + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    return State(**arrays, queue_offsets=offsets, seed=first.seed, dt=first.dt,
                 precision=first.precision)


def _read_queue(block: BlockState, lane: int, n_end: int, L: int):
    """Lane ``lane``'s queue entries after its last step ``n_end - 1``: (source, delta, age).

    Slot ``r`` holds the entries of the step ``m`` in ``[n_end - L, n_end - 1]`` with
    ``m = r mod L``; their age after the call is ``n_end - m``.
    """
    q_src, q_lane, q_delta, q_n = block.q_src, block.q_lane, block.q_delta, block.q_n
    src, delta, age = [], [], []
    for k in range(1, L + 1):  # oldest first, so a reloaded queue keeps each slot's order
        m = n_end - k
        r = m % L
        sel = np.flatnonzero(q_lane[r, :q_n[r]] == lane)
        if k == L or sel.size == 0:
            continue  # age L: every delay (at most L - 1) has acted
        src.append(q_src[r, sel])
        delta.append(q_delta[r, sel])
        age.append(np.full(sel.size, k, np.int64))
    if not src:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
    return np.concatenate(src), np.concatenate(delta), np.concatenate(age)


def _n_trace_points(g0: np.ndarray, n: np.ndarray, every: int) -> np.ndarray:
    # count g in [g0, g0 + n) with (g + 1) % every == 0
    return (g0 + n) // every - g0 // every


def _kernel(backend: str):
    """The backend's ``run_block(plan, state, inputs, outputs, n_start)`` (see
    :mod:`liquidstate.engine.contract`)."""
    return run_block_of(backend)


class Simulator:
    """A liquid that keeps its state between calls, for streams fed in chunks.

    ``Simulator(net, n_samples=1).run(inputs=chunk)`` advances every sample by the chunk's
    duration; a stream fed in chunks gives bit-for-bit the result of feeding it at once (chunk
    durations must be whole numbers of steps). Spike and trace times in each returned
    ``Recording`` are relative to the start of that chunk; ``time`` is the stream time.

    Parameters are those of :func:`simulate`.
    """

    def __init__(self, network: Network, *, n_samples: int = 1, dt: float = 1e-4,
                 seed: int = 0, sample_indices=None, record: Record | None = None,
                 precision: str = "float64", n_threads: int | None = None,
                 batch_size: int | None = None, backend: str = "numba",
                 threads_per_block: int | None = None) -> None:
        n_samples = positive_int(n_samples, "n_samples")
        self.network = network
        self.plan = compile_plan(network, dt, precision)
        self.record = record
        self.options = dict(dt=dt, precision=precision, n_threads=n_threads,
                            batch_size=batch_size, backend=backend,
                            threads_per_block=threads_per_block)
        self.state = initial_state(self.plan, int(n_samples), check_seed(seed),
                                   sample_indices, precision)

    @property
    def time(self) -> np.ndarray:
        """Stream time (s) of each sample."""
        return self.state.step * self.plan.dt

    def run(self, inputs: SpikeTrains | None = None, currents=None, *,
            duration: float | None = None) -> Recording:
        """Advance by one chunk of input (or by ``duration`` seconds without input)."""
        rec = simulate(self.network, inputs, currents, duration=duration,
                       n_samples=self.state.n_samples, record=self.record, state=self.state,
                       return_state=True, plan=self.plan, **self.options)
        self.state = rec.state
        return rec

    def reset(self, seed: int | None = None) -> None:
        """Start every sample afresh (new initial potentials if ``seed`` changes)."""
        seed = self.state.seed if seed is None else check_seed(seed)
        self.state = initial_state(self.plan, self.state.n_samples, seed,
                                   self.state.sample_index, self.state.precision)
