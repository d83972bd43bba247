"""What every hyguide node shares: config dataclasses as ROS parameters, diagnostics, and `run`.

`run` gives each node the same start and end: a node that cannot start (a missing model file, a
bad parameter) prints one clear line and exits with status 2, and the other nodes keep running.
"""
from __future__ import annotations

import array
import dataclasses
import math
import signal
import sys
import time
from typing import Any, Callable, TypeVar

import numpy as np
import rclpy
from builtin_interfaces.msg import Time
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue
from rcl_interfaces.msg import ParameterDescriptor, SetParametersResult
from rclpy.executors import ExternalShutdownException
from rclpy.node import Node

from hyguide_ros.engines import EngineError
from hyguide_ros.knowledge import KnowledgeBaseError

C = TypeVar("C")
START_ERRORS = (EngineError, KnowledgeBaseError, ValueError, OSError)


def param(node: Node, name: str, default: Any, read_only: bool = True, description: str = "") -> Any:
    """Declare parameter `name` and return its value as the type of `default` (so 4 may stand for 4.0).
    Read-only unless the node applies changes at run time (`ros2 param set` is then refused with a reason)."""
    descriptor = ParameterDescriptor(dynamic_typing=True, read_only=read_only,
                                     description=description or ("read-only: restart the node to change it"
                                                                 if read_only else ""))
    value = node.declare_parameter(name, default, descriptor).value
    if value is None:
        return default
    try:
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise TypeError
            return value
        return type(default)(value) if isinstance(default, (int, float, str)) else value
    except (TypeError, ValueError):
        raise ValueError(f"parameter {name!r} of node {node.get_name()!r} must be a {type(default).__name__}, "
                         f"not {value!r}") from None


def declare_config(node: Node, config_class: type[C], prefix: str = "", dynamic: tuple[str, ...] = ()) -> C:
    """Declare one parameter per field of the dataclass `config_class` (dicts become `field.key`),
    with the dataclass defaults, and build the dataclass from the values given. Fields named in
    `dynamic` may be set at run time (the node applies them); the others are read-only."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(config_class):
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        if isinstance(default, dict):
            values[f.name] = {k: param(node, f"{prefix}{f.name}.{k}", v, read_only=f.name not in dynamic)
                              for k, v in default.items()}
        else:
            values[f.name] = param(node, f"{prefix}{f.name}", default, read_only=f.name not in dynamic)
    return config_class(**values)


def diagnostics_timer(node: Node, publish: Callable[[], None]) -> None:
    """Declare `diagnostics_period_s` (0.1..3600 s, changeable at run time) and publish on that period."""
    period = param(node, "diagnostics_period_s", 1.0, read_only=False,
                   description="seconds between /diagnostics messages (0.1..3600)")
    problem = _period_problem(period)
    if problem:
        raise ValueError(problem)
    timer = [node.create_timer(period, publish)]

    def on_set(parameters: list) -> SetParametersResult:
        for p in parameters:
            if p.name == "diagnostics_period_s":
                value = p.value if isinstance(p.value, (int, float)) and not isinstance(p.value, bool) else None
                problem = _period_problem(value)
                if problem:
                    return SetParametersResult(successful=False, reason=problem)
                node.destroy_timer(timer[0])
                timer[0] = node.create_timer(float(value), publish)
        return SetParametersResult(successful=True)
    node.add_on_set_parameters_callback(on_set)


def _period_problem(value: Any) -> str | None:
    if value is None or not math.isfinite(value) or not 0.1 <= value <= 3600:
        return f"diagnostics_period_s must be a number of seconds within 0.1..3600, not {value!r}"
    return None


def diagnostics(node: Node, name: str, ok: bool, message: str, values: dict[str, Any]) -> DiagnosticArray:
    """One DiagnosticStatus; its first values are the level as a word (`ros2 topic echo` prints the
    level byte as "\\0") and the messages the node's InputGuard rejected."""
    guard = getattr(node, "guard", None)
    values = {"level": "OK" if ok else "WARN",
              **({"rejected_messages": guard.total} if guard is not None else {}), **values}
    status = DiagnosticStatus(level=DiagnosticStatus.OK if ok else DiagnosticStatus.WARN,
                              name=f"hyguide: {name}", hardware_id=name, message=message,
                              values=[KeyValue(key=k, value=f"{v:.3f}" if isinstance(v, float) else str(v))
                                      for k, v in values.items()])
    array = DiagnosticArray(status=[status])
    array.header.stamp = node.get_clock().now().to_msg()
    return array


