"""A synthetic corpus at the size of the published record, made of real text.

Paragraphs of the sample's real speeches are recombined into new statements
of realistic length (lognormal, mean about 620 words), spread over meetings
from 1946 to 2024 (one of them an open debate of 120 statements), spoken by
real delegations, citing resolutions with numbers the Council could have
adopted in the year, and written as the published corpus writes them: one
hard-wrapped speech file per statement, named
UNSC_<year>_SPV.<meeting>_spch<NNN>.txt, with speaker.tsv and meta.tsv.
Pure Python and seeded, so the same N gives the same corpus.
"""

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from speeches.parsing.citations import FIRST_RESOLUTION_OF_YEAR
from speeches.parsing.delegation_registry import load_registry
from speeches.parsing.text import decode, paragraphs
from speeches.parsing.turns import split_turn

MEAN_WORDS = 620
SPEECHES_PER_MEETING = 17
# One open debate as long as the longest real ones, for the benchmark's debate page.
LONG_DEBATE_STATEMENTS = 120
FIRST_YEAR, LAST_YEAR = 1946, 2024
SPEAKER_COLUMNS = [
    "",
    "filename",
    "date",
    "year",
    "month",
    "day",
    "speaker",
    "country",
    "participanttype",
    "speech_number",
    "topic",
    "agenda_item1",
]
META_COLUMNS = ["", "basename", "date", "topic", "year", "month", "day", "spv", "num_speeches"]
TOPICS = [
    "The situation in the Middle East",
    "Women and peace and security",
    "Children and armed conflict",
    "Maintenance of international peace and security",
    "The situation concerning Iraq",
    "Letter dated 28 February 2014 from the Permanent Representative of Ukraine",
    "Threats to international peace and security caused by terrorist acts",
    "Reports of the Secretary-General on the Sudan and South Sudan",
    "The situation in Afghanistan",
    "Protection of civilians in armed conflict",
    "Peace consolidation in West Africa",
    "Non-proliferation",
]
REGIONS = ["Thematic", "Middle East", "Africa", "Europe", "Asia", "Americas"]


@dataclass(frozen=True)
class SourceText:
    paragraphs: list[str]
    words: list[int]
    speakers: list[str]


def load_source(sample: Path) -> SourceText:
    """Every paragraph and speaker name of the real speeches under `sample`."""
    paras: list[str] = []
    speakers: set[str] = set()
    for path in sorted(sample.rglob("*.txt")):
        if path.name == "README.md":
            continue
        turn, body = split_turn(decode(path.read_bytes()))
        if turn and turn.speaker.startswith(("Mr. ", "Ms. ", "Mrs. ")):
            speakers.add(turn.speaker)
        paras.extend(p for p in paragraphs(body) if len(p.split()) >= 12)
    return SourceText(paras, [len(p.split()) for p in paras], sorted(speakers))


def _wrap(paragraph: str, width: int = 55) -> str:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _resolution_for(year: int, rng: random.Random) -> tuple[int, int]:
    """A resolution the Council adopted in or before `year`."""
    cited_year = rng.randint(max(1946, year - 15), year)
    first = dict(FIRST_RESOLUTION_OF_YEAR)
    known = [y for y in first if y <= cited_year]
    base_year = max(known)
    after = [y for y in first if y > base_year]
    step = (first[min(after)] - first[base_year]) / (min(after) - base_year) if after else 45
    low = first[base_year] + step * (cited_year - base_year)
    return int(low + rng.random() * step * 0.9) or 1, cited_year


@dataclass(frozen=True)
class _Meeting:
    index: int
    number: int
    date: dt.date
    topic: str
    region: str
    statements: int
    president: object

    @property
    def basename(self) -> str:
        return f"UNSC_{self.date.year}_SPV.{self.number}"


