"""Analysis of liquid activity: firing statistics, separation, memory (later: kernel quality)."""

from .firing import FiringStatistics, firing_statistics, population_rate
from .memory import memory_capacity, memory_function, nrmse
from .separation import (SeparationMeasure, input_pairs, measure_separation, separation_curve,
                         spike_train_distance, state_distance)

__all__ = ["FiringStatistics", "firing_statistics", "population_rate",
           "memory_capacity", "memory_function", "nrmse",
           "input_pairs", "spike_train_distance", "state_distance", "separation_curve",
           "measure_separation", "SeparationMeasure"]
