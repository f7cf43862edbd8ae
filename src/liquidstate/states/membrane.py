"""Recorded membrane potentials as liquid states."""

from __future__ import annotations

import numpy as np

from .filters import TIME_TOLERANCE, sample_times

__all__ = ["membrane_states"]


def membrane_states(recording, *, times=None, every: float | None = None,
                    n_bins: int | None = None, at_end: bool = False) -> np.ndarray:
    """Membrane potentials (V) of the recorded neurons at chosen times.

    The value at time ``t`` is the last recorded value at or before ``t`` (the state at the
    end of the last recorded step; up to ``liquidstate.states.filters.TIME_TOLERANCE``
    of round-off). With ``Record(every=1)`` and ``t`` a multiple of ``dt`` this is ``V(t)``
    exactly. Record the potentials first, e.g. ``simulate(..., record=Record(neurons=range(
    net.n_neurons), variables=("v",)))`` (see :meth:`StateExtractor.needs_record`).

    Parameters
    ----------
    recording : Recording
        A recording with ``"v"`` traces.
    times, every, n_bins, at_end
        The sampling times, exactly one of them, as in
        :func:`~liquidstate.states.exponential_states` (``at_end=True``: the last recorded
        value, at ``t = duration`` when the duration is a multiple of the recording
        interval).

    Returns
    -------
    ndarray of float64
        ``(n_samples, n_recorded)`` for a single time point, else
        ``(n_samples, n_times, n_recorded)``; features in the order of ``Record.neurons``.
    """
    traces = getattr(recording, "traces", None)
    trace_times = getattr(recording, "trace_times", None)
    spikes = getattr(recording, "spikes", None)
    if traces is None or trace_times is None or spikes is None:
        raise TypeError(f"recording must be a Recording, got {type(recording).__name__}")
    if "v" not in traces or not traces["v"]:
        raise ValueError("recording has no membrane potential traces: simulate with "
                         "record=Record(neurons=..., variables=('v',))")
    vs = traces["v"]
    n_samples = len(vs)
    if len(trace_times) != n_samples or spikes.n_samples != n_samples:
        raise ValueError("recording is inconsistent: traces, trace_times and spikes differ "
                         "in their number of samples")
    n_rec = vs[0].shape[1]
    if n_rec == 0:
        raise ValueError("recording has no recorded neurons (Record.neurons is empty)")
    T = sample_times(spikes.durations, times=times, every=every, n_bins=n_bins, at_end=at_end)
    J = T.shape[1]
    out = np.empty((n_samples, J, n_rec), np.float64)
    for s in range(n_samples):
        tt = np.asarray(trace_times[s])
        if tt.size == 0:
            raise ValueError(f"sample {s} has no recorded trace values (recording interval "
                             "longer than the sample)")
        if at_end:
            idx = np.array([tt.size - 1])
        else:
            idx = np.searchsorted(tt, T[s] + TIME_TOLERANCE, side="right") - 1
            if idx[0] < 0:
                raise ValueError(f"time {T[s][0]} s is before the first recorded value of "
                                 f"sample {s} (at {tt[0]} s)")
        out[s] = vs[s][idx]
    return out[:, 0, :] if J == 1 else out
