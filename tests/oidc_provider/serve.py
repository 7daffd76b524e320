"""Run the test OIDC provider: `python -m tests.oidc_provider.serve --port P --dir D
--redirect URI ... --client ID:SECRET --user NAME:PASSWORD:REAL_NAME:ID_NUMBER ...`."""

from __future__ import annotations

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--redirect", action="append", default=[])
    parser.add_argument("--client", action="append", default=[], help="ID:SECRET")
    parser.add_argument("--user", action="append", default=[], help="NAME:PASSWORD:REAL:ID")
    args = parser.parse_args()
    os.environ["OIDC_PROVIDER_DIR"] = args.dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for spec in args.user:
        name, password, real_name, id_number = (spec.split(":") + ["", ""])[:4]
        user, _ = User.objects.get_or_create(username=name)
        user.first_name, user.last_name = real_name, id_number
        user.set_password(password)
        user.save()
    for spec in args.client:
        client_id, secret = spec.split(":", 1)
        Application.objects.filter(client_id=client_id).delete()
        Application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(args.redirect),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main()
