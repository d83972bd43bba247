"""`hyguide-train voice`: a piper voice for a language piper has none for (Korean), on piper's own
VITS training code (`piper.train`, Lightning).

    prepare   recordings + transcripts -> a clean piper dataset (resampled, trimmed, checked) + report
    train     piper.train fit: fine-tune a checkpoint (or from scratch), resumable, TensorBoard; ends by
              itself (an epoch limit from the set's size, early stopping on the validation mel loss)
    export    checkpoint -> ONNX + .onnx.json, checked by loading it with piper.PiperVoice: refused when its
              test sentence is clipped, silent or off centre, or its sample rate is not the checkpoint's
    evaluate  synthesise the guide's replies: real-time factor, time to first audio, signal checks, CER by
              ASR (skipped, and said so, when no ASR model is on the machine), plots
"""
