"""Analysis of liquid activity: firing statistics (later: separation, kernel quality, memory)."""

from .firing import FiringStatistics, firing_statistics, population_rate

__all__ = ["FiringStatistics", "firing_statistics", "population_rate"]
