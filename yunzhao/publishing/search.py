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
parts. Each word is one lookup of its rows in the index (an ``IN`` the database answers once, not
once per item), so the cost follows the number of matching items, not the size of the texts, on
SQLite and PostgreSQL alike; a list page is one query for the count and one for the rows.
"""

import logging
import re
import threading
from collections.abc import Iterable

import jieba
from django.db import transaction
from django.db.models import Q, QuerySet

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
    words = list(seen)
    # A lone Chinese character (第, 号, 的…) next to real words narrows nothing and costs a scan of
    # nearly every item; alone, it is the query.
    longer = [w for w in words if not _lone_character(w)]
    return (longer or words)[:MAX_QUERY_WORDS]


def _lone_character(word: str) -> bool:
    return len(word) == 1 and not word.isascii()


def word_parts(word: str) -> list[str]:
    """The fewest dictionary words inside ``word`` that together cover all of it, else none.

    汽车产业 → 汽车 + 产业; 集成电路 → 集成 + 电路 (成电 is not needed). 新能源 has 能源 inside
    but nothing for 新, so it has no parts: an item with only 能源 is no match for it.
    """
    if len(word) < 3 or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return []
    inside = {p for p in _jieba().cut_for_search(word, HMM=False) if p != word and len(p) >= 2}
    spans = sorted(((word.find(p), p) for p in inside), key=lambda span: (span[0], -len(span[1])))
    cover, reached = [], 0
    while reached < len(word):
        # Of the parts starting within what is covered, the one reaching furthest.
        best = max((span for span in spans if span[0] <= reached), key=lambda span: span[0] + len(span[1]),
                   default=None)
        if best is None or best[0] + len(best[1]) <= reached:
            return []
        cover.append(best[1])
        reached = best[0] + len(best[1])
    return cover


def _items_with(kind: str, word: str) -> Q:
    """Items having ``word``: one lookup of the word's rows in the index (not one per item)."""
    from .models import SearchWord

    return Q(pk__in=SearchWord.objects.filter(kind=kind, word=word).values("item_id"))


def matching(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Items of ``queryset`` (policies or news) having every word, or its parts (no words: nothing)."""
    if not words:
        return queryset.none()
    kind = queryset.model.search_kind
    conditions = []
    for word in words:
        condition = _items_with(kind, word)
        parts = word_parts(word)
        if parts:
            every_part = Q()
            for part in parts:
                every_part &= _items_with(kind, part)
            condition |= every_part
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
