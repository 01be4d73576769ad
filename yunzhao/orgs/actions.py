"""Writes on units, users and API tokens."""

from django.db import transaction
from django.utils import timezone

from .choices import Role
from .models import ApiToken, Unit, User


@transaction.atomic
def create_user(
    *, username: str, password: str | None, role: Role, unit: Unit | None, display_name: str = "",
    email: str = "",
) -> User:
    """Create a member of staff, checking that the role fits the unit."""
    user = User(username=username, role=role, unit=unit, display_name=display_name, email=email)
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def issue_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Create an API token for ``user``; the clear key is returned once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[3:11], key_hash=ApiToken.hash_key(key))
    return token, key


def revoke_api_token(token: ApiToken) -> ApiToken:
    """Stop a token from working."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
