"""The guide node as its own process, over Fast DDS on a private domain, localhost only."""
import os
import random
import shutil
import signal
import subprocess
import sys

import pytest
from diagnostic_msgs.msg import DiagnosticArray
from interrupt import interrupted_runs
from std_msgs.msg import String
from std_srvs.srv import Trigger

from hyguide_eval.ros_probe import ProbeTimeout, RosProbe
from hyguide_ros.msg import GuideReply, Transcript
from hyguide_ros.srv import Ask

NS = "/hyguide_test"


@pytest.fixture(scope="module")
def ros_graph():
    domain = str(random.randint(120, 200))
    env = dict(os.environ, ROS_DOMAIN_ID=domain, ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    exe = shutil.which("guide_node")
    assert exe, "guide_node is not on PATH: source scripts/env.sh after scripts/setup.sh"
    proc = subprocess.Popen([sys.executable, exe, "--ros-args", "-r", f"__ns:={NS}", "-p", "language:=auto"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    probe = RosProbe("guide_test_client", NS, int(domain))
    graph = dict(probe=probe, proc=proc,
                 replies=probe.record(GuideReply, "guide/reply", 10),
                 diagnostics=probe.record(DiagnosticArray, "/diagnostics", 10),
                 ask=probe.client(Ask, "guide/ask", 30, lambda: _output(proc)),
                 reset=probe.node.create_client(Trigger, "guide/reset"),
                 query=probe.publisher(String, "guide/query"),
                 transcript=probe.publisher(Transcript, "asr/transcript"))
    yield graph
    proc.terminate()
    out = proc.communicate(timeout=10)[0]
    probe.close()
    assert "Traceback" not in out, out


def _output(proc):
    proc.terminate()
    return proc.communicate(timeout=10)[0]


def _call(graph, client, request):
    return graph["probe"].call(client, request)


def _wait_reply(graph, turn_id=None, timeout=10.0):
    """All sentences of one reply (up to is_final), optionally for one turn id."""
    def got():
        return [r for r in graph["replies"] if turn_id is None or r.turn_id == turn_id]
    graph["probe"].spin_until(lambda: got() and got()[-1].is_final, timeout, "a complete reply",
                              lambda: f"got {graph['replies']}")
    reply = got()
    graph["replies"].clear()
    return reply


def _publish_until_reply(graph, publisher, msg, turn_id=None):
    # Discovery takes a moment: publish again until the node answers.
    for _ in range(20):
        publisher.publish(msg)
        try:
            return _wait_reply(graph, turn_id, timeout=1.0)
        except ProbeTimeout:
            continue
    raise AssertionError("the guide node never answered on the topic")


def test_ask_service(ros_graph):
    response = _call(ros_graph, ros_graph["ask"], Ask.Request(question="한양플라자 어디야?"))
    assert response.ok and response.error == ""
    assert "105번 건물" in response.answer and response.language == "ko" and response.intent == "where_is"
    assert list(response.place_ids) == ["b105"] and response.grounded and response.latency_ms > 0
    english = _call(ros_graph, ros_graph["ask"], Ask.Request(question="How do I get to the library?"))
    assert english.ok and english.language == "en" and "Paiknam Library (백남학술정보관" in english.answer


def test_typed_query_topic_streams_sentences(ros_graph):
    sentences = _publish_until_reply(ros_graph, ros_graph["query"], String(data="도서관 몇 층이야?"))
    assert [s.sentence_index for s in sentences] == list(range(len(sentences)))
    assert sentences[-1].is_final and not any(s.is_final for s in sentences[:-1])
    text = " ".join(s.text for s in sentences)
    assert "지상 6층" in text and sentences[0].question == "도서관 몇 층이야?"
    assert sentences[0].latency.guide_ms > 0 and sentences[0].latency.transcript_to_first_token_ms == -1.0


def test_transcript_keeps_the_turn_id(ros_graph):
    msg = Transcript(text="학생회관 어디야?", language="ko", is_final=True, turn_id=4242, confidence=0.9,
                     speech_end_to_transcript_ms=123.0)
    sentences = _publish_until_reply(ros_graph, ros_graph["transcript"], msg, turn_id=4242)
    assert all(s.turn_id == 4242 for s in sentences) and "107번 건물" in sentences[0].text
    assert sentences[0].latency.speech_end_to_transcript_ms == pytest.approx(123.0)


@pytest.mark.parametrize("question,language,error", [
    ("", "", "empty"), ("a" * 10_000, "", "characters long"), ("\x01\x02\x03", "", "control characters"),
    ("hello", "fr", "unknown language"),
])
def test_bad_service_input_is_rejected_and_the_node_lives(ros_graph, question, language, error):
    response = _call(ros_graph, ros_graph["ask"], Ask.Request(question=question, language=language))
    assert not response.ok and error in response.error
    assert ros_graph["proc"].poll() is None
    assert _call(ros_graph, ros_graph["ask"], Ask.Request(question="본관 어디야?")).ok


def test_bad_topic_input_gets_a_spoken_reply(ros_graph):
    sentences = _publish_until_reply(ros_graph, ros_graph["query"], String(data="   "))
    assert sentences[0].intent == "unreadable" and not sentences[0].grounded
    assert ros_graph["proc"].poll() is None


def test_memory_and_reset_over_ros(ros_graph):
    ask = ros_graph["ask"]
    _call(ros_graph, ask, Ask.Request(question="한양플라자 어디야?", conversation_id="visitor"))
    follow = _call(ros_graph, ask, Ask.Request(question="거기 몇 층이야?", conversation_id="visitor"))
    assert "4층" in follow.answer
    assert _call(ros_graph, ros_graph["reset"], Trigger.Request()).success
    forgotten = _call(ros_graph, ask, Ask.Request(question="거기 몇 층이야?", conversation_id="visitor"))
    assert "모르겠습니다" in forgotten.answer


def test_diagnostics(ros_graph):
    ros_graph["probe"].spin_until(lambda: ros_graph["diagnostics"], 5, "/diagnostics")
    status = ros_graph["diagnostics"][-1].status[0]
    values = {kv.key: kv.value for kv in status.values}
    assert status.name == "hyguide: guide" and int(values["places"]) > 100


def test_missing_knowledge_base_exits_with_a_clear_message(tmp_path):
    env = dict(os.environ, ROS_DOMAIN_ID="201", ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    result = subprocess.run([sys.executable, shutil.which("guide_node"), "--ros-args", "-p",
                             f"knowledge_base:={tmp_path}/missing.json"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2 and "knowledge base file not found" in result.stderr


def test_replies_carry_a_sequence_without_gaps(ros_graph):
    sequence = [r.sequence for question in ("본관 어디야?", "국제관 몇 층이야?", "Where is the library?")
                for r in _publish_until_reply(ros_graph, ros_graph["query"], String(data=question))]
    assert len(sequence) >= 3 and sequence == list(range(sequence[0], sequence[0] + len(sequence)))


def test_ctrl_c_under_traffic_ends_cleanly_ten_times_of_ten():
    """SIGINT while questions keep arriving on guide/query: exit 0 and no traceback, every time."""
    exe = shutil.which("guide_node")
    domain = random.randint(120, 200)
    env = dict(os.environ, ROS_DOMAIN_ID=str(domain), ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")

    def start(namespace: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, exe, "--ros-args", "-r", f"__ns:={namespace}"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for run, proc, out in interrupted_runs(domain, NS, start, lambda p: p.send_signal(signal.SIGINT)):
        assert proc.returncode == 0 and "Traceback" not in out, f"run {run}: exit {proc.returncode}\n{out}"
