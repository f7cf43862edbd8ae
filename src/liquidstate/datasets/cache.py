"""An on-disk cache of encoded inputs, keyed by the parameters that made them.

Encoding a speech corpus into spike trains can take longer than simulating a small liquid,
and it does not depend on the liquid or the readout. So the encoded inputs are stored once
per (encoder parameters, input data) and reused::

    key = cache_key({"encoder": "cochlea", "n_channels": 64, "dt": 1e-4}, data=dataset)
    spikes = load_spikes(directory, key)
    if spikes is None:
        spikes = encode(dataset)
        save_spikes(directory, key, spikes, params)

(:func:`cached_spikes` does these four lines.) :func:`save_arrays` and :func:`load_arrays`
do the same for lists of arrays, such as the frames of an audio front end.

The key
    ``sha256`` of the canonical JSON (sorted keys, no spaces) of the parameters together with
    a fingerprint of the data. The fingerprint hashes the content of the signals (and their
    sample rate), not file names, sizes or modification times: it is what the encoder sees,
    so a copied or touched dataset still hits and a changed recording, resampling or subset
    misses. Hashing FSDD's 3,000 signals takes about 0.05 s. Labels are not part of it (the
    encoding does not depend on them). Parameters compare as JSON: ``1`` and ``1.0`` give
    different keys, which costs a miss, never a wrong hit.

Entries
    ``{key}.npz`` (arrays plus a JSON header; loaded with ``allow_pickle=False``) and, for
    people, ``{key}.json`` with the parameters. A write goes to a hidden temporary file in the
    same folder, is flushed to disk and then renamed over the entry (:func:`os.replace`,
    atomic), so a reader sees the old entry, the new one, or none, and an interrupted run
    leaves no partial entry: at worst, after a hard kill, a ``.{key}.*.tmp`` file, which is
    never read as an entry. An entry that cannot be read (truncated, not an npz, wrong
    header, invalid spikes) is a miss: a warning names it and it is removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass

import numpy as np

from .._warnings import warn
from ..spikes import SpikeTrains
from .audio import SpeechDataset

__all__ = ["user_cache_dir", "fingerprint", "cache_key", "save_spikes", "load_spikes",
           "save_arrays", "load_arrays", "cached_spikes"]

SCHEMA = "liquidstate.cache"
SCHEMA_VERSION = 1
# Part of every key: bump it when the meaning of a key changes, to retire all old entries.
KEY_VERSION = 1

_KEY = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,199}$")
_READ_ERRORS = (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile,
                zlib.error)


def user_cache_dir() -> str:
    """The user's cache folder for liquidstate: ``$XDG_CACHE_HOME/liquidstate``, or
    ``~/.cache/liquidstate`` when ``XDG_CACHE_HOME`` is unset (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "liquidstate")


# ---------------------------------------------------------------------------------- keys
def _hash_arrays(h, arrays) -> None:
    for a in arrays:
        a = np.ascontiguousarray(a)
        if a.dtype.hasobject:
            raise TypeError("data arrays must hold numbers, not Python objects")
        # dtype and shape first, so equal bytes in another layout hash differently.
        h.update(f"{a.dtype.str}{a.shape};".encode())
        h.update(a.tobytes())


def fingerprint(data) -> str:
    """A sha256 hex digest of the content of ``data``.

    Parameters
    ----------
    data : SpeechDataset, SpikeTrains, ndarray, or sequence of ndarray
        For a :class:`SpeechDataset`: its sample rate and the samples of every signal, in
        order (not labels, speakers or file names). For :class:`SpikeTrains`: all of its
        arrays and ``n_channels``. For arrays: dtype, shape and bytes of each.
    """
    h = hashlib.sha256()
    if isinstance(data, SpeechDataset):
        h.update(f"speech;{data.sample_rate};{len(data)};".encode())
        _hash_arrays(h, data.signals)
    elif isinstance(data, SpikeTrains):
        h.update(f"spikes;{data.n_channels};".encode())
        _hash_arrays(h, (data.times, data.channels, data.offsets, data.durations))
    elif isinstance(data, np.ndarray):
        h.update(b"array;")
        _hash_arrays(h, [data])
    elif isinstance(data, Sequence) and not isinstance(data, (str, bytes)):
        h.update(f"arrays;{len(data)};".encode())
        try:
            _hash_arrays(h, (np.asarray(a) for a in data))
        except TypeError as exc:
            raise TypeError(f"data: {exc}") from None
    else:
        raise TypeError("data must be a SpeechDataset, SpikeTrains, an array or a sequence "
                        f"of arrays, got {type(data).__name__}")
    return h.hexdigest()


