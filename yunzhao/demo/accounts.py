"""Demo staff accounts: one per role (and several districts), all with the one demo password.

They exist only after ``yunzhao seed_demo``; nothing else creates an account with a known password.
"""

import os
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from yunzhao.orgs.actions import create_user
from yunzhao.orgs.choices import Role
from yunzhao.orgs.models import Unit, User

# Printed by ``seed_demo`` and ``demo_logins`` on purpose; override with YUNZHAO_DEMO_PASSWORD.
DEFAULT_DEMO_PASSWORD = "Quancheng-Springs-72"  # noqa: S105 (public demo password)


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: its username, role, unit code and the name shown in the interface."""

    username: str
    role: Role
    unit: str
    display_name: str


DEMO_ACCOUNTS = [
    DemoAccount("demo-admin", Role.CITY_ADMIN, "jnipb", "市投资促进局 管理员 孙某"),
    DemoAccount("demo-city", Role.CITY_STAFF, "jnipb", "市投资促进局 周某"),
    DemoAccount("demo-leader", Role.LEADER, "jnipb", "副市长 王某"),
    DemoAccount("demo-lixia", Role.DISTRICT_STAFF, "lixia", "历下区投资促进中心 吴某"),
    DemoAccount("demo-huaiyin", Role.DISTRICT_STAFF, "huaiyin", "槐荫区投资促进中心 郑某"),
    DemoAccount("demo-licheng", Role.DISTRICT_STAFF, "licheng", "历城区投资促进中心 冯某"),
    DemoAccount("demo-laiwu", Role.DISTRICT_STAFF, "laiwu", "莱芜区投资促进中心 韩某"),
    DemoAccount("demo-hightech", Role.ZONE_STAFF, "hightech", "高新区招商部 曹某"),
    DemoAccount("demo-pioneer", Role.ZONE_STAFF, "pioneer", "起步区招商部 蒋某"),
    DemoAccount("demo-media", Role.MEDIA_EDITOR, "jdng", "融媒体中心 编辑 林某"),
]
DEMO_USERNAMES = [a.username for a in DEMO_ACCOUNTS]


def demo_password() -> str:
    """The password every demo account is created with."""
    return os.environ.get("YUNZHAO_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


@transaction.atomic
def ensure_demo_accounts(units: dict[str, Unit]) -> tuple[dict[str, User], int]:
    """Create the demo accounts that do not exist yet; existing ones (and their passwords) are left alone.

    Returns the accounts by username and how many were created. The password must pass the
    configured password validators, or nothing is created.
    """
    password = demo_password()
    existing = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related("unit")}
    created = 0
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        candidate = User(username=account.username, role=account.role, display_name=account.display_name)
        validate_password(password, candidate)
        existing[account.username] = create_user(
            username=account.username, password=password, role=account.role, unit=units[account.unit],
            display_name=account.display_name,
        )
        created += 1
    return existing, created


def demo_accounts() -> list[User]:
    """The demo accounts that exist, in the order of ``DEMO_ACCOUNTS``."""
    found = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related("unit")}
    return [found[name] for name in DEMO_USERNAMES if name in found]
