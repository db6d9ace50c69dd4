"""What a meeting decided, read from its verbatim record, and when it sat.

The record prints every decision in set phrases:

    Members of the Council have before them document S/2020/27, which contains
    the text of a draft resolution submitted by ...
    I shall put the draft resolution to the vote now.
    A vote was taken by show of hands.
    In favour:
    Belgium, China, ..., Viet Nam
    Against:
    Russian Federation
    Abstaining:
    China
    The President: The draft resolution received 15 votes in favour. The draft
    resolution has been adopted unanimously as resolution 2505 (2020).
    ... has not been adopted, owing to the negative vote of a permanent member of the Council.
    ... which will be issued as a document of the Security Council under the symbol S/PRST/2020/1.
    The meeting was called to order at 10 a.m. / rose at 10.25 a.m. / was suspended at 1.10 p.m.

A veto is not printed as such: it is a permanent member's vote against a draft
that was not adopted.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from speeches.parsing.delegation_registry import lookup
from speeches.parsing.normalize import name_key
from speeches.parsing.turns import split_turn

# China, France, the Russian Federation (the USSR before it), the United Kingdom, the United States.
PERMANENT_MEMBERS = {"CHN", "FRA", "RUS", "SUN", "GBR", "USA"}

IN_FAVOUR, AGAINST, ABSTAINING = "in_favour", "against", "abstaining"
RESOLUTION, AMENDMENT, PROCEDURAL, PRESIDENTIAL_STATEMENT = (
    "resolution",
    "amendment",
    "procedural",
    "presidential_statement",
)


def is_permanent_member(delegation: str) -> bool:
    known = lookup(delegation)
    return known is not None and known.iso3 in PERMANENT_MEMBERS


@dataclass(frozen=True)
class Vote:
    delegation: str  # as printed in the record's list
    position: str  # IN_FAVOUR, AGAINST or ABSTAINING


@dataclass
class Decision:
    kind: str  # RESOLUTION, AMENDMENT, PROCEDURAL or PRESIDENTIAL_STATEMENT
    subject: (
        str  # as printed: "the draft resolution", "the oral amendment proposed by the Russian Federation"
    )
    draft: str = ""  # the draft's symbol: "S/2020/27"
    adopted: bool | None = None  # None: put to the vote, result not found
    resolution: tuple[int, int] | None = None  # (2505, 2020)
    document: str = ""  # a presidential statement's symbol: "S/PRST/2020/1"
    result: str = ""  # the sentence announcing the result, as printed
    votes: list[Vote] = field(default_factory=list)

    @property
    def vetoed_by(self) -> list[str]:
        """Permanent members whose vote against defeated a draft: see is_veto."""
        against = [v.delegation for v in self.votes if v.position == AGAINST]
        in_favour = sum(1 for v in self.votes if v.position == IN_FAVOUR)
        if not is_veto(self.kind, self.adopted, in_favour, self.result):
            return []
        return [d for d in against if is_permanent_member(d)]


REQUIRED_MAJORITY = 9  # of 15 (7 of 11 before 1966; the records then say "negative vote" too)


def is_veto(kind: str, adopted: bool | None, in_favour: int, result: str) -> bool:
    """A permanent member's vote against is a veto when it defeats a draft that
    had the votes to pass: the record then says "owing to the negative vote of
    a permanent member". A draft short of nine votes in favour failed anyway
    ("having failed to obtain the required number of votes")."""
    if adopted is not False or kind not in (RESOLUTION, AMENDMENT):
        return False
    return in_favour >= REQUIRED_MAJORITY or "negative vote" in " ".join(result.split())


@dataclass
class MeetingTimes:
    called_to_order: dt.time | None = None
    resumed: dt.time | None = None  # a resumed meeting's record opens "The meeting was resumed at ..."
    suspended: dt.time | None = None  # the record ends with the meeting suspended
    rose: dt.time | None = None


_TIME = r"(?:\d{1,2}(?:[.:]\d{2})?(?:\s*(?:[ap]\.?\s?m\b\.?|noon))?|noon)"
_CALLED = re.compile(rf"The meeting was called to order at (?P<time>{_TIME})")
_RESUMED = re.compile(rf"The meeting was resumed at (?P<time>{_TIME})")
_SUSPENDED = re.compile(
    rf"The meeting was suspended at (?P<time>{_TIME})(?: and resumed at (?P<resumed>{_TIME}))?"
)
_ROSE = re.compile(rf"The meeting rose at (?P<time>{_TIME})")


def parse_time(text: str, default_half: str = "") -> dt.time | None:
    """ "10 a.m." -> 10:00, "1.10 p.m." -> 13:10, "12 noon" -> 12:00; "3.30" takes
    `default_half` ("p") from the time it is paired with."""
    match = re.match(r"\s*(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?:(?P<half>[ap])\.?\s?m\b\.?)?", text)
    if "noon" in text.lower() and not (match and match.group("m")):
        return dt.time(12, 0)
    if not match:
        return None
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    half = match.group("half") or default_half
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def _half(text: str | None) -> str:
    match = re.search(r"([ap])\.?\s?m\b", text or "")
    return match.group(1) if match else ("p" if text and "noon" in text else "")


def meeting_times(paragraphs: Sequence[str]) -> MeetingTimes:
    times = MeetingTimes()
    last_event = ""
    for paragraph in paragraphs:
        for match in _CALLED.finditer(paragraph):
            times.called_to_order = times.called_to_order or parse_time(match.group("time"))
            last_event = "called"
        for match in _RESUMED.finditer(paragraph):
            if times.called_to_order is None and times.resumed is None:
                times.resumed = parse_time(match.group("time"))
            last_event = "resumed"
        for match in _SUSPENDED.finditer(paragraph):
            resumed = match.group("resumed")
            times.suspended = parse_time(match.group("time"), _half(resumed))
            last_event = "resumed" if resumed else "suspended"
        for match in _ROSE.finditer(paragraph):
            times.rose = parse_time(match.group("time"))
            last_event = "rose"
    if last_event != "suspended":
        times.suspended = None
    return times


_SYMBOL = r"S/(?:19|20)\d\d/\d{1,4}(?:/Rev\.\d{1,2})?"
_DRAFT_BEFORE = re.compile(
    rf"document\s+(?P<symbol>{_SYMBOL}),?\s+which\s+contains\s+the\s+text\s+of\s+a\s+draft\s+resolution"
)
_PUT = re.compile(
    r"\bput\s+(?:to\s+the\s+vote\s+(?P<after>[^.]+?)(?=\s+now\b|\.|$)|(?P<before>the\s+[^.]+?)\s+to\s+the\s+vote)"
)
_VOTE_TAKEN = re.compile(r"A\s+(?:recorded\s+|procedural\s+)?vote\s+was\s+taken\b", re.I)
_LABEL = re.compile(r"(?:^|(?<=\s))(?P<label>In\s+favour|Against|Abstaining|Abstentions?)\s*:", re.I)
_POSITIONS = {"in favour": IN_FAVOUR, "against": AGAINST, "abstaining": ABSTAINING}
_ADOPTED = re.compile(r"\b(?:has|have|was|were|is|are)\s+(?P<not>not\s+)?(?:been\s+)?adopted\b")
_SUBJECT = re.compile(
    r"^(?:The|This)\s+(?P<what>draft\s+resolution|(?:proposed\s+|oral\s+|draft\s+)*amendments?|proposal|motion"
    r"|(?:draft\s+|procedural\s+)?decision|provisional\s+agenda|draft\s+presidential\s+statement)\b",
    re.I,
)
_RESOLUTION = re.compile(r"as\s+resolution\s+(?P<number>\d{1,4})\s*\(\s*(?P<year>(?:19|20)\d\d)\s*\)")
_PRST = re.compile(r"under\s+the\s+symbol\s+(?P<symbol>S/PRST/(?:19|20)\d\d/\d{1,3})")
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?”)])\s+)(?=[A-Z“])")


def _kind(subject: str) -> str:
    subject = subject.lower()
    if "amendment" in subject:
        return AMENDMENT
    if "draft resolution" in subject:
        return RESOLUTION
    return PROCEDURAL


def _sentence_around(text: str, start: int, end: int) -> str:
    begin = 0
    for match in _SENTENCE_START.finditer(text, 0, start + 1):
        if match.start() <= start:
            begin = match.start()
    stop = text.find(". ", end)
    return text[begin : len(text) if stop < 0 else stop + 1].strip()


def voters(text: str, members: Sequence[str] = ()) -> list[str]:
    """Delegations in a vote's list: "Belgium, China, Saint Vincent and the
    Grenadines, United Kingdom of Great Britain and Northern Ireland and United
    States of America". An "and" splits names only where both sides are names
    of members (or delegations the registry knows)."""
    text = " ".join(text.split()).strip(" .;")
    if not text or text.lower() in {"none", "nil"}:
        return []
    keys = {name_key(m) for m in members}

    def known(name: str) -> bool:
        return name_key(name) in keys or lookup(name) is not None

    found = []
    for chunk in text.split(","):
        chunk = re.sub(r"^\s*and\s+", "", chunk).strip()
        if not chunk:
            continue
        found.extend(_split_and(chunk, known))
    return found


def _split_and(chunk: str, known) -> list[str]:
    if known(chunk) or " and " not in chunk:
        return [chunk]
    parts = chunk.split(" and ")
    for cut in range(1, len(parts)):
        head, tail = " and ".join(parts[:cut]), " and ".join(parts[cut:])
        if known(head):
            rest = _split_and(tail, known)
            if all(known(r) for r in rest):
                return [head, *rest]
    return [chunk]


def decisions(paragraphs: Sequence[str], members: Sequence[str] = ()) -> list[Decision]:
    """Every draft put to the vote and presidential statement read out, in order.

    `paragraphs` is the meeting's text in order (turns may open them); a vote's
    lists follow "A vote was taken" in the same paragraph or the next ones.
    """
    reader = _Reader(members)
    for raw in paragraphs:
        turn, paragraph = (None, raw) if _LABEL.match(raw) else split_turn(raw + " ")
        reader.read(paragraph.strip() if turn else raw)
    if reader.pending is not None and reader.pending.votes:
        reader.found.append(reader.pending)  # voted on, but the record gives no result
    return reader.found


class _Reader:
    def __init__(self, members: Sequence[str]):
        self.members = members
        self.found: list[Decision] = []
        self.last_draft = ""  # the draft resolution "before the Council"
        self.pending: Decision | None = None  # put to the vote, result not yet announced
        self.unnamed = False  # the vote began without saying what was put to it
        self.voting = False  # inside a vote's lists
        self.position = ""  # the list a label opened and the next paragraph gives

    def read(self, paragraph: str) -> None:
        if self.voting and self._lists(paragraph):
            return
        self.voting = False
        events = [(m.start(), self._draft_before, m) for m in _DRAFT_BEFORE.finditer(paragraph)]
        events += [(m.start(), self._put, m) for m in _PUT.finditer(paragraph)]
        events += [(m.start(), self._vote_taken, m) for m in _VOTE_TAKEN.finditer(paragraph)]
        events += [(m.start(), self._adopted, m) for m in _ADOPTED.finditer(paragraph)]
        events += [(m.start(), self._presidential_statement, m) for m in _PRST.finditer(paragraph)]
        for _, handle, match in sorted(events, key=lambda event: event[0]):
            if handle(paragraph, match) is _STOP:
                break

    def _lists(self, text: str) -> bool:
        """Read vote lists; False when the text is not one (the vote is over)."""
        labels = list(_LABEL.finditer(text))
        if self.position and not (labels and labels[0].start() == 0):
            self.pending.votes.extend(Vote(d, self.position) for d in voters(text, self.members))
            self.position = ""
            return True
        if not labels or labels[0].start() != 0:
            return False
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            listed = text[label.end() : end]
            kind = _POSITIONS.get(" ".join(label.group("label").lower().split()), ABSTAINING)
            if listed.strip():
                self.pending.votes.extend(Vote(d, kind) for d in voters(listed, self.members))
                self.position = ""
            else:
                self.position = kind
        return True

    def _draft_before(self, paragraph: str, match: re.Match) -> None:
        self.last_draft = match.group("symbol")

    def _put(self, paragraph: str, match: re.Match) -> None:
        subject = " ".join((match.group("after") or match.group("before")).split())
        kind = _kind(subject)
        symbol = re.search(_SYMBOL, subject)
        draft = symbol.group(0) if symbol else (self.last_draft if kind == RESOLUTION else "")
        self.pending = Decision(kind=kind, subject=subject, draft=draft)
        self.unnamed = False

    def _vote_taken(self, paragraph: str, match: re.Match):
        if self.pending is None:
            self.pending = Decision(kind=RESOLUTION, subject="the draft resolution", draft=self.last_draft)
            self.unnamed = True
        self.voting, self.position = True, ""
        rest = paragraph[match.end() :]
        first_label = _LABEL.search(rest)
        if first_label:
            self._lists(rest[first_label.start() :])  # "... show of hands. In favour: ..." on one line
        return _STOP  # the rest of the paragraph is the vote

    def _adopted(self, paragraph: str, match: re.Match) -> None:
        sentence = _sentence_around(paragraph, match.start(), match.end())
        subject = _SUBJECT.match(sentence)
        if not subject:
            return
        what = " ".join(subject.group("what").lower().split())
        if what == "provisional agenda" and self.pending is None:
            return  # "The agenda was adopted." without a vote is no decision to record
        decision = self.pending or Decision(kind=_kind(what), subject=f"the {what}", draft=self.last_draft)
        if self.pending is None or self.unnamed:
            # The result names what was voted on: "The provisional agenda has not been adopted."
            decision.kind, decision.subject = _kind(what), f"the {what}"
            decision.draft = decision.draft if decision.kind == RESOLUTION else ""
        decision.adopted = not match.group("not")
        decision.result = sentence
        resolution = _RESOLUTION.search(sentence)
        if resolution:
            decision.resolution = (int(resolution.group("number")), int(resolution.group("year")))
        self.found.append(decision)
        self.pending = None

    def _presidential_statement(self, paragraph: str, match: re.Match) -> None:
        self.found.append(
            Decision(
                kind=PRESIDENTIAL_STATEMENT,
                subject="the statement by the President",
                adopted=True,
                document=match.group("symbol"),
                result=_sentence_around(paragraph, match.start(), match.end()),
            )
        )


_STOP = object()
