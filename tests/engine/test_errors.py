"""Bad input to ``simulate`` / ``Simulator`` / ``compile_plan``: clear errors naming the
argument, and warnings when delays or durations are rounded to whole steps."""

import functools
import warnings
from dataclasses import fields

import numpy as np
import pytest

from liquidstate import (Network, Record, Simulator, SpikeTrains, compile_plan, from_matrices,
                         maass2002, simulate)

DT = 1e-4


@functools.cache
def net():
    return maass2002((4, 3, 3), seed=0, n_inputs=2)


def spikes(n_samples=2, duration=0.01, n_channels=2):
    return SpikeTrains.poisson([50.0] * n_channels, duration, n_samples, seed=1)


def test_valid_call_runs_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rec = simulate(net(), spikes(), dt=DT)
    assert rec.spikes.n_samples == 2 and rec.spikes.n_channels == net().n_neurons


# ---------------------------------------------------------------- spike input
@pytest.mark.parametrize("bad", [np.nan, np.inf, -1e-3])
def test_bad_spike_times(bad):
    with pytest.raises(ValueError, match="times"):
        simulate(net(), SpikeTrains.from_lists([[[0.001, bad], []]], durations=0.01), dt=DT)


@pytest.mark.parametrize("chan", [-1, 2, 7])
def test_spike_channels_out_of_range(chan):
    with pytest.raises(ValueError, match="channels"):
        SpikeTrains.from_events([(np.array([0.001]), np.array([chan]))], 0.01, n_channels=2)


@pytest.mark.parametrize("n_channels", [1, 3])
def test_inputs_channel_count_must_match_network(n_channels):
    with pytest.raises(ValueError, match="n_inputs"):
        simulate(net(), spikes(n_channels=n_channels), dt=DT)


def test_inputs_wrong_type():
    with pytest.raises(TypeError, match="inputs"):
        simulate(net(), np.zeros((2, 100, 2)), dt=DT)
    with pytest.raises(TypeError, match="inputs"):
        simulate(net(), [[np.array([0.001])], [np.array([])]], dt=DT)


def test_network_wrong_type():
    with pytest.raises(TypeError, match="network"):
        simulate("liquid", spikes(), dt=DT)
    with pytest.raises(TypeError, match="network"):
        compile_plan(None, DT)
    with pytest.raises(TypeError, match="network"):
        Simulator({"tau_m": 1.0}, dt=DT)


# ---------------------------------------------------------------- analog input
def test_currents_with_nan_or_inf():
    c = np.zeros((2, 100, 2))
    c[1, 50, 0] = np.nan
    with pytest.raises(ValueError, match="currents"):
        simulate(net(), currents=c, dt=DT)
    c[1, 50, 0] = np.inf
    with pytest.raises(ValueError, match="currents"):
        simulate(net(), currents=c, dt=DT)


@pytest.mark.parametrize("currents", [
    np.zeros((2, 100, 3)),                 # wrong channel count
    np.zeros((2, 100, 1)),
    np.zeros(100),                         # 1-D
    np.zeros((1, 2, 100, 2)),              # 4-D
    np.zeros((2, 0, 2)),                   # no steps
    [np.zeros((100, 2)), np.zeros((100, 3))],
    [np.zeros(100)],
    [],
])
def test_currents_wrong_shape(currents):
    with pytest.raises(ValueError, match="currents"):
        simulate(net(), currents=currents, dt=DT)


def test_currents_must_match_inputs():
    inp = spikes(n_samples=2, duration=0.01)  # 100 steps each
    with pytest.raises(ValueError, match="currents"):
        simulate(net(), inp, currents=np.zeros((3, 100, 2)), dt=DT)
    with pytest.raises(ValueError, match="currents"):
        simulate(net(), inp, currents=np.zeros((2, 90, 2)), dt=DT)
    # the right shape is accepted
    simulate(net(), inp, currents=np.zeros((2, 100, 2)), dt=DT)


def test_currents_on_a_network_without_inputs():
    no_in = maass2002((3, 2, 2), seed=0, n_inputs=0)
    with pytest.raises(ValueError, match="currents"):
        simulate(no_in, currents=np.zeros((1, 10, 1)), dt=DT)


# ---------------------------------------------------------------- the network
def test_network_with_zero_neurons():
    values = {f.name: getattr(net(), f.name) for f in fields(Network)}
    for f in fields(Network):
        v = values[f.name]
        if isinstance(v, np.ndarray):
            values[f.name] = np.empty((0, 3) if f.name == "position" else (0,), v.dtype)
    with pytest.raises(ValueError, match="neuron"):
        Network(**values)
    with pytest.raises(ValueError, match="weights"):
        from_matrices(np.zeros((0, 0)))
    with pytest.raises(ValueError, match="shape"):
        maass2002((0, 3, 3))


