"""factory_boy factories. Projects and investors are made through their actions, as staff would."""

import datetime as dt
from decimal import Decimal

import factory

from yunzhao.core.choices import Industry
from yunzhao.crm import actions as crm_actions
from yunzhao.crm.choices import InvestorKind
from yunzhao.orgs.choices import Role, UnitKind
from yunzhao.orgs.models import Unit, User
from yunzhao.projects import actions as project_actions


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit{n}")
    kind = UnitKind.DISTRICT
    name_zh = factory.Sequence(lambda n: f"测试区{n}")
    name_en = factory.Sequence(lambda n: f"Test District {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITY_STAFF
    unit = factory.SubFactory(UnitFactory, kind=UnitKind.CITY, code="city")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def make_investor(actor, **fields) -> "crm_actions.Investor":
    """An investor created through ``create_investor``."""
    n = make_investor.counter = getattr(make_investor, "counter", 0) + 1
    fields.setdefault("name_zh", f"测试投资企业{n}有限公司")
    fields.setdefault("name_en", f"Test Investor {n} Co., Ltd.")
    fields.setdefault("kind", InvestorKind.PRIVATE)
    fields.setdefault("industry", Industry.NEW_ENERGY)
    return crm_actions.create_investor(actor=actor, **fields)


def make_project(actor, **fields):
    """A project created through ``create_project`` (in the actor's district unless one is given)."""
    n = make_project.counter = getattr(make_project, "counter", 0) + 1
    fields.setdefault("name_zh", f"测试项目{n}")
    fields.setdefault("name_en", f"Test Project {n}")
    if "district" not in fields:
        if actor.unit and actor.unit.kind == UnitKind.DISTRICT:
            fields["district"] = actor.unit
        elif actor.unit and actor.unit.kind == UnitKind.ZONE:
            fields["district"] = actor.unit.districts.first()
        else:
            fields["district"] = Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("order", "pk").first()
    if actor.unit and actor.unit.kind == UnitKind.ZONE:
        fields.setdefault("zone", actor.unit)
    fields.setdefault("industry", Industry.NEW_ENERGY)
    fields.setdefault("total_investment", Decimal("500000000"))
    return project_actions.create_project(actor=actor, **fields)


def a_date(days_ago: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days_ago)
