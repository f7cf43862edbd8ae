"""What a simulation keeps (``Record``) and what it returns (``Recording``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import positive_int
from ..spikes import SpikeTrains

__all__ = ["Record", "Recording", "TRACE_VARIABLES"]

#: Recordable state variables: membrane potential (V), excitatory and inhibitory currents (A).
TRACE_VARIABLES = ("v", "i_e", "i_i")


@dataclass(frozen=True)
class Record:
    """Declares what to record besides spikes (which are always kept).

    Parameters
    ----------
    neurons : sequence of int, optional
        Neurons whose traces are kept; ``None`` (default) keeps no traces.
    variables : tuple of str
        Any of ``"v"`` (membrane potential, V), ``"i_e"``, ``"i_i"`` (synaptic currents, A).
    every : int
        Keep one value every ``every`` steps: the state at ``t = (g + 1) dt`` for the global
        steps ``g`` with ``(g + 1) % every == 0`` (so chunked and whole runs keep the same).
    """

    neurons: tuple[int, ...] | None = None
    variables: tuple[str, ...] = ("v",)
    every: int = 1

    def __post_init__(self) -> None:
        if self.neurons is not None:
            arr = np.atleast_1d(np.asarray(self.neurons))
            if arr.size and not np.issubdtype(arr.dtype, np.integer):
                raise TypeError(f"Record.neurons must be integers, got {arr.dtype}")
            object.__setattr__(self, "neurons", tuple(int(i) for i in arr.ravel()))
        vs = (self.variables,) if isinstance(self.variables, str) else tuple(self.variables)
        bad = [v for v in vs if v not in TRACE_VARIABLES]
        if bad:
            raise ValueError(f"Record.variables must be among {TRACE_VARIABLES}, got {bad}")
        object.__setattr__(self, "variables", vs)
        object.__setattr__(self, "every", positive_int(self.every, "Record.every"))

    def check(self, n_neurons: int) -> np.ndarray:
        """The recorded neuron indices as an int64 array, validated against ``n_neurons``."""
        idx = np.asarray(self.neurons if self.neurons is not None else (), dtype=np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= n_neurons):
            raise ValueError(f"Record.neurons must lie in [0, {n_neurons}), got "
                             f"[{idx.min()}, {idx.max()}]")
        return idx


@dataclass(frozen=True, eq=False)
class Recording:
    """The result of :func:`~liquidstate.engine.simulate`.

    Attributes
    ----------
    spikes : SpikeTrains
        Liquid spikes; channel = neuron index; time ``n dt`` for a threshold crossing detected
        at the end of step ``n``, relative to the start of this call.
    traces : dict str -> list of ndarray
        For each recorded variable, one array ``(n_times, n_recorded_neurons)`` per sample.
    trace_times : list of ndarray
        Times (s, relative to the start of this call) of the trace values, per sample.
    state : State or None
        The final state, when asked for (``return_state=True``), to continue the stream.
    """

    spikes: SpikeTrains
    traces: dict = field(default_factory=dict)
    trace_times: list = field(default_factory=list)
    state: object = None
