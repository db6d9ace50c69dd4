"""The HTML fragments kept in Python for speed give the HTML of the templates they stand for
(benchmark.fragments holds those templates and times both; this checks they still agree)."""

import pytest
from django.test import override_settings

from benchmark.fragments import time_fragments

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_db")]


def test_each_fragment_kept_in_python_renders_as_its_template():
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        timings = time_fragments(repeat=1)  # raises AssertionError where the two HTMLs differ
    assert sorted({t.fragment.split(" (")[0] for t in timings}) == [
        "facet_items",
        "meeting_statements",
        "render_marked",
        "result_items",
        "speaker_items",
    ]
    assert all(t.python_ms > 0 and t.template_ms > 0 for t in timings)
