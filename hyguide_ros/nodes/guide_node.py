"""ROS 2 node `guide`: questions in (ASR transcripts, typed text, a service), grounded replies out.

With an LLM configured (`llm.backend` llama_cpp or openai), topic replies are phrased by the model
from the retrieved facts, streamed one checked sentence at a time (guide/phrasing.py); the reply
then ends with an empty `is_final` message. The service always answers with the composed reply.

    ros2 run hyguide_ros guide_node --ros-args -r __ns:=/hyguide --params-file config/guide.yaml

Topics (relative to the namespace): subscribes `asr/transcript` (final transcripts only) and
`guide/query` (std_msgs/String); publishes `guide/reply`, one GuideReply per sentence. Services
`guide/ask` (hyguide_ros/srv/Ask) and `guide/reset` (std_srvs/Trigger). Publishes `/diagnostics`.
"""
from __future__ import annotations

import itertools
import time

from diagnostic_msgs.msg import DiagnosticArray
from rcl_interfaces.msg import SetParametersResult
from rclpy.node import Node
from rclpy.parameter import Parameter
from std_msgs.msg import String
from std_srvs.srv import Trigger

from hyguide_ros.engines.llm import LlmConfig, load_chat_model
from hyguide_ros.guide import CampusGuide, GuideAnswer, GuideConfig, GuideInputError
from hyguide_ros.guide.phrase.phrasing import GroundedPhraser
from hyguide_ros.knowledge import KnowledgeBaseError
from hyguide_ros.msg import GuideReply, Transcript
from hyguide_ros.nodes.checks import MAX_ID_CHARS, InputGuard, check_ask, check_query, check_transcript
from hyguide_ros.nodes.common import (
    declare_config,
    diagnostics,
    diagnostics_timer,
    from_seconds,
    param,
    run,
    to_seconds,
)
from hyguide_ros.srv import Ask

QUEUE_DEPTH = 1000
_GUIDE_FIELDS = ("knowledge_base", "language", "style", "robot_location", "memory_turns")
_KINDS = {int: "an integer", str: "text"}
_UNREADABLE = {"ko": "죄송하지만 질문을 읽을 수 없었어요. 다시 말씀해 주세요.",
               "en": "Sorry, I could not read that question. Please ask again."}


