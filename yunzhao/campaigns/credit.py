"""Credited signing: a project counts once, at its first signing, whatever the level of the event.

A later signing of the same project adds only the amount above the highest amount signed before
(a capital increase); a re-signing for the same or a smaller amount adds nothing. Credits are
recomputed over all of a project's signings in date order, so a signing entered late (an earlier
provincial ceremony recorded after the city one) moves the credit to where it belongs.
"""

from decimal import Decimal

from .models import Signing


def recompute_credits(project_id: int) -> list[Signing]:
    """Set ``credited_project`` and ``credited_amount_cny`` on every signing of a project.

    The caller holds the project's row lock, so two signings cannot race.
    """
    signings = list(Signing.objects.filter(project_id=project_id).order_by("signed_on", "pk"))
    highest = Decimal(0)
    changed = []
    for position, signing in enumerate(signings):
        amount = (signing.amount * signing.exchange_rate).quantize(Decimal("0.01"))
        credited_project = position == 0
        credited_amount = amount if credited_project else max(Decimal(0), amount - highest)
        highest = max(highest, amount)
        if (signing.credited_project, signing.credited_amount_cny) != (credited_project, credited_amount):
            signing.credited_project = credited_project
            signing.credited_amount_cny = credited_amount
            changed.append(signing)
    Signing.objects.bulk_update(changed, ["credited_project", "credited_amount_cny"])
    return signings
