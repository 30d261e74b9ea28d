"""The copy view's fast paths give what the plain definitions give (docs/concepts.md, "How mops
lint stays fast"): each is held here to the one-line definition it replaced, on random inputs."""

from __future__ import annotations

import random
import re

from mops.copy import prose


def _field_name_plain(label: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", label.lower()).split()
    while words and words[-1].isdigit():
        words.pop()
    return "_".join(words)


def _clip_plain(segments, start, end):  # noqa: ANN001, ANN202
    return tuple((max(a, start), min(b, end)) for a, b in segments if a < end and b > start)


def _complement_of_plain(segments, taken):  # noqa: ANN001, ANN202
    rest = []
    for a, b in segments:
        rest.extend(prose._complement(a, b, [(x, y) for x, y in taken if x < b and y > a]))
    return rest


def test_field_names_of_numbered_labels_are_the_plain_normalisation() -> None:
    rng = random.Random(12)
    alphabet = "aZ 9\t0-_.İßé١²"  # spaces, tabs, ASCII and other digits, letters that lowercase oddly
    labels = ["Item 1", "Item 40000", "Headline 3", "Path\t2", "Item 1 2", "Item 1\t2", "Item1", " 5", "12", "Item ²", "Item ١"]
    labels += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(20_000)]
    for label in labels:
        assert prose.field_name(label) == _field_name_plain(label), label


def _random_spans(rng: random.Random, size: int, sorted_disjoint: bool) -> list[tuple[int, int]]:
    if sorted_disjoint:
        cuts = sorted(rng.sample(range(size), rng.randrange(0, 20) * 2))
        return list(zip(cuts[::2], cuts[1::2]))
    spans = []
    for _ in range(rng.randrange(0, 12)):
        a = rng.randrange(size)
        spans.append((a, a + rng.randrange(0, 30)))  # overlapping, nested, empty, unsorted
    return spans


def test_clipping_to_a_span_keeps_the_same_segments_as_looking_through_all() -> None:
    rng = random.Random(7)
    for _ in range(3_000):
        segments = _random_spans(rng, 200, sorted_disjoint=rng.random() < 0.8)
        clip = prose._clipper(segments)
        for _ in range(10):
            start = rng.randrange(-5, 210)
            end = start + rng.randrange(0, 60)
            assert clip(start, end) == _clip_plain(segments, start, end)


def test_segments_outside_the_ads_are_those_of_subtracting_each_ad() -> None:
    rng = random.Random(3)
    for _ in range(5_000):
        segments = _random_spans(rng, 200, sorted_disjoint=True)
        taken = _random_spans(rng, 200, sorted_disjoint=rng.random() < 0.3)
        if rng.random() < 0.5:
            taken = [span for span in taken if span[0] < span[1]]
        assert prose._complement_of(segments, taken) == _complement_of_plain(segments, taken)



def _merged_plain(spans):  # noqa: ANN001, ANN202 - spans sorted, overlapping and touching ones joined
    merged: list[list[int]] = []
    for begin, finish in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], finish)
        else:
            merged.append([begin, finish])
    return merged


def _spans_in(rng: random.Random, text: str, most: int, width: int) -> list[tuple[int, int]]:
    """Up to `most` random spans of `text`, overlapping, touching or empty."""
    spans = []
    for _ in range(rng.randrange(0, most)):
        a = rng.randrange(len(text) + 1)
        spans.append((a, min(len(text), a + rng.randrange(0, width))))
    return spans


def test_terms_inside_spans_are_the_hits_of_the_whole_text_that_lie_inside_them() -> None:
    # TermMatcher.find with spans skips terms none of whose anchors lies inside them; what it
    # finds must be what the whole text's matching finds, kept when it lies inside one span
    # (touching spans count as one): a match starting in a link still hides an overlapping one
    from mops.copy.terms import TermMatcher
    from mops.models.voice import Term

    terms = [
        Term(term="fjordline"), Term(term="e-mail"), Term(term="sign up"), Term(term="a number of"),
        Term(term=r"fjord\S*", regex=True), Term(term=r"\bdeal\w* (?:now|today)", regex=True),
        Term(term=r"x+y", regex=True), Term(term="Black Friday", case_sensitive=True),
    ]
    matcher = TermMatcher(terms)
    words = ["fjordline", "Fjordline", "e-mail", "e", "-mail", "sign", "up", "a", "number", "of", "deals", "now",
             "today", "xxy", "xy", "Black", "Friday", "https://fjordline.example/x?y=1", " ", " ", "\n", ".", "(", ")"]
    rng = random.Random(5)
    for _ in range(4_000):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 25)))
        spans = _spans_in(rng, text, 5, 40)
        merged = _merged_plain(spans)
        expected = [h for h in matcher.find(text) if any(a <= h.start and h.end <= b for a, b in merged)]
        assert matcher.find(text, spans) == expected, (text, spans)


