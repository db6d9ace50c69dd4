"""Folding in the database: how names and text are made accent-blind for search.

The same folding is done in Python by speeches.parsing.normalize, so that a
query folds as the search vector does.
"""

from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Coalesce

from speeches.parsing.normalize import ACCENTED, UNACCENTED

SEARCH_CONFIG = "english"
# Characters that join the words of a speaker's or delegation's name into one token (FoldName).
NAME_SEPARATORS = "/."


class Fold(Func):
    """Strip accents in the database with core PostgreSQL only.

    The unaccent extension is not available on the embedded server, so short
    fields are folded with translate(), which is immutable and can therefore
    appear in a generated column. (Statement text is not: see folded_terms.)
    Queries fold the same way (speeches.parsing.normalize.fold), so
    "Cote d'Ivoire" finds "Côte d'Ivoire".
    """

    function = "translate"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(Coalesce(expression, Value("")), Value(ACCENTED), Value(UNACCENTED))


class FoldName(Func):
    """A name folded like Fold, its slashes and full stops made spaces.

    PostgreSQL's parser reads "Mr. Nebenzia/Ms. Evstigneeva" (two speakers
    of one delegation, as the records print them) as the file path
    "nebenzia/ms", and "Mr.Nebenzia" as the host name "mr.nebenzia", so neither
    name would be found as a word.
    """

    function = "translate"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(
            Coalesce(expression, Value("")),
            Value(ACCENTED + NAME_SEPARATORS),
            Value(UNACCENTED + " " * len(NAME_SEPARATORS)),
        )
