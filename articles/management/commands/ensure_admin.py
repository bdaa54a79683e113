import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the first admin account (once), printing how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Login name of the account to create (default: admin).")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(f"  Log in with your existing admin account (created earlier; user '{username}' by default).")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            self.stdout.write(f"  Admin account '{username}' created with the password in DJANGO_SUPERUSER_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(f"  Admin account created — user: {username}  password: {password}  (shown only once)")
            )
