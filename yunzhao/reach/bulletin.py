"""The reach bulletin: the one sentence a press release quotes, in Chinese and in English.

The sentence is written here in both languages rather than through the translation catalogue: it is
copied into press releases word for word, whatever language the page is shown in. Reach is always
labelled "according to incomplete statistics" (据不完全统计), as DOMAIN.md requires.
"""

from dataclasses import dataclass
from typing import Literal

from . import numbers
from .selectors import Reach

Language = Literal["zh", "en"]
Subject = Literal["event", "campaign"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass(frozen=True)
class Part:
    """A piece of the sentence; ``link`` names the figure it states ("media", "reads", "followers")."""

    text: str
    link: str = ""


def bulletin_parts(reach: Reach, *, lang: Language, subject: Subject = "event") -> list[Part]:
    """The sentence in pieces, so that a page can link each number to the rows behind it."""
    media, reads, followers = reach.media, reach.totals["reads"], reach.totals["followers"]
    if lang == "zh":
        return [
            Part(f"截至{numbers.zh_moment(reach.as_of)}，据不完全统计，活动共有"),
            Part(str(media), "media"),
            Part("家媒体报道，阅读量"),
            Part(numbers.zh_count(reads).text, "reads"),
            Part("次，关注人次"),
            Part(numbers.zh_at_least(followers), "followers"),
        ]
    if lang == "en":
        noun = "media outlet" if media == 1 else "media"
        times = "time" if reads == 1 else "times"
        return [
            Part(f"As of {numbers.en_moment(reach.as_of)}, according to incomplete statistics, "
                 f"the {subject} was covered by "),
            Part(f"{media} {noun}", "media"),
            Part(", read "),
            Part(f"{numbers.en_count(reads).text} {times}", "reads"),
            Part(", with "),
            Part(f"{numbers.en_at_least(followers)} followers", "followers"),
        ]
    raise ValueError(f"unknown bulletin language: {lang!r}")


def bulletin_text(reach: Reach, *, lang: Language, subject: Subject = "event") -> str:
    """The sentence as plain text."""
    return "".join(part.text for part in bulletin_parts(reach, lang=lang, subject=subject))