def write_corpus(
    target: Path,
    statements: int,
    source: SourceText,
    *,
    seed: int = 1,
    first_meeting: int = 1,
    closing: str = "",
) -> Iterator[int]:
    """Write `statements` speech files and the two tables under `target`;
    yields the number written so far every thousand files.

    Meetings are numbered from `first_meeting`; `closing`, when given, ends every
    statement (the benchmark's later import marks its statements so)."""
    rng = random.Random(seed)
    registry = sorted(
        {d.name: d for d in load_registry().values() if d.kind != "other"}.values(), key=lambda d: d.name
    )
    members = [d for d in registry if d.kind == "member_state"]
    speeches_dir = target / "speeches"
    speeches_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    with (
        open(target / "speaker.tsv", "w", encoding="utf-8") as speaker_table,
        open(target / "meta.tsv", "w", encoding="utf-8") as meta_table,
    ):
        speaker_table.write("\t".join(SPEAKER_COLUMNS) + "\n")
        meta_table.write("\t".join(META_COLUMNS) + "\n")
        for meeting in _meetings(rng, statements, members, first_meeting):
            date = meeting.date
            meta_table.write(
                f"{meeting.index}\t{meeting.basename}\t{date.isoformat()}\t{meeting.topic}\t{date.year}\t"
                f"{date.month}\t{date.day}\t{meeting.number}\t{meeting.statements}\n"
            )
            for speech in range(1, meeting.statements + 1):
                is_president = speech == 1 or rng.random() < 0.15
                delegation = meeting.president if is_president else rng.choice(registry)
                speaker = rng.choice(source.speakers)
                body = _speech_body(rng, source, date.year)
                turn = "The President" if is_president else f"{speaker} ({delegation.name})"
                filename = f"{meeting.basename}_spch{speech:03d}.txt"
                if closing:
                    body.append(closing)
                text = f"{turn}: " + "\n\n".join(_wrap(p) for p in body) + "\n"
                (speeches_dir / filename).write_text(text, encoding="utf-8")
                ptype = "The President" if is_president else ("Mentioned" if rng.random() < 0.5 else "Guest")
                speaker_table.write(
                    f"{written}\t{filename}\t{date.isoformat()}\t{date.year}\t{date.month}\t{date.day}\t"
                    f"{speaker}\t{delegation.name}\t{ptype}\t{speech}\t{meeting.topic}\t{meeting.region}\n"
                )
                written += 1
                if written % 1000 == 0:
                    yield written
    yield written


def _meetings(rng: random.Random, statements: int, members: list, first_meeting: int) -> Iterator[_Meeting]:
    """Meetings spread evenly over the years until the statements run out: the last one
    is no longer than the others. Drawn lazily, so that the random draws of a meeting
    and of its statements keep their order (the same seed, the same corpus)."""
    meetings = max(1, round(statements / SPEECHES_PER_MEETING))
    long_debate = meetings // 2 if statements >= 2 * LONG_DEBATE_STATEMENTS else None
    days = (dt.date(LAST_YEAR, 12, 31) - dt.date(FIRST_YEAR, 1, 1)).days
    index, remaining = 0, statements
    while remaining > 0:
        day = days * min(index, meetings - 1) // meetings
        topic = rng.choice(TOPICS)
        region = rng.choice(REGIONS)
        count = (
            LONG_DEBATE_STATEMENTS if index == long_debate else rng.randint(1, 2 * SPEECHES_PER_MEETING - 1)
        )
        count = min(count, remaining)
        president = rng.choice(members)
        date = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=day)
        yield _Meeting(index, first_meeting + index, date, topic, region, count, president)
        index += 1
        remaining -= count


# Statement length in words: lognormal with mean MEAN_WORDS.
_SIGMA = 0.6
_MU = math.log(MEAN_WORDS) - _SIGMA**2 / 2


def _speech_body(rng: random.Random, source: SourceText, year: int) -> list[str]:
    """The paragraphs of one statement: real paragraphs to a lognormal length, the last
    one cut to fit, and in three statements out of ten a resolution cited."""
    target_words = max(40, int(rng.lognormvariate(_MU, _SIGMA)))
    body, words = [], 0
    while words < target_words:
        i = rng.randrange(len(source.paragraphs))
        needed = target_words - words
        if source.words[i] <= needed:
            body.append(source.paragraphs[i])
        else:  # cut the last paragraph to length
            body.append(" ".join(source.paragraphs[i].split()[:needed]).rstrip(".,;:") + ".")
        words += min(source.words[i], needed)
    if rng.random() < 0.3:
        res, res_year = _resolution_for(year, rng)
        body.insert(rng.randrange(len(body) + 1), f"We recall resolution {res} ({res_year}) in full.")
    return body
