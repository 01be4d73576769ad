import io

from django.core.management import call_command
from django.urls import reverse

from yunzhao.portal import selectors
from yunzhao.publishing import actions, search
from yunzhao.publishing.models import Policy, SearchWord

from . import factories


def test_words_are_cut_and_kept_whole():
    # when
    text = search.index_words("济南市新能源汽车产业发展政策", "Support for NEW energy")
    # then: the long words and the words inside them, lower-cased, each between spaces
    for word in ("济南", "济南市", "新能源", "汽车", "政策", "new", "energy"):
        assert f" {word} " in text
    assert search.query_words("  济南 新能源  ") == ["济南", "新能源"]
    assert search.query_words("") == []


def test_a_policy_is_found_by_济南_and_by_新能源_in_its_body(city_staff):
    # given: the words are only in the body, inside longer phrases
    found = factories.policy(city_staff, title_zh="关于支持产业发展的若干措施",
                             body_zh="为推动济南市新能源汽车和储能产业集聚发展，对链主企业给予奖励。")
    factories.policy(city_staff, title_zh="关于优化营商环境的意见", body_zh="提升政务服务效率。",
                     issuer_zh="山东省人民政府")
    # when / then
    for query in ("济南", "新能源", "济南 新能源", "储能"):
        page, _words = selectors.policy_list(query=query)
        assert [p.pk for p in page] == [found.pk], query


def test_every_word_of_the_query_must_be_there(city_staff):
    # given
    factories.policy(city_staff, body_zh="济南新能源产业政策。")
    # when
    page, words = selectors.policy_list(query="新能源 半导体")
    # then
    assert words == ["新能源", "半导体"]
    assert list(page) == []


def test_english_words_are_found_whatever_their_case(city_staff):
    # given
    item = factories.policy(city_staff, body_en="Subsidies for Energy Storage projects in Jinan.")
    # when / then
    assert [p.pk for p in selectors.policy_list(query="energy storage")[0]] == [item.pk]
    assert [p.pk for p in selectors.policy_list(query="JINAN")[0]] == [item.pk]


def test_a_substring_that_is_not_a_word_does_not_match(city_staff):
    # given: "能源" is a word inside 新能源, but "源汽" is not a word at all
    factories.policy(city_staff, body_zh="新能源汽车")
    # when / then
    assert list(selectors.policy_list(query="源汽")[0]) == []


def test_only_the_published_version_is_searched(city_staff):
    # given
    item = factories.policy(city_staff, title_zh="产业政策", body_zh="济南新能源政策")
    actions.edit_item(item, actor=city_staff, changes={"body_zh": "氢能产业政策"})
    # when / then: the pending edit is not indexed until it is published
    assert list(selectors.policy_list(query="氢能")[0]) == []
    actions.publish_item(item, actor=city_staff)
    assert [p.pk for p in selectors.policy_list(query="氢能")[0]] == [item.pk]
    assert list(selectors.policy_list(query="新能源")[0]) == []


def test_drafts_are_never_found(city_staff):
    factories.policy(city_staff, publish=False, body_zh="济南新能源政策")
    assert list(selectors.policy_list(query="济南")[0]) == []
    assert Policy.objects.count() == 1


def test_the_search_page_finds_policies_and_news_in_two_queries(client, city_staff,
                                                                  django_assert_max_num_queries):
    # given
    for n in range(3):
        factories.policy(city_staff, title_zh=f"济南新能源政策{n}")
        factories.news(city_staff, title_zh=f"济南新能源新闻{n}")
    factories.news(city_staff, title_zh="文旅新闻", body_zh="泉水节开幕。")
    search.query_words("预热")  # the dictionary loads once per process
    # when
    with django_assert_max_num_queries(3):
        response = client.get(reverse("portal:search", kwargs={"lang": "zh"}), {"q": "新能源"})
    # then
    results = response.context["results"]
    assert len(results.policies) == 3 and len(results.news) == 3
    html = response.content.decode()
    assert "济南新能源新闻2" in html and "文旅新闻" not in html


def test_unpublishing_takes_an_item_out_of_the_index(city_staff):
    # given
    item = factories.policy(city_staff, body_zh="济南新能源政策")
    assert SearchWord.objects.filter(kind="policy", item_id=item.pk, word="新能源").exists()
    # when
    actions.unpublish_item(item, actor=city_staff)
    # then
    assert not SearchWord.objects.filter(kind="policy", item_id=item.pk).exists()
    assert list(selectors.policy_list(query="新能源")[0]) == []


