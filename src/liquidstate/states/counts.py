"""Binned spike counts of the liquid neurons."""

from __future__ import annotations

import numpy as np

from .._validation import positive_seconds
from ..spikes import SpikeTrains
from .filters import TIME_TOLERANCE, as_spike_trains, check_neurons

__all__ = ["binned_counts"]


def binned_counts(spikes: SpikeTrains, *, bin_width: float | None = None,
                  n_bins: int | None = None, neurons=None) -> np.ndarray:
    r"""Spike counts of each neuron in consecutive time bins.

    Bin ``j`` of a sample is the half-open interval ``[j w, (j + 1) w)``; a spike at an edge
    ``j w`` (up to :data:`~liquidstate.states.filters.TIME_TOLERANCE` = 1 ns of round-off)
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
        if isinstance(n_bins, (bool, np.bool_)) or not isinstance(n_bins, (int, np.integer)):
            raise TypeError(f"n_bins must be an int, got {n_bins!r}")
        if n_bins < 1:
            raise ValueError(f"n_bins must be >= 1, got {n_bins}")
        J = int(n_bins)
        widths = d / J
    sample_of = np.repeat(np.arange(S), np.diff(spikes.offsets))
    j = np.floor((spikes.times + TIME_TOLERANCE) / widths[sample_of]).astype(np.int64)
    if n_bins is not None:
        j = np.minimum(j, J - 1)          # round-off at the very end of the sample
    keep = j < J
    C = spikes.n_channels
    flat = (sample_of[keep] * J + j[keep]) * C + spikes.channels[keep]
    out = np.bincount(flat, minlength=S * J * C).astype(np.float64).reshape(S, J, C)
    return out if sel is None else out[..., sel]