def to_seconds(t: Time) -> float:
    return t.sec + t.nanosec * 1e-9


def from_seconds(seconds: float) -> Time:
    """A stamp for `seconds`; a time no stamp can hold (not finite, before 1970, past 2038) is a ValueError."""
    if not math.isfinite(seconds) or not 0 <= seconds < 2**31:
        raise ValueError(f"{seconds!r} s is no time a stamp can hold")
    return Time(sec=int(seconds), nanosec=min(int((seconds % 1) * 1e9), 999_999_999))


def wall_ms_since(t: Time) -> float:
    """Milliseconds from the stamp `t` (wall clock, as nodes stamp) to now; -1 for a zero stamp."""
    return (time.time() - to_seconds(t)) * 1e3 if (t.sec or t.nanosec) else -1.0


def publish_from_thread(node: Node, publisher, msg) -> bool:
    """Publish from a node's own thread; False (nothing raised) once Ctrl-C has shut the context down,
    which rclpy does before the node's close() can stop the thread."""
    try:
        publisher.publish(msg)
        return True
    except Exception:
        if node.context.ok():
            raise
        return False


def samples_to_msg(samples: np.ndarray) -> array.array:
    """int16 numpy samples -> what an int16[] message field takes without a per-sample copy."""
    data = array.array("h")
    data.frombytes(np.ascontiguousarray(samples, dtype=np.int16).tobytes())
    return data


def samples_from_msg(data: Any) -> np.ndarray:
    return np.frombuffer(data, dtype=np.int16) if len(data) else np.zeros(0, np.int16)


def _context_shuts_down(context: Any, within_s: float = 1.0) -> bool:
    """Whether the context shuts down within `within_s`: the error seen was that shutdown. A second
    Ctrl-C while waiting (launch forwards one) is the same shutdown asked for again."""
    deadline = time.monotonic() + within_s
    try:
        while context.ok():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
    except KeyboardInterrupt:
        return True
    return True


def run(make_node: Callable[[], Node], program: str, args: list[str] | None = None) -> None:
    """Start `make_node()` and spin it until Ctrl-C or shutdown; exit 2 with one clear line if it cannot start."""
    spinning = [False]

    def on_sigint(signum: int, frame: Any) -> None:
        # While spinning, rclpy's own handler (which calls this one after it) shuts the context down and
        # wakes the executor, which then ends the spin. A KeyboardInterrupt raised as well lands wherever
        # the interpreter is: inside rclpy's Task.__init__ it left a half-made Task, whose __del__ printed
        # a traceback at exit. Before spinning (models loading) it is the way to stop.
        if not spinning[0]:
            signal.default_int_handler(signum, frame)
    signal.signal(signal.SIGINT, on_sigint)       # before rclpy.init, which chains its handler to it
    rclpy.init(args=args)
    try:
        node = make_node()
    except START_ERRORS as exc:
        print(f"{program}: {exc}", file=sys.stderr, flush=True)
        rclpy.try_shutdown()
        sys.exit(2)
    except KeyboardInterrupt:         # stopped while loading its models
        rclpy.try_shutdown()
        return
    try:
        spinning[0] = True
        rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except Exception:
        # Ctrl-C while messages arrive: rclpy shuts the context down, and the executor's next wait set
        # or a callback's publish then fails ("failed to initialize wait set", "publisher's context is
        # invalid"). A Ctrl-C that lands inside a message's conversion comes out as a RuntimeError
        # ("Unable to convert call argument") before rclpy's signal thread has shut the context down,
        # so give it a moment. That is the shutdown asked for; any other error is not.
        if not _context_shuts_down(node.context):
            raise
    finally:
        # A terminal's Ctrl-C reaches `ros2 launch` and the node, and launch then sends its own SIGINT:
        # that second one must not interrupt the clean-up (it did, in destroy_node: a traceback, exit -2).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        close = getattr(node, "close", None)
        if close:
            close()
        node.destroy_node()
        rclpy.try_shutdown()