def test_literals_found_in_the_copy_are_those_of_the_whole_text_inside_it() -> None:
    # disclaimer triggers are searched for in the copy alone (its spans joined, a blank between two)
    # when links and code are a fifth of the text or more: every occurrence lying wholly inside a
    # span must be found, at its offset in the text, in order
    from mops.copy.terms import ProseText

    rng = random.Random(9)
    words = ["sale", "Sale", "% off", "0% off", "sales", "a", " ", "\n", "\x00", "https://x.example/sale?off=1", "%"]
    for _ in range(5_000):
        text = "".join(rng.choice(words) for _ in range(rng.randrange(0, 30)))
        spans = _spans_in(rng, text, 8, 25)
        merged = _merged_plain(spans)
        folded = text.lower()
        prose = ProseText(folded, spans)
        for needle in ("sale", "% off", "s", "\x00", "a\x00"):
            everywhere = [p for p in range(len(folded)) if folded.startswith(needle, p)]
            found = list(prose.occurrences(needle))
            assert found == sorted(set(found)) and set(found) <= set(everywhere), (text, spans, needle)
            inside = [p for p in everywhere if any(a <= p and p + len(needle) <= b for a, b in merged)]
            assert [p for p in found if p in inside] == inside, (text, spans, needle)


# _MD_SKIP as it was written before its alternatives were shared with the inline-only search
_MD_SKIP_PLAIN = re.compile(
    r"(?=[ \t`~<\]])(?:(?P<fence>^[ \t]{0,3}(?P<marker>```|~~~)[^\n]*\n.*?(?:^[ \t]{0,3}(?P=marker)[^\n]*$|\Z))"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<tag></?[A-Za-z][^<>\n]*>)"
    r"|(?P<dest>\]\([^)\n]*\)))",
    re.MULTILINE | re.DOTALL,
)


def test_markdown_skips_are_the_full_patterns_matches() -> None:
    # prose_segments skips code, comments, tags and link destinations; without a fence marker it
    # searches with the inline alternatives alone, or not at all when none can start
    rng = random.Random(21)
    pieces = ["`", "``", "```", "~", "~~~", "<", ">", "<!--", "-->", "](", ")", "]", "[", " ", "  ", "\t", "\n", "\n\n",
              "a", "Tent", "b/", "x:", "<a href='x'>", "</p>", "<3", "`code`", "https://x.example/a", "\r\n"]
    texts = ["", "plain prose\nno marks", "- Item 1: https://x.example/p?a=b\n" * 3, "```\ncode\n```\n", "a `b` c\n~~~\nx"]
    for _ in range(30_000):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40))))
    for text in texts:
        plain = [m.span() for m in _MD_SKIP_PLAIN.finditer(text)]
        assert [m.span() for m in prose._MD_SKIP.finditer(text)] == plain, text
        assert prose._md_skips(text) == plain, text
        excluded = [m.span() for m in _MD_SKIP_PLAIN.finditer(text)]
        front = prose._FRONT_MATTER.match(text)
        if front:
            excluded.append(front.span())
        assert prose.prose_segments(text, "markdown", []) == prose._complement(0, len(text), excluded), text


