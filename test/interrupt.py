"""Ctrl-C while questions keep arriving: the loop shared by the node-level test (test_guide_node) and
the one through `ros2 launch` (launch/test_ros2_cli)."""
from __future__ import annotations

import subprocess
import time
from typing import Callable, Iterator

import rclpy
from rclpy.executors import SingleThreadedExecutor
from std_msgs.msg import String

from hyguide_ros.msg import GuideReply


def interrupted_runs(domain: int, namespace: str, start: Callable[[], subprocess.Popen],
                     interrupt: Callable[[subprocess.Popen], None], *, runs: int = 10, depth: int = 100,
                     before: int = 50, after: int = 200, up_s: float = 30.0,
                     exit_s: float = 20.0) -> Iterator[tuple[int, subprocess.Popen, str]]:
    """Per run: start the guide, wait until it answers, send `before` questions, interrupt it, send
    `after` more, and yield (run, process, its output) once it has ended."""
    context = rclpy.Context()
    rclpy.init(context=context, domain_id=domain)
    node = rclpy.create_node("ctrl_c_flood", namespace=namespace, context=context)
    query = node.create_publisher(String, "guide/query", depth)
    replies: list[GuideReply] = []
    node.create_subscription(GuideReply, "guide/reply", replies.append, depth)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    try:
        for run in range(runs):
            process = start()
            replies.clear()
            deadline = time.monotonic() + up_s
            while not replies and time.monotonic() < deadline:      # up and answering
                query.publish(String(data="한양플라자 어디야?"))
                executor.spin_once(timeout_sec=0.05)
            assert replies, f"run {run}: no reply"
            for _ in range(before):                                 # traffic in flight ...
                query.publish(String(data="도서관 몇 층이야?"))
            interrupt(process)                                      # ... when Ctrl-C comes
            for _ in range(after):
                query.publish(String(data="Where is the Main Building?"))
                executor.spin_once(timeout_sec=0.0)
            yield run, process, process.communicate(timeout=exit_s)[0]
    finally:
        node.destroy_node()
        rclpy.shutdown(context=context)
