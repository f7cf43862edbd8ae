"""The liquid as plain data: neurons, synapses, input projection, and their builders."""

from .build import MAASS2002, from_matrices, maass2002, random_network
from .io import load_network, save_network
from .network import Network
from .nir import from_nir, to_nir

__all__ = ["Network", "maass2002", "random_network", "from_matrices", "MAASS2002",
           "save_network", "load_network", "to_nir", "from_nir"]
