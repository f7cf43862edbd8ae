"""Compile a ``Network`` and a step ``dt`` into a ``Plan``: the flat arrays a backend runs.

Backends see only the plan's :class:`~liquidstate.engine.contract.KernelPlan`, never the model
definitions. Every per-step coefficient is computed once, here, by the model's own
discretisation: the neurons' exact propagators, refractory and delay lengths in steps
(:mod:`liquidstate.network.neurons`) and the Tsodyks-Markram decays
(:mod:`liquidstate.network.synapses`); this module only lays them out for the kernels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import positive_seconds
from ..network.network import Network
from ..network.neurons import lif_propagators, to_steps
from ..network.synapses import tm_log_decay
from .contract import KernelPlan

__all__ = ["Plan", "compile_plan", "PRECISIONS"]

PRECISIONS = {"float64": np.float64, "float32": np.float32}


@dataclass(frozen=True, eq=False)
class Plan:
    """A network discretised for one step: the kernels' arrays and what the caller needs.

    Attributes
    ----------
    dt : float
        The step (s).
    dtype : type
        ``np.float64`` or ``np.float32``: the precision of the neuron state.
    n_neurons, n_inputs, n_dynamic : int
        Neurons ``N``, input channels ``C`` and dynamic synapses.
    ring : int
        Length of the spike queue in steps (largest delay + 1).
    v_init_low, v_init_high : ndarray (N,) of float64
        Bounds (V) of the uniform initial membrane potentials.
    kernel : KernelPlan
        The flat arrays a backend runs (fields and units in
        :class:`~liquidstate.engine.contract.KernelPlan`); each is also an attribute of the
        plan (``plan.p_vv is plan.kernel.p_vv``).
    """

    dt: float
    dtype: type
    n_neurons: int
    n_inputs: int
    n_dynamic: int
    ring: int
    v_init_low: np.ndarray
    v_init_high: np.ndarray
    kernel: KernelPlan

    def __getattr__(self, name: str):
        # only the kernel's fields: anything else (e.g. pickle's probes) is a plain miss
        if name in KernelPlan._fields:
            return getattr(object.__getattribute__(self, "kernel"), name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def has_noise(self) -> bool:
        return bool(np.any(self.kernel.noise_v > 0))


def _csr(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return order, ptr


def compile_plan(network: Network, dt: float, precision: str = "float64") -> Plan:
    """Discretise ``network`` for step ``dt`` (s) in ``precision`` ('float64' or 'float32').

    Warns when a delay or refractory period is not a whole number of steps (it is rounded).
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a liquidstate Network, got {type(network).__name__}")
    dt = positive_seconds(dt, "dt")
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {sorted(PRECISIONS)}, got {precision!r}")
    ftype = PRECISIONS[precision]
    net = network
    n = net.n_neurons
    prop = lif_propagators(net.tau_m, net.r_m, net.v_rest, net.i_background, net.tau_syn_e,
                           net.tau_syn_i, dt, net.noise_std)
    ref_steps = to_steps(net.t_ref, dt, "t_ref").astype(np.int32)

    C = net.n_inputs
    # one table over all spike sources: neurons, then input channels (static synapses)
    source = np.concatenate([net.pre, n + net.input_channel])
    post = np.concatenate([net.post, net.input_post])
    weight = np.concatenate([net.weight, net.input_weight])
    delay = np.concatenate([to_steps(net.delay, dt, "delay"),
                            to_steps(net.input_delay, dt, "input_delay")])
    U = np.concatenate([net.U, np.ones(net.input_post.size)])
    Dv = np.concatenate([net.D, np.zeros(net.input_post.size)])
    Fv = np.concatenate([net.F, np.zeros(net.input_post.size)])
    dynamic = np.concatenate([net.is_dynamic, np.zeros(net.input_post.size, bool)])
    delays = np.unique(delay) if delay.size else np.zeros(1, np.int64)
    j = np.searchsorted(delays, delay)
    group = source * delays.size + j
    order = np.argsort(group, kind="stable")
    grp_ptr = np.zeros((n + C) * delays.size + 1, np.int64)
    np.cumsum(np.bincount(group, minlength=(n + C) * delays.size), out=grp_ptr[1:])
    post, weight, dynamic = post[order], weight[order], dynamic[order]
    syn_dyn = np.full(order.size, -1, dtype=np.int64)
    syn_dyn[dynamic] = np.arange(int(dynamic.sum()))
    iorder, in_ptr = _csr(net.input_channel, C)

    f = lambda a: np.ascontiguousarray(a, dtype=ftype)  # noqa: E731
    kernel = KernelPlan(
        p_vv=f(prop["p_vv"]), c_0=f(prop["c_0"]), p_ve=f(prop["p_ve"]), p_vi=f(prop["p_vi"]),
        p_ee=f(prop["p_ee"]), p_ii=f(prop["p_ii"]), p_vx=f(prop["p_vx"]),
        v_thresh=f(net.v_thresh), v_reset=f(net.v_reset), noise_v=f(prop["noise_v"]),
        ref_steps=ref_steps,
        delays=delays.astype(np.int64), grp_ptr=grp_ptr,
        syn_target=(post + n * (weight < 0)).astype(np.int64),
        syn_weight=weight.astype(np.float64), syn_dyn=syn_dyn,
        syn_U=U[order].astype(np.float64),
        syn_nhD=tm_log_decay(Dv[order], dt), syn_nhF=tm_log_decay(Fv[order], dt),
        in_ptr=in_ptr, in_post=net.input_post[iorder].astype(np.int64),
        in_weight=net.input_weight[iorder].astype(np.float64),
    )
    return Plan(dt=dt, dtype=ftype, n_neurons=n, n_inputs=C, n_dynamic=int(dynamic.sum()),
                ring=int(delays.max()) + 1, v_init_low=net.v_init_low,
                v_init_high=net.v_init_high, kernel=kernel)
