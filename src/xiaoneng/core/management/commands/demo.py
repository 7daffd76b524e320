"""`xiaoneng demo`: build the demo city and every context's demo data, then print the accounts."""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xiaoneng.core.demo import CONTEXT_ORDER, DEMO_PASSWORD, DEMO_USERNAMES, build
from xiaoneng.core.models import Organization, User


class Command(BaseCommand):
    help = "Load the demo city (refused under production settings); idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is never loaded with production settings.")
        # Demo loading notifies hundreds of people; the console channel would drown the output.
        logging.getLogger("xiaoneng.core.notifications").setLevel(logging.WARNING)
        if Organization.objects.filter(parent=None, name="江州市人民政府").exists():
            self.stdout.write("Demo data already loaded.")
        else:
            with transaction.atomic():
                context = build()
                for name in CONTEXT_ORDER:
                    module_name = f"xiaoneng.{name}.demo"
                    if find_spec(module_name) is not None:
                        import_module(module_name).build(context)
                        self.stdout.write(f"  demo data: {name}")
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        )
        users = {
            u.username: u
            for u in User.objects.filter(username__in=DEMO_USERNAMES)
            .select_related("organization")
            .prefetch_related("roles")
        }
        for username in DEMO_USERNAMES:
            user = users.get(username)
            if user is not None:
                roles = ", ".join(str(r.get_role_display()) for r in user.roles.all())
                # a portal account (the community's demo resident) has no role and no unit
                roles = roles or str(user.get_kind_display())
                self.stdout.write(f"  {username:<12} {roles:<28} {user.organization or '—'}")
        self.stdout.write("The three administrators set up TOTP on their first sign-in.\n")
