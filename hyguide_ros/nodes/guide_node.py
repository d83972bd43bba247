"""ROS 2 node `guide`: questions in (ASR transcripts, typed text, a service), grounded replies out.

    ros2 run hyguide_ros guide_node --ros-args -r __ns:=/hyguide --params-file config/guide.yaml

Topics (relative to the namespace): subscribes `asr/transcript` (final transcripts only) and
`guide/query` (std_msgs/String); publishes `guide/reply`, one GuideReply per sentence. Services
`guide/ask` (hyguide_ros/srv/Ask) and `guide/reset` (std_srvs/Trigger). Publishes `/diagnostics`.
"""
from __future__ import annotations

import itertools
import sys

import rclpy
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue
from rclpy.executors import ExternalShutdownException
from rclpy.node import Node
from std_msgs.msg import String
from std_srvs.srv import Trigger

from hyguide_ros.guide import CampusGuide, GuideAnswer, GuideConfig, GuideInputError
from hyguide_ros.knowledge import KnowledgeBaseError
from hyguide_ros.msg import GuideReply, Transcript
from hyguide_ros.srv import Ask

_UNREADABLE = {"ko": "죄송하지만 질문을 읽을 수 없었어요. 다시 말씀해 주세요.",
               "en": "Sorry, I could not read that question. Please ask again."}


class GuideNode(Node):
    def __init__(self) -> None:
        super().__init__("guide")
        config = GuideConfig(
            knowledge_base=self.declare_parameter("knowledge_base", "").value,
            language=self.declare_parameter("language", "auto").value,
            style=self.declare_parameter("style", "polite").value,
            robot_location=self.declare_parameter("robot_location", "").value,
            memory_turns=self.declare_parameter("memory_turns", 10).value,
        )
        self._conversation = self.declare_parameter("conversation_id", "default").value
        period = self.declare_parameter("diagnostics_period_s", 1.0).value
        self.guide = CampusGuide(config)   # raises with a clear message on a bad KB path or config
        self._turn_ids = itertools.count(1_000_000)   # typed questions; ASR turns keep their own ids
        self._answered = 0
        self._rejected = 0
        self._last_latency_ms = 0.0

        self._reply_pub = self.create_publisher(GuideReply, "guide/reply", 10)
        self._diag_pub = self.create_publisher(DiagnosticArray, "/diagnostics", 10)
        self.create_subscription(Transcript, "asr/transcript", self._on_transcript, 10)
        self.create_subscription(String, "guide/query", self._on_query, 10)
        self.create_service(Ask, "guide/ask", self._on_ask)
        self.create_service(Trigger, "guide/reset", self._on_reset)
        self.create_timer(period, self._publish_diagnostics)
        self.get_logger().info(f"guide ready: {len(self.guide.kb.places)} places, language={config.language}, "
                               f"style={config.style}")

    # ------------------------------------------------------------------ inputs
    def _on_transcript(self, msg: Transcript) -> None:
        if msg.is_final:
            self._answer_and_publish(msg.text, msg.turn_id, msg.language or None,
                                     transcript_ms=msg.speech_end_to_transcript_ms)

    def _on_query(self, msg: String) -> None:
        self._answer_and_publish(msg.data, next(self._turn_ids), None)

    def _on_ask(self, request: Ask.Request, response: Ask.Response) -> Ask.Response:
        try:
            answer = self.guide.ask(request.question, request.conversation_id or self._conversation,
                                    request.language or None)
        except GuideInputError as exc:
            self._rejected += 1
            response.ok, response.error = False, str(exc)
            return response
        self._count(answer)
        response.ok = True
        response.answer, response.language, response.intent = answer.text, answer.language, answer.intent
        response.place_ids, response.grounded = answer.place_ids, answer.grounded
        response.latency_ms = float(answer.latency_ms)
        return response

    def _on_reset(self, request: Trigger.Request, response: Trigger.Response) -> Trigger.Response:
        self.guide.reset()
        response.success, response.message = True, "all conversations forgotten"
        return response

    # ------------------------------------------------------------------ outputs
    def _answer_and_publish(self, text: str, turn_id: int, language: str | None,
                            transcript_ms: float = -1.0) -> None:
        try:
            answer = self.guide.ask(text, self._conversation, language)
        except GuideInputError as exc:
            self._rejected += 1
            self.get_logger().warning(f"turn {turn_id}: {exc}")
            lang = language if language in _UNREADABLE else "ko"
            answer = GuideAnswer(question=text[:200], text=_UNREADABLE[lang], sentences=[_UNREADABLE[lang]],
                                 language=lang, intent="unreadable", grounded=False, abstained=True)
        else:
            self._count(answer)
        for index, sentence in enumerate(answer.sentences):
            msg = GuideReply(text=sentence, language=answer.language, question=answer.question, turn_id=turn_id,
                             sentence_index=index, is_final=index == len(answer.sentences) - 1,
                             intent=answer.intent, place_ids=answer.place_ids, grounded=answer.grounded)
            msg.latency.turn_id = turn_id
            msg.latency.speech_end_to_transcript_ms = float(transcript_ms)
            msg.latency.transcript_to_first_token_ms = -1.0      # no LLM in the composed path
            msg.latency.first_token_to_first_sentence_ms = -1.0
            msg.latency.first_sentence_to_first_audio_ms = -1.0
            msg.latency.guide_ms = float(answer.latency_ms)
            msg.stamp = self.get_clock().now().to_msg()
            self._reply_pub.publish(msg)

    def _count(self, answer: GuideAnswer) -> None:
        self._answered += 1
        self._last_latency_ms = answer.latency_ms

    def _publish_diagnostics(self) -> None:
        status = DiagnosticStatus(level=DiagnosticStatus.OK, name="hyguide: guide", hardware_id="guide",
                                  message="ready")
        status.values = [KeyValue(key="places", value=str(len(self.guide.kb.places))),
                         KeyValue(key="answered", value=str(self._answered)),
                         KeyValue(key="rejected_inputs", value=str(self._rejected)),
                         KeyValue(key="last_latency_ms", value=f"{self._last_latency_ms:.3f}")]
        array = DiagnosticArray(status=[status])
        array.header.stamp = self.get_clock().now().to_msg()
        self._diag_pub.publish(array)


def main(args: list[str] | None = None) -> None:
    rclpy.init(args=args)
    try:
        node = GuideNode()
    except (KnowledgeBaseError, ValueError) as exc:
        print(f"guide_node: {exc}", file=sys.stderr)
        rclpy.try_shutdown()
        sys.exit(2)
    try:
        rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        node.destroy_node()
        rclpy.try_shutdown()


if __name__ == "__main__":
    main()
