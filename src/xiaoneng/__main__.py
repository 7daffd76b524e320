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
    from django.conf import settings

    from xiaoneng.config.env import env_str

    call_command("collectstatic", interactive=False, verbosity=0)
    args = gunicorn_args(
        bind=os.environ.get("XIAONENG_BIND", "127.0.0.1:8000"),
        workers=os.environ.get("XIAONENG_WORKERS", "3"),
        behind_proxy=settings.BEHIND_PROXY,
        proxy_ips=env_str("PROXY_IPS", "127.0.0.1,::1"),
    )
    os.execvp(sys.executable, [sys.executable, "-m", *args, *argv])  # noqa: S606


def gunicorn_args(*, bind: str, workers: str, behind_proxy: bool, proxy_ips: str) -> list[str]:
    """The gunicorn command line.

    gunicorn lets the peers in `forwarded_allow_ips` set the request's scheme from
    X-Forwarded-Proto (and its other secure headers), and by default that is 127.0.0.1 (or the
    FORWARDED_ALLOW_IPS variable): any process on the machine could claim https. Only when the
    server runs behind a proxy (XIAONENG_BEHIND_PROXY) is that proxy (XIAONENG_PROXY_IPS,
    default the loopback addresses) believed; otherwise no peer is.
    """
    return [
        "gunicorn",
        "xiaoneng.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        f"--forwarded-allow-ips={proxy_ips if behind_proxy else ''}",
    ]


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
