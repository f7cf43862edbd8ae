"""Ready-made experiments, each a function returning a JSON-ready result."""

from .demo import run_demo
from .multitask import MultitaskResult, run_multitask
from .narma import SequenceResult, run_memory_capacity, run_narma
from .runner import run_task
from .segments import SegmentResult, run_segments
from .separation import SeparationResult, run_separation
from .speech import ProtocolResult, SpeechResult, run_fsdd, run_speech, run_speech_folder
from .templates import TemplateResult, run_templates, wilson_interval

__all__ = ["run_demo", "run_templates", "TemplateResult", "run_segments", "SegmentResult",
           "wilson_interval", "run_task", "run_multitask", "MultitaskResult",
           "run_narma", "run_memory_capacity", "SequenceResult", "run_separation",
           "SeparationResult", "run_speech", "run_fsdd", "run_speech_folder", "SpeechResult",
           "ProtocolResult"]
