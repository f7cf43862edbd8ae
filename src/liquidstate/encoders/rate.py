"""Poisson rate coding: a signal value sets the rate of a Poisson process.

Input convention of every encoder: ``X`` is a list of arrays ``(n_steps_i, n_channels)``
(samples may differ in length) or a 3-D array ``(n_samples, n_steps, n_channels)``; each row
lasts ``dt`` seconds, so sample ``i`` lasts ``n_steps_i * dt`` seconds.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..random import check_seed, rng
from ..spikes import SpikeTrains
from ._common import (check_fitted_channels, check_index, check_positive, check_samples,
                      check_unit_range, durations_of, spike_trains)

__all__ = ["poisson_rate", "PoissonEncoder"]

#: The purpose key of the random streams: sample ``i`` draws from
#: ``rng(seed, "poisson_rate", first_index + i)``.
PURPOSE = "poisson_rate"


def poisson_rate(X, *, max_rate: float = 100.0, dt: float = 1e-3, seed: int = 0,
                 first_index: int = 0) -> SpikeTrains:
    """Encode signals in [0, 1] as inhomogeneous Poisson spike trains.

    In row ``k`` of a sample (the interval ``[k dt, (k + 1) dt)``) channel ``c`` fires as a
    Poisson process of rate ``max_rate * X[k, c]`` Hz: the number of spikes is drawn from a
    Poisson distribution of mean ``max_rate * X[k, c] * dt`` and each spike time is uniform
    within the row's interval. The expected rate over a sample is therefore
    ``max_rate * mean(X[:, c])``. A row may hold several spikes of one channel when
    ``max_rate * dt`` is not small.

    Parameters
    ----------
    X : list of arrays (n_steps_i, n_channels) or array (n_samples, n_steps, n_channels)
        Signals, every value in [0, 1] (dimensionless). Scale raw signals first, e.g. with
        :class:`sklearn.preprocessing.MinMaxScaler` fitted on the stacked rows.
    max_rate : float
        Rate in Hz of a channel whose value is 1 (>= 0).
    dt : float
        Duration of one row in seconds (the signal's sampling period), > 0.
    seed : int
        Sample ``i`` draws from ``liquidstate.random.rng(seed, "poisson_rate",
        first_index + i)``, so a sample is encoded identically whatever batch it is in.
    first_index : int
        Dataset index of the first sample of ``X`` (to encode a dataset in pieces).

    Returns
    -------
    SpikeTrains
        ``n_channels`` channels, sample ``i`` of duration ``n_steps_i * dt`` seconds.

    Raises
    ------
    ValueError
        For values outside [0, 1], NaN or inf, empty samples, ``dt <= 0`` or
        ``max_rate < 0``.
    """
    samples = check_samples(X)
    max_rate = check_positive(max_rate, "max_rate", allow_zero=True)
    dt = check_positive(dt, "dt")
    seed = check_seed(seed)
    first_index = check_index(first_index)
    check_unit_range(samples, "Poisson rate")
    n_channels = samples[0].shape[1]
    durations = durations_of(samples, dt)
    events = []
    for i, x in enumerate(samples):
        g = rng(seed, PURPOSE, first_index + i)
        counts = g.poisson(max_rate * dt * x).ravel()          # row-major: (row, channel)
        cell = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
        row, channel = np.divmod(cell, n_channels)
        times = (row + g.random(cell.size)) * dt
        events.append((times, channel))
    return spike_trains(events, durations, n_channels)


class PoissonEncoder(TransformerMixin, BaseEstimator):
    """Poisson rate coding as a scikit-learn transformer (see :func:`poisson_rate`).

    Parameters
    ----------
    max_rate : float
        Rate in Hz of a channel whose value is 1.
    dt : float
        Duration of one input row in seconds.
    random_state : int
        Seed of the per-sample streams ``rng(random_state, "poisson_rate", index)``. Must be
        a non-negative int (not ``None`` or a ``RandomState``): encodings are reproducible by
        construction.

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels seen in :meth:`fit`.

    Examples
    --------
    >>> import numpy as np
    >>> from liquidstate.encoders import PoissonEncoder
    >>> X = np.full((2, 1000, 3), 0.5)            # 2 samples of 1 s, 3 channels at half rate
    >>> spikes = PoissonEncoder(max_rate=40.0).fit_transform(X)
    >>> spikes.n_samples, spikes.n_channels
    (2, 3)
    """

    def __init__(self, max_rate: float = 100.0, dt: float = 1e-3, random_state: int = 0):
        self.max_rate = max_rate
        self.dt = dt
        self.random_state = random_state

    def fit(self, X, y=None) -> "PoissonEncoder":
        """Validate the parameters and ``X``; record ``n_channels_in_``."""
        check_positive(self.max_rate, "max_rate", allow_zero=True)
        check_positive(self.dt, "dt")
        check_seed(self.random_state, "random_state")
        samples = check_samples(X)
        check_unit_range(samples, "Poisson rate")
        self.n_channels_in_ = samples[0].shape[1]
        return self

    def transform(self, X, first_index: int = 0) -> SpikeTrains:
        """Encode ``X``; sample ``i`` uses the stream of index ``first_index + i``."""
        check_is_fitted(self, "n_channels_in_")
        samples = check_samples(X)
        check_fitted_channels(self, samples)
        check_seed(self.random_state, "random_state")
        return poisson_rate(samples, max_rate=self.max_rate, dt=self.dt,
                            seed=self.random_state, first_index=first_index)
