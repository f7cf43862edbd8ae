r"""The leaky integrate-and-fire neuron with exponential current synapses, and its exact step.

Equations (SI units), for each neuron:

.. math::

    \tau_m \frac{dV}{dt} = -(V - V_{rest}) + R_m \,(I_e + I_i + I_{bg} + I_{ext}(t))

    \tau_{syn,e} \frac{dI_e}{dt} = -I_e, \qquad \tau_{syn,i} \frac{dI_i}{dt} = -I_i

with ``V`` in volts, currents in amperes, ``R_m`` in ohms and time constants in seconds.
``I_ext`` (injected analog input plus Gaussian noise) is held constant over each step. A spike
is emitted when ``V >= v_thresh``; then ``V = v_reset`` and ``V`` is held there for ``t_ref``
(no integration) while the synaptic currents keep decaying. A presynaptic spike adds its
amplitude to ``I_e`` (weight >= 0) or ``I_i`` (weight < 0) after its delay.

Because the system is linear between spikes, one step of length ``h = dt`` is integrated
exactly (as NEST's ``iaf_psc_exp`` does), with the propagators computed here:

.. math::

    V(t+h) = P_{vv} V + (1 - P_{vv})(V_{rest} + R_m I_{bg}) + P_{ve} I_e + P_{vi} I_i
             + (1 - P_{vv}) R_m I_{ext}

    I_e(t+h) = P_{ee} I_e, \qquad I_i(t+h) = P_{ii} I_i

    P_{vv} = e^{-h/\tau_m}, \quad P_{ee} = e^{-h/\tau_{syn,e}}, \quad
    P_{vs} = \frac{R_m \tau_s}{\tau_s - \tau_m}\left(e^{-h/\tau_s} - e^{-h/\tau_m}\right)
           = \frac{R_m h}{\tau_m} e^{-h/\tau_m} \frac{\operatorname{expm1}(x)}{x},\;
             x = h\,\frac{\tau_s - \tau_m}{\tau_m \tau_s}

The last form is used: it is exact and stays accurate when ``tau_s`` is close to ``tau_m``
(where the first form divides zero by zero).
"""

from __future__ import annotations

import numpy as np

from .._warnings import warn

__all__ = ["lif_propagators", "to_steps"]


def _expm1_over_x(x: np.ndarray) -> np.ndarray:
    out = np.ones_like(x)
    nz = x != 0
    out[nz] = np.expm1(x[nz]) / x[nz]
    return out


def lif_propagators(tau_m, r_m, v_rest, i_background, tau_syn_e, tau_syn_i, dt: float,
                    noise_std=0.0) -> dict:
    """Exact per-step coefficients (arrays, one entry per neuron) for step ``dt`` (s).

    Returns a dict with ``p_vv``, ``c_0`` (V), ``p_ve``, ``p_vi`` (ohm), ``p_ee``, ``p_ii``,
    ``p_vx`` (ohm, the factor of a current held constant over the step) and ``noise_v`` (V):
    the noise current of SD ``noise_std`` (A), ``noise_std * xi`` with ``xi`` standard normal
    and held over the step, moves ``V`` by ``p_vx noise_std xi``, so ``noise_v = p_vx
    noise_std`` is the SD of that voltage jump.
    """
    h = float(dt)
    p_vv = np.exp(-h / tau_m)
    one_minus = -np.expm1(-h / tau_m)  # 1 - p_vv without cancellation

    def p_vs(tau_s):
        x = h * (tau_s - tau_m) / (tau_m * tau_s)
        return r_m * h / tau_m * p_vv * _expm1_over_x(x)

    return {
        "p_vv": p_vv,
        "c_0": one_minus * (v_rest + r_m * i_background),
        "p_ve": p_vs(tau_syn_e),
        "p_vi": p_vs(tau_syn_i),
        "p_ee": np.exp(-h / tau_syn_e),
        "p_ii": np.exp(-h / tau_syn_i),
        "p_vx": one_minus * r_m,
        "noise_v": one_minus * r_m * noise_std,
    }


def to_steps(values: np.ndarray, dt: float, name: str) -> np.ndarray:
    """Durations (s) as whole steps, rounded to the nearest; warns when rounding changes them.

    A duration that is not a multiple of ``dt`` (relative error > 1e-6 of a step) is rounded,
    and the largest change is reported, so nothing is silently altered. A positive value
    shorter than half a step rounds to 0 steps (for a delay: the PSC starts at the end of the
    step in which the spike was detected; for ``t_ref``: no refractory period).
    """
    values = np.asarray(values, dtype=np.float64)
    exact = values / dt
    steps = np.rint(exact).astype(np.int64)
    err = np.abs(exact - steps)
    if values.size and err.max() > 1e-6:
        worst = int(np.argmax(err))
        lost = int(np.count_nonzero((steps == 0) & (values > 0)))
        msg = (f"{name} values are rounded to whole steps of dt={dt:g} s (largest change "
               f"{err.max() * dt:.3g} s, at {values[worst]:.6g} s)")
        if lost:
            msg += f"; {lost} positive value(s) shorter than dt/2 become 0 steps"
        warn(msg)
    return steps
