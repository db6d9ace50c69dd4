"""manage.py profile_pages (benchmark/profile.py): a page's time split into SQL, Python, templates
and the WSGI layer, on the sample."""

import json
import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_each_class_is_split_into_parts_that_add_up(tmp_path):
    output = tmp_path / "profile.json"
    call_command(
        "profile_pages",
        "--runs=3",
        "--classes",
        "common_word",
        "debate_page",
        "api_search",
        f"--json={output}",
    )
    figures = json.loads(output.read_text())
    assert list(figures) == ["common_word", "debate_page", "api_search"]
    for name, parts in figures.items():
        pieces = parts["sql_ms"] + parts["python_ms"] + parts["template_ms"] + parts["wsgi_ms"]
        assert pieces == pytest.approx(parts["total_ms"], abs=0.05), name
        assert sum(q["ms"] for q in parts["queries"]) == pytest.approx(parts["sql_ms"], abs=0.05), name
        assert sum(q["per_request"] for q in parts["queries"]) == pytest.approx(
            parts["queries_per_request"], abs=0.05
        )
        assert parts["sql_ms"] > 0 and parts["python_ms"] > 0 and parts["wsgi_ms"] > 0, name
    # A debate's page: the debate, its statements, its register outcomes; rendered by templates.
    debate = figures["debate_page"]
    assert debate["queries_per_request"] == 3
    assert {re.match(r'SELECT "(\w+)"\.', q["sql"])[1] for q in debate["queries"]} == {
        "speeches_debate",
        "speeches_statement",
        "speeches_registeroutcome",
    }
    assert debate["template_ms"] > 0
    # The API renders JSON, not templates.
    assert figures["api_search"]["template_ms"] == 0
