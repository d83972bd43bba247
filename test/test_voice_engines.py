"""Every voice engine through its real library: silero (onnxruntime), faster-whisper, llama-cpp-python,
an OpenAI-compatible server, piper, WAV files and sounddevice; models are the tests' own (conftest)."""
from __future__ import annotations

import wave

import numpy as np
import pytest
from llama_checks import stream_and_phrase

from hyguide_ros.engines import EngineError, ModelNotDownloadedError, ModelNotFoundError
from hyguide_ros.engines.asr import AsrConfig, FasterWhisperRecognizer, SpeechRecognizer
from hyguide_ros.engines.audio import (
    CHUNK_SAMPLES,
    SAMPLE_RATE,
    AudioError,
    AudioSink,
    AudioSource,
    Chunker,
    WavSink,
    WavSource,
    find_device,
    read_wav,
    resample,
    to_mono,
    write_wav,
)
from hyguide_ros.engines.llm import ChatModel, LlmConfig, OpenAIChat, load_chat_model
from hyguide_ros.engines.tts import NoVoiceError, SpeechSynthesizer, SpokenLength, Synthesizer, TtsConfig, Voice
from hyguide_ros.engines.vad import SileroVad, SpeechSegmenter, VadConfig
from hyguide_ros.guide.phrase.phrasing import ChatLike, GroundedPhraser, SentenceSplitter, split_sentences
from hyguide_ros.knowledge.vocabulary import speech_hints
from hyguide_train.child import run_in_child


def chunks_of(samples: np.ndarray) -> list[np.ndarray]:
    return [samples[i:i + CHUNK_SAMPLES] for i in range(0, samples.size - CHUNK_SAMPLES + 1, CHUNK_SAMPLES)]


def segment_all(samples: np.ndarray, config: VadConfig | None = None):
    segmenter = SpeechSegmenter(config or VadConfig())
    return [e for c in chunks_of(samples) for e in segmenter.push(c)]


# --------------------------------------------------------------------------- audio
def test_wav_source_converts_rate_and_channels_and_paces(tmp_path, voice_models):
    samples, rate, channels = read_wav(voice_models.question_ko)
    assert (rate, channels) == (22050, 1)
    stereo = np.repeat(samples, 2)
    path = tmp_path / "stereo44k.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2), w.setsampwidth(2), w.setframerate(44100)
        w.writeframes(resample(stereo.reshape(-1, 2)[:, 0].copy(), 22050, 44100).repeat(2).tobytes())
    source = WavSource(path, realtime=False)
    assert isinstance(source, AudioSource)          # the interface the audio node reads
    chunks = list(source)
    assert all(c.shape == (CHUNK_SAMPLES,) and c.dtype == np.int16 for c in chunks)
    assert abs(source.duration_s - samples.size / 22050) < 0.05
    paced = WavSource(voice_models.question_ko, realtime=True)
    import time
    start = time.monotonic()
    n = sum(1 for _ in paced)
    assert time.monotonic() - start >= (n - 1) * CHUNK_SAMPLES / SAMPLE_RATE * 0.9


def test_bad_audio_gets_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="WAV file not found"):
        WavSource(tmp_path / "missing.wav")
    (tmp_path / "text.wav").write_text("not audio")
    with pytest.raises(AudioError, match="not a readable WAV"):
        WavSource(tmp_path / "text.wav")
    with wave.open(str(tmp_path / "8bit.wav"), "wb") as w:
        w.setnchannels(1), w.setsampwidth(1), w.setframerate(16000), w.writeframes(b"\x80" * 1600)
    with pytest.raises(AudioError, match="16-bit PCM"):
        WavSource(tmp_path / "8bit.wav")
    with pytest.raises(AudioError, match="3 interleaved channels"):
        to_mono(np.zeros(10, np.int16), 3)


def test_chunker_and_wav_sink_round_trip(tmp_path):
    chunker = Chunker(512)
    out = chunker.push(np.arange(700, dtype=np.int16)) + chunker.push(np.arange(400, dtype=np.int16))
    assert [c.size for c in out] == [512, 512]
    tone = (np.sin(np.arange(22050) / 10) * 8000).astype(np.int16)
    sink = WavSink(tmp_path / "out.wav")
    assert isinstance(sink, AudioSink)
    sink.write(tone, 22050)
    sink.write(tone, 22050)
    sink.close()
    back, rate, channels = read_wav(tmp_path / "out.wav")
    assert (rate, channels, back.size) == (22050, 1, 44100)
    assert np.array_equal(back[:22050], tone)
    assert write_wav(tmp_path / "x.wav", tone, 16000).exists()


