import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yunzhao.ledger import bulk
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_project


def test_values_are_stored_as_the_orm_stores_them(city_staff, units):
    # given
    project = make_project(city_staff, district=units["lixia"])
    read = project.updated_at
    moment = timezone.now() + dt.timedelta(seconds=1)
    # when: one field alone, then several
    with transaction.atomic():
        one = bulk.update(Project, ["updated_at"], [(project.pk, {"updated_at": moment})],
                          where_unchanged=("updated_at", {project.pk: read}))
        several = bulk.update(Project, ["signed_on", "total_investment", "updated_at"],
                              [(project.pk, {"signed_on": dt.date(2024, 1, 2), "total_investment": Decimal("12.5"),
                                             "updated_at": moment})])
    # then: the ORM's own lookups find the values it would have written
    assert (one, several) == (1, 1)
    assert Project.objects.filter(updated_at=moment, signed_on=dt.date(2024, 1, 2),
                                  total_investment=Decimal("12.5")).get() == project


def test_a_row_changed_since_it_was_read_is_not_updated(city_staff, units):
    project = make_project(city_staff, district=units["lixia"])
    stale = project.updated_at - dt.timedelta(seconds=5)
    with transaction.atomic():
        count = bulk.update(Project, ["leader"], [(project.pk, {"leader": "新"})],
                            where_unchanged=("updated_at", {project.pk: stale}))
    assert count == 0
    assert Project.objects.get(pk=project.pk).leader == project.leader
