"""The Tsodyks-Markram model's discretisation: per-step log decays on the step grid."""

import numpy as np

from liquidstate.network.synapses import tm_amplitudes, tm_log_decay

DT = 1e-4


def test_log_decay_gives_the_continuous_factor_on_the_grid():
    tau = np.array([0.5, 1.1, 0.05, 3e-3])
    h = tm_log_decay(tau, DT)
    assert h.dtype == np.float64 and h.shape == tau.shape
    for delta in (1, 7, 250, 12345):  # intervals in steps
        np.testing.assert_allclose(np.exp(delta * h), np.exp(-delta * DT / tau), rtol=1e-12)


def test_zero_time_constant_means_no_memory():
    h = tm_log_decay(np.array([0.0, 0.2]), DT)
    assert h[0] == -np.inf
    assert np.exp(1.0 * h[0]) == 0.0  # D = 0: full recovery; F = 0: no facilitation


def test_the_grid_recursion_equals_the_continuous_one():
    """The recursion with the factors exp(delta h) (as the engine runs it) gives
    tm_amplitudes' PSC amplitudes for spikes on the grid."""
    A, U, D, F = 2e-9, 0.1, 0.125, 1.0
    steps = np.array([0, 30, 95, 96, 400, 2400])
    hD, hF = tm_log_decay(np.array([D, F]), DT)
    u, x, amps = U, 1.0, []
    for n, k in enumerate(steps):
        if n:
            delta = float(k - steps[n - 1])
            u, x = U + u * (1.0 - U) * np.exp(delta * hF), 1.0 + (x - x * u - 1.0) * np.exp(
                delta * hD)
        amps.append(A * u * x)
    np.testing.assert_allclose(amps, tm_amplitudes(steps * DT, A, U, D, F), rtol=1e-12)
