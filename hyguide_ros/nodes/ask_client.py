"""Ask the running guide node a question over the `guide/ask` service and print the reply.

    ros2 run hyguide_ros ask_guide "한양플라자 어디야?"   (or: ask_guide ... after sourcing scripts/env.sh)
"""
from __future__ import annotations

import argparse
import sys

import rclpy
from rclpy.node import Node

from hyguide_ros.srv import Ask


class AskClient(Node):
    def __init__(self, namespace: str) -> None:
        super().__init__("guide_ask_client", namespace=namespace)
        self._client = self.create_client(Ask, "guide/ask")

    def ask(self, question: str, timeout_s: float) -> Ask.Response | None:
        if not self._client.wait_for_service(timeout_sec=timeout_s):
            return None
        future = self._client.call_async(Ask.Request(question=question))
        rclpy.spin_until_future_complete(self, future, timeout_sec=timeout_s)
        return future.result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="+")
    parser.add_argument("--namespace", default="/hyguide")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for the guide node")
    args = parser.parse_args(argv)
    rclpy.init()
    node = AskClient(args.namespace)
    try:
        response = node.ask(" ".join(args.question), args.timeout)
    finally:
        node.destroy_node()
        rclpy.try_shutdown()
    if response is None:
        print(f"no reply from {args.namespace}/guide/ask within {args.timeout:.0f} s "
              "(is the guide node running on this ROS_DOMAIN_ID?)", file=sys.stderr)
        return 1
    if not response.ok:
        print(f"the guide rejected the question: {response.error}", file=sys.stderr)
        return 1
    print(response.answer)
    print(f"(over ROS 2: intent={response.intent}, places={list(response.place_ids)}, "
          f"grounded={response.grounded}, {response.latency_ms:.2f} ms in the guide)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
