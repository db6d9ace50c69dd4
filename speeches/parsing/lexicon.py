"""Which hyphen at a line break is real: "zero-|tolerance" or "coun-|try"?

The answer comes from how the Council's records spell words where no line
break interferes. data/lexicon.tsv counts, over the published speeches, each
lower-cased word and each hyphenated compound seen inside a line (never at a
line end). Rebuild it from a corpus with:

    python -m speeches.parsing.lexicon ../shared/corpus > speeches/parsing/data/lexicon.tsv
"""

import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("data") / "lexicon.tsv"


@cache
def _lexicon() -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(LEXICON_PATH, encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition("\t")
            counts[word] = int(count)
    return counts


def keep_hyphen(first: str, second: str) -> bool:
    """True when first + "-" + second is a compound, False when the hyphen only
    split one word across two lines."""
    if not second[:1].islower():
        # "Secretary-|General", "COVID-|19", "Hennis-|Plasschaert", "mid-|2019".
        return True
    lexicon = _lexicon()
    a, b = first.lower(), second.lower()
    compound = lexicon.get(f"{a}-{b}", 0)
    joined = lexicon.get(a + b, 0)
    if compound or joined:
        return compound >= joined
    # Neither spelling was ever seen: a hyphen between two known words is a
    # compound ("zero-tolerance"); a fragment ("coun", "try") is a split word.
    # The last part of a compound counts too ("peace-|keeping-operation").
    last = a.rsplit("-", 1)[-1]
    return len(last) > 1 and len(b) > 1 and last in lexicon and b in lexicon


# Tokens inside a line: words and hyphenated compounds, letters only.
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)*(?![\w-])")


def count_tokens(text: str, counts: Counter) -> None:
    for line in text.replace("\r", "\n").split("\n"):
        # The last token of a hard-wrapped line may be half a word; a
        # collapsed line break ("coun- try") leaves a hyphen before a space.
        line = re.sub(r"\w+-\s*$", "", line)
        line = re.sub(r"\w+- \w+", " ", line)
        for token in _TOKEN.findall(line):
            counts[token.lower()] += 1


def build(corpus: Path) -> Counter:
    counts: Counter = Counter()
    for path in sorted(corpus.rglob("*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        count_tokens(text, counts)
    return counts


if __name__ == "__main__":
    counts = build(Path(sys.argv[1]))
    for word, count in sorted(counts.items()):
        # Single-letter fragments and one-off words with digits carry no signal.
        if len(word) > 1:
            sys.stdout.write(f"{word}\t{count}\n")
