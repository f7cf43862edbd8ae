"""The engine: compile a network into a plan and run it on batches of inputs."""

from .plan import Plan, compile_plan
from .record import Record, Recording
from .simulate import Simulator, State, default_threads, initial_state, simulate

__all__ = ["simulate", "Simulator", "State", "initial_state", "Record", "Recording", "Plan",
           "compile_plan", "default_threads"]