def test_the_index_can_be_rebuilt_from_the_stored_words(city_staff):
    # given
    item = factories.policy(city_staff, body_zh="济南新能源政策")
    SearchWord.objects.all().delete()
    # when
    call_command("reindex_content", stdout=io.StringIO())
    # then
    assert [p.pk for p in selectors.policy_list(query="新能源")[0]] == [item.pk]


def test_a_word_the_text_was_cut_around_is_found_by_its_parts(city_staff):
    # given: 新能源汽车产业链 is filed as 新能源汽车 / 产业链, never as 汽车产业
    item = factories.policy(city_staff, title_zh="关于推动产业集聚的措施", body_zh="打造新能源汽车产业链。")
    factories.policy(city_staff, title_zh="关于汽车消费的措施", body_zh="鼓励购买汽车。")
    assert " 汽车产业 " not in item.search_text
    # when / then: 汽车产业 matches the item that has both 汽车 and 产业
    assert search.word_parts("汽车产业") == ["汽车", "产业"]
    assert [p.pk for p in selectors.policy_list(query="汽车产业")[0]] == [item.pk]


def test_a_word_whose_parts_leave_a_gap_needs_the_whole_word(city_staff):
    # given: 能源 is inside 新能源, 新 is not a part: an item with only 能源 is not about 新能源
    factories.policy(city_staff, title_zh="关于能源保供的措施", body_zh="保障能源供应。")
    # when / then
    assert search.word_parts("新能源") == []
    assert list(selectors.policy_list(query="新能源")[0]) == []


def test_rare_characters_are_indexed_and_found(city_staff):
    # given: 𠮷 is outside the Basic Multilingual Plane (four bytes in UTF-8)
    item = factories.policy(city_staff, title_zh="𠮷野家控股在济南设立区域总部", body_zh="𠮷野家集团投资。")
    # when / then: on SQLite and PostgreSQL alike
    assert " 𠮷 " in item.search_text
    assert SearchWord.objects.filter(kind="policy", item_id=item.pk, word="𠮷").exists()
    assert [p.pk for p in selectors.policy_list(query="𠮷野家")[0]] == [item.pk]
    assert [p.pk for p in selectors.search_all("𠮷").policies] == [item.pk]


def test_hostile_queries_find_nothing_and_break_nothing(client, city_staff):
    # given
    factories.policy(city_staff, body_zh="济南新能源政策")
    # when / then
    for query in ("<script>alert(1)</script>", "' OR 1=1 --", "%", "_", "\x00", "新" * 5000, "a " * 500, "…！？"):
        response = client.get(reverse("portal:search", kwargs={"lang": "en"}), {"q": query})
        assert response.status_code == 200, query
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert len(search.query_words(query)) <= search.MAX_QUERY_WORDS
    assert list(selectors.policy_list(query="%")[0]) == []


def test_an_app_server_can_load_the_dictionary_at_start(monkeypatch):
    # given
    import threading

    from django.apps import apps

    monkeypatch.setattr(search, "_tokenizer", None)
    monkeypatch.setenv("YUNZHAO_SEARCH_PRELOAD", "1")
    # when
    apps.get_app_config("publishing").ready()
    for loader in [t for t in threading.enumerate() if t.name == "search-dictionary"]:
        loader.join(timeout=60)
    # then
    assert search._tokenizer is not None


def test_lone_characters_next_to_words_are_left_out_of_a_query(city_staff):
    # given
    item = factories.policy(city_staff, document_number="济政发〔2024〕1816号", body_zh="第1816号文件：支持研发中心。")
    # when / then: 第 and 号 would match nearly everything; alone, a character is still searched for
    assert search.query_words("研发中心 第1816号") == ["研发", "中心", "1816"]
    assert search.query_words("𠮷") == ["𠮷"]
    assert [p.pk for p in selectors.policy_list(query="研发中心 第1816号")[0]] == [item.pk]


def test_a_words_parts_are_the_fewest_that_cover_it():
    assert search.word_parts("集成电路") == ["集成", "电路"]
    assert search.word_parts("固定资产投资补助") == ["固定资产", "投资", "补助"]
    assert search.word_parts("济南") == []  # two characters: the word itself only
    assert search.word_parts("energy") == []
