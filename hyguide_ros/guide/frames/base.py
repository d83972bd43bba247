"""What frames are (one sentence's content), the renderer they are worded by."""
from __future__ import annotations

import re
from typing import Callable

Namer = Callable[..., str]      # name(place_id, code=False): a place's name as this reply says it


class Frame:
    """One sentence's content."""


class Renderer:
    """Frames -> sentences in one language."""
    language = ""

    def __init__(self, kb, spoken: bool = False) -> None:
        self.kb = kb
        self.spoken = spoken          # to be heard, not read (for_speech; the gate without its exit)

    def namer(self) -> Namer:
        """A namer for one reply: how a place is called, each time it is mentioned."""
        raise NotImplementedError

    def __call__(self, frame: Frame, name: Namer) -> str:
        method = getattr(self, method_name(type(frame)), None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} cannot say {type(frame).__name__}")
        return method(frame, name)


def method_name(frame_type: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", frame_type.__name__).lower()
