"""Large imports run in worker processes; they must write exactly what one process writes."""

import json
import os

import pytest
from django.core.management import call_command
from django.db import connection

from benchmark.corpus import load_source, write_corpus
from benchmark.databases import database_url
from benchmark.floor import TABLE, create_scratch_table, measure_floor
from benchmark.imports import measure_import
from benchmark.mix import CLASSES, QUERIES_PER_CLASS
from benchmark.report import CLASS_COLUMNS
from speeches.importing import run as importer
from speeches.importing import workers
from speeches.models import Citation, Debate, Delegation, ImportJob, Statement
from speeches.search import index as search_index
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus")
    for _ in write_corpus(path, 300, load_source(SAMPLE), seed=7):
        pass
    return path


def snapshot():
    return {
        "statements": sorted(
            Statement.objects.values_list(
                "debate__symbol",
                "speech_number",
                "speaker",
                "delegation__name",
                "participant_type",
                "checksum",
            )
        ),
        "debates": sorted(Debate.objects.values_list("symbol", "date", "topic", "agenda_region")),
        "citations": sorted(Citation.objects.values_list("statement__source_file", "resolution__number")),
        "delegations": Delegation.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_workers_write_what_one_process_writes(corpus, monkeypatch, tmp_path):
    report = importer.import_paths([corpus])
    assert (report.created, report.refused) == (300, [])
    one_process = snapshot()
    Statement.objects.all().delete()
    Debate.objects.all().delete()

    monkeypatch.setattr(workers, "PARALLEL_MIN_STATEMENTS", 100)
    monkeypatch.setattr(workers, "WORKERS", 2)
    monkeypatch.setattr(search_index, "MIN_STATEMENTS", 100)
    parallel = []
    monkeypatch.setattr(workers, "run_in_workers", spy(workers.run_in_workers, parallel))
    process = importer.Importer.process

    def process_noting_priority(self, jobs):  # in each worker: its CPU priority, for below
        (tmp_path / f"nice-{os.getpid()}").write_text(str(os.getpriority(os.PRIO_PROCESS, 0)))
        return process(self, jobs)

    monkeypatch.setattr(importer.Importer, "process", process_noting_priority)
    report = importer.import_paths([corpus])
    assert parallel, "the import did not use worker processes"
    # The workers give way to the web processes (readers first while an import runs).
    niceness = [int(f.read_text()) for f in tmp_path.glob("nice-*")]
    assert niceness == [os.getpriority(os.PRIO_PROCESS, 0) + workers.NICENESS] * 2
    assert (report.created, report.updated, report.unchanged, report.refused) == (300, 0, 0, [])
    assert snapshot() == one_process
    assert search_index.exists()
    assert len(one_process["citations"]) > 50
    # Analysed after the build: the planner knows the vectors, and skips the columns nobody queries.
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'speeches_statement'")
        analysed = {name for (name,) in cursor.fetchall()}
    assert {"search", "debate_id", "delegation_id", "speaker"} <= analysed
    assert analysed.isdisjoint({"text", "folded_terms", "checksum", "source_file"})

    again = importer.import_paths([corpus])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300)


@pytest.mark.django_db
def test_any_import_builds_the_search_index_an_interrupted_one_left_missing(corpus):
    with connection.schema_editor() as editor:
        editor.remove_index(Statement, search_index._index())
    assert not search_index.exists()
    report = importer.import_paths([corpus])  # 300 statements: one process, no index dropped
    assert report.created == 300
    assert search_index.exists()
    assert Statement.objects.filter(search="security").count() > 0


def spy(function, calls):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return wrapper


