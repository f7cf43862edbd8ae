"""Cache of encoded inputs: exact round trips, keys, corrupt entries, interrupted writes."""

import json
import os
import warnings
from dataclasses import dataclass

import numpy as np
import pytest

import liquidstate.datasets.cache as cache
from liquidstate import SpikeTrains
from liquidstate.datasets import (SpeechDataset, cache_key, cached_spikes, fingerprint,
                                  load_arrays, load_spikes, save_arrays, save_spikes,
                                  user_cache_dir)

PARAMS = {"encoder": "poisson", "rate": 40.0, "n_channels": 8, "dt": 1e-4, "seed": 3,
          "bands": [100.0, 200.0], "nested": {"q": 0.5}}


def _spikes():
    s = SpikeTrains.poisson(np.linspace(5, 80, 8), [0.3, 0.5, 0.2], 3, seed=1)
    empty = SpikeTrains.from_events([(np.empty(0), np.empty(0, np.int64))], 0.1, 8)
    return SpikeTrains.concatenate([s, empty])


def _same(a, b):
    return (a.n_channels == b.n_channels and np.array_equal(a.times, b.times)
            and np.array_equal(a.channels, b.channels) and np.array_equal(a.offsets, b.offsets)
            and np.array_equal(a.durations, b.durations))


def _dataset(shift=0.0, rate=8000, labels=("a", "b")):
    sig = [np.sin(np.arange(50) / 3.0) + shift, np.cos(np.arange(70) / 5.0)]
    return SpeechDataset(sig, rate, list(labels))


def _no_warnings():
    return warnings.catch_warnings(action="error")


# ----------------------------------------------------------------------------- round trips
def test_spikes_round_trip_exactly(tmp_path):
    spikes = _spikes()
    key = cache_key(PARAMS, data=_dataset())
    assert load_spikes(tmp_path, key) is None  # a miss before the save
    path = save_spikes(tmp_path, key, spikes, PARAMS)
    assert path == os.path.join(str(tmp_path), key + ".npz")
    with _no_warnings():
        back = load_spikes(tmp_path, key)
    assert _same(back, spikes) and back.n_samples == 4
    assert sorted(os.listdir(tmp_path)) == [key + ".json", key + ".npz"]
    side = json.loads((tmp_path / (key + ".json")).read_text())
    assert side["params"]["encoder"] == "poisson" and side["n_samples"] == 4


def test_arrays_round_trip_exactly(tmp_path):
    g = np.random.default_rng(0)
    arrays = [g.standard_normal((n, 5)).astype(np.float32) for n in (7, 0, 12)]
    save_arrays(tmp_path / "sub" / "dir", "features", arrays, {"n_mels": 5})
    back = load_arrays(tmp_path / "sub" / "dir", "features")
    assert len(back) == 3
    for a, b in zip(arrays, back):
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    ints = [np.arange(6, dtype=np.int16), np.arange(2, dtype=np.int16)]
    save_arrays(tmp_path, "ints", ints)
    assert [b.tolist() for b in load_arrays(tmp_path, "ints")] == [a.tolist() for a in ints]
    with pytest.raises(ValueError, match=r"arrays\[1\]"):
        save_arrays(tmp_path, "mixed", [np.zeros((2, 2)), np.zeros(3)])
    with pytest.raises(TypeError):
        save_arrays(tmp_path, "none", [])
    with pytest.raises(TypeError):
        save_arrays(tmp_path, "obj", [np.array([{}, None])])
    # Spikes and arrays do not stand in for each other under one key.
    save_spikes(tmp_path, "k", _spikes())
    with pytest.warns(UserWarning, match="expected 'arrays'"):
        assert load_arrays(tmp_path, "k") is None


