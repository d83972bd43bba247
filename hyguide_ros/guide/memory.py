"""Dialogue memory: the last turns of each conversation, so "거기" / "there" can be resolved."""
from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str
    intent: str
    place_ids: tuple[str, ...]
    about_unknown: bool = False     # about a place we do not hold: "there" after it is no place of ours


@dataclass
class Conversation:
    turns: deque = field(default_factory=lambda: deque(maxlen=10))

    @property
    def last_place_id(self) -> str | None:
        for turn in reversed(self.turns):
            if turn.about_unknown:
                return None
            if turn.place_ids:
                return turn.place_ids[0]
        return None


class ConversationStore:
    """Conversations by id, each keeping its last `max_turns` turns; the oldest conversations
    are dropped beyond `max_conversations` so a long-running node does not grow without bound."""

    def __init__(self, max_turns: int = 10, max_conversations: int = 1000):
        self._max_turns = max_turns
        self._max_conversations = max_conversations
        self._conversations: OrderedDict[str, Conversation] = OrderedDict()

    def get(self, conversation_id: str) -> Conversation:
        conv = self._conversations.get(conversation_id)
        if conv is None:
            conv = Conversation(turns=deque(maxlen=self._max_turns))
            self._conversations[conversation_id] = conv
            while len(self._conversations) > self._max_conversations:
                self._conversations.popitem(last=False)
        else:
            self._conversations.move_to_end(conversation_id)
        return conv

    def reset(self, conversation_id: str | None = None) -> None:
        """Forget one conversation, or all of them when `conversation_id` is None."""
        if conversation_id is None:
            self._conversations.clear()
        else:
            self._conversations.pop(conversation_id, None)
