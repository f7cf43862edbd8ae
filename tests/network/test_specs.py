"""Network specs: scikit-learn parameter objects that draw networks."""

import numpy as np
import pytest
from sklearn.base import clone

import liquidstate as ls
from liquidstate.network.specs import Maass2002, RandomLiquid, check_spec


def test_maass2002_spec_builds_the_same_network_as_the_function():
    spec = Maass2002(shape=(5, 3, 3), weight_scale=0.7, dynamic=True)
    a = spec.build(n_inputs=2, seed=3)
    b = ls.maass2002((5, 3, 3), n_inputs=2, seed=3, weight_scale=0.7)
    for name in ("pre", "post", "weight", "U", "D", "F", "input_post", "input_weight"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_specs_are_sklearn_parameter_objects():
    spec = Maass2002(shape=(4, 3, 3))
    spec.set_params(weight_scale=0.2, dynamic=False)
    c = clone(spec)
    assert c.get_params()["weight_scale"] == 0.2 and c.get_params()["dynamic"] is False
    net = c.build(1, seed=0)
    assert np.all(net.U == 1.0) and np.all(net.D == 0.0)
    r = RandomLiquid(n_neurons=40, p_connect=0.2)
    assert r.build(3, seed=1).n_neurons == 40 and r.build(3, seed=1).n_inputs == 3


def test_check_spec_defaults_and_refusals():
    assert check_spec(None).get_params() == Maass2002().get_params()
    assert check_spec(None, default={"shape": (3, 3, 3)}).shape == (3, 3, 3)
    spec = RandomLiquid()
    assert check_spec(spec) is spec
    with pytest.raises(TypeError, match="network must be a network specification.*drawn "
                                        "Network"):
        check_spec(ls.maass2002((3, 3, 3)))
    with pytest.raises(TypeError, match="liquid must be a network specification.*got str"):
        check_spec("maass", name="liquid")


def test_estimator_and_experiments_name_a_drawn_network():
    from liquidstate.estimators import LiquidTransformer
    from liquidstate.experiments import run_templates

    X = ls.SpikeTrains.poisson([20.0], 0.05, n_samples=2, seed=0)
    with pytest.raises(TypeError, match="drawn Network"):
        LiquidTransformer(network=ls.maass2002((3, 3, 3))).fit(X)
    with pytest.raises(TypeError, match="drawn Network"):
        run_templates(network=ls.maass2002((3, 3, 3)), n_runs=20, seeds=(0,))
