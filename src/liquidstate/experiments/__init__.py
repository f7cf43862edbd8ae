"""Ready-made experiments, each a function returning a JSON-ready result."""

from .demo import run_demo
from .runner import run_task
from .templates import TemplateResult, run_templates, wilson_interval

__all__ = ["run_demo", "run_templates", "TemplateResult", "wilson_interval", "run_task"]
