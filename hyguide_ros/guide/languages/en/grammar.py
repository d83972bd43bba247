"""English word forms the renderer needs: lists, articles, ordinals, minutes as an adjective."""
from __future__ import annotations


def join_and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def a_or_an(phrase: str) -> str:
    """English indefinite article for a common-noun phrase."""
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def a_minute(minutes: int | str) -> str:
    """'a 5-minute', 'an 8-minute', 'an 11-minute', 'a 13- to 14-minute' (the article follows the sound
    of the number)."""
    low, _, high = str(minutes).partition("~")
    spoken_vowel = low.startswith("8") or low in ("11", "18")
    return f"{'an' if spoken_vowel else 'a'} {low}-{f' to {high}-' if high else ''}minute"


def with_article(item: str) -> str:
    """'food court' -> 'a food court'; plurals and proper names stay bare."""
    return item if item.endswith("s") or item[:1].isupper() else a_or_an(item)


def bus_name(bus: str) -> str:
    return bus.replace("성동", "Seongdong ")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
