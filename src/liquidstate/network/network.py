"""``Network``: a liquid as plain data (NumPy arrays in SI units)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

__all__ = ["Network", "NEURON_FIELDS", "SYNAPSE_FIELDS", "INPUT_FIELDS"]

NEURON_FIELDS = ("tau_m", "r_m", "v_thresh", "v_reset", "v_rest", "t_ref", "i_background",
                 "noise_std", "v_init_low", "v_init_high", "tau_syn_e", "tau_syn_i",
                 "inhibitory", "position")
SYNAPSE_FIELDS = ("pre", "post", "weight", "delay", "U", "D", "F")
INPUT_FIELDS = ("input_channel", "input_post", "input_weight", "input_delay")


@dataclass(frozen=True, eq=False)
class Network:
    """A liquid: leaky integrate-and-fire neurons, current synapses and an input projection.

    All arrays are float64 in SI units unless said otherwise. Build one with
    :func:`~liquidstate.network.maass2002`, :func:`~liquidstate.network.random_network` or
    :func:`~liquidstate.network.from_matrices`; the constructor validates every field.

    The fields are grouped by their length: ``(n_neurons,)`` for the neurons,
    ``(n_synapses,)`` for the recurrent synapses and ``(n_input_synapses,)`` for the input
    projection.

    Parameters
    ----------
    tau_m : array (n_neurons,)
        Membrane time constant (s).
    r_m : array (n_neurons,)
        Membrane resistance (ohm); the capacitance is ``tau_m / r_m``.
    v_thresh : array (n_neurons,)
        Firing threshold (V); a spike is emitted when ``V >= v_thresh``.
    v_reset : array (n_neurons,)
        Potential after a spike, held during the refractory period (V).
    v_rest : array (n_neurons,)
        Resting potential (V).
    t_ref : array (n_neurons,)
        Absolute refractory period (s).
    i_background : array (n_neurons,)
        Constant background current (A).
    noise_std : array (n_neurons,)
        SD of a Gaussian noise current (A), drawn anew each time step and held constant over
        it (so its effect on ``V`` depends on ``dt``, as with NEST's ``noise_generator``); 0
        for none.
    v_init_low, v_init_high : array (n_neurons,)
        Each sample starts with ``V`` uniform in ``[low, high]`` (V), drawn from the stream
        keyed by the seed and the sample's key (``simulate``'s ``sample_indices``, or the
        estimators' content keys).
    tau_syn_e, tau_syn_i : array (n_neurons,)
        Decay time constants (s) of this neuron's excitatory and inhibitory synaptic currents.
    inhibitory : bool array (n_neurons,)
        True for inhibitory neurons (informational; the sign of a synapse's weight decides
        which current it feeds).
    position : array (n_neurons, 3)
        Positions in grid units (for plots and the distance rule).
    pre, post : int64 array (n_synapses,)
        Indices of the presynaptic and postsynaptic neuron.
    weight : array (n_synapses,)
        PSC amplitude scale ``A`` (A), signed: ``weight >= 0`` feeds the postsynaptic
        excitatory current (``tau_syn_e``), ``weight < 0`` the inhibitory one (``tau_syn_i``).
    delay : array (n_synapses,)
        Transmission delay (s), from the presynaptic spike to the PSC onset.
    U, D, F : array (n_synapses,)
        Tsodyks-Markram parameters: utilisation (1), depression and facilitation time
        constants (s). A static synapse is the special case ``U = 1, D = 0`` (then every PSC
        has amplitude ``weight``); ``F`` is ignored for it.
    input_channel : int64 array (n_input_synapses,)
        Input channel (spike train channel or analog signal column).
    input_post : int64 array (n_input_synapses,)
        Target neuron.
    input_weight : array (n_input_synapses,)
        PSC amplitude (A) of an input spike, signed as for ``weight``. An analog signal
        ``s(t)`` (dimensionless) on the channel injects ``input_weight * s(t)`` amperes
        directly into the membrane (not through the synaptic filter).
    input_delay : array (n_input_synapses,)
        Delay of input spikes (s).
    n_inputs : int
        Number of input channels.
    """

    tau_m: np.ndarray
    r_m: np.ndarray
    v_thresh: np.ndarray
    v_reset: np.ndarray
    v_rest: np.ndarray
    t_ref: np.ndarray
    i_background: np.ndarray
    noise_std: np.ndarray
    v_init_low: np.ndarray
    v_init_high: np.ndarray
    tau_syn_e: np.ndarray
    tau_syn_i: np.ndarray
    inhibitory: np.ndarray
    position: np.ndarray
    pre: np.ndarray
    post: np.ndarray
    weight: np.ndarray
    delay: np.ndarray
    U: np.ndarray
    D: np.ndarray
    F: np.ndarray
    input_channel: np.ndarray
    input_post: np.ndarray
    input_weight: np.ndarray
    input_delay: np.ndarray
    n_inputs: int

    def __post_init__(self) -> None:
        n = np.asarray(self.tau_m).size
        if np.asarray(self.tau_m).ndim != 1 or n == 0:
            raise ValueError("tau_m must be a 1-D array with one entry per neuron; a network "
                             f"needs at least one neuron, got shape {np.shape(self.tau_m)}")
        if isinstance(self.n_inputs, bool) or int(self.n_inputs) != self.n_inputs \
                or self.n_inputs < 0:
            raise ValueError(f"n_inputs must be a non-negative int, got {self.n_inputs!r}")
        object.__setattr__(self, "n_inputs", int(self.n_inputs))
        ints = {"pre", "post", "input_channel", "input_post"}
        for f in fields(self):
            if f.name == "n_inputs":
                continue
            value = np.asarray(getattr(self, f.name))
            if f.name in ints:
                if value.size and not np.issubdtype(value.dtype, np.integer):
                    raise TypeError(f"{f.name} must hold integers, got dtype {value.dtype}")
                value = value.astype(np.int64)
            elif f.name == "inhibitory":
                value = value.astype(bool)
            else:
                value = value.astype(np.float64)
                if not np.all(np.isfinite(value)):
                    raise ValueError(f"{f.name} must be finite (found NaN or inf)")
            value = np.ascontiguousarray(value)
            value.setflags(write=False)
            object.__setattr__(self, f.name, value)
        for name in NEURON_FIELDS:
            expected = (n, 3) if name == "position" else (n,)
            if getattr(self, name).shape != expected:
                raise ValueError(f"{name} must have shape {expected}, got "
                                 f"{getattr(self, name).shape}")
        m = self.pre.shape
        if len(m) != 1:
            raise ValueError(f"pre must be 1-D, got shape {m}")
        for name in SYNAPSE_FIELDS:
            if getattr(self, name).shape != m:
                raise ValueError(f"{name} must have shape {m} like pre, got "
                                 f"{getattr(self, name).shape}")
        p = self.input_channel.shape
        for name in INPUT_FIELDS:
            if getattr(self, name).shape != p or len(p) != 1:
                raise ValueError(f"{name} must be 1-D with shape {p} like input_channel, got "
                                 f"{getattr(self, name).shape}")
        self._check_values(n)

    def _check_values(self, n: int) -> None:
        positive = ("tau_m", "r_m", "tau_syn_e", "tau_syn_i")
        for name in positive:
            if np.any(getattr(self, name) <= 0):
                raise ValueError(f"{name} must be > 0 for every neuron")
        for name in ("t_ref", "noise_std"):
            if np.any(getattr(self, name) < 0):
                raise ValueError(f"{name} must be >= 0 for every neuron")
        if np.any(self.v_reset >= self.v_thresh):
            raise ValueError("v_reset must be below v_thresh for every neuron")
        if np.any(self.v_init_low > self.v_init_high):
            raise ValueError("v_init_low must be <= v_init_high for every neuron")
        for name in ("pre", "post", "input_post"):
            a = getattr(self, name)
            if a.size and (a.min() < 0 or a.max() >= n):
                raise ValueError(f"{name} must index neurons in [0, {n}), found "
                                 f"[{a.min()}, {a.max()}]")
        if self.input_channel.size and (self.input_channel.min() < 0
                                        or self.input_channel.max() >= self.n_inputs):
            raise ValueError(f"input_channel must lie in [0, n_inputs={self.n_inputs})")
        if np.any(self.delay < 0) or np.any(self.input_delay < 0):
            raise ValueError("delay and input_delay must be >= 0 s")
        if np.any(self.U <= 0) or np.any(self.U > 1):
            raise ValueError("U must lie in (0, 1] for every synapse")
        if np.any(self.D < 0) or np.any(self.F < 0):
            raise ValueError("D and F must be >= 0 s for every synapse")

    @property
    def n_neurons(self) -> int:
        return int(self.tau_m.size)

    @property
    def n_synapses(self) -> int:
        return int(self.pre.size)

    @property
    def is_dynamic(self) -> np.ndarray:
        """Per synapse: True for Tsodyks-Markram dynamics, False for static."""
        return ~((self.U == 1.0) & (self.D == 0.0))

    def replace(self, **changes) -> "Network":
        """A copy with some fields replaced (validated again)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"unknown Network field(s): {sorted(unknown)}")
        values.update(changes)
        return Network(**values)

    def __repr__(self) -> str:
        return (f"Network(n_neurons={self.n_neurons}, n_inhibitory={int(self.inhibitory.sum())}, "
                f"n_synapses={self.n_synapses}, n_inputs={self.n_inputs}, "
                f"n_input_synapses={self.input_channel.size})")
