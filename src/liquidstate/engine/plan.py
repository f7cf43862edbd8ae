"""Compile a ``Network`` and a step ``dt`` into a ``Plan``: the flat arrays a backend runs.

Backends see only the plan, never the model definitions: every per-step coefficient (exact
propagators, refractory and delay lengths in steps, Tsodyks-Markram factors) is computed
here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import positive_seconds
from ..network.network import Network
from ..network.neurons import lif_propagators, to_steps

__all__ = ["Plan", "compile_plan", "PRECISIONS"]

PRECISIONS = {"float64": np.float64, "float32": np.float32}


@dataclass(frozen=True, eq=False)
class Plan:
    """Flat arrays for the kernels: ``N`` neurons, ``C`` input channels.

    Neuron coefficients (N,), in ``dtype``: ``p_vv, c_0, p_ve, p_vi, p_ee, p_ii, p_vx``
    (see :mod:`liquidstate.network.neurons`), ``v_thresh``, ``v_reset``, ``noise_v`` (the SD
    of the voltage jump caused by the noise current in one step, ``p_vx * noise_std``), and
    ``ref_steps`` (int32); ``v_init_low``, ``v_init_high`` (float64).

    Synapses of all spike sources (neurons ``0..N-1``, then input channels ``N..N+C-1``, whose
    synapses are the static input projection) in one table, grouped by source and delay:
    ``delays`` (the distinct delays in steps, ascending), ``grp_ptr`` (``(N+C) * len(delays)
    + 1``): the synapses of source ``s`` with delay ``delays[j]`` are
    ``grp_ptr[s * len(delays) + j] : grp_ptr[s * len(delays) + j + 1]``.
    Per synapse: ``syn_target`` (post, plus N for the inhibitory current), ``syn_weight``
    (A, float64), ``syn_dyn`` (index into the dynamic-synapse state, -1 if static), ``syn_U``,
    ``syn_nhD = -dt/D``, ``syn_nhF = -dt/F`` (float64; -inf where D or F is 0).
    Input projection by channel for analog input: ``in_ptr`` (C+1), ``in_post``,
    ``in_weight``. ``ring`` (max delay + 1) is the length of the spike queue in steps.
    """

    dt: float
    dtype: type
    n_neurons: int
    n_inputs: int
    p_vv: np.ndarray
    c_0: np.ndarray
    p_ve: np.ndarray
    p_vi: np.ndarray
    p_ee: np.ndarray
    p_ii: np.ndarray
    p_vx: np.ndarray
    v_thresh: np.ndarray
    v_reset: np.ndarray
    noise_v: np.ndarray
    ref_steps: np.ndarray
    v_init_low: np.ndarray
    v_init_high: np.ndarray
    delays: np.ndarray
    grp_ptr: np.ndarray
    syn_target: np.ndarray
    syn_weight: np.ndarray
    syn_dyn: np.ndarray
    syn_U: np.ndarray
    syn_nhD: np.ndarray
    syn_nhF: np.ndarray
    n_dynamic: int
    in_ptr: np.ndarray
    in_post: np.ndarray
    in_weight: np.ndarray
    ring: int

    @property
    def has_noise(self) -> bool:
        return bool(np.any(self.noise_v > 0))


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
                           net.tau_syn_i, dt)
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
    Dv, Fv = Dv[order], Fv[order]
    with np.errstate(divide="ignore"):
        nhD = np.where(Dv > 0, -dt / np.where(Dv > 0, Dv, 1.0), -np.inf)
        nhF = np.where(Fv > 0, -dt / np.where(Fv > 0, Fv, 1.0), -np.inf)
    iorder, in_ptr = _csr(net.input_channel, C)

    f = lambda a: np.ascontiguousarray(a, dtype=ftype)  # noqa: E731
    return Plan(
        dt=dt, dtype=ftype, n_neurons=n, n_inputs=net.n_inputs,
        p_vv=f(prop["p_vv"]), c_0=f(prop["c_0"]), p_ve=f(prop["p_ve"]), p_vi=f(prop["p_vi"]),
        p_ee=f(prop["p_ee"]), p_ii=f(prop["p_ii"]), p_vx=f(prop["p_vx"]),
        v_thresh=f(net.v_thresh), v_reset=f(net.v_reset),
        noise_v=f(prop["p_vx"] * net.noise_std), ref_steps=ref_steps,
        v_init_low=net.v_init_low, v_init_high=net.v_init_high,
        delays=delays.astype(np.int64), grp_ptr=grp_ptr,
        syn_target=(post + n * (weight < 0)).astype(np.int64),
        syn_weight=weight.astype(np.float64), syn_dyn=syn_dyn,
        syn_U=U[order].astype(np.float64), syn_nhD=nhD, syn_nhF=nhF,
        n_dynamic=int(dynamic.sum()),
        in_ptr=in_ptr, in_post=net.input_post[iorder].astype(np.int64),
        in_weight=net.input_weight[iorder].astype(np.float64),
        ring=int(delays.max()) + 1,
    )
