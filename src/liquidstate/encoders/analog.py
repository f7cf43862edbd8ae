"""Analog current injection: signals fed to the liquid as currents, without spikes.

Input convention of every encoder: ``X`` is a list of arrays ``(n_steps_i, n_channels)``
(samples may differ in length) or a 3-D array ``(n_samples, n_steps, n_channels)``; each row
lasts ``dt`` seconds, so sample ``i`` lasts ``n_steps_i * dt`` seconds.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._common import (check_fitted_channels, check_index, check_per_channel, check_positive,
                      check_samples, whole_ratio)

__all__ = ["analog", "AnalogEncoder"]


def _check_analog_params(gain, offset, dt, sim_dt, n_channels: int):
    gain = check_per_channel(gain, "gain", n_channels, positive=False)
    offset = check_per_channel(offset, "offset", n_channels, positive=False)
    dt = check_positive(dt, "dt")
    sim_dt = check_positive(sim_dt, "sim_dt")
    repeat = whole_ratio(dt, sim_dt, f"dt / sim_dt (dt={dt:g} s, sim_dt={sim_dt:g} s)")
    return gain, offset, repeat


def analog(X, *, gain=1.0, offset=0.0, dt: float = 1e-3,
           sim_dt: float = 1e-4) -> list[np.ndarray]:
    """Signals as analog input currents for :func:`liquidstate.simulate`.

    Row ``k`` of a sample holds ``u = gain * X[k] + offset`` (dimensionless) for ``dt``
    seconds, that is for ``dt / sim_dt`` simulation steps: the output has one row per
    simulation step, each input row repeated ``dt / sim_dt`` times (a whole number). Pass it
    as ``simulate(network, currents=analog(X, sim_dt=dt_sim), dt=dt_sim)``; the network's
    input projection turns it into amperes: channel ``c`` injects
    ``input_weight * u[:, c]`` A into each of its target neurons (see
    :class:`liquidstate.Network`).

    Parameters
    ----------
    X : list of arrays (n_steps_i, n_channels) or array (n_samples, n_steps, n_channels)
        Signals (any finite values).
    gain, offset : float or array (n_channels,)
        ``u = gain * x + offset`` per channel (dimensionless).
    dt : float
        Duration of one input row in seconds.
    sim_dt : float
        The simulation time step in seconds (``dt`` of :func:`liquidstate.simulate`);
        ``dt / sim_dt`` must be a whole number.

    Returns
    -------
    list of arrays (n_steps_i * dt / sim_dt, n_channels), float64
        One array per sample, the ``currents=`` argument of :func:`liquidstate.simulate`.
    """
    samples = check_samples(X)
    gain, offset, repeat = _check_analog_params(gain, offset, dt, sim_dt, samples[0].shape[1])
    return [np.repeat(gain * x + offset, repeat, axis=0) for x in samples]


class AnalogEncoder(TransformerMixin, BaseEstimator):
    """Analog current injection as a scikit-learn transformer (see :func:`analog`).

    ``transform`` returns a list of arrays ``(n_steps_i * dt / sim_dt, n_channels)``, the
    ``currents=`` argument of :func:`liquidstate.simulate` (run at ``dt=sim_dt``).

    Parameters
    ----------
    gain, offset : float or array (n_channels,)
        ``u = gain * x + offset`` (dimensionless).
    dt : float
        Duration of one input row in seconds.
    sim_dt : float
        The simulation time step in seconds; ``dt / sim_dt`` must be a whole number.

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels seen in :meth:`fit`.
    """

    def __init__(self, gain=1.0, offset=0.0, dt: float = 1e-3, sim_dt: float = 1e-4):
        self.gain = gain
        self.offset = offset
        self.dt = dt
        self.sim_dt = sim_dt

    def fit(self, X, y=None) -> "AnalogEncoder":
        """Validate the parameters and ``X``; record ``n_channels_in_``."""
        samples = check_samples(X)
        _check_analog_params(self.gain, self.offset, self.dt, self.sim_dt,
                             samples[0].shape[1])
        self.n_channels_in_ = samples[0].shape[1]
        return self

    def transform(self, X, first_index: int = 0) -> list[np.ndarray]:
        """Encode ``X``. ``first_index`` is accepted for a uniform encoder interface and
        ignored (the encoding is deterministic)."""
        check_is_fitted(self, "n_channels_in_")
        check_index(first_index)
        samples = check_samples(X)
        check_fitted_channels(self, samples)
        return analog(samples, gain=self.gain, offset=self.offset, dt=self.dt,
                      sim_dt=self.sim_dt)
