"""Datasets and tasks: synthetic benchmarks of the LSM and reservoir computing literature.

See :mod:`liquidstate.datasets.synthetic` for the definitions (units: seconds and Hz).
"""

from .synthetic import (coincidences, delivered_counts, insert_pattern, memory_task, narma10,
                        pattern_detection, rate_streams, segmented_templates, spike_pattern,
                        spike_templates)

__all__ = [
    "spike_templates",
    "segmented_templates",
    "rate_streams",
    "delivered_counts",
    "coincidences",
    "spike_pattern",
    "insert_pattern",
    "pattern_detection",
    "narma10",
    "memory_task",
]
