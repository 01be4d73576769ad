"""``yunzhao revoke_api_token PREFIX``: stop an API key from working."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunzhao.orgs.actions import revoke_api_token
from yunzhao.orgs.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API token whose key starts with PREFIX (the eight characters after 'yz_')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args, prefix: str, **options) -> None:
        prefix = prefix.removeprefix("yz_")[:8]
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("user"))
        if not tokens:
            raise CommandError(f"No active token starts with {prefix!r}.")
        if len(tokens) > 1:
            raise CommandError(
                f"{len(tokens)} active tokens start with {prefix!r}; revoke them in the admin."
            )
        revoke_api_token(tokens[0])
        self.stdout.write(f"Revoked {tokens[0]} of {tokens[0].user.username}.")