def test_resample_keeps_duration_and_a_low_tone():
    t = np.arange(48000) / 48000
    tone = (np.sin(2 * np.pi * 440 * t) * 10000).astype(np.int16)
    down = resample(tone, 48000, 16000)
    assert down.size == 16000
    spectrum = np.abs(np.fft.rfft(down))
    assert abs(np.argmax(spectrum) - 440) <= 1          # 1 Hz bins over one second


def test_sound_devices_fail_with_the_list_of_devices():
    with pytest.raises(AudioError, match="no input audio device matches 'no-such-microphone'|no input audio device"):
        find_device("no-such-microphone", "input")


# --------------------------------------------------------------------------- VAD
def test_silero_finds_one_utterance_in_speech_and_none_in_silence(voice_models):
    speech = WavSource(voice_models.question_ko, realtime=False, tail_silence_s=1.0).samples
    events = segment_all(speech)
    assert [e.kind for e in events] == ["start", "end"]
    assert 1.0 < events[1].audio.size / SAMPLE_RATE < 3.5
    assert not events[1].truncated
    assert segment_all(np.zeros(60 * SAMPLE_RATE, np.int16)) == []     # a minute of silence
    noise = (np.random.default_rng(0).standard_normal(10 * SAMPLE_RATE) * 300).astype(np.int16)
    assert segment_all(noise) == []                                      # a quiet hiss is not speech


def test_two_minutes_of_speech_are_split_at_the_maximum(voice_models):
    speech = WavSource(voice_models.question_ko, realtime=False).samples
    long = np.tile(speech, int(120 * SAMPLE_RATE / speech.size) + 1)[:120 * SAMPLE_RATE]
    events = segment_all(long, VadConfig(max_utterance_s=10.0, min_silence_ms=2000))
    ends = [e for e in events if e.kind == "end"]
    assert len(ends) >= 10
    assert all(e.audio.size <= 10 * SAMPLE_RATE + CHUNK_SAMPLES for e in ends)
    assert any(e.truncated for e in ends)


def test_muted_vad_hears_nothing_and_recovers(voice_models):
    speech = WavSource(voice_models.question_ko, realtime=False, tail_silence_s=1.0).samples
    segmenter = SpeechSegmenter(VadConfig())
    segmenter.mute(True)
    assert [e for c in chunks_of(speech) for e in segmenter.push(c)] == []
    segmenter.mute(False)
    assert [e.kind for c in chunks_of(speech) for e in segmenter.push(c)] == ["start", "end"]


def test_vad_config_and_chunk_size_are_checked():
    with pytest.raises(ValueError, match="threshold"):
        SpeechSegmenter(VadConfig(threshold=1.5))
    with pytest.raises(ValueError, match="512"):
        SileroVad().probability(np.zeros(100, np.int16))
    with pytest.raises(ModelNotFoundError, match="silero VAD model not found"):
        SileroVad("/nonexistent/silero.onnx")


# --------------------------------------------------------------------------- ASR
def test_faster_whisper_transcribes_with_place_name_hints(voice_models, guide):
    hints = speech_hints(guide.kb, "ko", 120)
    assert "한양플라자" in hints and len(hints) <= 120
    recognizer = FasterWhisperRecognizer(AsrConfig(model=str(voice_models.whisper), max_new_tokens=8), hotwords=hints)
    assert isinstance(recognizer, SpeechRecognizer)
    assert recognizer.options()["hotwords"] == hints
    partials: list[str] = []
    speech = WavSource(voice_models.question_ko, realtime=False).samples
    result = recognizer.transcribe(speech, on_partial=partials.append)
    assert result.text and result.language in ("ko", "en") and not result.dropped
    assert partials and partials[-1] == result.text
    assert 0.0 < result.confidence <= 1.0 and result.audio_s == pytest.approx(speech.size / SAMPLE_RATE)
    forced = FasterWhisperRecognizer(AsrConfig(model=str(voice_models.whisper), language="en", max_new_tokens=4))
    assert forced.transcribe(speech).language == "en"