def _canonical(obj, where: str):
    """``obj`` as plain JSON values, the same for equal parameters; or a TypeError."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        # JSON has no inf or NaN; tag them so they stay distinct from the strings "inf" etc.
        return x if math.isfinite(x) else {"$float": repr(x)}
    if isinstance(obj, np.ndarray):
        if obj.dtype.hasobject:
            raise TypeError(f"params{where} is an array of Python objects; it cannot be part "
                            "of a cache key")
        a = np.ascontiguousarray(obj)
        return {"$array": a.dtype.str, "shape": list(a.shape),
                "sha256": hashlib.sha256(a.tobytes()).hexdigest()}
    if isinstance(obj, Mapping):
        out = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise TypeError(f"params{where} has the key {k!r}; keys must be strings")
            out[k] = _canonical(v, f"{where}[{k!r}]")
        return out
    if isinstance(obj, (list, tuple)):
        return [_canonical(v, f"{where}[{i}]") for i, v in enumerate(obj)]
    if is_dataclass(obj) and not isinstance(obj, type):
        cls = type(obj)
        return {"$dataclass": f"{cls.__module__}.{cls.__qualname__}",
                "fields": {f.name: _canonical(getattr(obj, f.name), f"{where}.{f.name}")
                           for f in fields(obj)}}
    raise TypeError(f"params{where} is a {type(obj).__name__}, which cannot be part of a cache "
                    "key; use numbers, strings, None, lists, dicts, arrays or dataclasses")


def _dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=False)


def cache_key(params: Mapping, *, data) -> str:
    """The cache key of inputs made from ``data`` with ``params``.

    Parameters
    ----------
    params : mapping
        Everything the encoding depends on besides the data: encoder name and parameters,
        time step, seed, library version if you wish. Values may be numbers, strings, None,
        lists, tuples, dicts with string keys, NumPy arrays (hashed) and dataclasses (their
        type name and fields).
    data : SpeechDataset, SpikeTrains, array, sequence of arrays, or None
        The input, fingerprinted with :func:`fingerprint`; None when ``params`` alone fix it
        (a synthetic task with its seed). Required, so that forgetting it is an error.

    Returns
    -------
    str
        64 hex digits.
    """
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping (dict), got {type(params).__name__}")
    record = {"schema": SCHEMA, "key_version": KEY_VERSION, "params": _canonical(params, ""),
              "data": None if data is None else fingerprint(data)}
    return hashlib.sha256(_dumps(record).encode()).hexdigest()


# ------------------------------------------------------------------------------- entries
def _check_key(key) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError("key must be a string of letters, digits, '_', '.' or '-' that starts "
                         f"with a letter or digit (as cache_key returns), got {key!r}")
    return key


def _atomic_write(path: str, write: Callable) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it to ``path``."""
    directory, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            # On disk before the rename, so a crash cannot leave the new name on empty data.
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt too: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _save(directory, key: str, kind: str, arrays: dict, params, summary: dict) -> str:
    key = _check_key(key)
    directory = os.fspath(directory)
    os.makedirs(directory, exist_ok=True)
    canon = None if params is None else _canonical(params, "")
    header = {"schema": SCHEMA, "version": SCHEMA_VERSION, "kind": kind, "key": key, **summary}
    path = os.path.join(directory, key + ".npz")
    # A file object, not a name: given a name, np.savez would append '.npz' to it.
    _atomic_write(path, lambda f: np.savez(f, header=np.array(_dumps(header)), **arrays))
    sidecar = json.dumps({**header, "params": canon}, sort_keys=True, indent=1)
    _atomic_write(os.path.join(directory, key + ".json"), lambda f: f.write(sidecar.encode()))
    return path


def _discard(path: str, reason: str) -> None:
    warn(f"cache entry {path!r} is unreadable ({reason}); treated as a miss and removed")
    for p in (path, path[:-len(".npz")] + ".json"):
        with contextlib.suppress(OSError):
            os.unlink(p)


def _load(directory, key: str, kind: str, build: Callable):
    """``build(header, arrays)`` of the entry, or None on a miss (absent or unreadable)."""
    key = _check_key(key)
    path = os.path.join(os.fspath(directory), key + ".npz")
    if not os.path.isfile(path):
        return None
    try:
        data = np.load(path, allow_pickle=False)
        if isinstance(data, np.ndarray):
            raise ValueError("a .npy array, not an npz archive")
        with data:
            if "header" not in data.files:
                raise ValueError("not a cache entry (no header)")
            header = json.loads(str(data["header"][()]))
            if header.get("schema") != SCHEMA:
                raise ValueError(f"schema {header.get('schema')!r}, not {SCHEMA!r}")
            if header.get("version", 0) > SCHEMA_VERSION:
                # Written by a newer liquidstate: a miss, but not ours to delete.
                warn(f"cache entry {path!r} was written by a newer liquidstate (schema "
                     f"version {header['version']}); ignored")
                return None
            if header.get("kind") != kind or header.get("key") != key:
                raise ValueError(f"it holds {header.get('kind')!r} for key "
                                 f"{header.get('key')!r}, expected {kind!r} for this key")
            arrays = {name: data[name] for name in data.files if name != "header"}
        return build(header, arrays)
    except _READ_ERRORS as exc:
        _discard(path, f"{type(exc).__name__}: {exc}")
        return None


