"""``yunzhao demo_logins``: the demo accounts and their password, in English and Chinese."""

import unicodedata

from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yunzhao.demo.accounts import demo_accounts, demo_password

LANGUAGES = ("en", "zh-hans")


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def in_both(message: str, **params: str) -> str:
    """``message`` translated into English and Chinese, side by side (once if they are the same)."""
    texts = []
    for language in LANGUAGES:
        with translation.override(language):
            text = _(message) % params if params else _(message)
        if text not in texts:
            texts.append(text)
    return " / ".join(texts)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a plain string, in the active language
        return _("List the demo accounts (username, role, unit) and the demo password.")

    def handle(self, *args, **options) -> None:
        accounts = demo_accounts()
        if not accounts:
            self.stdout.write(
                in_both(gettext_noop("No demo accounts exist; run “yunzhao seed_demo” to create them."))
            )
            return
        password = demo_password()
        still_demo = {u.pk for u in accounts if check_password(password, u.password)}
        header = [in_both(gettext_noop("Username"))]
        for language in LANGUAGES:
            with translation.override(language):
                header += [_("Role"), _("Unit")]
        rows = []
        for user in accounts:
            row = [user.username]
            for language in LANGUAGES:
                with translation.override(language):
                    row += [str(user.get_role_display()), user.unit.display_name if user.unit else "—"]
            if user.pk not in still_demo:
                row[0] += " *"
            rows.append(row)
        widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
        self.stdout.write(in_both(gettext_noop("Demo accounts")))
        for row in [header, ["-" * w for w in widths], *rows]:
            self.stdout.write("  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if still_demo:
            label = in_both(gettext_noop("Password of every demo account"))
            self.stdout.write(f"{label}: {password}")  # the password once, after the label in both languages
        if len(still_demo) < len(accounts):
            self.stdout.write(in_both(gettext_noop("* The password of this account has been changed.")))
