"""import_statements called as manage.py would call it, for the importing tests."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError


def run_command(*args) -> tuple[int, str, str]:
    """import_statements with `args`: its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_statements", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except CommandError as exc:  # the command's own exit status, as manage.py would exit with it
        code = exc.returncode
    return code, out.getvalue(), err.getvalue()
