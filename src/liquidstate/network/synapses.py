r"""Dynamic (Tsodyks-Markram) synapses in the form of Markram, Wang & Tsodyks (1998).

For the ``n``-th spike of a presynaptic train with inter-spike interval
``Delta_n = t_{n+1} - t_n`` (s), a synapse of scale ``A`` (A) produces a PSC of amplitude
``A_n = A u_n x_n`` (A), with

.. math::

    u_{n+1} = U + u_n (1 - U) e^{-\Delta_n / F}, \qquad
    x_{n+1} = 1 + (x_n - u_n x_n - 1) e^{-\Delta_n / D}, \qquad u_1 = U,\; x_1 = 1,

``U`` the utilisation (1), ``D`` the depression and ``F`` the facilitation time constant (s).
``U = 1, D = 0`` is a static synapse (``A_n = A`` for every spike). The engine applies this
recursion event by event, per synapse and per sample, on the step grid: spike times are whole
steps of ``dt``, so an interval is ``Delta_n = delta_n dt`` with ``delta_n`` steps, and the
decay factors are ``exp(delta_n h_F)``, ``exp(delta_n h_D)`` with the per-step log decays of
:func:`tm_log_decay` (``h = -dt / tau``, computed once per synapse). :func:`tm_amplitudes` is
the same recursion in continuous time, in NumPy, used as the analytic reference in tests.
"""

from __future__ import annotations

import numpy as np

__all__ = ["tm_amplitudes", "tm_log_decay"]


def tm_amplitudes(spike_times, A: float, U: float, D: float, F: float) -> np.ndarray:
    """PSC amplitudes (A) of one synapse for a presynaptic train ``spike_times`` (s)."""
    t = np.asarray(spike_times, dtype=np.float64)
    out = np.empty(t.size)
    u, x = U, 1.0
    for n in range(t.size):
        if n > 0:
            delta = t[n] - t[n - 1]
            eF = np.exp(-delta / F) if F > 0 else 0.0
            eD = np.exp(-delta / D) if D > 0 else 0.0
            u, x = U + u * (1 - U) * eF, 1 + (x - u * x - 1) * eD
        out[n] = A * u * x
    return out


def tm_log_decay(tau, dt: float) -> np.ndarray:
    r"""Per-step log decay ``h = -dt / tau`` (1/step) of Tsodyks-Markram time constants.

    For a spike interval of ``delta`` whole steps (``Delta = delta dt`` seconds) the
    recursion's factor is :math:`e^{-\Delta/\tau} = \exp(\delta\, h)`; the engine computes
    it so, from ``h``. A time constant of 0 gives ``h = -inf`` and a factor of 0 (``D = 0``:
    resources recover at once; ``F = 0``: no facilitation).

    Parameters
    ----------
    tau : array of float
        Depression ``D`` or facilitation ``F`` time constants (s), >= 0.
    dt : float
        The step (s).

    Returns
    -------
    ndarray of float64, the shape of ``tau``
    """
    tau = np.asarray(tau, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.where(tau > 0, -dt / np.where(tau > 0, tau, 1.0), -np.inf)