# ---------------------------------------------------------------- dt, precision, threads
@pytest.mark.parametrize("dt", [0.0, -1e-4, np.nan, np.inf])
def test_bad_dt(dt):
    with pytest.raises(ValueError, match="dt"):
        simulate(net(), spikes(), dt=dt)
    with pytest.raises(ValueError, match="dt"):
        Simulator(net(), dt=dt)


def test_dt_not_a_number():
    with pytest.raises(TypeError, match="dt"):
        simulate(net(), spikes(), dt="0.1 ms")
    with pytest.raises(TypeError, match="dt"):
        simulate(net(), spikes(), dt=None)


@pytest.mark.parametrize("precision", ["float16", "double", "", None, np.float64])
def test_bad_precision(precision):
    with pytest.raises(ValueError, match="precision"):
        simulate(net(), spikes(), dt=DT, precision=precision)


@pytest.mark.parametrize("batch_size", [0, -1, 1.5, True, "4"])
def test_bad_batch_size(batch_size):
    with pytest.raises((ValueError, TypeError), match="batch_size"):
        simulate(net(), spikes(), dt=DT, batch_size=batch_size)


@pytest.mark.parametrize("n_threads", [0, -2, 1.5, True, "2"])
def test_bad_n_threads(n_threads):
    with pytest.raises((ValueError, TypeError), match="n_threads"):
        simulate(net(), spikes(), dt=DT, n_threads=n_threads)


def test_bad_backend():
    with pytest.raises(ValueError, match="backend"):
        simulate(net(), spikes(), dt=DT, backend="tpu")


def test_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        simulate(net(), spikes(), dt=DT, seed=-1)
    with pytest.raises(TypeError, match="seed"):
        simulate(net(), spikes(), dt=DT, seed=0.5)


# ---------------------------------------------------------------- samples and durations
def test_duration_and_n_samples_without_inputs():
    with pytest.raises(ValueError, match="duration"):
        simulate(net(), dt=DT)
    for d in (0.0, -0.01, np.nan, np.inf):
        with pytest.raises(ValueError, match="duration"):
            simulate(net(), dt=DT, duration=d)
    for n, error in ((0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)):
        with pytest.raises(error, match="n_samples must be a positive int"):
            simulate(net(), dt=DT, duration=0.01, n_samples=n)
    rec = simulate(net(), dt=DT, duration=0.01, n_samples=3)
    assert rec.spikes.n_samples == 3


def test_mismatched_n_samples():
    with pytest.raises(ValueError, match="n_samples"):
        simulate(net(), spikes(n_samples=3), dt=DT, n_samples=2)
    with pytest.raises(ValueError, match="n_samples"):
        simulate(net(), currents=np.zeros((3, 50, 2)), dt=DT, n_samples=2)
    sim = Simulator(net(), n_samples=2, dt=DT)
    with pytest.raises(ValueError, match="n_samples|state"):
        sim.run(inputs=spikes(n_samples=3))
    with pytest.raises(ValueError, match="n_samples|state"):
        sim.run(currents=np.zeros((1, 50, 2)))


@pytest.mark.parametrize("idx", [[0], [0, 1, 2], [0, -1], [0.0, 1.0], [[0, 1]]])
def test_bad_sample_indices(idx):
    with pytest.raises(ValueError, match="sample_indices"):
        simulate(net(), spikes(n_samples=2), dt=DT, sample_indices=idx)


def test_bad_simulator_arguments():
    for n in (0, -1):
        with pytest.raises(ValueError, match="n_samples"):
            Simulator(net(), n_samples=n, dt=DT)
    with pytest.raises(ValueError, match="sample_indices"):
        Simulator(net(), n_samples=2, dt=DT, sample_indices=[1])
    with pytest.raises(ValueError, match="seed"):
        Simulator(net(), dt=DT, seed=-3)
    with pytest.raises(ValueError, match="precision"):
        Simulator(net(), dt=DT, precision="half")
    sim = Simulator(net(), dt=DT)
    with pytest.raises(ValueError, match="duration"):
        sim.run()


def test_duration_not_whole_steps_warns():
    inp = SpikeTrains.from_lists([[[0.001], []]], durations=0.01005)
    with pytest.warns(UserWarning, match="inputs.durations is not a whole number of steps"):
        rec = simulate(net(), inp, dt=DT)
    # simulated up to the next whole step
    np.testing.assert_allclose(rec.spikes.durations, [0.0101])
    with pytest.warns(UserWarning, match="duration is not a whole number of steps"):
        simulate(net(), dt=DT, duration=0.01005)


