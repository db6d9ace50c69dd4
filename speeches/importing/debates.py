"""The debates a batch of statements belongs to, created or brought up to date in a few queries.

A debate read from its full record keeps what the record says; other sources
(the corpus's tables, the curator's options) only fill in what it left empty.
"""

from speeches.models import Debate
from speeches.parsing.speech import MeetingInfo

DEBATE_FIELDS = ["date", "year", "topic", "agenda_region", "agenda_subitems", "outcome", "speech_format"]
# Debates kept between batches; more are read again when a batch needs them.
MAX_KEPT_DEBATES = 2_000


class Debates:
    """The debates of one import (or one worker process's part of it), by symbol."""

    def __init__(self):
        self.kept: dict[str, Debate] = {}

    def forget(self) -> None:
        """After a failed transaction: what was kept may not have been written."""
        self.kept.clear()

    def __getitem__(self, symbol: str) -> Debate:
        return self.kept[symbol]

    def of(self, infos: list[MeetingInfo], *, from_record: bool = False) -> dict[str, Debate]:
        merged: dict[str, dict] = {}
        for info in infos:
            values = merged.setdefault(info.meeting.symbol, {"meeting": info.meeting})
            for name in DEBATE_FIELDS:
                value = getattr(info, name)
                if value not in ("", None, []):
                    values[name] = value
        missing = [symbol for symbol in merged if symbol not in self.kept]
        if len(self.kept) > MAX_KEPT_DEBATES:
            self.kept.clear()  # a worker moves on through its meetings: keep memory flat
            missing = list(merged)
        if missing:
            self._read_or_create(merged, missing)
        for symbol, values in merged.items():
            self._update(self.kept[symbol], values, from_record=from_record)
        return {symbol: self.kept[symbol] for symbol in merged}

    def _read_or_create(self, merged: dict[str, dict], missing: list[str]) -> None:
        self.kept.update((d.symbol, d) for d in Debate.objects.filter(symbol__in=missing))
        new = [
            Debate(
                symbol=symbol,
                slug=values["meeting"].slug,
                meeting_number=values["meeting"].meeting_number,
                resumption=values["meeting"].resumption,
                **{k: v for k, v in values.items() if k != "meeting"},
            )
            for symbol, values in merged.items()
            if symbol not in self.kept
        ]
        Debate.objects.bulk_create(new)
        self.kept.update((d.symbol, d) for d in new)

    @staticmethod
    def _update(debate: Debate, values: dict, *, from_record: bool) -> None:
        changed = [
            k
            for k, v in values.items()
            if k != "meeting"
            and getattr(debate, k) != v
            and (from_record or not debate.record_file or getattr(debate, k) in ("", None, []))
        ]
        if changed:
            for name in changed:
                setattr(debate, name, values[name])
            debate.save(update_fields=changed)