def test_words_of_ascii_text_are_the_unicode_patterns_words() -> None:
    # words_per_sentence, word_count and the reading grade read ASCII text with `re`, other text
    # with the `regex` pattern of letters, marks and numbers: the same words, sentence by sentence
    from mops.copy import text as metrics

    def plain_counts(text: str) -> list:
        masked = metrics.mask_links(text, fill=" ")
        links = [start for start, _ in metrics.link_spans(text)]
        return [((a, b), len(metrics._WORD.findall(masked, a, b)) + sum(a <= s < b for s in links)) for a, b in metrics.sentences(text)]

    rng = random.Random(5)
    pieces = ["a", "Zed", "9", "4.5", "10,000", "12:30", "1.", ".5", "don't", "e-mail", "-", "'", "’", "é", "x\u0301", "²", "٣",
              " ", "  ", "\n", ". ", "! ", "? ", "...", ",", ":", "_", "(", ")", "\"", "www.example.com", "https://x.example/a?b=1",
              "\xa0", "…", "”", "Über", "\u2003", "é\n", ". é"]
    for _ in range(40_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        masked = metrics.mask_links(text, fill=" ")
        if masked.isascii():
            assert metrics._WORD_ASCII.findall(masked) == metrics._WORD.findall(masked), text
            for _ in range(3):
                a = rng.randrange(len(masked) + 1)
                b = rng.randrange(a, len(masked) + 1)
                assert metrics._WORD_ASCII.findall(masked, a, b) == metrics._WORD.findall(masked, a, b), (text, a, b)
        for cache in (metrics._sentences, metrics._word_texts, metrics._plain_words):
            cache.cache_clear()
        assert metrics.words_per_sentence(text) == plain_counts(text), text
        assert metrics.word_count(text) == len(metrics._WORD.findall(masked)) + len(metrics.link_spans(text)), text
        assert metrics._find_words(masked) == metrics._WORD.findall(masked), text


# _LABEL as it was written before its quantifiers were made possessive
_LABEL_PLAIN = re.compile(
    r"^[ \t]{0,8}(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(?:\*\*|__)?(?P<label>[^\W\d_][^\W_]*(?:[ \t][^\W_]+){0,3})"
    r"(?:(?:\*\*|__)[ \t]*:|:[ \t]*(?:\*\*|__)?)[ \t]*(?P<value>[^\r\n]*)",
    re.MULTILINE,
)


def test_labelled_lines_are_the_label_patterns_matches() -> None:
    # labels are found after each line break (and on the first line) rather than at each `^`, their
    # field names without a step per line, and only lines labelled with a wanted name are looked at
    rng = random.Random(8)
    pieces = ["Headline", "Item 3", "**", "__", ":", ": ", " ", "\t", "\n", "\r\n", "\r", "- ", "1. ", "12) ", "x", "é", "_", "9",
              "Primary text", "**Headline:**", "Note", "https://x.example/a:b", "::", "\n\n", " 40000", "\t7", "٣", "Path 2 3",
              "* ", "+\t", "1234. ", "         ", "__init__:", "Head_line: ", "a b c d e: ", "*", "."]
    texts = ["", "no colon here", "a:b", ":\n:", "- Item 1: https://x.example/p?a=b\n" * 3, "intro\n" * 9 + "Headline: x\n",
             "Item 1:\nItem 2 3: x\nHeadline 12:\n\tCTA\t2: y", "\nHeadline: x", "Note: a\nHeadline: b\r\rc: d\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30))) for _ in range(30_000)]
    texts += ["".join(rng.choice(pieces + ["prose line\n"] * 12) for _ in range(rng.randrange(0, 40))) for _ in range(30_000)]
    for text in texts:
        plain = [(m.start(), m.span("label"), m.span("value"), _field_name_plain(m["label"])) for m in _LABEL_PLAIN.finditer(text)]
        lines = prose.MarkdownLines(text)
        every = {name for *_, name in plain}
        assert lines.get(prose._labels).names == every, text
        wanted = set(rng.sample(sorted(every), rng.randrange(len(every) + 1))) | {"headline"}
        assert [(line.start, line.match.span("label"), line.match.span("value"), line.name) for line in prose._label_lines(lines, wanted)] == [
            found for found in plain if found[3] in wanted
        ], text


def test_the_copy_between_spans_is_what_subtracting_each_span_leaves() -> None:
    # _complement takes the gaps between spans that lie apart, in order, inside its bounds, at once;
    # the step-by-step walk is the definition
    rng = random.Random(11)
    for _ in range(20_000):
        excluded = _random_spans(rng, 200, sorted_disjoint=rng.random() < 0.7)
        if rng.random() < 0.3:
            excluded += [(a, a) for a in rng.sample(range(200), 2)]  # empty spans, touching ones
        start = rng.randrange(-5, 120)
        end = start + rng.randrange(0, 120)
        plain = prose._complement_stepwise(start, end, sorted(excluded))
        assert prose._complement(start, end, excluded) == plain, (start, end, excluded)
        assert prose._complement(0, 200, excluded) == prose._complement_stepwise(0, 200, sorted(excluded)), excluded


def test_text_without_the_characters_emoji_start_with_has_no_emoji_or_hashtag() -> None:
    # count_emoji skips text with no ©, ® or character from U+203C on; hashtags text with no # or ＃
    import regex

    from mops.copy import text as metrics
    from mops.copy._patterns import EMOJI

    below = [chr(c) for c in range(0x80, 0x203C) if not 0xD800 <= c < 0xE000 and chr(c) not in "\u00a9\u00ae"]
    # what an emoji must hold (a pictograph, a regional indicator, the keycap mark): none of these
    assert not any(regex.search(r"[\p{ExtPict}\p{RI}\u20e3\U000e0020-\U000e007f]", c) for c in below)
    rng = random.Random(4)
    pieces = ["a", " ", "#", "＃", "tag", "1", "é", "—", "\u00a9", "\u00ae\ufe0f", "\u203c\ufe0f", "\U0001f600", "\U0001f3fb", "\u20e3",
              "\U0001f1e9\U0001f1ea", "\ufe0f", "\u200d", "https://x.example/#a", "_", "&"] + below[::97]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 20)))
        assert metrics.count_emoji(text) == sum(1 for _ in EMOJI.finditer(text)), text
        assert metrics.hashtags(text) == [m.span() for m in metrics._HASHTAG.finditer(metrics.mask_links(text, fill=" "))], text
