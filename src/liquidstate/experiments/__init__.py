"""Ready-made experiments, each a function returning a JSON-ready result dict."""

from .demo import run_demo

__all__ = ["run_demo"]
