"""Moving data between a batch of samples and the lanes of a block, for any backend.

:func:`~liquidstate.engine.simulate.simulate` runs blocks of samples on a thread pool. What
it does around the kernel (the input events of a block's lanes, its spike queue, and
placing its spikes in the output) is compiled too and releases the GIL, so that this work
runs in parallel like the kernel instead of queueing for the interpreter. Each function is
plain data movement: it reproduces bit for bit what the NumPy expressions in its docstring
give.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["gather_events", "load_queue", "copy_queue", "lane_counts", "place_spikes"]


@njit(nogil=True, cache=True)
def gather_events(times, channels, offsets, idx, steps, dt, tol):
    """Input events of the samples ``idx`` as (local step, channel), lane-major CSR.

    Sample ``s``'s event at time ``t`` falls in step ``min(floor(t / dt + tol), steps[s] -
    1)``; a sample's events are sorted by time, so its steps come out sorted. Returns
    ``(ev_step, ev_chan, ev_ptr, most)``, ``most`` being the largest number of events that
    any single step holds over all lanes together (it sizes the spike queue).
    """
    B = idx.size
    ev_ptr = np.zeros(B + 1, np.int64)
    n_max = 0
    for j in range(B):
        s = idx[j]
        ev_ptr[j + 1] = ev_ptr[j] + offsets[s + 1] - offsets[s]
        n_max = max(n_max, steps[s])
    ev_step = np.empty(ev_ptr[B], np.int64)
    ev_chan = np.empty(ev_ptr[B], np.int64)
    per_step = np.zeros(n_max, np.int64)
    most = 0
    for j in range(B):
        s = idx[j]
        e = ev_ptr[j]
        for p in range(offsets[s], offsets[s + 1]):
            k = min(np.int64(math.floor(times[p] / dt + tol)), steps[s] - 1)
            ev_step[e] = k
            ev_chan[e] = channels[p]
            e += 1
            per_step[k] += 1
            most = max(most, per_step[k])
    return ev_step, ev_chan, ev_ptr, most


@njit(nogil=True, cache=True)
def load_queue(queue_offsets, queue_source, queue_delta, queue_age, L, capacity):
    """The kernel's spike queue ``(q_src, q_lane, q_delta, q_n)`` for the samples of a
    :class:`~liquidstate.engine.simulate.State` (one lane each, in order).

    An entry of age ``a`` (queued ``a`` steps before this call) goes to slot ``-a mod L``:
    the kernel's slot of local step ``-a``. Each lane's entries keep their order. A slot
    holds ``capacity`` entries besides the loaded ones.
    """
    q_n = np.zeros(L, np.int64)
    for e in range(queue_age.size):
        q_n[(L - queue_age[e] % L) % L] += 1
    cap = capacity + q_n.max()
    # nothing reads past q_n[slot]: no need to clear (and touch) the whole buffer
    q_src = np.empty((L, cap), np.int64)
    q_lane = np.empty((L, cap), np.int64)
    q_delta = np.empty((L, cap))
    q_n[:] = 0
    for j in range(queue_offsets.size - 1):
        for e in range(queue_offsets[j], queue_offsets[j + 1]):
            sl = (L - queue_age[e] % L) % L
            k = q_n[sl]
            q_src[sl, k] = queue_source[e]
            q_lane[sl, k] = j
            q_delta[sl, k] = queue_delta[e]
            q_n[sl] = k + 1
    return q_src, q_lane, q_delta, q_n


@njit(nogil=True, cache=True)
def copy_queue(q_src, q_lane, q_delta, q_n):
    """A copy of a spike queue (as :func:`load_queue` returns) with only its entries copied:
    nothing reads past ``q_n[slot]``, and the untouched rest of the buffers costs no memory."""
    L, cap = q_src.shape
    src = np.empty((L, cap), np.int64)
    lane = np.empty((L, cap), np.int64)
    delta = np.empty((L, cap))
    for sl in range(L):
        for k in range(q_n[sl]):
            src[sl, k] = q_src[sl, k]
            lane[sl, k] = q_lane[sl, k]
            delta[sl, k] = q_delta[sl, k]
    return src, lane, delta, q_n.copy()


@njit(nogil=True, cache=True)
def lane_counts(sp_lane, n_lanes):
    """Spikes per lane: ``np.bincount(sp_lane, minlength=n_lanes)``."""
    counts = np.zeros(n_lanes, np.int64)
    for e in range(sp_lane.size):
        counts[sp_lane[e]] += 1
    return counts


@njit(nogil=True, cache=True)
def place_spikes(sp_step, sp_neuron, sp_lane, start, dt, times, neurons):
    """Copy a block's spikes into the output, lane ``b``'s from ``start[b]`` on.

    The kernel reports spikes in (step, neuron) order with lanes interleaved; taking them in
    that order keeps each lane's in order (a stable counting sort by lane). Times are
    ``step * dt``.
    """
    pos = start.copy()
    for e in range(sp_lane.size):
        b = sp_lane[e]
        k = pos[b]
        times[k] = np.float64(sp_step[e]) * dt
        neurons[k] = sp_neuron[e]
        pos[b] = k + 1