def save_spikes(directory: str | os.PathLike, key: str, spikes: SpikeTrains,
                params: Mapping | None = None) -> str:
    """Store ``spikes`` under ``key`` in ``directory`` (created if needed), atomically.

    Parameters
    ----------
    directory : str or path-like
        The cache folder.
    key : str
        Usually from :func:`cache_key`.
    spikes : SpikeTrains
        The encoded inputs.
    params : mapping or None
        Written beside the entry as ``{key}.json``, for people browsing the cache.

    Returns
    -------
    str
        The path of the entry (``{directory}/{key}.npz``).
    """
    if not isinstance(spikes, SpikeTrains):
        raise TypeError(f"spikes must be SpikeTrains, got {type(spikes).__name__}")
    arrays = {"times": spikes.times, "channels": spikes.channels, "offsets": spikes.offsets,
              "durations": spikes.durations}
    return _save(directory, key, "spikes", arrays, params,
                 {"n_channels": spikes.n_channels, "n_samples": spikes.n_samples,
                  "n_events": spikes.n_events})


def load_spikes(directory: str | os.PathLike, key: str) -> SpikeTrains | None:
    """The spikes stored under ``key``, or None when absent or unreadable (then removed,
    with a warning). The arrays are validated as for any new :class:`SpikeTrains`."""
    return _load(directory, key, "spikes", lambda header, a: SpikeTrains(
        a["times"], a["channels"], a["offsets"], a["durations"], int(header["n_channels"])))


def save_arrays(directory: str | os.PathLike, key: str, arrays: Sequence[np.ndarray],
                params: Mapping | None = None) -> str:
    """Store a list of arrays (e.g. per-recording features ``(n_frames_i, n_bands)``) under
    ``key``, atomically. The arrays must share dtype and number of dimensions; their shapes
    may differ. Returns the path of the entry."""
    if isinstance(arrays, np.ndarray) or not isinstance(arrays, Sequence) or not arrays:
        raise TypeError("arrays must be a non-empty list of arrays")
    arrays = [np.asarray(a) for a in arrays]
    dtype, ndim = arrays[0].dtype, arrays[0].ndim
    for i, a in enumerate(arrays):
        if a.dtype != dtype or a.ndim != ndim:
            raise ValueError(f"arrays[{i}] has dtype {a.dtype} and {a.ndim} dimension(s); "
                             f"arrays[0] has {dtype} and {ndim}")
    if dtype.hasobject:
        raise TypeError("arrays must hold numbers, not Python objects")
    flat = np.concatenate([a.ravel() for a in arrays])
    shapes = np.array([a.shape for a in arrays], np.int64).reshape(len(arrays), ndim)
    return _save(directory, key, "arrays", {"flat": flat, "shapes": shapes}, params,
                 {"n_arrays": len(arrays), "dtype": dtype.str})


def _split_arrays(header, a) -> list[np.ndarray]:
    flat, shapes = a["flat"], a["shapes"]
    if shapes.ndim != 2 or shapes.shape[0] != header["n_arrays"] or np.any(shapes < 0):
        raise ValueError(f"shapes of {header['n_arrays']} arrays expected, got {shapes.shape}")
    sizes = np.prod(shapes, axis=1, dtype=np.int64)
    if flat.ndim != 1 or sizes.sum() != flat.size:
        raise ValueError(f"{sizes.sum()} values expected, the entry holds {flat.size}")
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    return [flat[bounds[i]:bounds[i + 1]].reshape(tuple(s)) for i, s in enumerate(shapes)]


def load_arrays(directory: str | os.PathLike, key: str) -> list[np.ndarray] | None:
    """The arrays stored under ``key`` by :func:`save_arrays`, or None when absent or
    unreadable (then removed, with a warning)."""
    return _load(directory, key, "arrays", _split_arrays)


def cached_spikes(directory: str | os.PathLike, params: Mapping, data,
                  compute: Callable[[], SpikeTrains]) -> SpikeTrains:
    """The spikes for ``(params, data)`` from the cache, or ``compute()`` stored there.

    ``compute`` takes no arguments (close over the data and the encoder); it runs only on a
    miss. See :func:`cache_key` for ``params`` and ``data``.
    """
    key = cache_key(params, data=data)
    spikes = load_spikes(directory, key)
    if spikes is None:
        spikes = compute()
        save_spikes(directory, key, spikes, params)
    return spikes