def test_non_speech_transcripts_are_dropped(voice_models):
    # the tiny model's text is noise: with strict thresholds it counts as no speech
    strict = FasterWhisperRecognizer(AsrConfig(model=str(voice_models.whisper), max_new_tokens=8,
                                               no_speech_threshold=0.0, log_prob_threshold=0.0))
    result = strict.transcribe(np.zeros(SAMPLE_RATE, np.int16))
    assert result.dropped and not result.text
    lenient = FasterWhisperRecognizer(AsrConfig(model=str(voice_models.whisper), max_new_tokens=8,
                                                no_speech_threshold=1.0, log_prob_threshold=-100.0))
    assert lenient.transcribe(np.zeros(SAMPLE_RATE, np.int16)).text        # the same noise, kept


def test_missing_whisper_model_says_what_to_do(tmp_path):
    with pytest.raises(ModelNotFoundError, match="not found"):
        FasterWhisperRecognizer(AsrConfig(model=str(tmp_path / "nope") + "/"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match="no model.bin"):
        FasterWhisperRecognizer(AsrConfig(model=str(tmp_path / "empty")))
    # the default: a size name that was never fetched is "not on this machine", with the way to get it,
    # and nothing is downloaded
    with pytest.raises(ModelNotDownloadedError, match=r"'small' is not on this machine.*hyguide models fetch"):
        FasterWhisperRecognizer(AsrConfig(model="small", download_root=str(tmp_path)))
    assert not any(tmp_path.glob("models--*"))


# --------------------------------------------------------------------------- LLM
def test_sentences_are_cut_in_korean_and_english():
    assert split_sentences("한양플라자는 105번 건물이에요. 4층이에요! Hanyang Univ. Station is 1.5 km away. 네") == \
        ["한양플라자는 105번 건물이에요.", "4층이에요!", "Hanyang Univ. Station is 1.5 km away.", "네"]
    splitter = SentenceSplitter()
    pieces = ["본관은 ", "1", ".", "5 km", " 떨어져 있어요", ". 다", "음"]
    out = [s for p in pieces for s in splitter.feed(p)]
    assert out == ["본관은 1.5 km 떨어져 있어요."] and splitter.flush() == ["다음"]


def test_llama_cpp_streams_and_its_noise_falls_back_to_the_composed_answer(voice_models):
    # llama.cpp runs in a child process (llama_checks): a native crash fails this test, not the run
    got = run_in_child("llama.cpp chat on the tiny GGUF", stream_and_phrase, str(voice_models.gguf), "한양플라자 어디야?")
    assert got["pieces"] and all(isinstance(p, str) for p in got["pieces"])
    assert got["said"] == got["composed"] and got["sources"] == ["composed"]
    assert got["used_llm"] and got["fallback"] and got["first_token_s"] is not None


class ScriptedModel:
    """A chat model that says a fixed text in pieces (stands in for a fine-tuned model's output)."""

    def __init__(self, text: str):
        self.text, self.calls = text, []

    def stream(self, messages):
        self.calls.append(messages)
        for i in range(0, len(self.text), 3):
            yield self.text[i:i + 3]


@pytest.mark.parametrize("text, expected_sources, reason", [
    ("한양플라자는 105번 건물이에요. 예지문 바로 옆에 있어요.", ["llm", "llm"], ""),
    ("한양플라자는 107번 건물이에요. 예지문 옆이에요.", ["composed"] * 3, "building 107 is not Hanyang Plaza's number"),
    ("한양플라자는 999번 건물이에요. 예지문 옆이에요.", ["composed"] * 3, "building 999 is not in the facts"),
    ("한양플라자는 105번 건물이에요. 걸어서 9분 걸려요.", ["llm"], "9"),
    ("한양플라자는 좋아요. 한양플라자는 좋아요.", ["llm"], "repeats"),
    ("Hanyang Plaza is building 105.", ["composed"] * 3, "wrong language"),
])
def test_every_llm_sentence_is_checked_against_the_facts(guide, text, expected_sources, reason):
    answer = guide.ask("한양플라자 어디야?", "check-" + text[:6])
    model = ScriptedModel(text)
    phraser = GroundedPhraser(guide, model)
    out = list(phraser.phrase(answer, "check-" + text[:6]))
    assert [s.source for s in out] == expected_sources
    assert reason in phraser.report.fallback
    prompt = model.calls[0][-1]["content"]
    assert "건물 번호 105" in prompt and "한양플라자 어디야?" in prompt


def test_unsupported_answers_never_reach_the_llm(guide):
    model = ScriptedModel("아무 말.")
    answer = guide.ask("화성 가는 길 알려줘", "none")
    out = list(GroundedPhraser(guide, model).phrase(answer, "none"))
    assert model.calls == [] and [s.text for s in out] == answer.sentences


def test_openai_compatible_server_streams(tmp_path, guide):
    from openai_server import OpenAIReplayServer, messages_key

    answer = guide.ask("한양플라자 어디야?", "openai")
    phraser = GroundedPhraser(guide, None)
    key = messages_key(phraser.messages(answer, "openai"))
    with OpenAIReplayServer({key: "한양플라자는 105번 건물이에요. 예지문 바로 옆에 있어요."}) as server, \
            pytest.MonkeyPatch.context() as env:
        env.setenv("HYGUIDE_TEST_KEY", "test-key")
        phraser.model = load_chat_model(LlmConfig(backend="openai", base_url=server.url, api_model="served",
                                                  api_key_env="HYGUIDE_TEST_KEY"))
        assert isinstance(phraser.model, ChatModel) and isinstance(phraser.model, ChatLike)
        out = list(phraser.phrase(answer, "openai"))
        assert [s.source for s in out] == ["llm", "llm"] and phraser.report.pieces > 5
        assert server.bodies[-1]["stream"] is True and server.bodies[-1]["model"] == "served"
    with pytest.raises(ModelNotFoundError, match="base_url"):
        OpenAIChat(LlmConfig(backend="openai"))
    dead = load_chat_model(LlmConfig(backend="openai", base_url="http://127.0.0.1:9/v1", api_model="m", timeout_s=1))
    with pytest.raises(EngineError, match="LLM server"):
        list(dead.stream([{"role": "user", "content": "hi"}]))


def test_llm_config_errors_are_clear(tmp_path):
    assert load_chat_model(LlmConfig()) is None
    with pytest.raises(ModelNotFoundError, match="GGUF model not found"):
        load_chat_model(LlmConfig(backend="llama_cpp", model_path=str(tmp_path / "missing.gguf")))
    with pytest.raises(ValueError, match="backend"):
        load_chat_model(LlmConfig(backend="gpt"))


# --------------------------------------------------------------------------- TTS
def test_piper_speaks_each_language_with_its_voice(voice_models):
    tts = Synthesizer(TtsConfig(voices={"ko": str(voice_models.voice_ko), "en": str(voice_models.voice_en)}))
    assert isinstance(tts, SpeechSynthesizer) and all(isinstance(v, Voice) for v in tts.voices.values())
    assert tts.describe() == {"ko": "piper:ko.onnx", "en": "piper:en.onnx"}
    ko = tts.synthesize("한양플라자는 105번 건물이에요.", "ko")
    en = tts.synthesize("Hanyang Plaza is building 105.", "en")
    assert ko.samples.dtype == np.int16 and ko.sample_rate == 22050 and ko.duration_s > 0.3
    assert en.samples.size and not np.array_equal(ko.samples[:1000], en.samples[:1000])
    longer = tts.synthesize("한양플라자는 105번 건물이에요. 예지문 바로 옆에 있어요.", "ko")
    assert longer.samples.size > ko.samples.size
    assert ko.said == "한양플라자는 백오 번 건물이에요." and en.said == "Hanyang Plaza is building one oh five."


def test_a_language_without_piper_voice_is_spoken_by_espeak_ng_never_by_another_voice(voice_models):
    tts = Synthesizer(TtsConfig(voices={"ko": "", "en": str(voice_models.voice_en)}))
    assert tts.describe() == {"ko": "espeak-ng:ko", "en": "piper:en.onnx"}
    speech = tts.synthesize("한양플라자는 105번 건물이에요.", "ko")
    assert speech.sample_rate == 22050 and speech.duration_s > 1.0 and np.abs(speech.samples).max() > 1000
    assert speech.said == "한양플라자는 백오 번 건물이에요."
    # no Korean voice at all: refused, not handed to the English voice
    silent = Synthesizer(TtsConfig(voices={"ko": "", "en": str(voice_models.voice_en)}, fallback_voices={"ko": ""}))
    assert silent.describe() == {"en": "piper:en.onnx"}
    with pytest.raises(NoVoiceError, match="no voice speaks 'ko'"):
        silent.synthesize("안녕하세요.", "ko")
    # a voice set for a language it does not speak is refused at start, with the way out
    with pytest.raises(EngineError, match=r"voices\.ko is en\.onnx, a voice for 'en-us'.*espeak-ng fallback"):
        Synthesizer(TtsConfig(voices={"ko": str(voice_models.voice_en)}))
    with pytest.raises(EngineError, match="does not speak 'ko'"):
        Synthesizer(TtsConfig(voices={"ko": ""}, fallback_voices={"ko": "en-us"}))
    with pytest.raises(ModelNotFoundError, match="espeak-ng not found"):
        Synthesizer(TtsConfig(voices={"ko": ""}, espeak_ng="/nonexistent/espeak-ng"))


def test_missing_voice_says_what_to_do(tmp_path, voice_models):
    with pytest.raises(ModelNotFoundError, match="piper voice not found"):
        Synthesizer(TtsConfig(voices={"ko": str(tmp_path / "ko.onnx")}))
    lonely = tmp_path / "lonely.onnx"
    lonely.write_bytes(voice_models.voice_ko.read_bytes())
    with pytest.raises(ModelNotFoundError, match=r"\.onnx\.json"):
        Synthesizer(TtsConfig(voices={"ko": str(lonely)}))
    # a voice name that is not on this machine: never downloaded by default; the language falls back to
    # espeak-ng with one warning that says how to get the voice
    offline = Synthesizer(TtsConfig(voices={"en": "en_US-nobody-medium"}, download_dir=str(tmp_path / "dl")))
    assert offline.describe()["en"] == "espeak-ng:en-us"
    assert len(offline.warnings) == 1 and "en_US-nobody-medium" in offline.warnings[0]
    assert "hyguide models fetch --voice en_US-nobody-medium" in offline.warnings[0]
    assert not (tmp_path / "dl").exists()
    assert offline.synthesize("Building 105.", "en").samples.size > 0
    # ... refused when asked for at run time (strict), and with no fallback for that language
    with pytest.raises(ModelNotDownloadedError, match="not on this machine"):
        Synthesizer(TtsConfig(voices={"en": "en_US-nobody-medium"}, download_dir=str(tmp_path / "dl")), strict=True)
    with pytest.raises(ModelNotDownloadedError, match="not on this machine"):
        Synthesizer(TtsConfig(voices={"en": "en_US-nobody-medium"}, fallback_voices={"ko": "ko"},
                              download_dir=str(tmp_path / "dl")))
    # downloads are opt-in; with no model hub reachable the message says how to fetch it elsewhere
    with pytest.raises(ModelNotFoundError, match="cannot download piper voice"):
        Synthesizer(TtsConfig(voices={"en": "en_US-nobody-medium"}, download_dir=str(tmp_path / "dl"),
                              allow_download=True))
    with pytest.raises(ModelNotFoundError, match="no voice configured"):
        Synthesizer(TtsConfig(voices={"ko": "", "en": ""}, fallback_voices={}))


def test_the_default_voices_need_no_download(tmp_path):
    """The default English voice is the installed en_US-joe-medium package; Korean is espeak-ng."""
    synth = Synthesizer(TtsConfig(download_dir=str(tmp_path / "nothing-fetched")))
    assert synth.describe() == {"en": "piper:en_US-joe-medium.onnx", "ko": "espeak-ng:ko"}
    assert synth.warnings == []
    speech = synth.synthesize("The Main Building is Building 102.", "en")
    assert speech.sample_rate == 22050 and np.abs(speech.samples).max() > 1000


def test_a_reply_is_said_up_to_the_answer_and_its_first_step():
    length = SpokenLength(max_sentences=2, max_seconds=12.0)
    assert length.keeps(0, 0.0, 30.0)                  # the answer itself, however long
    assert length.keeps(1, 5.0, 6.0) and not length.keeps(1, 5.0, 7.5)
    assert not length.keeps(2, 4.0, 1.0)               # a third sentence: on the text topic only
    assert SpokenLength(0, 0).keeps(9, 100.0, 100.0)   # no limits
