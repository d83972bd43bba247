"""`hyguide-train voice`: a piper voice for a language piper has none for (Korean), on piper's own
VITS training code (`piper.train`, Lightning).

    prepare   recordings + transcripts -> a clean piper dataset (resampled, trimmed, checked) + report
    train     piper.train fit: fine-tune a checkpoint (or from scratch), resumable, TensorBoard
    export    checkpoint -> ONNX + .onnx.json, checked by loading it with piper.PiperVoice
    evaluate  synthesise the guide's replies: real-time factor, time to first audio, CER by ASR, plots
"""
