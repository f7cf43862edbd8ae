"""Tests of ``save_network`` / ``load_network``: every field round-trips, no pickle."""

import json
import pathlib
import zipfile
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liquidstate import Network, from_matrices, load_network, maass2002, random_network, \
    save_network
from liquidstate.network.io import SCHEMA, SCHEMA_VERSION


def _assert_same(a: Network, b: Network) -> None:
    for f in fields(Network):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype, f.name
            assert x.shape == y.shape, f.name
        assert np.array_equal(x, y), f.name
    assert a.n_inputs == b.n_inputs


NETWORKS = {
    "maass": lambda: maass2002((5, 3, 3), seed=1, n_inputs=2, noise_std=1e-9),
    "maass_static_no_inputs": lambda: maass2002((3, 2, 2), seed=2, n_inputs=0, dynamic=False),
    "random": lambda: random_network(40, 0.2, seed=3, amplitude_cv=0.5, n_inputs=3),
    "matrices_no_synapses": lambda: from_matrices(np.zeros((3, 3))),
    "matrices": lambda: from_matrices(np.array([[0.0, 2e-9], [-1e-9, 0.0]]),
                                      delays=np.array([[0.0, 3e-3], [1e-3, 0.0]]),
                                      U=0.3, D=0.2, F=0.1,
                                      input_weights=np.array([[1e-9, 0.0]]),
                                      inhibitory=[False, True]),
}


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_round_trip_every_field(tmp_path, name):
    net = NETWORKS[name]()
    path = tmp_path / "net.npz"
    save_network(net, path)
    back = load_network(path)
    _assert_same(net, back)
    # str paths work too
    save_network(net, str(tmp_path / "again.npz"))
    _assert_same(net, load_network(str(tmp_path / "again.npz")))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), nx=st.integers(1, 6), ny=st.integers(1, 4),
       n_inputs=st.integers(0, 3), dynamic=st.booleans())
def test_round_trip_property(tmp_path_factory, seed, nx, ny, n_inputs, dynamic):
    net = maass2002((nx, ny, 2), seed=seed, n_inputs=n_inputs, dynamic=dynamic)
    path = tmp_path_factory.mktemp("rt") / "n.npz"
    save_network(net, path)
    _assert_same(net, load_network(path))


def test_file_is_npz_with_json_header_and_no_pickles(tmp_path):
    net = NETWORKS["maass"]()
    path = tmp_path / "net.npz"
    save_network(net, path)
    with np.load(path, allow_pickle=False) as data:
        header = json.loads(str(data["header"]))
        assert header == {"schema": SCHEMA, "version": SCHEMA_VERSION, "n_inputs": 2}
        names = {f.name for f in fields(Network)} - {"n_inputs"}
        assert set(data.files) == names | {"header"}
        for k in data.files:
            assert data[k].dtype != object


def test_save_writes_exactly_the_given_path(tmp_path):
    # np.savez appends '.npz' to names without it; the network file must be where we said
    net = NETWORKS["random"]()
    path = tmp_path / "liquid.net"
    save_network(net, path)
    assert path.exists()
    _assert_same(net, load_network(path))


class _Trap:
    """Unpickling this would create the file ``marker``: proof that pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def test_pickled_object_array_is_rejected(tmp_path):
    net = NETWORKS["maass"]()
    marker = tmp_path / "pickle_ran"
    arrays = {f.name: getattr(net, f.name) for f in fields(Network) if f.name != "n_inputs"}
    trap = np.empty(net.n_neurons, dtype=object)
    trap[:] = [_Trap(marker)] * net.n_neurons
    arrays["tau_m"] = trap
    header = json.dumps({"schema": SCHEMA, "version": SCHEMA_VERSION, "n_inputs": 2})
    path = tmp_path / "evil.npz"
    np.savez(path, header=np.array(header), **arrays)  # allow_pickle defaults to True here
    with pytest.raises(ValueError):
        load_network(path)
    assert not marker.exists()


def test_pickled_header_is_rejected(tmp_path):
    net = NETWORKS["maass"]()
    marker = tmp_path / "pickle_ran"
    arrays = {f.name: getattr(net, f.name) for f in fields(Network) if f.name != "n_inputs"}
    header = np.empty((), dtype=object)
    header[()] = _Trap(marker)
    path = tmp_path / "evil.npz"
    np.savez(path, header=header, **arrays)
    with pytest.raises(ValueError):
        load_network(path)
    assert not marker.exists()


def _write(path, header, arrays):
    np.savez(path, header=np.array(json.dumps(header)), **arrays)


def test_wrong_schema_version_missing_fields(tmp_path):
    net = NETWORKS["maass"]()
    arrays = {f.name: getattr(net, f.name) for f in fields(Network) if f.name != "n_inputs"}
    p = tmp_path / "a.npz"
    _write(p, {"schema": "something.else", "version": 1, "n_inputs": 2}, arrays)
    with pytest.raises(ValueError, match="not a network"):
        load_network(p)
    _write(p, {"schema": SCHEMA, "version": SCHEMA_VERSION + 1, "n_inputs": 2}, arrays)
    with pytest.raises(ValueError, match="newer"):
        load_network(p)
    partial = dict(arrays)
    del partial["weight"]
    _write(p, {"schema": SCHEMA, "version": SCHEMA_VERSION, "n_inputs": 2}, partial)
    with pytest.raises(ValueError, match="weight"):
        load_network(p)
    np.savez(p, **arrays)
    with pytest.raises(ValueError, match="not a liquidstate network"):
        load_network(p)


def test_loaded_values_are_validated(tmp_path):
    net = NETWORKS["maass"]()
    arrays = {f.name: getattr(net, f.name) for f in fields(Network) if f.name != "n_inputs"}
    arrays["tau_m"] = -np.asarray(arrays["tau_m"])
    p = tmp_path / "bad.npz"
    _write(p, {"schema": SCHEMA, "version": SCHEMA_VERSION, "n_inputs": 2}, arrays)
    with pytest.raises(ValueError, match="tau_m"):
        load_network(p)


def test_unreadable_files(tmp_path):
    p = tmp_path / "junk.npz"
    p.write_bytes(b"this is not a zip file")
    with pytest.raises(ValueError, match="path"):
        load_network(p)
    with pytest.raises(ValueError, match="path"):
        load_network(tmp_path / "missing.npz")
    z = tmp_path / "empty.npz"
    with zipfile.ZipFile(z, "w"):
        pass
    with pytest.raises(ValueError):
        load_network(z)


def test_save_rejects_non_networks(tmp_path):
    with pytest.raises(TypeError, match="network"):
        save_network({"tau_m": [1.0]}, tmp_path / "x.npz")