# ---------------------------------------------------------------- state
def test_state_from_another_network():
    a = maass2002((4, 3, 3), seed=0, n_inputs=2)
    b = maass2002((4, 3, 3), seed=1, n_inputs=2)
    c = maass2002((5, 3, 3), seed=0, n_inputs=2)
    assert compile_plan(a, DT).n_dynamic != compile_plan(b, DT).n_dynamic
    st = simulate(a, spikes(), dt=DT, return_state=True).state
    with pytest.raises(ValueError, match="state"):
        simulate(b, spikes(), dt=DT, state=st)
    with pytest.raises(ValueError, match="state"):
        simulate(c, spikes(), dt=DT, state=st)


@pytest.mark.filterwarnings("ignore:.*rounded to whole steps")
def test_state_mismatches():
    st = simulate(net(), spikes(n_samples=2), dt=DT, return_state=True).state
    with pytest.raises(ValueError, match="state"):
        simulate(net(), spikes(n_samples=3), dt=DT, state=st)
    with pytest.raises(ValueError, match="dt"):
        simulate(net(), spikes(n_samples=2), dt=2 * DT, state=st)
    with pytest.raises(ValueError, match="precision"):
        simulate(net(), spikes(n_samples=2), dt=DT, precision="float32", state=st)
    with pytest.raises(TypeError, match="state"):
        simulate(net(), spikes(n_samples=2), dt=DT, state={"v": np.zeros((2, 36))})
    # a selected state carries over
    one = st.select([1])
    assert one.n_samples == 1
    simulate(net(), spikes(n_samples=1), dt=DT, state=one)


def test_plan_mismatch():
    plan = compile_plan(net(), DT)
    with pytest.raises(ValueError, match="plan"):
        simulate(net(), spikes(), dt=2 * DT, plan=plan)
    with pytest.raises(ValueError, match="plan"):
        simulate(net(), spikes(), dt=DT, precision="float32", plan=plan)
    other = maass2002((5, 3, 3), seed=0, n_inputs=2)
    with pytest.raises(ValueError, match="plan"):
        simulate(other, spikes(), dt=DT, plan=plan)


# ---------------------------------------------------------------- record
def test_bad_record():
    with pytest.raises(TypeError, match="record"):
        simulate(net(), spikes(), dt=DT, record={"neurons": [0]})
    with pytest.raises(ValueError, match="Record.neurons"):
        simulate(net(), spikes(), dt=DT, record=Record(neurons=[0, net().n_neurons]))
    with pytest.raises(ValueError, match="Record.neurons"):
        simulate(net(), spikes(), dt=DT, record=Record(neurons=[-1]))
    with pytest.raises(TypeError, match="Record.neurons"):
        Record(neurons=[0.5])
    with pytest.raises(ValueError, match="Record.variables"):
        Record(neurons=[0], variables=("v", "w"))
    for every in (0, -1, 1.5, True):
        with pytest.raises((ValueError, TypeError), match="Record.every"):
            Record(neurons=[0], every=every)


# ---------------------------------------------------------------- delays and dt
def test_delays_not_multiples_of_dt_warn():
    # EE delay 1.5 ms and input delay 0.8 ms are not multiples of dt = 1 ms
    for call in (lambda: compile_plan(net(), 1e-3),
                 lambda: simulate(net(), dt=1e-3, duration=0.01)):
        with pytest.warns(UserWarning) as rec:
            call()
        msgs = [str(w.message) for w in rec]
        assert any(m.startswith("delay values are rounded to whole steps of dt=0.001 s")
                   and "at 0.0015 s" in m for m in msgs), msgs
        assert any(m.startswith("input_delay values are rounded to whole steps")
                   and "at 0.0008 s" in m for m in msgs), msgs


def test_delay_shorter_than_half_a_step_warns():
    W = np.array([[0.0, 1e-9], [1e-9, 0.0]])
    tiny = from_matrices(W, delays=0.3e-3, input_weights=np.ones((1, 2)) * 1e-9,
                         input_delays=1e-3)
    with pytest.warns(UserWarning, match=r"shorter than dt/2 become 0 steps") as rec:
        plan = compile_plan(tiny, 1e-3)
    assert any("delay" in str(w.message) and "0.0003" in str(w.message) for w in rec)
    # both recurrent synapses act with 0 steps of delay; the input keeps its 1 step
    np.testing.assert_array_equal(plan.delays, [0, 1])
    assert plan.grp_ptr[2] - plan.grp_ptr[0] == 1  # neuron 0: one synapse, delay index 0


def test_refractory_not_multiple_of_dt_warns():
    with pytest.warns(UserWarning, match="t_ref"):
        compile_plan(maass2002((3, 2, 2), seed=0, t_ref_e=2.55e-3), 1e-4)


def test_exact_multiples_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile_plan(net(), 1e-4)
        compile_plan(net(), 5e-5)
        compile_plan(from_matrices(np.array([[0.0, 1e-9], [0.0, 0.0]]), delays=3e-3), 1e-3)
