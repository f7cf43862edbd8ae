r"""The kernel's contract: what a backend receives, written once.

A backend is one function,

    ``run_block(plan: KernelPlan, state: BlockState, inputs: BlockInput,
    outputs: BlockOutput, n_start: int) -> (n_reached, n_spikes)``,

that advances a block of ``B`` samples ("lanes") in lock-step, in the step order that
:func:`liquidstate.engine.backends.numba_cpu.run_block` documents. Its arguments are the four
records below, each a ``NamedTuple`` of arrays (and a few scalars): ``KernelPlan`` is the
same for every block (built once by :func:`~liquidstate.engine.plan.compile_plan`),
``BlockState`` and ``BlockInput`` are built per block by
:func:`~liquidstate.engine.simulate.simulate`, ``BlockOutput`` per call. A compiled backend
receives them as they are (Numba types a ``NamedTuple`` of arrays as a struct and reads its
fields at no cost). Adding an argument is one field here, its value where the record is
filled, and its use in each backend.

Sizes: ``N`` neurons, ``C`` input channels, ``K`` distinct delays, ``M`` synapses (those of
the neurons, then those of the input channels), ``P`` synapses of the input projection,
``n_dynamic`` dynamic (Tsodyks-Markram) synapses, ``B`` lanes, ``L`` queue slots
(``plan.ring``), ``E`` input events of the block. "Steps" count steps of ``dt``; ``ftype`` is
the plan's precision (float64 or float32).

The noise is part of the contract, so that every backend draws the same numbers: the
standard normal number of ``(key, step, neuron)`` (uint64 key, int steps and neurons >= 0) is,
in 64-bit unsigned arithmetic (wrapping),

.. math::

    z = key \oplus (step \cdot S) \oplus (neuron \cdot M_n), \quad
    a = \mathrm{splitmix64}(z), \quad b = \mathrm{splitmix64}(a),

    u_1 = ((a \gg 11) + 1) / 2^{53} \in (0, 1], \quad u_2 = (b \gg 11) / 2^{53} \in [0, 1),
    \quad \xi = \sqrt{-2 \ln u_1} \cos(2 \pi u_2)

(Box-Muller in float64), with ``S = NOISE_STEP_MUL``, ``M_n = NOISE_NEURON_MUL`` and
``splitmix64(z)``: ``z += GOLDEN; z = (z ^ (z >> 30)) * MIX_A; z = (z ^ (z >> 27)) * MIX_B;
return z ^ (z >> 31)``, constants below. A sample's noise is thus a pure function of its key,
the global step and the neuron: the same whatever the block, lane or chunking.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["KernelPlan", "BlockState", "BlockInput", "BlockOutput", "NOISE_GOLDEN",
           "NOISE_MIX_A", "NOISE_MIX_B", "NOISE_STEP_MUL", "NOISE_NEURON_MUL"]

#: splitmix64's increment (the golden ratio times 2**64).
NOISE_GOLDEN = 0x9E3779B97F4A7C15
#: splitmix64's two multipliers.
NOISE_MIX_A = 0xBF58476D1CE4E5B9
NOISE_MIX_B = 0x94D049BB133111EB
#: Multipliers that spread the step and the neuron index over the 64 bits of the counter.
NOISE_STEP_MUL = 0xD1B54A32D192ED03
NOISE_NEURON_MUL = 0xA0761D6478BD642F


class KernelPlan(NamedTuple):
    """The network discretised for one step ``dt``: read-only, the same for every block.

    Neurons, each ``(N,)`` (see :func:`liquidstate.network.neurons.lif_propagators`):

    - ``p_vv`` (ftype, 1): membrane propagator ``e^{-dt/tau_m}``;
    - ``c_0`` (ftype, V): ``(1 - p_vv)(v_rest + r_m i_background)``;
    - ``p_ve``, ``p_vi`` (ftype, ohm): voltage change at the end of a step per ampere of
      excitatory / inhibitory current at its start;
    - ``p_ee``, ``p_ii`` (ftype, 1): current propagators ``e^{-dt/tau_syn}``;
    - ``p_vx`` (ftype, ohm): voltage change per ampere of a current held over the step;
    - ``v_thresh``, ``v_reset`` (ftype, V);
    - ``noise_v`` (ftype, V): SD of the voltage jump that the noise current causes in one
      step (``p_vx * noise_std``); 0 for a noise-free neuron;
    - ``ref_steps`` (int32, steps): refractory period.

    Synapses of all spike sources (neurons ``0..N-1``, then input channels ``N..N+C-1``), grouped
    by source and delay:

    - ``delays`` (int64 ``(K,)``, steps): the distinct delays, ascending;
    - ``grp_ptr`` (int64 ``((N+C) K + 1,)``): the synapses of source ``s`` with delay
      ``delays[j]`` are ``grp_ptr[s K + j] : grp_ptr[s K + j + 1]``;
    - ``syn_target`` (int64 ``(M,)``): postsynaptic neuron, plus ``N`` when the synapse acts
      on the inhibitory current;
    - ``syn_weight`` (float64 ``(M,)``, A): scale ``A`` of the PSC amplitude;
    - ``syn_dyn`` (int64 ``(M,)``): index of the synapse's Tsodyks-Markram state (columns of
      ``BlockState.u, x``), -1 for a static synapse;
    - ``syn_U`` (float64 ``(M,)``, 1): utilisation;
    - ``syn_nhD``, ``syn_nhF`` (float64 ``(M,)``, 1/step): ``-dt/D``, ``-dt/F`` (``-inf`` where
      the time constant is 0), so that ``exp(delta * syn_nhD)`` is ``e^{-Delta/D}`` for an
      interval of ``delta`` steps (see :mod:`liquidstate.network.synapses`).

    The input projection by channel, for analog input:

    - ``in_ptr`` (int64 ``(C+1,)``): channel ``c``'s synapses are ``in_ptr[c]:in_ptr[c+1]``;
    - ``in_post`` (int64 ``(P,)``): their target neurons;
    - ``in_weight`` (float64 ``(P,)``, A): their weights (the current per unit of input).
    """

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
    delays: np.ndarray
    grp_ptr: np.ndarray
    syn_target: np.ndarray
    syn_weight: np.ndarray
    syn_dyn: np.ndarray
    syn_U: np.ndarray
    syn_nhD: np.ndarray
    syn_nhF: np.ndarray
    in_ptr: np.ndarray
    in_post: np.ndarray
    in_weight: np.ndarray


class BlockState(NamedTuple):
    """The state of a block's lanes, updated in place (lanes along the last, contiguous axis).

    - ``V`` (ftype ``(N, B)``, V): membrane potentials;
    - ``Ie``, ``Ii`` (ftype ``(N, B)``, A): excitatory and inhibitory synaptic currents;
    - ``ref`` (int32 ``(N, B)``, steps): refractory steps left;
    - ``u``, ``x`` (float64 ``(B, n_dynamic)``, 1): Tsodyks-Markram utilisation and available
      resources of each dynamic synapse after its last spike;
    - ``last`` (int64 ``(N, B)``, global step): step of each neuron's last spike;
    - the spike queue: slot ``m % L`` holds the spikes and input events of local step ``m``,
      ``q_n[slot]`` (int64 ``(L,)``) entries of ``q_src`` (int64 ``(L, capacity)``: neuron, or
      ``N + channel`` for an input event), ``q_lane`` (int64, lane) and ``q_delta`` (float64,
      steps since the source's previous spike in that lane).
    """

    V: np.ndarray
    Ie: np.ndarray
    Ii: np.ndarray
    ref: np.ndarray
    u: np.ndarray
    x: np.ndarray
    last: np.ndarray
    q_src: np.ndarray
    q_lane: np.ndarray
    q_delta: np.ndarray
    q_n: np.ndarray


class BlockInput(NamedTuple):
    """What drives a block's lanes (read-only, but for the cursor ``ev_pos``).

    - ``n_steps`` (int64 ``(B,)``, steps): steps to run per lane, in descending order;
    - ``step0`` (int64 ``(B,)``, global step): each lane's step count before this call
      (global step = ``step0 + local step``; it keys the noise and the traces);
    - ``noise_key`` (uint64 ``(B,)``): each lane's noise key (unused without noise);
    - ``has_noise`` (bool): any ``plan.noise_v > 0``;
    - input events, lane-major: lane ``b``'s are ``ev_ptr[b]:ev_ptr[b+1]`` (int64 ``(B+1,)``) of
      ``ev_step`` (int64 ``(E,)``, local step, ascending per lane) and ``ev_chan`` (int64
      ``(E,)``, channel); ``ev_pos`` (int64 ``(B,)``): each lane's next event, advanced in
      place;
    - ``currents`` (float64 ``(B, max n_steps, C)``, 1): analog input held over each step
      (channel ``c`` injects ``in_weight * currents[b, n, c]`` A); a ``(1, 1, 1)`` placeholder
      when ``has_currents`` (bool) is False.
    """

    n_steps: np.ndarray
    step0: np.ndarray
    noise_key: np.ndarray
    has_noise: bool
    ev_step: np.ndarray
    ev_chan: np.ndarray
    ev_ptr: np.ndarray
    ev_pos: np.ndarray
    currents: np.ndarray
    has_currents: bool


class BlockOutput(NamedTuple):
    """Where a block's results go (written in place).

    - ``rec_neurons`` (int64 ``(R,)``): neurons whose traces are kept;
    - ``rec_every`` (int, steps): a trace value is kept after global step ``g`` when
      ``(g + 1) % rec_every == 0``;
    - ``trace`` (ftype ``(B, T, 3, R)``): V (V), I_e, I_i (A) of the recorded neurons;
      ``t_count`` (int64 ``(B,)``): values stored so far per lane, advanced in place;
    - ``sp_step``, ``sp_neuron``, ``sp_lane`` (int32 ``(capacity,)``): the spikes of this call
      (local step, neuron, lane) in (step, neuron, lane) order; the kernel returns when the
      next step's spikes might not fit, and the caller calls again with empty buffers.
    """

    rec_neurons: np.ndarray
    rec_every: int
    trace: np.ndarray
    t_count: np.ndarray
    sp_step: np.ndarray
    sp_neuron: np.ndarray
    sp_lane: np.ndarray
