"""A probe node for tests and benchmarks: it joins a graph's ROS domain in a context of its own, records
topics, publishes, calls services and waits for what it expects, and says what it saw when it does not
come. Every ROS test and benchmark of the repository talks to the nodes through it."""
from __future__ import annotations

import time
from collections import defaultdict
from typing import Any, Callable

import rclpy
from rclpy.executors import SingleThreadedExecutor


class ProbeTimeout(AssertionError):
    """What a probe waited for did not come in time (an AssertionError: a test fails with its message)."""


class RosProbe:
    def __init__(self, name: str, namespace: str = "/", domain: int | None = None):
        self.context = rclpy.Context()
        rclpy.init(context=self.context, domain_id=domain)
        self.node = rclpy.create_node(name, namespace=namespace, context=self.context)
        self.executor = SingleThreadedExecutor(context=self.context)
        self.executor.add_node(self.node)
        self.seen: dict[str, list] = defaultdict(list)      # topic -> messages, for record()

    # ------------------------------------------------------------------ topics and services
    def record(self, msg_type: type, topic: str, depth: int = 100,
               on_message: Callable[[Any], None] | None = None) -> list:
        """Keep every message of `topic` in `self.seen[topic]` (the list is returned too)."""
        def keep(msg: Any) -> None:
            self.seen[topic].append(msg)
            if on_message is not None:
                on_message(msg)
        self.node.create_subscription(msg_type, topic, keep, depth)
        return self.seen[topic]

    def publisher(self, msg_type: type, topic: str, depth: int = 10):
        return self.node.create_publisher(msg_type, topic, depth)

    def client(self, srv_type: type, name: str, timeout: float = 30.0, detail: Callable[[], str] | None = None):
        """A service client, once the service is there."""
        client = self.node.create_client(srv_type, name)
        if not client.wait_for_service(timeout_sec=timeout):
            raise ProbeTimeout(f"service {name} not up within {timeout} s" + (f"; {detail()}" if detail else ""))
        return client

    def call(self, client, request, timeout: float = 10.0):
        future = client.call_async(request)
        self.executor.spin_until_future_complete(future, timeout_sec=timeout)
        if not future.done():
            raise ProbeTimeout(f"no response from {client.srv_name} within {timeout} s")
        return future.result()

    # ------------------------------------------------------------------ waiting
    def spin_until(self, condition: Callable[[], Any], timeout: float, what: str,
                   detail: Callable[[], str] | None = None) -> None:
        """Spin until `condition()` holds; else fail with what was awaited and what was seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.executor.spin_once(timeout_sec=0.05)      # wakes on a message: no busy loop beside the nodes
            if condition():
                return
        seen = {topic: len(messages) for topic, messages in self.seen.items()}
        raise ProbeTimeout(f"{what}: nothing within {timeout} s; seen {seen}" + (f"; {detail()}" if detail else ""))

    def spin_for(self, seconds: float) -> None:
        """Let messages in for a while (the last replies, the latest /diagnostics)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.executor.spin_once(timeout_sec=0.01)

    def warm_up(self, publish: Callable[[], None], answered: Callable[[], Any], what: str,
                tries: int = 60, drain_s: float = 1.5) -> None:
        """Publish until a node answers: the first messages may go out before discovery has matched it."""
        for _ in range(tries):
            publish()
            try:
                self.spin_until(answered, 1.0, what)
            except ProbeTimeout:
                continue
            self.spin_for(drain_s)                          # answers to the repeats come too: let them pass
            return
        raise ProbeTimeout(f"{what}: no answer within {tries} s")

    # ------------------------------------------------------------------ end
    def close(self) -> None:
        self.node.destroy_node()
        rclpy.shutdown(context=self.context)

    def __enter__(self) -> "RosProbe":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
