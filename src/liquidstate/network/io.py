"""Saving and loading networks: one ``.npz`` of arrays plus a JSON header; never pickle."""

from __future__ import annotations

import json
import os
from dataclasses import fields

import numpy as np

from .network import Network

__all__ = ["save_network", "load_network"]

SCHEMA = "liquidstate.network"
SCHEMA_VERSION = 1


def save_network(network: Network, path: str | os.PathLike) -> None:
    """Write ``network`` to ``path`` (a ``.npz`` file; arrays plus a JSON ``header``)."""
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    arrays = {f.name: getattr(network, f.name) for f in fields(network) if f.name != "n_inputs"}
    header = {"schema": SCHEMA, "version": SCHEMA_VERSION, "n_inputs": network.n_inputs}
    # Write through a file object: given a name, np.savez would append '.npz' to it.
    with open(path, "wb") as f:
        np.savez_compressed(f, header=np.array(json.dumps(header)), **arrays)


def load_network(path: str | os.PathLike) -> Network:
    """Read a network written by :func:`save_network`; no code is executed (no pickle)."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ValueError(f"path {os.fspath(path)!r} is not a readable network file: {exc}") \
            from None
    with data:
        if "header" not in data.files:
            raise ValueError(f"path {os.fspath(path)!r} is not a liquidstate network file")
        header = json.loads(str(data["header"]))
        if header.get("schema") != SCHEMA:
            raise ValueError(f"{os.fspath(path)!r} holds {header.get('schema')!r}, not a network")
        if header.get("version", 0) > SCHEMA_VERSION:
            raise ValueError(f"{os.fspath(path)!r} was written by a newer liquidstate "
                             f"(schema version {header['version']} > {SCHEMA_VERSION})")
        names = [f.name for f in fields(Network) if f.name != "n_inputs"]
        missing = [k for k in names if k not in data.files]
        if missing:
            raise ValueError(f"{os.fspath(path)!r} lacks the field(s) {missing}")
        return Network(**{k: data[k] for k in names}, n_inputs=int(header["n_inputs"]))
