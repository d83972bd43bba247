"""English reading tables for `speech_text.EnglishReader`: number words, units, floors, abbreviations
and the romanisation of Korean names, each with why it is read so.
"""
from __future__ import annotations

from ..knowledge.spoken import english_reading

# --------------------------------------------------------------------------- number words
_EN_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}
RANGE_WORD = "to"                                       # 15-20 minutes -> fifteen to twenty minutes


def english_cardinal(number: int) -> str:
    """650 -> six hundred fifty, 14 -> fourteen, 2024 -> two thousand twenty four."""
    if number < 20:
        return _EN_SMALL[number]
    if number < 100:
        return _EN_TENS[number // 10] + (f" {_EN_SMALL[number % 10]}" if number % 10 else "")
    if number < 1000:
        rest = number % 100
        return f"{_EN_SMALL[number // 100]} hundred" + (f" {english_cardinal(rest)}" if rest else "")
    if number < 1_000_000:
        rest = number % 1000
        return f"{english_cardinal(number // 1000)} thousand" + (f" {english_cardinal(rest)}" if rest else "")
    return " ".join(_EN_SMALL[int(d)] for d in str(number))


def english_ordinal(number: int) -> str:
    """2 -> second, 21 -> twenty first."""
    words = english_cardinal(number).split()
    last = words[-1]
    words[-1] = _EN_ORDINAL.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def english_quantity(digits: str) -> str:
    """A count or measure: 15 -> fifteen, 1.5 -> one point five, 0.25 -> zero point two five."""
    whole, _, fraction = digits.partition(".")
    said = english_cardinal(int(whole))
    return f"{said} point " + " ".join(_EN_SMALL[int(d)] for d in fraction) if fraction else said


def english_digits(digits: str) -> str:
    """A name's number: 105 -> one oh five, 03 -> oh three, 2012 -> two oh one two."""
    return english_reading(digits) if not digits.startswith("0") else " ".join(
        "oh" if d == "0" else _EN_SMALL[int(d)] for d in digits)


def english_clock(hour: int, minute: int, day_half_said: bool = False) -> str:
    """10:30 -> ten thirty, 9:05 -> nine oh five, 10:00 -> ten o'clock, 18:00 -> six P M: a 24-hour time
    is said on the 12-hour clock, as English speakers do (`day_half_said`: an AM or PM follows already)."""
    half = ""
    if not day_half_said and (hour > 12 or hour in (0, 24)):
        half = " P M" if 12 < hour < 24 else " A M"
        hour = hour % 12 or 12
    if minute:
        return f"{english_cardinal(hour)} " + (f"oh {_EN_SMALL[minute]}" if minute < 10 else english_cardinal(minute)) \
            + half
    return english_cardinal(hour) + (half or ("" if day_half_said else " o'clock"))


# --------------------------------------------------------------------------- units, floors, abbreviations
# Written units: (singular, plural). One takes the singular (1 km -> one kilometre), any other number,
# a decimal included, the plural (1.5 km -> one point five kilometres).
EN_UNITS = {"km": ("kilometre", "kilometres"), "m": ("metre", "metres"), "cm": ("centimetre", "centimetres"),
            "kg": ("kilogram", "kilograms"), "%": ("percent", "percent"), "min": ("minute", "minutes"),
            "mins": ("minute", "minutes"), "hr": ("hour", "hours"), "hrs": ("hour", "hours")}
# Words that a number counts or measures: a number before them is a quantity (fifteen minutes),
# elsewhere a three-digit number is a building's name (Building one oh five).
EN_COUNTED = ("metres", "metre", "kilometres", "kilometre", "minutes", "minute", "floors", "floor", "places",
              "place", "percent", "stops", "stop", "hours", "hour", "times", "steps")
# Floor codes: B1 / B1F are basement levels, 2F a floor above ground (said as an ordinal).
BASEMENT = "basement level"
FLOOR_WORD = "floor"
FLOOR_ARTICLE_AFTER = ("on", "at", "to", "from", "in")     # on 3F -> on the third floor
ROMAN_NUMERALS = {"VIII": "eight", "VII": "seven", "III": "three", "IV": "four", "VI": "six", "IX": "nine",
                  "II": "two"}               # Law School Building II; a lone I or V stays a letter
# Abbreviations read as their words; a.m./p.m. as the letters people say.
EN_ABBREVIATIONS = {"Univ.": "University", "St.": "Street", "Bldg.": "Building", "No.": "number",
                    "a.m.": "AM", "p.m.": "PM", "e.g.": "for example", "i.e.": "that is", "etc.": "and so on",
                    "approx.": "about"}
# Symbols that are words when read (R&D -> R and D).
EN_SYMBOLS = {"&": "and", "+": "plus", "@": "at"}
# Words before which a number is a name said in digit groups (Building one oh five, Exit two).
NAME_NUMBER_WORDS = ("Building", "Bldg", "Exit", "Line", "Bus", "bus", "Gate", "Dormitory", "Hall", "number")

# Korean names the KB gives no English name for are romanised (knowledge.scripts.romanise).
from ..knowledge.scripts import romanise  # noqa: E402,F401
