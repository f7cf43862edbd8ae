"""Datasets and tasks: synthetic benchmarks of the LSM literature, and recorded speech.

See :mod:`liquidstate.datasets.synthetic` for the synthetic tasks (units: seconds and Hz),
:mod:`liquidstate.datasets.audio` for audio files and folders of labelled recordings,
:mod:`liquidstate.datasets.fsdd` for the Free Spoken Digit Dataset, and
:mod:`liquidstate.datasets.cache` for the on-disk cache of encoded inputs. Reading audio needs
``pip install 'liquidstate[audio]'``.
"""

from .audio import SpeechDataset, audio_folder, check_split, read_audio
from .cache import (cache_key, cached_spikes, fingerprint, load_arrays, load_spikes,
                    save_arrays, save_spikes, user_cache_dir)
from .fsdd import fsdd
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
    "read_audio",
    "audio_folder",
    "SpeechDataset",
    "check_split",
    "fsdd",
    "cache_key",
    "fingerprint",
    "save_spikes",
    "load_spikes",
    "save_arrays",
    "load_arrays",
    "cached_spikes",
    "user_cache_dir",
]