def test_cached_spikes_computes_once(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return _spikes()

    data = _dataset()
    first = cached_spikes(tmp_path, PARAMS, data, compute)
    second = cached_spikes(tmp_path, PARAMS, data, compute)
    assert len(calls) == 1 and _same(first, second)
    cached_spikes(tmp_path, {**PARAMS, "seed": 4}, data, compute)
    assert len(calls) == 2


# ------------------------------------------------------------------------------------ keys
def test_key_is_stable_and_ignores_dict_order():
    data = _dataset()
    key = cache_key(PARAMS, data=data)
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)
    assert cache_key(dict(reversed(list(PARAMS.items()))), data=_dataset()) == key
    assert cache_key({**PARAMS, "bands": (100.0, 200.0)}, data=data) == key
    assert cache_key({**PARAMS, "seed": np.int64(3)}, data=data) == key


@pytest.mark.parametrize("change", [
    {"rate": 40.000001}, {"rate": 40}, {"seed": 4}, {"encoder": "latency"}, {"extra": None},
    {"bands": [100.0, 201.0]}, {"nested": {"q": 0.25}}, {"dt": float("inf")}, {"dt": "inf"},
])
def test_key_changes_with_any_param(change):
    data = _dataset()
    assert cache_key({**PARAMS, **change}, data=data) != cache_key(PARAMS, data=data)


def test_key_changes_with_the_data_not_with_labels():
    base = cache_key(PARAMS, data=_dataset())
    assert cache_key(PARAMS, data=_dataset(shift=1e-12)) != base
    assert cache_key(PARAMS, data=_dataset(rate=16000)) != base
    assert cache_key(PARAMS, data=_dataset().subset([1, 0])) != base
    assert cache_key(PARAMS, data=_dataset().subset([0])) != base
    assert cache_key(PARAMS, data=None) != base
    assert cache_key(PARAMS, data=_dataset(labels=("x", "y"))) == base
    arrays = [np.zeros(3), np.ones(2)]
    assert fingerprint(arrays) != fingerprint([np.zeros(3), np.ones(3)])
    assert fingerprint(arrays) != fingerprint([a.astype(np.float32) for a in arrays])
    assert fingerprint(np.zeros((2, 3))) != fingerprint(np.zeros((3, 2)))
    s = _spikes()
    assert fingerprint(s) == fingerprint(_spikes()) != fingerprint(s.select([0, 1, 2]))


def test_array_and_dataclass_params():
    @dataclass(frozen=True)
    class Spec:
        tau: float
        w: np.ndarray

    a = cache_key({"spec": Spec(0.01, np.arange(4.0))}, data=None)
    assert a == cache_key({"spec": Spec(0.01, np.arange(4.0))}, data=None)
    assert a != cache_key({"spec": Spec(0.01, np.arange(4.0) + 1)}, data=None)
    assert a != cache_key({"spec": Spec(0.02, np.arange(4.0))}, data=None)
    assert a != cache_key({"spec": {"tau": 0.01, "w": np.arange(4.0)}}, data=None)


def test_unusable_params_and_keys_are_refused(tmp_path):
    with pytest.raises(TypeError, match=r"params\['f'\]"):
        cache_key({"f": lambda x: x}, data=None)
    with pytest.raises(TypeError, match="keys must be strings"):
        cache_key({"a": {1: 2}}, data=None)
    with pytest.raises(TypeError, match="mapping"):
        cache_key([1, 2], data=None)
    with pytest.raises(TypeError):
        cache_key(PARAMS)  # data is required
    with pytest.raises(TypeError, match="data"):
        cache_key(PARAMS, data="recordings/")
    for key in ("../escape", ".hidden", "", "a/b", 7):
        with pytest.raises(ValueError, match="key"):
            save_spikes(tmp_path, key, _spikes())
    with pytest.raises(TypeError, match="spikes"):
        save_spikes(tmp_path, "k", np.zeros(3))


