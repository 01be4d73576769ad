import pytest
from django.urls import reverse

from yunzhao.core import timeline
from yunzhao.publishing.choices import Status
from yunzhao.publishing.models import NewsArticle, Policy

from . import factories


def policy_post(**overrides) -> dict:
    data = {
        "title_zh": "济南市外商投资奖励办法", "title_en": "", "summary_zh": "", "summary_en": "",
        "body_zh": "对在济南新设外商投资企业给予奖励。", "body_en": "", "issuer_zh": "济南市商务局", "issuer_en": "",
        "document_number": "", "issued_on": "2024-06-01", "tags_zh": "外资,奖励", "tags_en": "", "attachment_url": "",
    }
    return {**data, **overrides}


def test_staff_write_a_policy_and_publish_it_from_the_form(client, district_staff, units):
    # given
    client.force_login(district_staff)
    # when
    response = client.post(reverse("publishing:create", args=["policies"]), policy_post(publish="1"))
    # then
    policy = Policy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:detail", args=["policies", policy.pk])
    assert policy.status == Status.PUBLISHED and policy.owner_unit == units["lixia"]
    assert [e.field for e in timeline.for_object(policy)] == ["status", ""]


def test_saving_a_draft_does_not_publish(client, city_staff):
    # given
    client.force_login(city_staff)
    # when
    client.post(reverse("publishing:create", args=["policies"]), policy_post(save="1"))
    # then
    assert Policy.objects.get().status == Status.DRAFT


def test_a_bad_form_shows_errors_and_writes_nothing(client, city_staff):
    # given
    client.force_login(city_staff)
    # when
    response = client.post(reverse("publishing:create", args=["policies"]),
                           policy_post(title_zh="", issued_on="yesterday"))
    # then
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title_zh", "issued_on"}
    assert not Policy.objects.exists()


def test_editing_a_published_item_keeps_the_public_version_until_published(
        client, city_staff, django_capture_on_commit_callbacks):
    # given
    policy = factories.policy(city_staff, title_en="Published title")
    client.force_login(city_staff)
    url = reverse("publishing:edit", args=["policies", policy.pk])
    # when
    client.post(url, policy_post(title_zh=policy.title_zh, body_zh=policy.body_zh, title_en="Draft title",
                                 issuer_zh=policy.issuer_zh, issued_on="2024-03-01", tags_zh=""))
    # then
    policy.refresh_from_db()
    assert policy.title_en == "Published title"
    assert policy.pending == {"title_en": "Draft title"}
    detail = client.get(reverse("publishing:detail", args=["policies", policy.pk])).content.decode()
    assert "Draft title" in detail and "badge text-bg-warning" in detail
    public = client.get(reverse("portal:policy", kwargs={"lang": "en", "pk": policy.pk})).content.decode()
    assert "Published title" in public and "Draft title" not in public
    # and when published (the cached public page is dropped once the publication commits)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publishing:publish", args=["policies", policy.pk]))
    public = client.get(reverse("portal:policy", kwargs={"lang": "en", "pk": policy.pk})).content.decode()
    assert "Draft title" in public


def test_another_units_content_is_a_404(client, district_staff, other_district_staff):
    # given
    policy = factories.policy(district_staff)
    client.force_login(other_district_staff)
    # when / then
    for name in ("detail", "edit"):
        assert client.get(reverse(f"publishing:{name}", args=["policies", policy.pk])).status_code == 404
    assert client.post(reverse("publishing:publish", args=["policies", policy.pk])).status_code == 404
    assert client.get(reverse("publishing:list", args=["policies"])).context["page"].paginator.count == 0


def test_leaders_read_but_cannot_write(client, leader, city_staff):
    # given
    policy = factories.policy(city_staff)
    client.force_login(leader)
    # when / then
    assert client.get(reverse("publishing:detail", args=["policies", policy.pk])).status_code == 200
    assert client.get(reverse("publishing:create", args=["policies"])).status_code == 403
    assert client.post(reverse("publishing:unpublish", args=["policies", policy.pk])).status_code == 403
    policy.refresh_from_db()
    assert policy.status == Status.PUBLISHED


def test_unknown_kind_is_a_404(client, city_staff):
    client.force_login(city_staff)
    assert client.get("/content/nonsense/").status_code == 404


@pytest.mark.parametrize("kind", ["zones", "policies", "opportunities", "events", "news", "series", "videos",
                                  "figures"])
def test_every_kind_has_its_list_and_create_page(client, city_staff, kind):
    # given
    client.force_login(city_staff)
    # when / then
    assert client.get(reverse("publishing:list", args=[kind])).status_code == 200
    assert client.get(reverse("publishing:create", args=[kind])).status_code == 200


def test_the_list_takes_the_same_number_of_queries_for_many_items(client, city_staff, django_assert_max_num_queries):
    # given
    client.force_login(city_staff)
    factories.news(city_staff)
    url = reverse("publishing:list", args=["news"])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(15):
        factories.news(city_staff, title_zh=f"新闻{n}")
    # when / then
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == NewsArticle.objects.count() == 16


def test_the_index_counts_published_and_drafts(client, city_staff):
    # given
    factories.policy(city_staff)
    factories.policy(city_staff, publish=False)
    client.force_login(city_staff)
    # when
    rows = {r["kind"].slug: r for r in client.get(reverse("publishing:index")).context["rows"]}
    # then
    assert (rows["policies"]["published"], rows["policies"]["drafts"]) == (1, 1)
