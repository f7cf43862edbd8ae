"""Builders: the Maass 2002 column, random liquids and liquids from user-given matrices.

Randomness is split by purpose: each kind of draw comes from its own stream
``liquidstate.random.rng(seed, "network.<purpose>")`` (see ``STREAMS``), so a switch that
changes one kind of draw (``dynamic``, ``amplitude_cv``, ``input_fraction``, ...) leaves the
numbers of every other kind as they were.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp

from .._validation import nonnegative_float, positive_int
from ..random import check_seed
from ..random import rng as make_rng
from .network import Network
from .topology import (check_shape, choose_inhibitory, grid_positions, lambda_rule_pairs,
                       random_pairs)

__all__ = ["maass2002", "random_network", "from_matrices", "MAASS2002", "STREAMS"]

_CLASSES = ("EE", "EI", "IE", "II")

#: Parameters of Maass, Natschlaeger & Markram (2002), Neural Computation 14:2531, appendix.
#: Synapse classes are named pre-first: "EI" is excitatory -> inhibitory. (The original CSIM
#: Matlab toolbox names them post-first, so its "IE" is our "EI".)
MAASS2002: dict = {
    "lam": 2.0,
    "C": {"EE": 0.3, "EI": 0.2, "IE": 0.4, "II": 0.1},
    "A": {"EE": 30e-9, "EI": 60e-9, "IE": -19e-9, "II": -19e-9},       # A
    "U": {"EE": 0.5, "EI": 0.05, "IE": 0.25, "II": 0.32},
    "D": {"EE": 1.1, "EI": 0.125, "IE": 0.7, "II": 0.144},             # s
    "F": {"EE": 0.05, "EI": 1.2, "IE": 0.02, "II": 0.06},              # s
    "delay": {"EE": 1.5e-3, "EI": 0.8e-3, "IE": 0.8e-3, "II": 0.8e-3},  # s
    "tau_syn_e": 3e-3, "tau_syn_i": 6e-3,                               # s
    "tau_m": 30e-3, "r_m": 1e6, "v_thresh": 15e-3, "v_reset": 13.5e-3, "v_rest": 0.0,
    "t_ref_e": 3e-3, "t_ref_i": 2e-3, "i_background": 13.5e-9,
    "v_init": (13.5e-3, 15e-3),
    "frac_inhibitory": 0.2,
    "input_weight_e": 18e-9, "input_weight_i": 9e-9, "input_delay": 0.8e-3,
}


#: The builders' random streams, ``rng(seed, "network." + purpose[, channel])``, one per purpose.
#: Neither builder draws delays (per class or constant) nor initial potentials (drawn per
#: sample by the simulator, from ``rng(seed, "v_init", sample)``).
STREAMS: dict = {
    "types": "which neurons are inhibitory: a random permutation, the first "
             "round(frac_inhibitory * n) inhibitory",
    "positions": "random_network's positions in the unit cube (maass2002's grid draws none)",
    "connections": "the synapse list (lambda rule or Erdos-Renyi pairs)",
    "amplitudes": "one unit-mean Gamma variate per synapse, in (pre, post) order",
    "U": "the utilisations, per synapse in (pre, post) order (maass2002, dynamic only)",
    "D": "the depression time constants, likewise",
    "F": "the facilitation time constants, likewise",
    "input_targets": "per input channel: a random permutation of the neurons, whose first "
                     "round(input_fraction * n) are the channel's targets",
    "input_weights": "per input channel: one unit-mean Gamma variate per target, in the "
                     "order of that permutation",
}


def _stream(seed: int, purpose: str, *index: int) -> np.random.Generator:
    if purpose not in STREAMS:  # a typo would silently open a stream of its own
        raise KeyError(f"unknown network stream {purpose!r}; known: {sorted(STREAMS)}")
    return make_rng(seed, "network." + purpose, *index)


def _class_table(values: Mapping[str, float], name: str) -> np.ndarray:
    """A {'EE','EI','IE','II'} mapping as a 2x2 array indexed [pre_is_inh, post_is_inh]."""
    if not isinstance(values, Mapping) or set(values) != set(_CLASSES):
        raise ValueError(f"{name} must be a mapping with exactly the keys {_CLASSES} "
                         f"(pre-first, e.g. 'EI' = E->I), got {values!r}")
    return np.array([[values["EE"], values["EI"]], [values["IE"], values["II"]]], float)


def _merge(defaults: Mapping[str, float], given: Mapping[str, float] | None, name: str):
    if given is None:
        return dict(defaults)
    unknown = set(given) - set(_CLASSES)
    if unknown:
        raise ValueError(f"{name} has unknown synapse class(es) {sorted(unknown)}; "
                         f"use {_CLASSES} (pre-first)")
    return {**defaults, **given}


def _gamma_amplitudes(mean: np.ndarray, cv: float, rng: np.random.Generator) -> np.ndarray:
    """Signed amplitudes ``mean * g``, ``g ~ Gamma`` of mean 1 and SD ``cv`` (cv = 0: ``mean``).

    The ``i``-th amplitude uses the ``i``-th variate of ``rng``, whatever the means: changing
    the means (``A``, ``weight_scale``, the input weights) rescales the same draws.
    """
    cv = nonnegative_float(cv, "amplitude_cv")
    # Below 1e-100, 1 / cv^2 could overflow, and the Gamma equals its mean to double precision.
    if cv < 1e-100 or mean.size == 0:
        return mean.copy()
    shape = 1.0 / cv ** 2
    return mean * (rng.standard_gamma(shape, mean.size) / shape)


def _bounded_normal(mean: np.ndarray, cv: float, rng: np.random.Generator,
                    upper: float = np.inf) -> np.ndarray:
    """Normal(mean, cv*mean); values <= 0 (or > upper) redrawn uniform in (0, min(2 mean, upper)].

    This is the rule of Maass et al. (2002) for U, D and F; the upper bound (1 for U) is our
    addition, since a utilisation above 1 is meaningless.
    """
    cv = nonnegative_float(cv, "tm_cv")
    x = mean + cv * mean * rng.standard_normal(mean.size)
    bad = (x <= 0) | (x > upper)
    if np.any(bad):
        hi = np.minimum(2 * mean[bad], upper)
        x[bad] = hi * (1.0 - rng.random(int(bad.sum())))  # uniform in (0, hi]
    return x


def _neurons(n: int, inhibitory: np.ndarray, position: np.ndarray, *, tau_m, r_m, v_thresh,
             v_reset, v_rest, t_ref_e, t_ref_i, i_background, noise_std, v_init,
             tau_syn_e, tau_syn_i) -> dict:
    if len(v_init) != 2:
        raise ValueError(f"v_init must be a (low, high) pair in volts, got {v_init!r}")
    full = lambda v: np.full(n, float(v))  # noqa: E731
    return dict(
        tau_m=full(tau_m), r_m=full(r_m), v_thresh=full(v_thresh), v_reset=full(v_reset),
        v_rest=full(v_rest), t_ref=np.where(inhibitory, float(t_ref_i), float(t_ref_e)),
        i_background=full(i_background), noise_std=full(noise_std),
        v_init_low=full(v_init[0]), v_init_high=full(v_init[1]),
        tau_syn_e=full(tau_syn_e), tau_syn_i=full(tau_syn_i),
        inhibitory=inhibitory, position=position)


def _input_projection(n_inputs: int, inhibitory: np.ndarray, input_fraction: float,
                      w_e: float, w_i: float, cv: float, delay: float, seed: int) -> dict:
    """Each channel projects to its own random ``input_fraction`` of the neurons.

    Channel ``c`` draws from its own streams ``("input_targets", c)`` and
    ``("input_weights", c)``: its targets are the first ``round(input_fraction * n)`` of a
    random permutation of the neurons, and the ``j``-th of them gets the ``j``-th Gamma
    variate. So a channel's projection depends on ``n``, the neuron types (through the mean
    weights), its own parameters and ``c`` only, not on ``n_inputs``; and a larger
    ``input_fraction`` keeps every target of a smaller one, with its weight.
    """
    if int(n_inputs) != n_inputs or n_inputs < 0:
        raise ValueError(f"n_inputs must be a non-negative int, got {n_inputs}")
    if not 0.0 <= input_fraction <= 1.0:
        raise ValueError(f"input_fraction must lie in [0, 1], got {input_fraction}")
    cv = nonnegative_float(cv, "amplitude_cv")
    n = inhibitory.size
    k = int(round(input_fraction * n))
    chans, posts, weights = [], [], []
    for c in range(int(n_inputs)):
        targets = _stream(seed, "input_targets", c).permutation(n)[:k]
        mean = np.where(inhibitory[targets], float(w_i), float(w_e))
        weight = _gamma_amplitudes(mean, cv, _stream(seed, "input_weights", c))
        order = np.argsort(targets)
        chans.append(np.full(k, c, np.int64))
        posts.append(targets[order])
        weights.append(weight[order])
    post = np.concatenate(posts) if posts else np.empty(0, np.int64)
    chan = np.concatenate(chans) if chans else np.empty(0, np.int64)
    weight = np.concatenate(weights) if weights else np.empty(0)
    return dict(input_channel=chan, input_post=post, input_weight=weight,
                input_delay=np.full(post.size, float(delay)), n_inputs=int(n_inputs))


def maass2002(shape=(15, 3, 3), *, seed: int = 0, n_inputs: int = 1,
              input_fraction: float = 0.3, dynamic: bool = True, weight_scale: float = 1.0,
              lam: float = MAASS2002["lam"], C: Mapping | None = None, A: Mapping | None = None,
              U: Mapping | None = None, D: Mapping | None = None, F: Mapping | None = None,
              delay: Mapping | None = None, amplitude_cv: float = 1.0, tm_cv: float = 0.5,
              frac_inhibitory: float = MAASS2002["frac_inhibitory"],
              tau_m: float = MAASS2002["tau_m"], r_m: float = MAASS2002["r_m"],
              v_thresh: float = MAASS2002["v_thresh"], v_reset: float = MAASS2002["v_reset"],
              v_rest: float = MAASS2002["v_rest"], t_ref_e: float = MAASS2002["t_ref_e"],
              t_ref_i: float = MAASS2002["t_ref_i"],
              i_background: float = MAASS2002["i_background"], noise_std: float = 0.0,
              v_init: tuple[float, float] = MAASS2002["v_init"],
              tau_syn_e: float = MAASS2002["tau_syn_e"],
              tau_syn_i: float = MAASS2002["tau_syn_i"],
              input_weight_e: float = MAASS2002["input_weight_e"],
              input_weight_i: float = MAASS2002["input_weight_i"],
              input_delay: float = MAASS2002["input_delay"],
              autapses: bool = False) -> Network:
    """The cortical column of Maass, Natschlaeger & Markram (2002), every default the paper's.

    Neurons sit on the integer points of a ``shape`` grid (15 x 3 x 3 = 135 in the paper);
    20% are inhibitory, chosen at random. A synapse from ``a`` to ``b`` exists with probability
    ``C[type a, type b] * exp(-(d(a, b) / lam)^2)``, ``d`` the Euclidean grid distance.

    Parameters
    ----------
    shape : tuple of 3 ints
        Grid shape, e.g. ``(15, 3, 3)`` or ``(10, 10, 10)``.
    seed : int
        Draws the neuron types, the synapses, their amplitudes and U, D, F, and the input
        projection, each from its own stream (see Notes).
    n_inputs : int
        Number of input channels; each projects to its own random ``input_fraction`` of the
        neurons with amplitude ``input_weight_e`` onto excitatory and ``input_weight_i`` onto
        inhibitory neurons (18 and 9 nA), delay ``input_delay``. Input synapses are static.
    dynamic : bool
        Tsodyks-Markram synapses (the paper). With ``False`` synapses are static with
        amplitude ``A``; at the paper's amplitudes a static column runs away (~130 Hz), so use
        ``weight_scale`` (about 0.1-0.2 gives rates near those of the dynamic column).
    weight_scale : float
        Multiplies every recurrent amplitude ``A`` (not the input weights).
    lam : float
        lambda, the connection length constant in grid units (2).
    C, A, U, D, F, delay : mapping {'EE', 'EI', 'IE', 'II'} -> value, optional
        Per synapse class, pre-first ('EI' = excitatory -> inhibitory); given keys override
        the paper's: C 0.3/0.2/0.4/0.1; A 30/60/-19/-19 nA; U 0.5/0.05/0.25/0.32;
        D 1.1/0.125/0.7/0.144 s; F 0.05/1.2/0.02/0.06 s; delay 1.5 ms (EE) and 0.8 ms.
    amplitude_cv : float
        Amplitudes (recurrent and input) are Gamma-distributed with SD ``amplitude_cv`` times
        the mean (1.0, the paper's 100%); 0 makes them constant.
    tm_cv : float
        U, D, F are Normal with SD ``tm_cv`` times the mean (0.5); values out of range
        (<= 0, or U > 1) are redrawn uniformly in ``(0, min(2 mean, bound)]``, as in the paper.
    frac_inhibitory : float
        Fraction of inhibitory neurons (0.2).
    tau_m, r_m, v_thresh, v_reset, v_rest, t_ref_e, t_ref_i, i_background : float
        30 ms, 1 MOhm, 15 mV, 13.5 mV, 0 mV, 3 ms (E), 2 ms (I), 13.5 nA.
    noise_std : float
        SD of a Gaussian noise current per step (A); 0 (the paper uses none).
    v_init : (float, float)
        Initial membrane potential range, uniform in [13.5, 15] mV.
    tau_syn_e, tau_syn_i : float
        PSC decay time constants: 3 ms after excitatory, 6 ms after inhibitory spikes.
    autapses : bool
        Allow self-connections (False; the paper does not say).

    Notes
    -----
    Choices the paper leaves open, made here: no autapses; U above 1 is redrawn like negative
    values; input synapses are static, Gamma-distributed like ``A`` and delayed 0.8 ms ("other
    connections"); each input channel draws its own target set; the input currents decay with
    the target's excitatory time constant (3 ms).

    Randomness: each purpose draws from its own stream ``rng(seed, "network.<purpose>")``
    (``STREAMS``): ``types``; ``connections``; ``amplitudes``; ``U``, ``D`` and ``F``;
    and, per input channel, ``input_targets`` and ``input_weights``. Positions (the grid),
    delays (per class) and initial potentials (drawn per sample by the simulator) draw nothing.
    With the same seed, therefore:

    - ``dynamic``, ``tm_cv``, ``U``, ``D``, ``F`` change only the arrays ``U``, ``D``, ``F``
      (a ``U`` override only ``U``, and so on);
    - ``amplitude_cv`` changes only ``weight`` and ``input_weight``; ``A`` changes only the
      weights of the classes it names, and ``weight_scale`` multiplies every weight exactly
      (the same Gamma variates, rescaled);
    - ``delay`` changes only ``delay``; neuron parameters only their own arrays;
    - ``input_fraction``, ``n_inputs``, ``input_weight_e``, ``input_weight_i`` and
      ``input_delay`` change only the input projection; a larger ``input_fraction`` keeps every
      target of a smaller one with its weight, and channel ``c`` is the same whatever
      ``n_inputs > c``;
    - ``lam``, ``C`` and ``autapses`` redraw the synapse list, so every per-synapse array
      (``weight``, ``U``, ``D``, ``F``, ``delay``) changes: those are drawn in ``(pre, post)``
      order, the ``i``-th synapse taking the ``i``-th variate, so a synapse present in both
      networks need not keep its values. Neurons and the input projection stay identical;
    - ``frac_inhibitory`` changes the types (a larger fraction keeps the inhibitory neurons of
      a smaller one), hence ``t_ref``, the synapse list and every per-synapse array, and the
      input weights onto neurons whose type changed; the input targets stay identical;
    - ``shape`` changes the neuron count, hence everything.
    """
    seed = check_seed(seed)
    shape = check_shape(shape)
    n = int(np.prod(shape))
    inhibitory = choose_inhibitory(n, frac_inhibitory, _stream(seed, "types"))
    Ct = _class_table(_merge(MAASS2002["C"], C, "C"), "C")
    pre, post = lambda_rule_pairs(shape, inhibitory, Ct, lam, _stream(seed, "connections"),
                                  autapses=autapses)
    cls = (inhibitory[pre].astype(int), inhibitory[post].astype(int))
    At = _class_table(_merge(MAASS2002["A"], A, "A"), "A")
    # weight_scale multiplies last, so that it rescales the very same amplitudes exactly.
    weight = _gamma_amplitudes(At[cls], amplitude_cv, _stream(seed, "amplitudes")) \
        * float(weight_scale)
    if dynamic:
        Ut = _class_table(_merge(MAASS2002["U"], U, "U"), "U")
        Dt = _class_table(_merge(MAASS2002["D"], D, "D"), "D")
        Ft = _class_table(_merge(MAASS2002["F"], F, "F"), "F")
        if not np.all((Ut > 0) & (Ut <= 1)):
            raise ValueError(f"U means must lie in (0, 1] for every class, got {U!r}")
        if not (np.all(Dt >= 0) and np.all(Ft >= 0)):
            raise ValueError(f"D and F means must be >= 0 s for every class, got D={D!r}, "
                             f"F={F!r}")
        Us = _bounded_normal(Ut[cls], tm_cv, _stream(seed, "U"), upper=1.0)
        Ds = _bounded_normal(Dt[cls], tm_cv, _stream(seed, "D"))
        Fs = _bounded_normal(Ft[cls], tm_cv, _stream(seed, "F"))
    else:
        Us, Ds, Fs = np.ones(pre.size), np.zeros(pre.size), np.zeros(pre.size)
    delays = _class_table(_merge(MAASS2002["delay"], delay, "delay"), "delay")[cls]
    neurons = _neurons(n, inhibitory, grid_positions(shape), tau_m=tau_m, r_m=r_m,
                       v_thresh=v_thresh, v_reset=v_reset, v_rest=v_rest, t_ref_e=t_ref_e,
                       t_ref_i=t_ref_i, i_background=i_background, noise_std=noise_std,
                       v_init=v_init, tau_syn_e=tau_syn_e, tau_syn_i=tau_syn_i)
    inputs = _input_projection(n_inputs, inhibitory, input_fraction, input_weight_e,
                               input_weight_i, amplitude_cv, input_delay, seed)
    return Network(**neurons, pre=pre, post=post, weight=weight, delay=delays, U=Us, D=Ds,
                   F=Fs, **inputs)


def random_network(n_neurons: int, p_connect: float = 0.1, *, seed: int = 0,
                   frac_inhibitory: float = 0.2, weight_exc: float = 3e-9,
                   weight_inh: float = -6e-9, weight_scale: float = 1.0,
                   amplitude_cv: float = 0.0, delay: float = 1e-3, n_inputs: int = 1,
                   input_fraction: float = 0.3, input_weight: float = 18e-9,
                   input_delay: float = 1e-3, autapses: bool = False,
                   tau_m: float = 30e-3, r_m: float = 1e6, v_thresh: float = 15e-3,
                   v_reset: float = 13.5e-3, v_rest: float = 0.0, t_ref: float = 2e-3,
                   i_background: float = 13.5e-9, noise_std: float = 0.0,
                   v_init: tuple[float, float] = (13.5e-3, 15e-3), tau_syn_e: float = 3e-3,
                   tau_syn_i: float = 6e-3) -> Network:
    """An Erdos-Renyi liquid with static synapses.

    Each ordered pair is connected with probability ``p_connect``; a synapse's amplitude is
    ``weight_exc`` (A) from excitatory and ``weight_inh`` (A, negative) from inhibitory neurons,
    times ``weight_scale``, Gamma-distributed with SD ``amplitude_cv`` times the mean. Neuron
    parameters default to those of :func:`maass2002` (one refractory period ``t_ref``).
    Neurons are placed at random in the unit cube (for plots only). The input projection is
    that of :func:`maass2002`, with ``input_weight`` onto every neuron.

    Notes
    -----
    Randomness: each purpose draws from its own stream ``rng(seed, "network.<purpose>")``
    (``STREAMS``): ``types``, ``positions``, ``connections``, ``amplitudes`` and, per
    input channel, ``input_targets`` and ``input_weights``. Delays (constant) and initial
    potentials (drawn per sample by the simulator) draw nothing. With the same seed,
    therefore:

    - ``p_connect`` and ``autapses`` redraw the synapse list, so ``weight`` and ``delay``
      (per synapse, the ``i``-th synapse taking the ``i``-th variate) change; neurons and the
      input projection stay identical;
    - ``frac_inhibitory`` changes only ``inhibitory`` (a larger fraction keeps the inhibitory
      neurons of a smaller one) and the weights of synapses from neurons whose type changed:
      the synapse list does not depend on the types;
    - ``weight_exc``, ``weight_inh`` and ``weight_scale`` change only ``weight`` (the same
      variates rescaled; ``weight_scale`` multiplies the weights exactly); ``amplitude_cv``
      only ``weight`` and ``input_weight``; ``delay`` only ``delay``;
    - ``n_inputs``, ``input_fraction``, ``input_weight`` and ``input_delay`` change only the
      input projection (nested in ``input_fraction``, channel ``c`` independent of
      ``n_inputs > c``);
    - neuron parameters change only their own arrays; ``n_neurons`` changes everything.
    """
    n = positive_int(n_neurons, "n_neurons")
    if weight_exc < 0 or weight_inh > 0:
        raise ValueError("weight_exc must be >= 0 and weight_inh <= 0 (amperes)")
    seed = check_seed(seed)
    inhibitory = choose_inhibitory(n, frac_inhibitory, _stream(seed, "types"))
    pre, post = random_pairs(n, p_connect, _stream(seed, "connections"), autapses=autapses)
    mean = np.where(inhibitory[pre], float(weight_inh), float(weight_exc))
    # weight_scale multiplies last, so that it rescales the very same amplitudes exactly.
    weight = _gamma_amplitudes(mean, amplitude_cv, _stream(seed, "amplitudes")) \
        * float(weight_scale)
    position = _stream(seed, "positions").random((n, 3))
    neurons = _neurons(n, inhibitory, position, tau_m=tau_m, r_m=r_m,
                       v_thresh=v_thresh, v_reset=v_reset, v_rest=v_rest, t_ref_e=t_ref,
                       t_ref_i=t_ref, i_background=i_background, noise_std=noise_std,
                       v_init=v_init, tau_syn_e=tau_syn_e, tau_syn_i=tau_syn_i)
    inputs = _input_projection(n_inputs, inhibitory, input_fraction, input_weight,
                               input_weight, amplitude_cv, input_delay, seed)
    m = pre.size
    return Network(**neurons, pre=pre, post=post, weight=weight, delay=np.full(m, delay),
                   U=np.ones(m), D=np.zeros(m), F=np.zeros(m), **inputs)


def _sparse_entries(matrix, name: str, n: int | None):
    """(rows, cols, values) of a dense or scipy.sparse matrix, zeros dropped."""
    if sp.issparse(matrix):
        coo = sp.coo_array(matrix)
        coo.sum_duplicates()
        rows, cols, vals = coo.row, coo.col, coo.data
        shape = coo.shape
    else:
        dense = np.asarray(matrix, dtype=np.float64)
        if dense.ndim != 2:
            raise ValueError(f"{name} must be a 2-D matrix, got shape {dense.shape}")
        rows, cols = np.nonzero(dense)
        vals, shape = dense[rows, cols], dense.shape
    if n is not None and shape[1] != n:
        raise ValueError(f"{name} must have {n} columns (one per neuron), got shape {shape}")
    vals = np.asarray(vals, dtype=np.float64)
    if not np.all(np.isfinite(vals)):
        raise ValueError(f"{name} contains NaN or inf")
    keep = vals != 0
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64), vals[keep], shape


def _per_synapse(value, name, rows, cols, shape):
    """A scalar, or a matrix of ``shape`` read at the synapses' (pre, post) positions."""
    if np.isscalar(value):
        return np.full(rows.size, float(value))
    if sp.issparse(value):
        value = sp.csr_array(value)
        if value.shape != shape:
            raise ValueError(f"{name} must be a scalar or a matrix of shape {shape}")
        return np.asarray(value[rows, cols]).ravel().astype(np.float64)
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{name} must be a scalar or a matrix of shape {shape}, got {arr.shape}")
    return arr[rows, cols]


def from_matrices(weights, *, delays=1e-3, U=None, D=None, F=None, input_weights=None,
                  input_delays=1e-3, inhibitory=None, position=None, tau_m: float = 30e-3,
                  r_m: float = 1e6, v_thresh: float = 15e-3, v_reset: float = 13.5e-3,
                  v_rest: float = 0.0, t_ref: float = 2e-3, i_background: float = 13.5e-9,
                  noise_std: float = 0.0, v_init: tuple[float, float] = (13.5e-3, 15e-3),
                  tau_syn_e: float = 3e-3, tau_syn_i: float = 6e-3) -> Network:
    """A liquid from user-given matrices, dense or ``scipy.sparse``; it draws nothing.

    Parameters
    ----------
    weights : (n, n) matrix
        ``weights[pre, post]`` is the PSC amplitude (A, signed) of the synapse pre -> post;
        zeros mean no synapse.
    delays : float or (n, n) matrix
        Delays in seconds, read where ``weights`` is nonzero.
    U, D, F : float or (n, n) matrix, optional
        Tsodyks-Markram parameters; omitted means static synapses.
    input_weights : (n_inputs, n) matrix, optional
        ``input_weights[channel, post]`` in A; omitted means no inputs.
    input_delays : float or (n_inputs, n) matrix
        Input delays in seconds.
    inhibitory : bool array (n,), optional
        Neuron types; by default a neuron is inhibitory when all its outgoing weights are < 0.
    position : (n, 3) array, optional
        Positions for plots; by default on a line.
    Other keywords are neuron parameters as in :func:`random_network`.
    """
    if sp.issparse(weights):
        shape = weights.shape
    else:
        shape = np.shape(weights)
    if len(shape) != 2 or shape[0] != shape[1] or shape[0] < 1:
        raise ValueError(f"weights must be a square (n, n) matrix with n >= 1, got shape {shape}")
    n = shape[0]
    pre, post, weight, shape = _sparse_entries(weights, "weights", n)
    order = np.lexsort((post, pre))
    pre, post, weight = pre[order], post[order], weight[order]
    delay = _per_synapse(delays, "delays", pre, post, shape)
    dynamic = [x is not None for x in (U, D, F)]
    if any(dynamic) and not all(dynamic):
        raise ValueError("give all of U, D and F for dynamic synapses, or none for static")
    if all(dynamic):
        Us, Ds, Fs = (_per_synapse(x, k, pre, post, shape) for x, k in ((U, "U"), (D, "D"),
                                                                          (F, "F")))
    else:
        Us, Ds, Fs = np.ones(pre.size), np.zeros(pre.size), np.zeros(pre.size)
    if inhibitory is None:
        has_out = np.bincount(pre, minlength=n) > 0
        n_neg = np.bincount(pre, weights=(weight < 0).astype(float), minlength=n)
        inhibitory = has_out & (n_neg == np.bincount(pre, minlength=n))
    inhibitory = np.asarray(inhibitory, dtype=bool)
    if inhibitory.shape != (n,):
        raise ValueError(f"inhibitory must have shape ({n},), got {inhibitory.shape}")
    if position is None:
        position = np.stack([np.arange(n), np.zeros(n), np.zeros(n)], axis=1).astype(float)
    if input_weights is None:
        inputs = dict(input_channel=np.empty(0, np.int64), input_post=np.empty(0, np.int64),
                      input_weight=np.empty(0), input_delay=np.empty(0), n_inputs=0)
    else:
        ch, ipost, iw, ishape = _sparse_entries(input_weights, "input_weights", n)
        order = np.lexsort((ipost, ch))
        ch, ipost, iw = ch[order], ipost[order], iw[order]
        inputs = dict(input_channel=ch, input_post=ipost, input_weight=iw,
                      input_delay=_per_synapse(input_delays, "input_delays", ch, ipost, ishape),
                      n_inputs=ishape[0])
    neurons = _neurons(n, inhibitory, np.asarray(position, float), tau_m=tau_m, r_m=r_m,
                       v_thresh=v_thresh, v_reset=v_reset, v_rest=v_rest, t_ref_e=t_ref,
                       t_ref_i=t_ref, i_background=i_background, noise_std=noise_std,
                       v_init=v_init, tau_syn_e=tau_syn_e, tau_syn_i=tau_syn_i)
    return Network(**neurons, pre=pre, post=post, weight=weight, delay=delay, U=Us, D=Ds,
                   F=Fs, **inputs)
