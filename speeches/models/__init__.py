"""The archive's records, one module per subject; every model is importable from here,
as Django's discovery and the rest of the code expect (``from speeches.models import Statement``).

- delegations: who speaks (Delegation) and the spellings the sources use (DelegationAlias)
- debates: meeting records (Debate), their members (DebateMember), decisions and votes
- statements: speeches (Statement) and what they cite (Resolution, Citation, Document)
- imports: every import's record, which is also the queue (ImportJob)
- register: the Council's register from the UN library's tables (RegisterOutcome, Veto)
- search: kept answers (CachedSearch), long concordances' sorted lines (ConcordanceSort), and
  the tables of the search generation
"""

from speeches.models.debates import Debate, DebateMember, Decision, Vote
from speeches.models.delegations import Delegation, DelegationAlias
from speeches.models.folding import NAME_SEPARATORS, SEARCH_CONFIG, Fold, FoldName
from speeches.models.imports import ImportJob
from speeches.models.register import RegisterOutcome, Veto
from speeches.models.search import CachedSearch, ConcordanceSort, SearchChange, SearchGeneration
from speeches.models.statements import Citation, Document, Resolution, Statement

__all__ = [
    "NAME_SEPARATORS",
    "SEARCH_CONFIG",
    "CachedSearch",
    "Citation",
    "ConcordanceSort",
    "Debate",
    "DebateMember",
    "Decision",
    "Delegation",
    "DelegationAlias",
    "Document",
    "Fold",
    "FoldName",
    "ImportJob",
    "RegisterOutcome",
    "Resolution",
    "SearchChange",
    "SearchGeneration",
    "Statement",
    "Veto",
    "Vote",
    "max_lengths",
]


def max_lengths(model) -> dict[str, int]:
    """Each text field's length limit, by field name: what a value is cut to before it is written."""
    return {
        field.name: field.max_length
        for field in model._meta.concrete_fields
        if getattr(field, "max_length", None) and not field.is_relation
    }
