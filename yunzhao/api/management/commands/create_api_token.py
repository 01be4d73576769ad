"""``yunzhao create_api_token USERNAME --name NAME``: make an API key and print it, once."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunzhao.orgs.actions import issue_api_token
from yunzhao.orgs.models import User


class Command(BaseCommand):
    help = "Create an API token for a user and print its key. The key is shown only this once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'ledger sync'.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; an inactive user's token would be refused.")
        if not name.strip():
            raise CommandError("Give the token a name.")
        token, key = issue_api_token(user, name=name.strip())
        self.stderr.write(f"Token {token.prefix}… for {user.username}; store this key now, it is not kept:")
        self.stdout.write(key)
