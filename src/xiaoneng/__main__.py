"""The `xiaoneng` console command: Django management with the right settings.

`xiaoneng serve` runs gunicorn with production settings; every other sub-command is a Django
management command (`xiaoneng migrate`, `xiaoneng demo`, `xiaoneng audit verify`, ...).
Settings default to development unless XIAONENG_SETTINGS or DJANGO_SETTINGS_MODULE says otherwise.
"""

from __future__ import annotations

import os
import sys


def _settings_module() -> str:
    explicit = os.environ.get("XIAONENG_SETTINGS")
    if explicit:
        return f"xiaoneng.config.settings.{explicit}"
    return os.environ.get("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings.dev")


def serve(argv: list[str]) -> None:
    """Collect static files, then run gunicorn with production settings
    (bind with XIAONENG_BIND, default 127.0.0.1:8000)."""
    if "XIAONENG_SETTINGS" in os.environ:
        module = _settings_module()
    else:
        module = os.environ.get("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings.production")
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    # Django is imported only now, once the settings module is chosen.
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    bind = os.environ.get("XIAONENG_BIND", "127.0.0.1:8000")
    workers = os.environ.get("XIAONENG_WORKERS", "3")
    args = ["gunicorn", "xiaoneng.config.wsgi:application", "--bind", bind, "--workers", workers]
    os.execvp(sys.executable, [sys.executable, "-m", *args, *argv])  # noqa: S606


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] == "serve":
        serve(argv[1:])
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", _settings_module())
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *argv])


if __name__ == "__main__":
    main()
