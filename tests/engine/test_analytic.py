"""The engine against analytic results: the LIF f-I curve, Tsodyks-Markram PSCs, delays."""

import numpy as np
import pytest

import liquidstate as ls
from liquidstate.engine import compile_plan
from liquidstate.network.synapses import tm_amplitudes

DT = 1e-4


def _unconnected(n, **neuron):
    net = ls.from_matrices(np.zeros((n, n)), **neuron)
    return net


def test_f_i_curve_matches_analytic_lif_rate():
    tau_m, r_m, theta, v_reset, t_ref = 30e-3, 1e6, 15e-3, 13.5e-3, 3e-3
    currents = np.linspace(14e-9, 60e-9, 24)  # from just above rheobase (15 nA) upwards
    currents = np.concatenate([[10e-9, 14.9e-9], currents[currents > 15e-9]])
    net = _unconnected(currents.size, tau_m=tau_m, r_m=r_m, v_thresh=theta, v_reset=v_reset,
                       t_ref=t_ref, v_init=(v_reset, v_reset))
    net = net.replace(i_background=currents)
    T = 2.0
    rec = ls.simulate(net, duration=T, dt=DT)
    counts = rec.spikes.counts()[0]
    drive = r_m * currents
    supra = drive > theta
    assert np.all(counts[~supra] == 0), "sub-threshold currents must not fire"

    # continuous-time LIF rate with absolute refractoriness
    t_charge = tau_m * np.log((drive[supra] - v_reset) / (drive[supra] - theta))
    rate = 1.0 / (t_ref + t_charge)
    # discrete time: the threshold is checked at the end of each step, so the charging time
    # is rounded up to whole steps; the rate error is at most one step per interval
    measured = counts[supra] / T
    isi = 1.0 / rate
    assert np.all(np.abs(1 / np.maximum(measured, 1e-12) - isi) <= DT + isi / counts[supra])
    assert np.corrcoef(measured, rate)[0, 1] > 0.999

    # exact discrete prediction, with the plan's own coefficients
    plan = compile_plan(net, DT)
    n_steps = int(round(T / DT))
    for j in np.flatnonzero(supra):
        v, m = v_reset, 0
        while v < theta:
            v = plan.c_0[j] + plan.p_vv[j] * v
            m += 1
        ref = int(round(t_ref / DT))
        # first spike detected at step m - 1, then one every ref + m steps
        expected = 1 + (n_steps - m) // (ref + m)
        assert counts[j] == expected, (j, counts[j], expected)
        t = rec.spikes.spike_times(0)[j]
        assert np.allclose(np.diff(t), (ref + m) * DT)


def _driver_network(U, D, F, weight, delay_steps, input_delay_steps=1):
    """Neuron 0 fires once per input spike; synapse 0 -> 1; neuron 1 never fires."""
    W = np.zeros((2, 2))
    W[0, 1] = weight
    delays = np.zeros((2, 2))
    delays[0, 1] = delay_steps * DT
    net = ls.from_matrices(W, delays=delays, U=U, D=D, F=F,
                           input_weights=np.array([[1e-5, 0.0]]),
                           input_delays=input_delay_steps * DT,
                           v_init=(0.0, 0.0), t_ref=2e-3)
    # the driver's input current decays within a few steps (tau 0.1 ms) and its first step
    # takes V from 0 to ~21 mV: exactly one spike, in the step after the input arrives
    return net.replace(v_thresh=np.array([15e-3, 10.0]), v_reset=np.array([0.0, 0.0]),
                       i_background=np.zeros(2), tau_syn_e=np.array([1e-4, 3e-3]))


@pytest.mark.parametrize("U,D,F", [(0.5, 1.1, 0.05), (0.05, 0.125, 1.2), (0.25, 0.7, 0.02),
                                   (1.0, 0.0, 0.0)])
