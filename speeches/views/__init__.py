"""The archive's pages. Views only read the request and render: the reads live
in speeches.search.service (statements) and speeches.selectors (everything else)."""

from speeches.views.concordance import statement_concordance, statement_concordance_csv
from speeches.views.debates import debate_detail, debate_list
from speeches.views.delegations import delegation_detail, delegation_list
from speeches.views.health import health
from speeches.views.home import home
from speeches.views.resolutions import resolution_detail, resolution_list
from speeches.views.statements import statement_detail, statement_export, statement_list
from speeches.views.trends import statement_trends, statement_trends_csv
from speeches.views.vetoes import veto_list

__all__ = [
    "debate_detail",
    "debate_list",
    "delegation_detail",
    "delegation_list",
    "health",
    "home",
    "resolution_detail",
    "resolution_list",
    "statement_concordance",
    "statement_concordance_csv",
    "statement_detail",
    "statement_export",
    "statement_list",
    "statement_trends",
    "statement_trends_csv",
    "veto_list",
]
