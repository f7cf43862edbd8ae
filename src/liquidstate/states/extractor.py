"""``StateExtractor``: a state-extraction recipe as plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.record import Record
from ..spikes import SpikeTrains
from .counts import binned_counts
from .filters import check_sampling, check_taus, exponential_states
from .membrane import membrane_states

__all__ = ["StateExtractor", "KINDS"]

#: The kinds of state a :class:`StateExtractor` computes.
KINDS = ("exponential", "counts", "membrane")


@dataclass(frozen=True)
class StateExtractor:
    """How to turn a liquid's :class:`~liquidstate.Recording` into a feature array.

    Calling the extractor on a recording returns ``X``: ``(n_samples, n_features)`` for one
    time point per sample, ``(n_samples, n_times, n_features)`` for several.

    Parameters
    ----------
    kind : {"exponential", "counts", "membrane"}
        ``"exponential"``: spikes filtered with ``exp(-t / tau)``
        (:func:`~liquidstate.states.exponential_states`); ``"counts"``: spike counts in bins
        (:func:`~liquidstate.states.binned_counts`; ``every`` is the bin width, ``n_bins``
        the number of bins, ``at_end`` one bin over the whole sample, ``times`` is not
        allowed); ``"membrane"``: recorded membrane potentials
        (:func:`~liquidstate.states.membrane_states`).
    tau : float or tuple of float
        Filter time constant(s) in seconds, for ``"exponential"`` (several: features
        concatenated per ``tau``).
    times, every, n_bins
        Sampling times (see :func:`~liquidstate.states.exponential_states`); at most one.
    at_end : bool
        Sample at the end of each sample when none of ``times``, ``every``, ``n_bins`` is
        given (the default); ignored when one of them is.
    neurons : tuple of int, optional
        Use only these neurons as features (default all). For ``"membrane"`` these are the
        neurons to record (:meth:`needs_record`); the features are the recorded traces.
    """

    kind: str = "exponential"
    tau: float | tuple[float, ...] = 0.03
    times: float | tuple[float, ...] | None = None
    every: float | None = None
    n_bins: int | None = None
    at_end: bool = True
    neurons: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        taus, scalar = check_taus(self.tau)
        object.__setattr__(self, "tau", float(taus[0]) if scalar else tuple(map(float, taus)))
        if self.times is not None:
            t = np.asarray(self.times, dtype=np.float64)
            object.__setattr__(self, "times", float(t) if t.ndim == 0
                               else tuple(float(x) for x in t.ravel()))
        if self.neurons is not None:
            arr = np.atleast_1d(np.asarray(self.neurons))
            if arr.size and not np.issubdtype(arr.dtype, np.integer):
                raise TypeError(f"neurons must be integers, got dtype {arr.dtype}")
            if arr.size and arr.min() < 0:
                raise ValueError(f"neurons must be >= 0, got {arr.min()}")
            object.__setattr__(self, "neurons", tuple(int(i) for i in arr.ravel()))
        if not isinstance(self.at_end, (bool, np.bool_)):
            raise TypeError(f"at_end must be a bool, got {self.at_end!r}")
        given = [n for n in ("times", "every", "n_bins") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"give at most one of times, every and n_bins; got {given}")
        if not given and not self.at_end:
            raise ValueError("no sampling times: give times, every or n_bins, or at_end=True")
        if self.kind == "counts" and self.times is not None:
            raise ValueError("kind='counts' needs bins (every = bin width, n_bins, or at_end), "
                             "not times")
        check_sampling(**self._sampling())       # types and signs of the chosen option

    def _sampling(self) -> dict:
        if self.times is not None:
            return {"times": self.times}
        if self.every is not None:
            return {"every": self.every}
        if self.n_bins is not None:
            return {"n_bins": self.n_bins}
        return {"at_end": True}

    def needs_record(self, n_neurons: int | None = None) -> Record | None:
        """The :class:`~liquidstate.Record` a simulation needs for this extractor.

        ``None`` for the spike-based kinds (spikes are always recorded). For ``"membrane"``:
        the ``"v"`` traces of ``neurons``, or of all ``n_neurons`` neurons when ``neurons`` is
        None (then ``n_neurons`` is required).
        """
        if self.kind != "membrane":
            return None
        if self.neurons is not None:
            return Record(neurons=self.neurons, variables=("v",))
        if n_neurons is None:
            raise ValueError("n_neurons is required to record all neurons (or set neurons)")
        if isinstance(n_neurons, (bool, np.bool_)) or int(n_neurons) != n_neurons \
                or n_neurons < 1:
            raise ValueError(f"n_neurons must be a positive int, got {n_neurons!r}")
        return Record(neurons=tuple(range(int(n_neurons))), variables=("v",))

    def __call__(self, recording) -> np.ndarray:
        """The states of ``recording`` (a Recording; a SpikeTrains for spike-based kinds)."""
        if self.kind == "membrane":
            if isinstance(recording, SpikeTrains):
                raise TypeError("kind='membrane' needs a Recording with 'v' traces, "
                                "not SpikeTrains")
            return membrane_states(recording, **self._sampling())
        if self.kind == "exponential":
            return exponential_states(recording, tau=self.tau, neurons=self.neurons,
                                      **self._sampling())
        if self.every is not None:
            X = binned_counts(recording, bin_width=self.every, neurons=self.neurons)
        else:
            X = binned_counts(recording, n_bins=self.n_bins or 1, neurons=self.neurons)
        return X[:, 0, :] if X.shape[1] == 1 else X
