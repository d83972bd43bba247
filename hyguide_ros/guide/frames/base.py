"""What frames are (one sentence's content), the renderer they are worded by."""
from __future__ import annotations

import inspect
import typing
from typing import Callable, ClassVar

Namer = Callable[..., str]      # name(place_id, code=False): a place's name as this reply says it


class Frame:
    """One sentence's content."""


class Renderer:
    """Frames -> sentences in one language: a method per frame type, `def floor_count(self, f:
    F.FloorCount, name: Namer) -> str`. The type its `f` is declared with is the frame it says:
    `SAYS`, the table from frame type to method, is built from those declarations when the class is
    made, and a frame type missing from it is an error, not a guess."""
    language = ""
    SAYS: ClassVar[dict[type, Callable[..., str]]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.SAYS = {}
        for method in vars(cls).values():
            frame_type = typing.get_type_hints(method).get("f") if inspect.isfunction(method) else None
            if isinstance(frame_type, type) and issubclass(frame_type, Frame):
                if frame_type in cls.SAYS:
                    raise TypeError(f"{cls.__name__}: two methods say {frame_type.__name__}")
                cls.SAYS[frame_type] = method

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
