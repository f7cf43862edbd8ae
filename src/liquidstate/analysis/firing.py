"""Firing statistics of a liquid: rates, silence, irregularity, synchrony.

Pure functions over :class:`~liquidstate.spikes.SpikeTrains` (channel = neuron index); a
:class:`~liquidstate.network.Network` optionally tells excitatory from inhibitory neurons.
Every statistic is defined by a formula in the docstring of :func:`firing_statistics`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from .._validation import positive_seconds, sample_index
from ..spikes import SpikeTrains

__all__ = ["FiringStatistics", "firing_statistics", "population_rate"]

_TOL = 1e-6  # fraction of a bin: on-grid times computed in floating point stay in their bin


@dataclass(frozen=True)
class FiringStatistics:
    """Summary statistics of the spikes of a batch of samples (see :func:`firing_statistics`).

    Rates are in Hz, times in seconds. A statistic that is undefined for the data (e.g. the
    CV when no neuron fires 3 spikes in a sample) is ``nan``; the E and I rates are ``None``
    when no network was given.
    """

    n_samples: int
    n_neurons: int
    duration: float
    n_spikes: int
    rate: float
    rate_e: float | None
    rate_i: float | None
    max_rate: float
    fraction_silent: float
    cv_isi: float
    n_cv: int
    fano_factor: float
    fano_window: float
    synchrony: float
    bin_width: float

    def to_dict(self) -> dict:
        """The statistics as a plain dict, ``nan`` replaced by ``None`` (JSON-safe)."""
        return {k: (None if isinstance(v, float) and math.isnan(v) else v)
                for k, v in asdict(self).items()}


def _check_spikes(spikes) -> SpikeTrains:
    if not isinstance(spikes, SpikeTrains):
        raise TypeError(f"spikes must be SpikeTrains, got {type(spikes).__name__}")
    return spikes


def _neuron_mask(neurons, n: int) -> np.ndarray:
    """A boolean mask over ``n`` neurons from None (all), a bool mask or indices."""
    if neurons is None:
        return np.ones(n, dtype=bool)
    arr = np.asarray(neurons)
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(f"neurons as a mask must have shape ({n},), got {arr.shape}")
        return arr.copy()
    arr = np.atleast_1d(arr)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"neurons must be integer indices or a bool mask, got {arr.dtype}")
    if arr.ndim != 1 or (arr.size and (arr.min() < 0 or arr.max() >= n)):
        raise ValueError(f"neurons must be indices in [0, {n}), got {arr!r}")
    mask = np.zeros(n, dtype=bool)
    mask[arr] = True
    return mask


def _binned(t: np.ndarray, c: np.ndarray, duration: float, width: float, n: int,
            partial: bool) -> tuple[np.ndarray, np.ndarray]:
    """Counts ``(n_bins, n)`` in bins ``[k w, (k+1) w)`` and the width of each bin.

    With ``partial`` the last, possibly shorter bin is kept; otherwise only whole bins are.
    """
    exact = duration / width
    n_whole = int(math.floor(exact + _TOL))
    n_bins = int(math.ceil(exact - _TOL)) if partial else n_whole
    widths = np.full(n_bins, width)
    if n_bins > n_whole:
        widths[-1] = duration - n_whole * width
    k = np.floor(t / width + _TOL).astype(np.int64)
    keep = k < n_bins
    counts = np.zeros((n_bins, n), dtype=np.int64)
    np.add.at(counts, (k[keep], c[keep]), 1)
    return counts, widths


def population_rate(spikes: SpikeTrains, bin_width: float, *, sample: int | None = None,
                    neurons=None):
    r"""Population firing rate, in Hz per neuron, in bins of ``bin_width`` seconds.

    .. math::

        r_{\mathrm{pop}}[k] = \frac{1}{N\,w_k} \sum_{i \in \mathcal{N}}
            \#\{\text{spikes of } i \text{ in } [k\,\Delta, (k+1)\,\Delta)\}

    with ``N`` the number of neurons in the population ``\mathcal{N}`` (silent ones included),
    ``\Delta = bin_width`` and ``w_k = \Delta`` except for a last, shorter bin when the
    duration is not a multiple of ``\Delta`` (then ``w_k`` is its actual width). Bin ``k``
    is centred at ``(k + 1/2) \Delta``.

    Parameters
    ----------
    spikes : SpikeTrains
        Liquid spikes (channel = neuron).
    bin_width : float
        Bin width in seconds.
    sample : int, optional
        The sample; by default all samples.
    neurons : array of int or bool mask, optional
        The population (e.g. ``~network.inhibitory``); default all neurons.

    Returns
    -------
    ndarray of shape (n_bins,), or a list of them (one per sample) when ``sample`` is None.
    """
    spikes = _check_spikes(spikes)
    width = positive_seconds(bin_width, "bin_width")
    mask = _neuron_mask(neurons, spikes.n_channels)
    n_pop = int(mask.sum())
    if n_pop == 0:
        raise ValueError("neurons selects no neuron")
    if sample is None:
        idx = range(spikes.n_samples)
    else:
        idx = [sample_index(sample, "sample", spikes.n_samples)]
    out = []
    for s in idx:
        t, c = spikes.sample(s)
        sel = mask[c]
        counts, widths = _binned(t[sel], np.zeros(int(sel.sum()), np.int64),
                                 float(spikes.durations[s]), width, 1, partial=True)
        out.append(counts[:, 0] / (n_pop * widths))
    return out if sample is None else out[0]


def _cv_isi(spikes: SpikeTrains) -> tuple[float, int]:
    """Mean CV of the ISIs over trains (one neuron in one sample) with >= 3 spikes."""
    sample = np.repeat(np.arange(spikes.n_samples), np.diff(spikes.offsets))
    train = sample * spikes.n_channels + spikes.channels
    order = np.lexsort((spikes.times, train))
    train, t = train[order], spikes.times[order]
    same = train[1:] == train[:-1]
    isi, owner = np.diff(t)[same], train[1:][same]
    _, inverse, m = np.unique(owner, return_inverse=True, return_counts=True)
    keep = m >= 2
    if not np.any(keep):
        return math.nan, 0
    mean = np.bincount(inverse, weights=isi) / m
    var = np.bincount(inverse, weights=(isi - mean[inverse]) ** 2) / m
    keep &= mean > 0
    cv = np.sqrt(var[keep]) / mean[keep]
    return (float(cv.mean()) if cv.size else math.nan), int(cv.size)


def _fano_and_chi(spikes: SpikeTrains, fano_window: float, bin_width: float):
    n = spikes.n_channels
    windows = []
    chis = []
    for s in range(spikes.n_samples):
        t, c = spikes.sample(s)
        d = float(spikes.durations[s])
        w_counts, _ = _binned(t, c, d, fano_window, n, partial=False)
        windows.append(w_counts)
        b_counts, _ = _binned(t, c, d, bin_width, n, partial=False)
        if b_counts.shape[0] >= 2:
            x = b_counts.astype(np.float64)
            var_single = x.var(axis=0).mean()
            if var_single > 0:
                chis.append(math.sqrt(x.mean(axis=1).var() / var_single))
    counts = np.concatenate(windows, axis=0).astype(np.float64)
    fano = math.nan
    if counts.shape[0] >= 2:
        mean = counts.mean(axis=0)
        active = mean > 0
        if np.any(active):
            fano = float(np.mean(counts[:, active].var(axis=0) / mean[active]))
    chi = float(np.mean(chis)) if chis else math.nan
    return fano, chi


def firing_statistics(spikes: SpikeTrains, network=None, *, bin_width: float = 5e-3,
                      fano_window: float = 50e-3) -> FiringStatistics:
    r"""Rates, silence, ISI irregularity, count variability and synchrony of liquid spikes.

    Let ``S`` samples of durations ``T_s`` hold the spikes of ``N`` neurons, ``n_{s,i}`` the
    spike count of neuron ``i`` in sample ``s`` and ``T = \sum_s T_s``.

    * **Mean rate** (Hz) of a population ``\mathcal{N}`` (all neurons, or the excitatory or
      inhibitory ones of ``network``):

      .. math:: \bar r_{\mathcal{N}} = \frac{1}{|\mathcal{N}|\,T}
                \sum_s \sum_{i\in\mathcal{N}} n_{s,i}

      ``max_rate`` is ``\max_i \sum_s n_{s,i} / T``, the rate of the most active neuron.
    * **Fraction silent**: the fraction of neurons with no spike in any sample,
      ``|\{i : \sum_s n_{s,i} = 0\}| / N``.
    * **CV of the inter-spike intervals**: for each spike train (one neuron in one sample)
      with at least 3 spikes, so at least 2 intervals ``\tau_1..\tau_m``,

      .. math:: \mathrm{CV} = \frac{\sigma(\tau)}{\mu(\tau)}

      with the population SD (``ddof=0``); ``cv_isi`` is the mean over those trains and
      ``n_cv`` their number. A regular train has CV 0, a Poisson train CV close to 1.
      Intervals never span two samples.
    * **Fano factor** of spike counts in non-overlapping windows of ``fano_window`` seconds
      (whole windows only, pooled over samples): for each neuron with a nonzero mean count,
      ``F_i = \mathrm{Var}(c_i) / \mathrm{E}(c_i)``; ``fano_factor`` is the mean of ``F_i``.
      ``F = 1`` for a Poisson process, ``0`` for a regular train whose period divides the
      window.
    * **Synchrony** ``\chi`` (Golomb 2007) from the spike counts ``x_i[k]`` in bins of
      ``bin_width`` seconds (whole bins only), per sample:

      .. math:: \chi^2 = \frac{\mathrm{Var}_k\big(\frac{1}{N}\sum_i x_i[k]\big)}
                             {\frac{1}{N}\sum_i \mathrm{Var}_k\big(x_i[k]\big)}

      the variance of the population rate over the mean variance of single neurons (silent
      neurons included). ``\chi`` is 1 for identical trains and about ``1/\sqrt{N}`` for
      independent ones; ``synchrony`` is the mean of ``\chi`` over the samples where it is
      defined (some neuron's count varies).

    Parameters
    ----------
    spikes : SpikeTrains
        Liquid spikes (channel = neuron), e.g. ``simulate(...).spikes``.
    network : Network, optional
        The liquid, for the excitatory (``~network.inhibitory``) and inhibitory rates.
    bin_width : float
        Bin width (s) for the synchrony ``\chi`` (5 ms).
    fano_window : float
        Counting window (s) for the Fano factor (50 ms).

    Returns
    -------
    FiringStatistics
        Undefined statistics are ``nan``; ``rate_e`` and ``rate_i`` are ``None`` without a
        network (and ``nan`` for an empty population).
    """
    spikes = _check_spikes(spikes)
    bin_width = positive_seconds(bin_width, "bin_width")
    fano_window = positive_seconds(fano_window, "fano_window")
    n = spikes.n_channels
    counts = spikes.counts().sum(axis=0)
    T = float(spikes.durations.sum())
    rate_e = rate_i = None
    if network is not None:
        inhibitory = getattr(network, "inhibitory", None)
        if inhibitory is None:
            raise TypeError(f"network must be a liquidstate Network, got "
                            f"{type(network).__name__}")
        inhibitory = np.asarray(inhibitory, dtype=bool)
        if inhibitory.shape != (n,):
            raise ValueError(f"network has {inhibitory.size} neurons but spikes has "
                             f"{n} channels")
        rate_e = float(counts[~inhibitory].sum() / (T * (~inhibitory).sum())) \
            if np.any(~inhibitory) else math.nan
        rate_i = float(counts[inhibitory].sum() / (T * inhibitory.sum())) \
            if np.any(inhibitory) else math.nan
    cv, n_cv = _cv_isi(spikes)
    fano, chi = _fano_and_chi(spikes, fano_window, bin_width)
    return FiringStatistics(
        n_samples=spikes.n_samples, n_neurons=n, duration=T, n_spikes=spikes.n_events,
        rate=float(counts.sum() / (n * T)), rate_e=rate_e, rate_i=rate_i,
        max_rate=float(counts.max() / T), fraction_silent=float(np.mean(counts == 0)),
        cv_isi=cv, n_cv=n_cv, fano_factor=fano, fano_window=fano_window, synchrony=chi,
        bin_width=bin_width)
