"""Network specs: scikit-learn parameter objects that draw networks."""

import numpy as np
from sklearn.base import clone

import liquidstate as ls
from liquidstate.network.specs import Maass2002, RandomLiquid


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