@pytest.mark.django_db(transaction=True)
def test_benchmark_reports_its_figures(tmp_path):
    output = tmp_path / "figures.json"
    call_command(
        "benchmark",
        "--statements=300",
        "--runs=2",
        "--http-seconds=1",
        "--http-workers=2",
        f"--json={output}",
    )
    figures = json.loads(output.read_text())
    assert figures["statements"] == 300
    assert set(figures) >= {
        "import_statements_per_second",
        "import_peak_rss_mb",
        "import_seconds",
        "machine",
        "classes",
        "http_pages_per_second",
        "http_errors",
    }
    assert figures["import_statements_per_second"] > 0
    # The floor stored every imported statement again, and its steps add up.
    floor = figures["import_floor"]
    assert floor["statements"] == 300
    assert floor["seconds"] == pytest.approx(
        floor["rows_seconds"] + floor["index_seconds"] + floor["statistics_seconds"], abs=0.05
    )
    assert 0 < figures["import_peak_rss_mb"] < 2000
    assert list(figures["classes"]) == CLASSES
    for name, measured in figures["classes"].items():
        assert set(measured) >= set(CLASS_COLUMNS), name
        assert measured["runs"] == 2, name
        assert 0 < measured["p50_ms"] <= measured["p95_ms"] <= measured["p99_ms"], name
        assert measured["limit_p50_ms"] > 0, name
        # A resolution's citations and the vetoes are plain lookups, with no naive form.
        if name in ("resolution_page", "veto_page"):
            assert measured["naive_p50_ms"] is None, name
        else:
            assert measured["naive_p50_ms"] > 0, name
        assert 0 <= measured["overlap_at_20"] <= 20 and measured["count_error"] >= 0, name
    # The corpus has an open debate of 120 statements, and the debate page shows them all.
    assert figures["classes"]["debate_page"]["true_totals"] == [120]
    assert figures["classes"]["debate_page"]["count_error"] == 0
    # The pages of the API, the chart, a resolution and the vetoes show the exact answers, and a
    # concordance sorted by its context the first lines of all of them sorted again from the texts.
    for name in ("api_search", "trends", "resolution_page", "veto_page", "concordance_sorted"):
        assert figures["classes"][name]["overlap_at_20"] == 20, name
        assert figures["classes"][name]["count_error"] == 0, name
    # The register imported for them: the library's veto list, all of it, then Russia's since 1992,
    # the 1980s' and the United States' of the 2010s.
    assert figures["classes"]["veto_page"]["true_totals"] == [213, 30, 46, 3]
    assert figures["http_pages_per_second"] > 0
    assert figures["http_errors"] == 0 and figures["http_error_statuses"] == {}
    # What the archive takes: the statements and their index are part of the database.
    on_disk = figures["disk"]
    assert 0 < on_disk["search_index_mb"] < on_disk["statements_mb"] < on_disk["database_mb"]
    # Readers' pages while an import of new meetings runs: all answered, and the import done.
    busy = figures["load_during_import"]
    assert (busy["statements"], busy["import_exit_status"], busy["errors"]) == (300, 0, 0)
    assert busy["requests"] > 0 and busy["latency_p95_ms"] >= busy["latency_p50_ms"] > 0
    later = figures["later_import"]
    assert later["statements"] == 20
    assert later["marked_total_after"] == 20
    assert later["security_total_after"] == later["security_total_before"] + 20
    assert later["sees_new_statements"] is True
    assert Statement.objects.count() == 0  # the archive's own database is untouched


@pytest.mark.django_db(transaction=True)
def test_the_import_floor_stores_every_statement_and_leaves_nothing_behind(corpus):
    importer.import_paths([corpus])
    floor = measure_floor(database_url())
    assert floor["statements"] == Statement.objects.count() == 300
    assert floor["seconds"] > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [TABLE])
        assert cursor.fetchone() == (None,)


@pytest.mark.django_db
def test_the_floor_table_is_the_statements_table_without_its_gin_index():
    def definition(table):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, attstattarget, attstorage, attcompression, attgenerated FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                [table],
            )
            columns = cursor.fetchall()
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
            indexes = sorted(d.split(" USING ")[1] for (d,) in cursor.fetchall())
        return columns, indexes

    with connection.cursor() as cursor:
        create_scratch_table(cursor.cursor)
    columns, indexes = definition(TABLE)
    statement_columns, statement_indexes = definition(Statement._meta.db_table)
    # The same columns, the vector generated, the same statistics targets (10,000 for the
    # vector, none for the text), storage and compression.
    assert columns == statement_columns
    assert ("search", 10000, "m") == columns[[c[0] for c in columns].index("search")][:3]
    assert indexes == [i for i in statement_indexes if not i.startswith("gin ")]
    assert len(indexes) == len(statement_indexes) - 1


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_reads_an_import_that_lists_more_than_a_pipe_holds(tmp_path):
    # 400 statements flagged for review print about 100 kB, more than a pipe's 64 kB:
    # read from a pipe only after the import ended, they kept it waiting forever.
    for number in range(1, 401):
        (tmp_path / f"UNSC_2016_SPV.9001_spch{number:03d}.txt").write_text(
            "The President: I give the floor to the representative of Brazil.\n\n"
            f"Mr. De Aguiar Patriota (Brazil) Let me thank the {number} briefers for coming.\n"
        )
    measured = measure_import(tmp_path, database_url())
    assert Statement.objects.exclude(attribution_note="").count() == 400
    assert measured["import_seconds"] > 0
    assert measured["import_statements_per_second"] == pytest.approx(
        400 / measured["import_seconds"], rel=0.01
    )
    # The figures are the ImportJob's the command recorded.
    job = ImportJob.objects.get()
    assert (job.origin, job.created, measured["import_created"]) == (ImportJob.Origin.COMMAND, 400, 400)
    assert measured["import_summary"] == job.summary
    assert 0 < measured["import_job_seconds"] <= measured["import_seconds"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("sample_db")
def test_benchmark_measures_readers_of_an_archive_while_an_import_runs(tmp_path):
    output = tmp_path / "readers.json"
    before = Statement.objects.count()
    call_command("benchmark", "--during-import", "--http-seconds=1", "--http-workers=2", f"--json={output}")
    figures = json.loads(output.read_text())
    assert figures["statements"] == before
    # Every page of the mix asked once, in turn, and answered.
    first = figures["first_requests"]
    assert (first["requests"], first["errors"]) == (len(CLASSES) * QUERIES_PER_CLASS, 0)
    assert figures["load_at_rest"]["errors"] == 0
    busy = figures["load_during_import"]
    imported = max(300, before // 6)  # a sixth of the archive again, at least 300
    assert (busy["statements"], busy["import_exit_status"], busy["errors"]) == (imported, 0, 0)
    assert Statement.objects.count() == before + imported
