"""The benchmark's figures as the table its command prints."""

CLASS_COLUMNS = ["p50_ms", "p95_ms", "p99_ms", "limit_p50_ms", "naive_p50_ms", "overlap_at_20", "count_error"]


def print_table(write, results: dict) -> None:
    """The figures as a table, written line by line with `write`."""
    write("")
    for key in ("statements", "import_seconds", "import_statements_per_second", "import_peak_rss_mb"):
        if key in results:
            write(f"{key:<32}{results[key]:>12}")
    if floor := results.get("import_floor"):
        write(
            f"{'import floor (PostgreSQL alone)':<32}{floor['seconds']:>12} s, {floor['statements_per_second']}/s "
            f"(rows {floor['rows_seconds']} s, GIN index {floor['index_seconds']} s, "
            f"statistics {floor['statistics_seconds']} s)"
        )
    if "classes" not in results:
        return
    if on_disk := results.get("disk"):
        write(
            f"{'on disk':<32}{on_disk['database_mb']:>12} MB (statements {on_disk['statements_mb']} MB, "
            f"of which the search index {on_disk['search_index_mb']} MB)"
        )
    write("\n" + f"{'class':<22}" + "".join(f"{c:>15}" for c in CLASS_COLUMNS))
    for name, figures in results["classes"].items():
        cells = ["-" if figures[c] is None else figures[c] for c in CLASS_COLUMNS]
        write(f"{name:<22}" + "".join(f"{c:>15}" for c in cells))
    write("")
    for key in (
        "mean_overlap_at_20",
        "http_pages_per_second",
        "http_errors",
        "http_latency_p95_ms",
        "http_pages_per_second_uncached",
        "http_errors_uncached",
    ):
        write(f"{key:<32}{results[key]:>12}")
    if busy := results.get("load_during_import"):
        write(_while_importing(busy))
    later = results["later_import"]
    write(
        f"{'later import':<32}{later['statements']:>12} statements, {later['statements_per_second']}/s; "
        f"a search right after it sees them: {later['sees_new_statements']}"
    )


def _load(label: str, load: dict) -> str:
    return (
        f"{label:<32}{load['pages_per_second']:>12}/s, {load['errors']} errors, "
        f"p50 {load['latency_p50_ms']} ms, p95 {load['latency_p95_ms']} ms"
    )


def _while_importing(busy: dict) -> str:
    return _load("pages while an import runs", busy) + (
        f" (the import: {busy['statements']} statements in {busy['import_seconds']} s)"
    )


def print_readers(write, results: dict) -> None:
    """The figures of `benchmark --during-import`."""
    write("")
    write(f"{'statements':<32}{results['statements']:>12}")
    write(_load("each page once, in turn", results["first_requests"]))
    write(_load("pages at rest", results["load_at_rest"]))
    write(_while_importing(results["load_during_import"]))