# ------------------------------------------------------------------------ corrupt entries
def _entry(tmp_path, key="k"):
    save_spikes(tmp_path, key, _spikes(), {"x": 1})
    return tmp_path / (key + ".npz")


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "npy"])
def test_unreadable_entry_is_a_miss_and_removed(tmp_path, damage):
    path = _entry(tmp_path)
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with open(path, "wb") as f:
            np.save(f, np.arange(3))
    with pytest.warns(UserWarning, match="k.npz.*unreadable"):
        assert load_spikes(tmp_path, "k") is None
    assert os.listdir(tmp_path) == []  # the entry and its JSON are gone
    save_spikes(tmp_path, "k", _spikes())
    assert _same(load_spikes(tmp_path, "k"), _spikes())


def _forge(path, header, **arrays):
    with open(path, "wb") as f:
        np.savez(f, header=np.array(json.dumps(header)), **arrays)


def test_entries_that_do_not_validate_are_misses(tmp_path):
    s = _spikes()
    good = {"times": s.times, "channels": s.channels, "offsets": s.offsets,
            "durations": s.durations}
    header = {"schema": cache.SCHEMA, "version": 1, "kind": "spikes", "key": "k",
              "n_channels": 8}
    cases = {
        "offsets": (header, {**good, "offsets": s.offsets[::-1]}),
        "channels": (header, {**good, "channels": s.channels + 8}),
        "missing": (header, {k: v for k, v in good.items() if k != "times"}),
        "pickled": (header, {**good, "times": np.array([{}, None], dtype=object)}),
        "renamed": ({**header, "key": "other"}, good),
        "schema": ({**header, "schema": "liquidstate.network"}, good),
    }
    for name, (h, arrays) in cases.items():
        _forge(tmp_path / "k.npz", h, **arrays)
        with pytest.warns(UserWarning, match="unreadable"):
            assert load_spikes(tmp_path, "k") is None, name
        assert not (tmp_path / "k.npz").exists(), name


def test_entry_of_a_newer_version_is_ignored_not_deleted(tmp_path):
    s = _spikes()
    _forge(tmp_path / "k.npz", {"schema": cache.SCHEMA, "version": 99, "kind": "spikes",
                                "key": "k", "n_channels": 8}, times=s.times)
    with pytest.warns(UserWarning, match="newer"):
        assert load_spikes(tmp_path, "k") is None
    assert (tmp_path / "k.npz").exists()


# ---------------------------------------------------------------------- interrupted writes
@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_interrupted_write_leaves_no_entry_and_no_temporary_file(tmp_path, monkeypatch, error):
    real_savez = np.savez

    def savez_then_fail(f, **arrays):
        real_savez(f, **arrays)  # part of the data reaches the file...
        f.write(b"\x00" * 10)
        raise error  # ...then the run dies

    monkeypatch.setattr(cache.np, "savez", savez_then_fail)
    with pytest.raises(type(error)):
        save_spikes(tmp_path, "k", _spikes())
    assert os.listdir(tmp_path) == []
    with _no_warnings():
        assert load_spikes(tmp_path, "k") is None


def test_interrupted_overwrite_keeps_the_old_entry(tmp_path, monkeypatch):
    old = _spikes()
    save_spikes(tmp_path, "k", old)

    def fail(f, **arrays):
        f.write(b"partial")
        raise OSError("killed")

    monkeypatch.setattr(cache.np, "savez", fail)
    with pytest.raises(OSError):
        save_spikes(tmp_path, "k", old.select([0]))
    monkeypatch.undo()
    with _no_warnings():
        assert _same(load_spikes(tmp_path, "k"), old)
    assert sorted(os.listdir(tmp_path)) == ["k.json", "k.npz"]


def test_a_temporary_file_left_by_a_killed_run_is_not_an_entry(tmp_path):
    (tmp_path / ".k.npz.abc123.tmp").write_bytes(b"PK partial")
    with _no_warnings():
        assert load_spikes(tmp_path, "k") is None


def test_user_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_dir() == os.path.join(str(tmp_path), "liquidstate")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache_dir() == os.path.join(str(tmp_path), "home", ".cache", "liquidstate")
