"""What frames are (one sentence's content), the renderer they are worded by."""
from __future__ import annotations

from typing import Callable, ClassVar

Namer = Callable[..., str]      # name(place_id, code=False): a place's name as this reply says it


class Frame:
    """One sentence's content."""


class Renderer:
    """Frames -> sentences in one language. A language's renderer has a method per frame type and
    `SAYS`, the table from frame type to method: a frame type missing from it is an error, not a guess."""
    language = ""
    SAYS: ClassVar[dict[type, Callable[..., str]]] = {}

    def __init__(self, kb, spoken: bool = False) -> None:
        self.kb = kb
        self.spoken = spoken          # to be heard, not read (for_speech; the gate without its exit)

    def namer(self) -> Namer:
        """A namer for one reply: how a place is called, each time it is mentioned."""
        raise NotImplementedError

    def __call__(self, frame: Frame, name: Namer) -> str:
        say = self.SAYS.get(type(frame))
        if say is None:
            raise NotImplementedError(f"{type(self).__name__} cannot say {type(frame).__name__}")
        return say(self, frame, name)
