r"""``StateExtractor``: a state-extraction recipe as plain, frozen data.

The recipe names the kind of state, the sampling times (or a pyramid of bins), the neurons,
and an optional elementwise scaling; calling it on a liquid's recording (or on spike trains)
returns the feature array. The same recipe applied to the *input* of the liquid (spike trains,
or analog signals through :meth:`StateExtractor.signal_states`) gives a no-liquid control's
states, so a liquid and its control are read out alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import boolean, positive_int
from ..engine.record import Record
from ..spikes import SpikeTrains
from .analog import filtered_signals
from .counts import binned_counts
from .filters import check_sampling, check_taus, exponential_states
from .membrane import membrane_states

__all__ = ["StateExtractor", "KINDS", "SCALES"]

#: The kinds of state a :class:`StateExtractor` computes.
KINDS = ("exponential", "counts", "membrane")
#: The elementwise scalings of :attr:`StateExtractor.scale`.
SCALES = ("sqrt", "log1p")


@dataclass(frozen=True)
class StateExtractor:
    r"""How to turn a liquid's :class:`~liquidstate.Recording` into a feature array.

    Calling the extractor on a recording returns ``X``: ``(n_samples, n_features)`` for one
    time point per sample or for a pyramid of bins, ``(n_samples, n_times, n_features)`` for
    several time points.

    The states, for neuron ``n`` with spikes at ``t_k`` (s):

    - ``"exponential"``: :math:`x_n(t) = \sum_{t_k \le t} e^{-(t - t_k)/\tau}`
      (dimensionless; 1 just after one spike), at the sampling times
      (:func:`~liquidstate.states.exponential_states`);
    - ``"counts"``: :math:`c_{n,j} = \#\{k : j w \le t_k < (j + 1) w\}`, the spikes in bin
      ``j`` of width ``w`` s (dimensionless; :func:`~liquidstate.states.binned_counts`);
    - ``"membrane"``: the recorded membrane potential ``V_n(t)`` in volts
      (:func:`~liquidstate.states.membrane_states`);

    then, with ``scale``, :math:`\sqrt{x}` or :math:`\log(1 + x)` elementwise (the square
    root evens out the variance of Poisson-like counts).

    Parameters
    ----------
    kind : {"exponential", "counts", "membrane"}
        ``"exponential"``: spikes filtered with ``exp(-t / tau)``; ``"counts"``: spike counts
        in bins (``every`` is the bin width, ``n_bins`` the number of bins, ``at_end`` one
        bin over the whole sample, ``times`` is not allowed); ``"membrane"``: recorded
        membrane potentials.
    tau : float or tuple of float
        Filter time constant(s) in seconds, for ``"exponential"``: a bank of several gives
        a multi-timescale state, features concatenated ``tau``-major (feature ``i *
        n_neurons + j`` is neuron ``j`` filtered with ``tau[i]``).
    times, every
        Sampling times (see :func:`~liquidstate.states.exponential_states`); at most one
        of ``times``, ``every`` and ``n_bins``.
    n_bins : int or tuple of int, optional
        An int: sample at the ends of ``n_bins`` equal bins of each sample (counts: count
        in them); the bins scale with each sample's duration. A tuple of different ints: a
        *pyramid*: for each ``b`` in it the states of the ``b`` equal bins, flattened
        bin-major (feature ``j * n_features + f`` is feature ``f`` of bin ``j``), and the
        binnings side by side in the order given, one 2-D row per sample. ``(1, 2, 4)``:
        the whole sample, its halves and its quarters, ``7 * n_features`` features.
    at_end : bool
        Sample at the end of each sample when none of ``times``, ``every``, ``n_bins`` is
        given (the default); ignored when one of them is.
    neurons : tuple of int, optional
        Use only these neurons (input channels, for a control) as features (default all).
        For ``"membrane"`` these are the neurons to record (:meth:`needs_record`); the
        features are the recorded traces.
    scale : {"sqrt", "log1p"} or None
        Elementwise scaling of the states (spike-based kinds; the states must be >= 0).
    """

    kind: str = "exponential"
    tau: float | tuple[float, ...] = 0.03
    times: float | tuple[float, ...] | None = None
    every: float | None = None
    n_bins: int | tuple[int, ...] | None = None
    at_end: bool = True
    neurons: tuple[int, ...] | None = None
    scale: str | None = None

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
        boolean(self.at_end, "at_end")
        if self.n_bins is not None and not isinstance(self.n_bins, (int, np.integer)):
            object.__setattr__(self, "n_bins", _pyramid(self.n_bins))
        if self.scale is not None and self.scale not in SCALES:
            raise ValueError(f"scale must be one of {SCALES} or None, got {self.scale!r}")
        if self.scale is not None and self.kind == "membrane":
            raise ValueError("scale applies to the spike-based kinds (membrane potentials "
                             "are negative)")
        given = [n for n in ("times", "every", "n_bins") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"give at most one of times, every and n_bins; got {given}")
        if not given and not self.at_end:
            raise ValueError("no sampling times: give times, every or n_bins, or at_end=True")
        if self.kind == "counts" and self.times is not None:
            raise ValueError("kind='counts' needs bins (every = bin width, n_bins, or at_end), "
                             "not times")
        for sampling in self._samplings():
            check_sampling(**sampling)       # types and signs of the chosen option

    @property
    def pyramid(self) -> bool:
        """Whether ``n_bins`` is a pyramid (a tuple): the states are one flat row per
        sample."""
        return isinstance(self.n_bins, tuple)

    def _samplings(self) -> list[dict]:
        """The sampling option(s): one, or one per binning of a pyramid."""
        if self.times is not None:
            return [{"times": self.times}]
        if self.every is not None:
            return [{"every": self.every}]
        if self.pyramid:
            return [{"n_bins": b} for b in self.n_bins]
        if self.n_bins is not None:
            return [{"n_bins": self.n_bins}]
        return [{"at_end": True}]

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
        n_neurons = positive_int(n_neurons, "n_neurons")
        return Record(neurons=tuple(range(n_neurons)), variables=("v",))

    def __call__(self, recording) -> np.ndarray:
        """The states of ``recording`` (a Recording; a SpikeTrains for spike-based kinds)."""
        if self.kind == "membrane" and isinstance(recording, SpikeTrains):
            raise TypeError("kind='membrane' needs a Recording with 'v' traces, "
                            "not SpikeTrains")
        return self._assemble(lambda sampling: self._one(recording, sampling))

    def signal_states(self, signals, dt: float) -> np.ndarray:
        r"""The same states of analog signals: a no-liquid control for analog input.

        Value ``k`` of a signal is held over ``[k dt, (k + 1) dt)``. For ``"exponential"``
        each channel ``u_c`` is filtered with the same kernel,
        :math:`x_c(t) = \int_0^t u_c(s) e^{-(t - s)/\tau} ds` (the signal's unit times
        seconds; :func:`~liquidstate.states.filtered_signals`), with the same sampling
        times, pyramid, ``neurons`` (here: channels) and ``scale``. The other kinds have no
        analog counterpart here (a ``ValueError``).

        Parameters
        ----------
        signals : array or sequence of arrays
            ``(n_samples, n_steps, n_channels)``, ``(n_samples, n_steps)`` or a list of
            ``(n_steps_i, n_channels)`` arrays.
        dt : float
            Seconds per signal value.
        """
        if self.kind != "exponential":
            raise ValueError(f"signal_states needs kind='exponential' (the filtered signal), "
                             f"got kind={self.kind!r}")
        return self._assemble(lambda sampling: filtered_signals(
            signals, dt=dt, tau=self.tau, channels=self.neurons, **sampling))

    def _one(self, recording, sampling: dict) -> np.ndarray:
        """The unscaled states of ``recording`` for one sampling option."""
        if self.kind == "membrane":
            return membrane_states(recording, **sampling)
        if self.kind == "exponential":
            return exponential_states(recording, tau=self.tau, neurons=self.neurons,
                                      **sampling)
        if "every" in sampling:
            X = binned_counts(recording, bin_width=sampling["every"], neurons=self.neurons)
        else:
            X = binned_counts(recording, n_bins=sampling.get("n_bins", 1),
                              neurons=self.neurons)
        return X[:, 0, :] if X.shape[1] == 1 else X

    def _assemble(self, states) -> np.ndarray:
        """``states(sampling)`` for each sampling option, flattened and side by side for a
        pyramid, then scaled."""
        if self.pyramid:
            parts = [states(s) for s in self._samplings()]
            X = np.hstack([p.reshape(p.shape[0], -1) for p in parts])
        else:
            X = states(self._samplings()[0])
        X = np.asarray(X, dtype=np.float64)
        if self.scale is None:
            return X
        if X.size and X.min() < 0:
            raise ValueError(f"scale={self.scale!r} needs states >= 0, found {X.min():g} "
                             "(an analog signal with negative values?)")
        return np.sqrt(X) if self.scale == "sqrt" else np.log1p(X)


def _pyramid(value) -> tuple[int, ...]:
    """``n_bins`` given as a sequence: a tuple of different ints >= 1."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or np.ndim(value) != 1:
        raise TypeError(f"n_bins must be an int or a 1-D sequence of ints, got {value!r}")
    out = []
    for i, b in enumerate(value):
        out.append(positive_int(b, f"n_bins[{i}]"))
    if not out:
        raise ValueError("n_bins must not be an empty sequence")
    if len(set(out)) != len(out):
        raise ValueError(f"n_bins must not repeat a number of bins, got {out}")
    return tuple(out)
