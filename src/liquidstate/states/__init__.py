"""State extraction: liquid activity (spikes, membrane potentials) to feature arrays.

- :func:`exponential_states`: spikes filtered by ``exp(-t / tau)`` (exact), sampled at given
  times, every ``k`` seconds, at the ends of ``n`` equal bins or at the end; several ``tau``
  give a multi-timescale state.
- :func:`binned_counts`: spike counts in bins.
- :func:`membrane_states`: recorded membrane potentials.
- :func:`filtered_signals`: analog signals through the same exponential filter (the states
  of an analog input without a liquid: a control).
- :class:`StateExtractor`: one of these as a frozen recipe, ``extractor(recording) -> X``,
  with an optional pyramid of bins and square-root (or ``log1p``) scaling;
  ``extractor.signal_states(signals, dt)`` for analog input.

Each returns ``(n_samples, n_features)`` for one time point per sample and
``(n_samples, n_times, n_features)`` for several (binned counts: always 3-D).
"""

from .analog import filtered_signals
from .counts import binned_counts
from .extractor import StateExtractor
from .filters import exponential_states, sample_times
from .membrane import membrane_states

__all__ = ["exponential_states", "binned_counts", "membrane_states", "sample_times",
           "filtered_signals", "StateExtractor"]