class GuideNode(Node):
    def __init__(self, **node_options) -> None:      # node_options: rclpy Node keywords (context, ...)
        super().__init__("guide", **node_options)
        # These apply at run time (`ros2 param set`), through _on_set_parameters; llm.* need a restart.
        config = GuideConfig(
            knowledge_base=param(self, "knowledge_base", "", False, "KB JSON path; empty = the shipped KB"),
            language=param(self, "language", "auto", False, "reply language: auto, ko or en"),
            style=param(self, "style", "polite", False, "Korean speech style: polite or casual"),
            robot_location=param(self, "robot_location", "", False, "KB place id where the robot stands"),
            memory_turns=param(self, "memory_turns", 10, False, "turns remembered per conversation (1..1000)"),
        )
        self._conversation = param(self, "conversation_id", "default", False, "conversation of topic questions")
        if not 0 < len(self._conversation) <= MAX_ID_CHARS:
            raise ValueError(f"conversation_id must be 1..{MAX_ID_CHARS} characters")
        llm_config = declare_config(self, LlmConfig, prefix="llm.")
        max_sentences = param(self, "max_sentences", 3)
        self.guide = CampusGuide(config)   # raises with a clear message on a bad KB path or config
        self.add_on_set_parameters_callback(self._on_set_parameters)
        started = time.perf_counter()
        self.model = load_chat_model(llm_config)
        self.llm_load_s = time.perf_counter() - started
        self.phraser = GroundedPhraser(self.guide, self.model, max_sentences) if self.model else None
        self._llm_fallbacks = 0
        self._turn_ids = itertools.count(1_000_000)   # typed questions; ASR turns keep their own ids
        self._sequence = itertools.count()            # of guide/reply messages, for listeners to see gaps
        self._answered = 0
        self._rejected = 0
        self._last_latency_ms = 0.0

        # QoS: reliable, keep last QUEUE_DEPTH, volatile, on the questions in and the replies out: a burst
        # of typed questions (each reply is several sentences) is queued, not overwritten unseen.
        self._reply_pub = self.create_publisher(GuideReply, "guide/reply", QUEUE_DEPTH)
        self._diag_pub = self.create_publisher(DiagnosticArray, "/diagnostics", 10)
        self.guard = InputGuard(self)
        self.create_subscription(Transcript, "asr/transcript",
                                 self.guard.topic("asr/transcript", self._on_transcript, check_transcript), QUEUE_DEPTH)
        self.create_subscription(String, "guide/query", self.guard.topic("guide/query", self._on_query, check_query),
                                 QUEUE_DEPTH)
        self.create_service(Ask, "guide/ask", self.guard.service("guide/ask", self._on_ask, check_ask))
        self.create_service(Trigger, "guide/reset", self._on_reset)
        diagnostics_timer(self, self._publish_diagnostics)
        self.get_logger().info(f"guide ready: {len(self.guide.kb.places)} places, language={config.language}, "
                               f"style={config.style}, llm={self.model.name if self.model else 'none'}")

    # ------------------------------------------------------------------ parameters
    def _on_set_parameters(self, parameters: list[Parameter]) -> SetParametersResult:
        """Apply style, language, robot_location, memory_turns, knowledge_base and conversation_id at run
        time, or refuse with the reason. A new guide is built from the new values (a few ms) and
        replaces the old one only when it loads; conversations start afresh then."""
        changes = {p.name: p.value for p in parameters if p.name in _GUIDE_FIELDS or p.name == "conversation_id"}
        if not changes:
            return SetParametersResult(successful=True)
        conversation = changes.pop("conversation_id", self._conversation)
        if not isinstance(conversation, str) or not 0 < len(conversation) <= MAX_ID_CHARS:
            return SetParametersResult(successful=False,
                                       reason=f"conversation_id must be 1..{MAX_ID_CHARS} characters")
        if changes:
            current = self.guide.config
            values = {name: getattr(current, name) for name in _GUIDE_FIELDS}
            for name, value in changes.items():
                expected = type(values[name])
                if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                    return SetParametersResult(successful=False,
                                               reason=f"{name} must be {_KINDS[expected]}, not {value!r}")
                values[name] = value
            try:
                guide = CampusGuide(GuideConfig(**values))
            except (ValueError, OSError, KnowledgeBaseError) as exc:
                return SetParametersResult(successful=False, reason=str(exc))
            self.guide = guide
            if self.phraser is not None:
                self.phraser = GroundedPhraser(self.guide, self.model, self.phraser.max_sentences)
            self.get_logger().info(f"parameters applied: {', '.join(f'{k}={v!r}' for k, v in changes.items())}")
        self._conversation = conversation
        return SetParametersResult(successful=True)

    # ------------------------------------------------------------------ inputs
    def _on_transcript(self, msg: Transcript) -> None:
        if msg.is_final:
            heard = to_seconds(msg.stamp) or time.time()      # an unstamped transcript: heard now
            speech_end = heard - msg.speech_end_to_transcript_ms / 1e3 if msg.speech_end_to_transcript_ms >= 0 else 0.0
            self._answer_and_publish(msg.text, msg.turn_id, msg.language or None, heard, speech_end,
                                     msg.speech_end_to_transcript_ms)

    def _on_query(self, msg: String) -> None:
        self._answer_and_publish(msg.data, next(self._turn_ids), None, time.time())

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
    def _answer_and_publish(self, text: str, turn_id: int, language: str | None, heard: float,
                            speech_end: float = 0.0, transcript_ms: float = -1.0) -> None:
        """Answer and publish sentence by sentence; `heard` is when the question arrived (wall clock)."""
        start = time.perf_counter()
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

        def reply(sentence: str, index: int, is_final: bool, spoken: str = "") -> GuideReply:
            msg = GuideReply(text=sentence, spoken=spoken, language=answer.language, question=answer.question, turn_id=turn_id,
                             sentence_index=index, sequence=next(self._sequence) % 2**32, is_final=is_final,
                             intent=answer.intent, place_ids=answer.place_ids, grounded=answer.grounded)
            lat = msg.latency
            lat.turn_id = turn_id
            lat.speech_end_to_transcript_ms = float(transcript_ms)
            lat.transcript_to_first_token_ms = lat.first_token_to_first_sentence_ms = -1.0
            lat.first_sentence_to_first_audio_ms = lat.speech_end_to_first_audio_ms = -1.0
            lat.speech_end = from_seconds(speech_end)
            lat.guide_ms = float((time.perf_counter() - start) * 1e3)
            report = self.phraser.report if self.phraser else None
            lat.llm_pieces = report.pieces if report else 0
            lat.llm_ms = float(report.stream_s * 1e3) if report and report.stream_s is not None else -1.0
            if report and report.first_token_s is not None:
                # the model was called after the (sub-millisecond) composed answer
                lat.transcript_to_first_token_ms = float((time.time() - heard) * 1e3 - lat.guide_ms
                                                         + report.first_token_s * 1e3)
                if report.first_sentence_s is not None:
                    lat.first_token_to_first_sentence_ms = float((report.first_sentence_s - report.first_token_s) * 1e3)
            msg.stamp = self.get_clock().now().to_msg()
            return msg

        spoken = answer.spoken if len(answer.spoken) == len(answer.sentences) else answer.sentences
        if self.phraser is None:
            for index, sentence in enumerate(answer.sentences):
                self._reply_pub.publish(reply(sentence, index, index == len(answer.sentences) - 1, spoken[index]))
            return
        index = 0
        for phrased in self.phraser.phrase(answer, self._conversation):
            # composed sentences come whole, from the first (the model said nothing that held)
            said = spoken[index] if phrased.source == "composed" and index < len(spoken) else ""
            self._reply_pub.publish(reply(phrased.text, index, False, said))
            index += 1
        if self.phraser.report.fallback:
            self._llm_fallbacks += 1
            self.get_logger().info(f"turn {turn_id}: LLM sentence rejected ({self.phraser.report.fallback})")
        self._reply_pub.publish(reply("", index, True))       # the end of a streamed reply

    def _count(self, answer: GuideAnswer) -> None:
        self._answered += 1
        self._last_latency_ms = answer.latency_ms

    def _publish_diagnostics(self) -> None:
        self._diag_pub.publish(diagnostics(self, "guide", True, "ready", {
            "places": len(self.guide.kb.places), "answered": self._answered, "rejected_inputs": self._rejected,
            "last_latency_ms": self._last_latency_ms, "llm": self.model.name if self.model else "none",
            "llm_load_s": self.llm_load_s, "llm_fallbacks": self._llm_fallbacks}))

    def close(self) -> None:
        if self.model is not None:
            self.model.close()


def main(args: list[str] | None = None) -> None:
    run(GuideNode, "guide_node", args)


if __name__ == "__main__":
    main()
