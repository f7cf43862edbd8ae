"""liquidstate: Liquid State Machines with a faithful, fast, batched spiking engine."""

from .engine import Record, Recording, Simulator, State, compile_plan, simulate
from .network import (Network, from_matrices, load_network, maass2002, random_network,
                      save_network)
from .spikes import SpikeTrains

__version__ = "0.1.0"

__all__ = ["SpikeTrains", "Network", "maass2002", "random_network", "from_matrices",
           "save_network", "load_network", "simulate", "Simulator", "State", "Record",
           "Recording", "compile_plan", "__version__"]
