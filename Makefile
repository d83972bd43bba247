# hyguide: the two everyday commands are `make run` and `make test` (both set up on first use).
Q ?= 한양플라자 어디야?
SEED ?= ../shared/seed-data

SHELL := /bin/bash

.PHONY: setup lock run test check-fresh eval eval-noisy eval-blind check-seed bench bench-voice bench-reply-length bench-train bench-soak chat clean

setup:            ## make .venv with the ROS 2 wheels and build with colcon (fast when nothing changed)
	@bash scripts/setup.sh

lock:             ## re-resolve requirements/*.txt into requirements/all.lock (then make test, commit both)
	@bash scripts/lock.sh

run: setup        ## start the guide node and ask it $(Q) over ROS 2
	@bash scripts/run.sh "$(Q)"

test:             ## run all tests
	@bash scripts/test.sh -q

check-fresh:      ## a fresh clone with empty caches: set-up from nothing + make run (FULL=1: + make test)
	@bash scripts/check_fresh.sh

chat: setup       ## talk to the guide in the terminal (no ROS)
	@. scripts/env.sh && python -m hyguide_ros.cli chat

eval: check-seed setup  ## score the guide on the seed's training QA (needs ../shared, or SEED=DIR)
	@. scripts/env.sh && python -m hyguide_eval.seed \
	  campus=$(SEED)/train_data_in_messages.json \
	  offcampus=$(SEED)/train_data_1km_messages.json,$(SEED)/train_data_2km_messages.json

eval-noisy: check-seed setup ## the same questions as a speech recogniser could write them, one kind of noise at a time
	@. scripts/env.sh && python -m hyguide_eval.seed --noise all \
	  campus=$(SEED)/train_data_in_messages.json \
	  offcampus=$(SEED)/train_data_1km_messages.json,$(SEED)/train_data_2km_messages.json

check-seed:       ## stop at once (before setup) when the seed data folder of make eval is missing
	@test -d "$(SEED)" || { echo "make: seed data folder not found: $(SEED) (make eval reads the seed's QA files from SEED; set it: make eval SEED=/path/to/seed-data)" >&2; exit 2; }

bench: setup      ## latency benchmark of the text guide (prints figures)
	@. scripts/env.sh && python benchmarks/bench_guide.py

bench-voice: setup  ## voice pipeline: VAD cost, transport, node overhead, streaming, memory (last line: JSON)
	@. scripts/env.sh && python benchmarks/bench_voice.py

bench-reply-length: setup  ## seconds the robot talks per reply to the seed's questions (default voices; last line: JSON)
	@. scripts/env.sh && python benchmarks/bench_reply_length.py --sample 1000 --cache ~/.cache/hyguide/reply-durations.json

eval-blind: setup  ## the blind set (test/data/blind): right / asked back / abstained / wrong place
	@. scripts/env.sh && python -m hyguide_eval.blind dev

bench-soak: setup  ## 20,000 questions (service + topic bursts) while the voice graph runs: losses, memory, p99 (last line: JSON)
	@. scripts/env.sh && python benchmarks/bench_soak.py

bench-train: setup  ## model toolchain on a tiny Gemma: QLoRA -> merge -> GGUF -> quantize -> evaluate (last line: JSON)
	@. scripts/env.sh && python benchmarks/bench_train.py

clean:
	rm -rf build install log
