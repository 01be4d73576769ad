"""Word search over policies and news, with Chinese word segmentation (jieba).

Chinese has no spaces between words, so a plain substring search either misses words or matches
halves of others. When an item is published, its text in both languages is cut into words with
jieba's search mode (which also emits the shorter words inside long ones: 新能源汽车 gives 新能源,
能源, 汽车 too), lower-cased and de-duplicated. The words are kept on the item (``search_text``,
`` word word … ``) and filed in an inverted index, one ``SearchWord`` row per word and item.

A query is cut in precise mode; an item matches when every word of the query is one of its words.
Segmentation depends on context, so a text may have been cut around a word the reader types:
"新能源汽车产业链" is filed as 新能源汽车 / 产业链 (and their parts), never as 汽车产业. A query word
whose parts cover it (汽车产业 → 汽车 + 产业) therefore also matches an item having all of those
parts. Each word is an index lookup (``IN`` over the word's rows), so the cost follows the number
of matching items, not the size of the texts, on SQLite and PostgreSQL alike; a list page is one
query for the count and one for the rows.
"""

import logging
import re
import threading
from collections.abc import Iterable

import jieba
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

# Place names and terms of the trade that the general dictionary may cut in two.
VOCABULARY = (
    "济南", "泉城", "历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区",
    "钢城区", "平阴县", "商河县", "高新区", "起步区", "自贸区", "综保区", "新能源", "新材料", "储能", "氢能",
    "招商引资", "云招商", "链主", "补链", "到位资金", "实际使用外资", "营商环境", "专精特新", "人工智能",
    "集成电路", "生物医药", "先进制造", "数字经济", "外商投资", "总部经济",
)
MAX_QUERY_WORDS = 8
MAX_WORD = 64
_WORD = re.compile(r"\w", re.UNICODE)
_ready = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _jieba() -> jieba.Tokenizer:
    """The tokenizer, its dictionary loaded once per process (about a second, on first use)."""
    global _tokenizer
    if _tokenizer is None:
        with _ready:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in VOCABULARY:
                    tokenizer.add_word(word, freq=200_000)
                _tokenizer = tokenizer
    return _tokenizer


def preload() -> None:
    """Load the dictionary now (an app server's start), not on the first visitor's search."""
    _jieba()


def _clean(words: Iterable[str]) -> list[str]:
    """Lower-cased words, without punctuation, spaces or over-long runs (a URL, a serial number)."""
    cleaned = (w.strip().lower() for w in words if _WORD.search(w))
    return [w for w in cleaned if len(w) <= MAX_WORD]


def index_words(*texts: str) -> str:
    """The ``search_text`` of an item: its distinct words, each between spaces."""
    tokenizer = _jieba()
    words: set[str] = set()
    for text in texts:
        if text:
            words.update(_clean(tokenizer.cut_for_search(text)))
    return f" {' '.join(sorted(words))} " if words else ""


def query_words(query: str) -> list[str]:
    """The words of a search query, cut the way indexed texts are (at most ``MAX_QUERY_WORDS``)."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    seen: dict[str, None] = {}
    for word in _clean(_jieba().cut(query)):
        seen.setdefault(word, None)
    return list(seen)[:MAX_QUERY_WORDS]


def word_parts(word: str) -> list[str]:
    """The shorter dictionary words inside ``word`` when together they cover all of it, else none.

    新能源 has 能源 inside but not 新, so it has no parts: an item with only 能源 is no match for it.
    """
    if len(word) < 3 or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return []
    parts = [p for p in dict.fromkeys(_jieba().cut_for_search(word, HMM=False)) if p != word and len(p) >= 2]
    covered = [False] * len(word)
    for part in parts:
        start = word.find(part)
        while start >= 0:
            covered[start:start + len(part)] = [True] * len(part)
            start = word.find(part, start + 1)
    return parts[:4] if parts and all(covered) else []


def _items_with(kind: str, words: list[str]) -> QuerySet:
    """Ids of the items having every one of ``words``."""
    from .models import SearchWord

    ids = SearchWord.objects.filter(kind=kind, word=words[0])
    for word in words[1:]:
        ids = ids.filter(Exists(SearchWord.objects.filter(kind=kind, word=word, item_id=OuterRef("item_id"))))
    return ids.values("item_id")


def matching(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Items of ``queryset`` (policies or news) having every word, or its parts (no words: nothing)."""
    if not words:
        return queryset.none()
    kind = queryset.model.search_kind
    conditions = []
    for word in words:
        condition = Q(pk__in=_items_with(kind, [word]))
        parts = word_parts(word)
        if parts:
            condition |= Q(pk__in=_items_with(kind, parts))
        conditions.append(condition)
    return queryset.filter(*conditions)


def text_of(item) -> str:
    """The ``search_text`` an item gets from its bilingual ``search_fields``."""
    texts = []
    for name in item.search_fields:
        texts.append(getattr(item, f"{name}_zh", "") or "")
        texts.append(getattr(item, f"{name}_en", "") or "")
    return index_words(*texts)


def _entries(item) -> list:
    from .models import SearchWord

    words = {w for w in item.search_text.split() if len(w) <= MAX_WORD}
    return [SearchWord(word=w, kind=item.search_kind, item_id=item.pk) for w in words]


@transaction.atomic
def file_words(item) -> None:
    """Replace the index entries of a published item by the words of its ``search_text``."""
    from .models import SearchWord

    drop_words(item)
    SearchWord.objects.bulk_create(_entries(item), batch_size=1000)


@transaction.atomic
def rebuild(items: Iterable) -> int:
    """Index all these published items afresh (the index is emptied first); returns how many."""
    from .models import SearchWord

    SearchWord.objects.all().delete()
    batch, count = [], 0
    for item in items:
        batch.extend(_entries(item))
        count += 1
        if len(batch) >= 20_000:
            SearchWord.objects.bulk_create(batch, batch_size=5000)
            batch = []
    SearchWord.objects.bulk_create(batch, batch_size=5000)
    return count


def drop_words(item) -> None:
    """Remove an item from the index (it is no longer published)."""
    from .models import SearchWord

    SearchWord.objects.filter(kind=item.search_kind, item_id=item.pk).delete()
