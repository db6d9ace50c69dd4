"""A web process's long-lived objects kept out of Python's full garbage collections.

A warm process holds about 100,000 objects that live as long as it does: Django's modules
and URL patterns, the compiled templates, the forms' and filters' declarations. Python's
collector traverses every one of them at each full collection, and the requests' own
short-lived objects set one off every hundred requests or so: 40-60 ms on this project's
reference machine, added to whichever page happened to trigger it (the tail of a class's
times in the benchmark, docs/PERFORMANCE.md). Once a process has served its first request,
and again at its hundredth, when the templates of the pages read most have been compiled,
it collects once and freezes what survives (gc.freeze()): later collections skip those
objects. They are still freed when nothing refers to them; only a reference cycle among
them would be kept, and a process builds its long-lived objects once.
"""

import gc

# Requests after which a process freezes what it holds (counted per process).
FREEZE_AFTER = frozenset({1, 100})
_finished = 0


def freeze_long_lived(**kwargs) -> None:
    """request_finished's receiver: at the requests of FREEZE_AFTER, one full collection, then
    the survivors moved to the collector's permanent generation."""
    global _finished  # one counter per process, as gc's generations are
    _finished += 1
    if _finished in FREEZE_AFTER:
        gc.collect()
        gc.freeze()