@pytest.mark.parametrize("regular", [True, False])
def test_tsodyks_markram_psc_amplitudes(U, D, F, regular):
    weight = 30e-9
    net = _driver_network(U, D, F, weight, delay_steps=15)
    if regular:
        t_in = np.arange(0.01, 0.8, 0.05)  # 20 Hz
    else:
        t_in = np.sort(np.random.default_rng(3).uniform(0.0, 0.8, 25))
        t_in = np.unique(np.round(t_in / DT).astype(int))[::1] * DT
        t_in = t_in[np.diff(t_in, prepend=-1) > 30 * DT]  # beyond the driver's refractoriness
    inputs = ls.SpikeTrains.from_lists([[t_in]], 1.0)
    rec = ls.simulate(net, inputs, dt=DT, record=ls.Record(neurons=[1], variables=("i_e",)))
    pre = rec.spikes.spike_times(0)[0]
    assert pre.size == t_in.size  # one driver spike per input spike
    i_e = rec.traces["i_e"][0][:, 0]
    plan = compile_plan(net, DT)
    jumps = i_e - np.concatenate([[0.0], i_e[:-1]]) * plan.p_ee[1]
    expected = tm_amplitudes(pre, weight, U, D, F)
    # the PSC of a spike labelled t starts at t + dt + delay: trace index = step + delay
    idx = np.rint(pre / DT).astype(int) + 15
    assert np.allclose(jumps[idx], expected, rtol=1e-9, atol=1e-21)
    others = np.setdiff1d(np.arange(jumps.size), idx)
    assert np.allclose(jumps[others], 0.0, atol=1e-20)
    if (U, D) != (1.0, 0.0):
        assert np.ptp(expected) > 0.05 * weight  # the dynamics really change amplitudes


@pytest.mark.parametrize("delay_steps", [0, 1, 2, 7, 15, 40])
def test_delay_is_exact(delay_steps):
    net = _driver_network(1.0, 0.0, 0.0, 10e-9, delay_steps=delay_steps, input_delay_steps=3)
    t_in = np.array([0.0100, 0.0350])
    rec = ls.simulate(net, ls.SpikeTrains.from_lists([[t_in]], 0.1), dt=DT,
                      record=ls.Record(neurons=[0, 1], variables=("i_e",)))
    i_e = rec.traces["i_e"][0]
    times = rec.trace_times[0]
    # input spike at step k reaches neuron 0's current at the end of step k + 3
    first_in = times[np.flatnonzero(i_e[:, 0] > 0)[0]]
    assert first_in == pytest.approx(t_in[0] + DT + 3 * DT)
    pre = rec.spikes.spike_times(0)[0]
    assert pre.size == 2
    # neuron 0 crosses in the next step; its spike (labelled t) reaches neuron 1 at t+dt+delay
    assert pre[0] == pytest.approx(first_in)
    arrival = times[np.flatnonzero(i_e[:, 1] > 0)[0]]
    assert arrival == pytest.approx(pre[0] + DT + delay_steps * DT)


def test_exact_integration_of_a_single_psc():
    """V after one PSC equals the closed-form solution of the linear ODE at every step."""
    tau_m, tau_s, r_m, w = 30e-3, 3e-3, 1e6, 5e-9
    net = _driver_network(1.0, 0.0, 0.0, w, delay_steps=1)
    assert net.tau_syn_e[1] == tau_s
    rec = ls.simulate(net, ls.SpikeTrains.from_lists([[np.array([0.0])]], 0.05), dt=DT,
                      record=ls.Record(neurons=[1], variables=("v", "i_e")))
    v = rec.traces["v"][0][:, 0]
    i_e = rec.traces["i_e"][0][:, 0]
    t0 = rec.trace_times[0][np.flatnonzero(i_e > 0)[0]]
    t = rec.trace_times[0] - t0
    after = t >= 0
    expected = r_m * w * tau_s / (tau_s - tau_m) * (np.exp(-t[after] / tau_s)
                                                  - np.exp(-t[after] / tau_m))
    assert np.allclose(v[after], expected, rtol=1e-9, atol=1e-15)
    assert np.allclose(v[~after], 0.0)
