"""Binned spike counts of the liquid neurons (one compiled pass over the flat spike arrays,
accumulating into the output: no per-spike temporaries)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .._validation import positive_int, positive_seconds
from ..spikes import SpikeTrains
from .filters import TIME_TOLERANCE, as_spike_trains, check_neurons, feature_map

__all__ = ["binned_counts"]


def binned_counts(spikes: SpikeTrains, *, bin_width: float | None = None,
                  n_bins: int | None = None, neurons=None) -> np.ndarray:
    r"""Spike counts of each neuron in consecutive time bins.

    Bin ``j`` of a sample is the half-open interval ``[j w, (j + 1) w)``; a spike at an edge
    ``j w`` (up to ``liquidstate.states.filters.TIME_TOLERANCE`` = 1 ns of round-off)
    belongs to bin ``j``.

    Parameters
    ----------
    spikes : SpikeTrains or Recording
        Liquid spikes (channel = neuron); a :class:`~liquidstate.Recording` uses its
        ``.spikes``.
    bin_width : float, optional
        Bin width ``w`` in seconds; ``n_bins = floor(duration / w)`` bins per sample, which
        must be the same for all samples (use ``n_bins`` for samples of different
        durations). Spikes after the last whole bin are dropped.
    n_bins : int, optional
        Number of equal bins per sample, ``w = duration / n_bins`` (bins scale with each
        sample's duration and cover it entirely).
    neurons : sequence of int, optional
        The neurons to count, in this order; default all ``spikes.n_channels``.

    Exactly one of ``bin_width`` and ``n_bins`` must be given.

    Returns
    -------
    ndarray of float64, shape (n_samples, n_bins, n_neurons)
        The counts (float, ready to use as features).
    """
    spikes = as_spike_trains(spikes)
    sel = check_neurons(neurons, spikes.n_channels)
    if (bin_width is None) == (n_bins is None):
        raise ValueError("give exactly one of bin_width and n_bins")
    d = spikes.durations
    S = spikes.n_samples
    if bin_width is not None:
        w = positive_seconds(bin_width, "bin_width")
        counts = np.floor(d / w + 1e-9).astype(np.int64)
        if counts.min() < 1:
            i = int(np.argmin(counts))
            raise ValueError(f"bin_width = {w} s is longer than sample {i} (duration {d[i]} s)")
        if np.any(counts != counts[0]):
            raise ValueError(
                f"bin_width = {w} s gives a different number of bins per sample "
                f"({counts.min()} to {counts.max()}) because the durations differ; use n_bins")
        J = int(counts[0])
        widths = np.full(S, w)
    else:
        J = positive_int(n_bins, "n_bins")
        widths = d / J
    chan_to_feat, F, gather = feature_map(sel, spikes.n_channels)
    out = np.zeros((S, J, F), np.float64)
    _count_kernel(spikes.times, spikes.channels, spikes.offsets,
                  np.ascontiguousarray(widths, dtype=np.float64), n_bins is not None,
                  chan_to_feat, out)
    return out if gather is None else out[..., gather]


@njit(nogil=True, cache=True)
def _count_kernel(times, channels, offsets, widths, clip_last, chan_to_feat,
                  out):  # pragma: no cover
    """Add 1 to ``out[s, j, f]`` (zeroed) for each spike, ``j = floor((t + TIME_TOLERANCE) /
    widths[s])``; ``j`` is clipped to the last bin when ``clip_last`` (round-off at the very
    end of a sample), else spikes with ``j >= n_bins`` are dropped. Channels and times are
    checked (``SpikeTrains._trusted`` skips validation): no write outside ``out``."""
    S, J, _ = out.shape
    for s in range(S):
        w = widths[s]
        for e in range(offsets[s], offsets[s + 1]):
            c = channels[e]
            if c < 0 or c >= chan_to_feat.size:
                raise ValueError("a spike's channel is outside [0, n_channels)")
            f = chan_to_feat[c]
            if f < 0:
                continue
            j = math.floor((times[e] + TIME_TOLERANCE) / w)
            if j < 0:
                raise ValueError("a spike time is negative")
            if clip_last and j > J - 1:
                j = J - 1
            if j < J:
                out[s, j, f] += 1.0
