"""Ctrl-C while questions keep arriving: the loop shared by the node-level test (test_guide_node) and
the one through `ros2 launch` (launch/test_ros2_cli)."""
from __future__ import annotations

import subprocess
from typing import Callable, Iterator

from std_msgs.msg import String

from hyguide_eval.ros_probe import RosProbe
from hyguide_ros.msg import GuideReply


def interrupted_runs(domain: int, namespace: str, start: Callable[[str], subprocess.Popen],
                     interrupt: Callable[[subprocess.Popen], None], *, runs: int = 10, depth: int = 100,
                     before: int = 50, after: int = 200, up_s: float = 30.0,
                     exit_s: float = 20.0) -> Iterator[tuple[int, subprocess.Popen, str]]:
    """Per run: start the guide in a namespace of that run's own (`start(namespace)`), wait until it
    answers, send `before` questions, interrupt it, send `after` more, and yield (run, process, its
    output) once it has ended. A namespace per run: a late reply of the run before, under load, must not
    pass for this run's guide being up (the interrupt would then come while it is still starting)."""
    probe = RosProbe("ctrl_c_flood", "/", domain)
    node = probe.node
    replies: list[GuideReply] = []
    try:
        for run in range(runs):
            run_namespace = f"{namespace}_{run}"
            query = node.create_publisher(String, f"{run_namespace}/guide/query", depth)
            subscription = node.create_subscription(GuideReply, f"{run_namespace}/guide/reply", replies.append, depth)
            process = start(run_namespace)
            replies.clear()
            probe.spin_until(lambda: query.publish(String(data="한양플라자 어디야?")) or replies, up_s,
                             f"run {run}: a reply")                 # up and answering
            for _ in range(before):                                 # traffic in flight ...
                query.publish(String(data="도서관 몇 층이야?"))
            interrupt(process)                                      # ... when Ctrl-C comes
            for _ in range(after):
                query.publish(String(data="Where is the Main Building?"))
                probe.executor.spin_once(timeout_sec=0.0)
            yield run, process, process.communicate(timeout=exit_s)[0]
            node.destroy_publisher(query)
            node.destroy_subscription(subscription)
    finally:
        probe.close()
