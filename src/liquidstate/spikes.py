"""``SpikeTrains``: the one spike type, for the input and the output of a liquid.

A batch of samples, each with its own duration, each a set of ``(time, channel)`` events.
Events are stored flat (memory proportional to the number of spikes): ``times`` and
``channels`` hold all events of all samples, sorted by sample, then time, then channel, and
``offsets[i]:offsets[i + 1]`` is the slice of sample ``i``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validation import nonnegative_int, positive_int, positive_seconds
from .random import rng

__all__ = ["SpikeTrains"]


def _as_durations(durations, n_samples: int) -> np.ndarray:
    d = np.asarray(durations, dtype=np.float64)
    if d.ndim == 0:
        d = np.full(n_samples, float(d))
    if d.shape != (n_samples,):
        raise ValueError(
            f"durations must be a scalar or have shape ({n_samples},), got shape {d.shape}"
        )
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ValueError("durations must be finite and > 0 (seconds)")
    return d


@dataclass(frozen=True, eq=False)
class SpikeTrains:
    """A batch of spike trains.

    Attributes
    ----------
    times : ndarray of float64, shape (n_events,)
        Spike times in seconds, relative to the start of each sample, in ``[0, duration)``.
    channels : ndarray of int64, shape (n_events,)
        Channel (input line or neuron index) of each event, in ``[0, n_channels)``.
    offsets : ndarray of int64, shape (n_samples + 1,)
        Events of sample ``i`` are ``times[offsets[i]:offsets[i + 1]]``.
    durations : ndarray of float64, shape (n_samples,)
        Duration of each sample in seconds.
    n_channels : int
        Number of channels.

    Use the constructors (:meth:`from_lists`, :meth:`from_raster`, :meth:`from_events`,
    :meth:`poisson`); they validate and sort. The plain constructor validates too.
    """

    times: np.ndarray
    channels: np.ndarray
    offsets: np.ndarray
    durations: np.ndarray
    n_channels: int

    def __post_init__(self) -> None:
        times = np.ascontiguousarray(self.times, dtype=np.float64)
        raw_channels = np.asarray(self.channels)
        if raw_channels.size and not np.issubdtype(raw_channels.dtype, np.integer):
            raise TypeError(f"channels must be integers, got dtype {raw_channels.dtype}")
        channels = np.ascontiguousarray(raw_channels, dtype=np.int64)
        offsets = np.ascontiguousarray(self.offsets, dtype=np.int64)
        n_channels = positive_int(self.n_channels, "n_channels")
        if times.ndim != 1 or channels.shape != times.shape:
            raise ValueError(
                "times and channels must be 1-D arrays of equal length, got shapes "
                f"{times.shape} and {channels.shape}"
            )
        if offsets.ndim != 1 or offsets.size < 1 or offsets[0] != 0 or offsets[-1] != times.size:
            raise ValueError("offsets must start at 0 and end at the number of events")
        if np.any(np.diff(offsets) < 0):
            raise ValueError("offsets must be non-decreasing")
        durations = _as_durations(self.durations, offsets.size - 1)
        if not np.all(np.isfinite(times)):
            raise ValueError("times must be finite (found NaN or inf)")
        if times.size:
            if times.min() < 0:
                raise ValueError(f"times must be >= 0 s, found {times.min()}")
            sample_of_event = np.repeat(np.arange(durations.size), np.diff(offsets))
            late = times >= durations[sample_of_event]
            if np.any(late):
                i = int(np.flatnonzero(late)[0])
                raise ValueError(
                    f"times must lie in [0, duration) of their sample: event {i} at "
                    f"{times[i]} s in sample {sample_of_event[i]} of duration "
                    f"{durations[sample_of_event[i]]} s"
                )
            if channels.min() < 0 or channels.max() >= n_channels:
                raise ValueError(
                    f"channels must lie in [0, {n_channels}), found values in "
                    f"[{channels.min()}, {channels.max()}]"
                )
            # Sort within each sample by (time, channel); a stable global lexsort does it.
            sample_of_event = np.repeat(np.arange(durations.size), np.diff(offsets))
            order = np.lexsort((channels, times, sample_of_event))
            if np.any(order != np.arange(order.size)):
                times, channels = times[order], channels[order]
        for name, value in (("times", times), ("channels", channels), ("offsets", offsets),
                            ("durations", durations)):
            value.setflags(write=False)
            object.__setattr__(self, name, value)
        object.__setattr__(self, "n_channels", n_channels)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def _trusted(cls, times, channels, offsets, durations, n_channels) -> "SpikeTrains":
        """Wrap arrays that are already valid and sorted (the engine's output): no checks."""
        obj = object.__new__(cls)
        for name, value in (("times", times), ("channels", channels), ("offsets", offsets),
                            ("durations", durations)):
            value.setflags(write=False)
            object.__setattr__(obj, name, value)
        object.__setattr__(obj, "n_channels", int(n_channels))
        return obj

    @classmethod
    def from_events(cls, events: Sequence[tuple[np.ndarray, np.ndarray]], durations,
                    n_channels: int) -> "SpikeTrains":
        """From one ``(times, channels)`` pair of arrays per sample."""
        if len(events) == 0:
            raise ValueError("events must hold at least one sample")
        ts, cs, counts = [], [], []
        for i, pair in enumerate(events):
            if len(pair) != 2:
                raise ValueError(f"events[{i}] must be a (times, channels) pair")
            t = np.asarray(pair[0], dtype=np.float64).ravel()
            c = np.asarray(pair[1]).ravel()
            if t.shape != c.shape:
                raise ValueError(f"events[{i}]: times and channels differ in length")
            if c.size and not np.issubdtype(c.dtype, np.integer):
                raise TypeError(f"events[{i}]: channels must be integers, got {c.dtype}")
            ts.append(t)
            cs.append(c.astype(np.int64))
            counts.append(t.size)
        offsets = np.concatenate([[0], np.cumsum(counts)])
        return cls(np.concatenate(ts), np.concatenate(cs), offsets, durations, n_channels)

    @classmethod
    def concatenate(cls, parts: Sequence["SpikeTrains"]) -> "SpikeTrains":
        """The samples of several ``SpikeTrains`` (with equal ``n_channels``), in order."""
        if len(parts) == 0:
            raise ValueError("parts must hold at least one SpikeTrains")
        n_channels = parts[0].n_channels
        for i, p in enumerate(parts):
            if not isinstance(p, SpikeTrains):
                raise TypeError(f"parts[{i}] must be SpikeTrains, got {type(p).__name__}")
            if p.n_channels != n_channels:
                raise ValueError(f"parts[{i}] has {p.n_channels} channels, parts[0] has "
                                 f"{n_channels}")
        counts = np.concatenate([np.diff(p.offsets) for p in parts])
        offsets = np.zeros(counts.size + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        return cls._trusted(np.concatenate([p.times for p in parts]),
                            np.concatenate([p.channels for p in parts]), offsets,
                            np.concatenate([p.durations for p in parts]), n_channels)

    @classmethod
    def from_lists(cls, trains: Sequence[Sequence[np.ndarray]], durations) -> "SpikeTrains":
        """From spike-time arrays: ``trains[sample][channel]`` is an array of times in s.

        Every sample must have the same number of channels.
        """
        if len(trains) == 0:
            raise ValueError("trains must hold at least one sample")
        n_channels = len(trains[0])
        events = []
        for i, sample in enumerate(trains):
            if len(sample) != n_channels:
                raise ValueError(
                    f"trains[{i}] has {len(sample)} channels, trains[0] has {n_channels}"
                )
            t = [np.asarray(x, dtype=np.float64).ravel() for x in sample]
            c = [np.full(x.size, k, dtype=np.int64) for k, x in enumerate(t)]
            events.append((np.concatenate(t) if t else np.empty(0),
                           np.concatenate(c) if c else np.empty(0, np.int64)))
        return cls.from_events(events, durations, n_channels)

    @classmethod
    def from_raster(cls, rasters, dt: float) -> "SpikeTrains":
        """From binary rasters, one array ``(n_steps, n_channels)`` per sample.

        A nonzero entry at step ``k`` is a spike at time ``k * dt``. ``rasters`` is a 3-D array
        ``(n_samples, n_steps, n_channels)`` or a list of 2-D arrays of varying length.
        """
        dt = positive_seconds(dt, "dt")
        if isinstance(rasters, np.ndarray) and rasters.ndim == 2:
            rasters = rasters[None]
        if len(rasters) == 0:
            raise ValueError("rasters must hold at least one sample")
        events, durations, n_channels = [], [], None
        for i, r in enumerate(rasters):
            r = np.asarray(r)
            if r.ndim != 2:
                raise ValueError(f"rasters[{i}] must be 2-D (n_steps, n_channels), got {r.shape}")
            if n_channels is None:
                n_channels = r.shape[1]
            elif r.shape[1] != n_channels:
                raise ValueError(f"rasters[{i}] has {r.shape[1]} channels, expected {n_channels}")
            if r.shape[0] == 0:
                raise ValueError(f"rasters[{i}] is empty (0 steps)")
            if not np.all(np.isfinite(r)):
                raise ValueError(f"rasters[{i}] contains NaN or inf")
            if np.any(r > 1) or np.any(r < 0):
                raise ValueError(f"rasters[{i}] must be binary (0/1); use counts <= 1 per bin")
            k, c = np.nonzero(r)
            events.append((k * dt, c))
            durations.append(r.shape[0] * dt)
        return cls.from_events(events, durations, n_channels)

    @classmethod
    def poisson(cls, rates, duration, n_samples: int = 1, *, seed: int = 0,
                first_index: int = 0) -> "SpikeTrains":
        """Homogeneous Poisson spike trains.

        Parameters
        ----------
        rates : float or array of shape (n_channels,)
            Rate of each channel in Hz.
        duration : float or array of shape (n_samples,)
            Duration of each sample in seconds.
        n_samples : int
            Number of samples.
        seed : int
            Sample ``i`` draws from the stream keyed ``(seed, "poisson", first_index + i)``, so a
            sample is the same whatever batch it is generated in.
        first_index : int
            Index of the first sample (to generate a batch in pieces).
        """
        rates = np.atleast_1d(np.asarray(rates, dtype=np.float64))
        if rates.ndim != 1 or rates.size == 0:
            raise ValueError(f"rates must be a scalar or a 1-D array, got shape {rates.shape}")
        if not np.all(np.isfinite(rates)) or np.any(rates < 0):
            raise ValueError("rates must be finite and >= 0 Hz")
        n_samples = positive_int(n_samples, "n_samples")
        first_index = nonnegative_int(first_index, "first_index")
        durations = _as_durations(duration, n_samples)
        events = []
        for i in range(n_samples):
            g = rng(seed, "poisson", first_index + i)
            counts = g.poisson(rates * durations[i])
            t = g.uniform(0.0, durations[i], counts.sum())
            c = np.repeat(np.arange(rates.size), counts)
            events.append((t, c))
        return cls.from_events(events, durations, rates.size)

    # ------------------------------------------------------------------ access
    @property
    def n_samples(self) -> int:
        return self.offsets.size - 1

    def __len__(self) -> int:
        return self.n_samples

    @property
    def n_events(self) -> int:
        return int(self.times.size)

    def sample(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """``(times, channels)`` of sample ``i``."""
        i = self._check_index(i)
        s = slice(self.offsets[i], self.offsets[i + 1])
        return self.times[s], self.channels[s]

    def spike_times(self, i: int) -> list[np.ndarray]:
        """Spike times of sample ``i`` as one array per channel."""
        t, c = self.sample(i)
        order = np.argsort(c, kind="stable")
        bounds = np.searchsorted(c[order], np.arange(self.n_channels + 1))
        ts = t[order]
        return [ts[bounds[k]:bounds[k + 1]] for k in range(self.n_channels)]

    def select(self, indices) -> "SpikeTrains":
        """A new ``SpikeTrains`` with the samples ``indices`` (in that order)."""
        idx = np.atleast_1d(np.asarray(indices))
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        events = [self.sample(int(i)) for i in idx]
        return SpikeTrains.from_events(events, self.durations[idx], self.n_channels)

    def __getitem__(self, key) -> "SpikeTrains":
        """Samples by index, slice, index array or boolean mask, as ``SpikeTrains`` (so
        scikit-learn's splitters and cross-validation can index a dataset of spike trains)."""
        if isinstance(key, slice):
            return self.select(np.arange(self.n_samples)[key])
        if np.ndim(key) == 0:
            return self.select([self._check_index(key)])
        return self.select(key)

    def pad(self, *, before: float = 0.0, after: float = 0.0) -> "SpikeTrains":
        """The same spikes with silence added: ``before`` seconds at the start and ``after``
        seconds at the end of every sample.

        A spike at ``t`` (s) moves to ``t + before``; sample ``i`` lasts ``before +
        durations[i] + after`` seconds. Padding ``after`` lets a liquid respond to the end
        of an input; ``before`` lets it settle from its initial state first. Without
        ``before`` the new trains share the (read-only) event arrays.

        Parameters
        ----------
        before, after : float
            Seconds of silence, ``>= 0`` each.
        """
        pads = []
        for name, value in (("before", before), ("after", after)):
            try:
                x = float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{name} must be a number of seconds, got {value!r}") from None
            if not np.isfinite(x) or x < 0:
                raise ValueError(f"{name} must be finite and >= 0 seconds, got {value!r}")
            pads.append(x)
        before, after = pads
        if before == 0.0 and after == 0.0:
            return self
        durations = self.durations + (before + after)
        if before == 0.0:
            # the arrays are read-only: the new trains share them
            return SpikeTrains._trusted(self.times, self.channels, self.offsets, durations,
                                        self.n_channels)
        return SpikeTrains(self.times + before, self.channels, self.offsets, durations,
                           self.n_channels)

    def counts(self) -> np.ndarray:
        """Spike counts, shape ``(n_samples, n_channels)``."""
        sample_of_event = np.repeat(np.arange(self.n_samples), np.diff(self.offsets))
        out = np.zeros((self.n_samples, self.n_channels), dtype=np.int64)
        np.add.at(out, (sample_of_event, self.channels), 1)
        return out

    def rates(self) -> np.ndarray:
        """Mean firing rates in Hz, shape ``(n_samples, n_channels)``."""
        return self.counts() / self.durations[:, None]

    def to_raster(self, dt: float, i: int | None = None):
        """Spike-count rasters on a grid of step ``dt``.

        Event at time ``t`` falls in bin ``floor(t / dt + 1e-6)`` (the tolerance keeps on-grid
        times on their step). Returns an int array ``(n_steps, n_channels)`` for sample ``i``,
        or a list of them for all samples when ``i`` is None. Counts are kept, not clipped.
        """
        dt = positive_seconds(dt, "dt")
        idx = range(self.n_samples) if i is None else [self._check_index(i)]
        out = []
        for k in idx:
            t, c = self.sample(k)
            n_steps = int(np.ceil(self.durations[k] / dt - 1e-6))
            r = np.zeros((n_steps, self.n_channels), dtype=np.int64)
            steps = np.minimum(np.floor(t / dt + 1e-6).astype(np.int64), n_steps - 1)
            np.add.at(r, (steps, c), 1)
            out.append(r)
        return out if i is None else out[0]

    def _check_index(self, i) -> int:
        if int(i) != i or not -self.n_samples <= i < self.n_samples:
            raise IndexError(f"sample index {i} out of range for {self.n_samples} samples")
        return int(i) % self.n_samples

    def __repr__(self) -> str:
        return (f"SpikeTrains(n_samples={self.n_samples}, n_channels={self.n_channels}, "
                f"n_events={self.n_events})")

