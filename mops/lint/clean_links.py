"""The clean-link check: the selected rules' own fast-path answers, combined and memoised.

Most links in a maintained workspace are clean, and judging one through every rule costs ~30 µs.
Before a link is parsed, this check asks each selected URL rule about the link's pieces through the
hooks of `mops.lint.rule.UrlRule` (`clean_piece`, `clean_path`, `clean_anchor`, `clean_tags`,
`longest_link`, `value_matters`) and calls the link clean when every rule does: a few microseconds,
because links share their pieces, paths and tag combinations and every answer is memoised. It knows
no rule: what a rule decides is in the rule's file, next to its `check_url`.

What the check itself does not model, it sends to the rules without asking: placeholders (`{`,
`__`), percent-encoding, `+` and spaces in the query (the rules decode them), parameters after `#`
(or a `?` there, which starts a hash route's parameters), and a GA4 parameter given twice (which
one counts is the rules' business). tests/test_clean_links.py holds every rule's answers to its
`check_url`, alone and together.
"""

from __future__ import annotations

from typing import Any

from mops import regexcache
from mops.lint.rule import LinkPiece, UrlRule, masking_may_touch
from mops.memo import remember
from mops.utm.analysis import is_tag_value, tag_name

DIRTY, CLEAN_UNTAGGED, CLEAN_TAGGED = 0, 1, 2
_PLAIN_PREFIX = regexcache.compile(r"[A-Za-z]+://[A-Za-z0-9.:/_~-]*")
_PLAIN_VALUE = regexcache.compile(r"[A-Za-z0-9._~-]+")
_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_UNKNOWN = object()
_SHAPE_WINDOW = 4096  # links after which the shape memo's use is weighed (CleanLinkCheck.shape)


class CleanLinkCheck:
    """Whether any of `rules` (URL rules that all have a fast path) could report a link."""

    def __init__(self, ctx: Any, rules: list[UrlRule]) -> None:
        self.ctx = ctx

        def answering(hook: str) -> list:
            # only the rules that answer a question are asked it (the base class's answer is
            # "clean", or for value_matters "the values in reads_values"): a distinct path or
            # piece would otherwise cost a call per selected rule
            return [
                getattr(r, hook) for r in rules
                if getattr(type(r), hook) is not getattr(UrlRule, hook) or (hook == "value_matters" and r.reads_values)
            ]

        self._piece_hooks = answering("clean_piece")
        self._path_hooks = answering("clean_path")
        self._anchor_hooks = answering("clean_anchor")
        self._tags_hooks = answering("clean_tags")
        self._value_hooks = answering("value_matters")
        # paths are remembered with the digits after their host as zeros when no rule asked about
        # a path reads which digits it has (`UrlRule.path_digits_matter`), nor does the shape's
        # own test (plain characters, masking_may_touch): then `/p/1` answers for `/p/7`
        self._digit_blind = all(
            not r.path_digits_matter for r in rules if getattr(type(r), "clean_path") is not getattr(UrlRule, "clean_path")
        )
        limits = [r.longest_link for r in rules if r.longest_link is not None]
        self._longest = min(limits) if limits else None
        # memos: a piece's text -> the piece if every rule calls it clean, else None; a path or an
        # anchor -> clean; a combination of tags -> clean; (name, value) -> whether a rule reads it
        self._pieces: dict[str, LinkPiece | None] = {}
        self._paths: dict[str, bool] = {}
        self._anchors: dict[str, bool] = {}
        self._combinations: dict[tuple, bool] = {}
        self._matters: dict[tuple[str, str], bool] = {}
        self._shape_tokens: dict[str, tuple[str, Any]] = {}
        # a link's text, its path's digits as zeros -> its shape (see shape), and whether that pays
        self._shapes: dict[bytes, tuple | None] = {}
        self._shape_asks = self._shape_misses = 0
        self._skip_shape_memo = 0  # links to judge without the memo before trying it again
        self._replaceable_paths: dict[str, bool] = {}
        # a query -> (its pieces' tokens, whether no parameter is given twice): links of a sheet or
        # deck differ in their paths and share their queries
        self._query_shapes: dict[str, tuple[tuple, tuple[str, ...], bool]] = {}

    def _piece(self, text: str) -> LinkPiece | None:
        known = self._pieces.get(text, False)
        if known is False:
            key, _eq, value = text.partition("=")
            piece = LinkPiece(text, key, value, tag_name(key) or "")
            ctx = self.ctx
            known = remember(self._pieces, text, piece if all(clean(piece, ctx) for clean in self._piece_hooks) else None)
        return known

    def _path_key(self, path: str) -> str | bytes:
        """What a path is remembered by: itself, or (see _digit_blind) its bytes with the digits
        after the host as zeros."""
        if not self._digit_blind or not path.isascii():
            return path
        scheme_end = path.find("://")
        host_end = path.find("/", scheme_end + 3) if scheme_end > 0 else -1
        if host_end < 0:
            return path
        raw = path.encode()
        return raw[:host_end] + raw[host_end:].translate(_ZERO_DIGITS)

    def _path_clean(self, path: str) -> bool:
        key = self._path_key(path)
        known = self._paths.get(key)
        if known is None:
            ctx = self.ctx
            known = remember(self._paths, key, all(clean(path, ctx) for clean in self._path_hooks))
        return known

    def _anchor_clean(self, anchor: str) -> bool:
        known = self._anchors.get(anchor)
        if known is None:
            ctx = self.ctx
            # '=' or '?' after '#': the parser reads parameters there (UTM005's business)
            plain = "=" not in anchor and "?" not in anchor
            known = remember(self._anchors, anchor, plain and all(clean(anchor, ctx) for clean in self._anchor_hooks))
        return known

    def _value_matters(self, name: str, value: str) -> bool:
        known = self._matters.get((name, value))
        if known is None:
            ctx = self.ctx
            known = remember(self._matters, (name, value), any(matters(name, value, ctx) for matters in self._value_hooks))
        return known

    def verdict(self, url: str) -> int:
        """DIRTY (some rule may report it: judge it), CLEAN_UNTAGGED or CLEAN_TAGGED."""
        if "{" in url or "__" in url or (self._longest is not None and len(url) > self._longest):
            return DIRTY  # placeholders, which the check does not model; a link too long for a rule
        hash_at = url.find("#")
        end = len(url) if hash_at < 0 else hash_at
        if hash_at >= 0 and not self._anchor_clean(url[hash_at + 1 :]):
            return DIRTY
        question = url.find("?", 0, end)
        if not self._path_clean(url[: end if question < 0 else question]):
            return DIRTY
        if question < 0:
            return CLEAN_UNTAGGED
        query = url[question + 1 : end]
        if "%" in query or "+" in query or " " in query:
            return DIRTY  # encoded or spaced text: the rules decode it
        tags: dict[str, str] = {}
        names: set[str] = set()
        piece_of = self._piece
        for text in query.split("&"):
            if not text:
                continue
            piece = piece_of(text)
            if piece is None:
                return DIRTY
            name = piece.name
            if name:
                if name in names:
                    return DIRTY  # a parameter given twice
                names.add(name)
                if is_tag_value(piece.value):
                    tags[name] = piece.value
        if not names:
            return CLEAN_UNTAGGED
        return CLEAN_TAGGED if self._tags_clean(tags) else DIRTY

    def _tags_clean(self, tags: dict[str, str]) -> bool:
        # the rules' answer depends only on which parameters are there and the values they read
        matters = self._value_matters
        key = tuple(sorted((name, value if matters(name, value) else None) for name, value in tags.items()))
        known = self._combinations.get(key)
        if known is None:
            ctx = self.ctx
            known = remember(self._combinations, key, all(clean(tags, ctx) for clean in self._tags_hooks))
        return known

    def shape(self, url: str) -> tuple | None:
        """What the rules' verdict on a link depends on, when that is less than its whole text (see
        _shape), remembered for the usual link of a deck or sheet (`https://host/path?query`, ASCII)
        by its text with the digits of its path as zeros when no rule reads them (_digit_blind): its
        shape is worked out from its pieces once, not once per product page. Only while that pays:
        links that each have their own campaign or content (a legacy bulk sheet) would make every
        lookup a miss, a cost on top of working their shapes out (see _shape_memo_pays)."""
        if self._digit_blind and self._skip_shape_memo == 0 and "#" not in url and url.isascii():
            question = url.find("?")
            if question < 0:
                return None  # no parameters: verdict() says it faster
            scheme_end = url.find("://", 0, question)
            host_end = url.find("/", scheme_end + 3, question) if scheme_end > 0 else -1
            if host_end > 0:
                # the shape reads the path only through _path_replaceable, whose memo is keyed the same way
                raw = url.encode()
                key = raw[:host_end] + raw[host_end:question].translate(_ZERO_DIGITS) + raw[question:]
                known = self._shapes.get(key, _UNKNOWN)
                self._shape_asks += 1
                if known is _UNKNOWN:
                    known = remember(self._shapes, key, self._shape(url))
                    self._shape_misses += 1
                if self._shape_asks == _SHAPE_WINDOW:
                    self._shape_memo_pays()
                return known
        if self._skip_shape_memo:
            self._skip_shape_memo -= 1
        return self._shape(url)

    def _shape_memo_pays(self) -> None:
        """After a window of links: go on remembering shapes when at least half the window's links
        found theirs remembered; else work them out directly for the next 16 windows, then try again."""
        if self._shape_misses * 2 > self._shape_asks:
            self._skip_shape_memo = 16 * _SHAPE_WINDOW
        self._shape_asks = self._shape_misses = 0

    def _shape(self, url: str) -> tuple | None:
        """What the rules' verdict on a link depends on, when that is less than its whole text.

        Links in a bulk sheet differ in their path, campaign and content while sharing their
        mistakes (`utm_source=Facebook` on thousands of rows). The shape keeps every piece a rule
        reports on, or reads (`UrlRule.value_matters`), verbatim, and stands in for the rest by its
        length, so two links of one shape get the same findings at the same offsets with the same
        messages. Replaced by their lengths: a plain path every rule calls clean, and plain values
        every rule calls clean and none reads, where no personal data could be masked in a message
        (`masking_may_touch`). A fragment counts when it is a clean plain anchor (kept verbatim) or
        holds only UTM parameters (`page#utm_source=x`: they all move before the `#`, an edit of
        that one character). None (judge the link itself) for anything unusual: placeholders,
        hash routes, a second `?`, a parameter given twice.
        tests/test_clean_links.py holds links of one shape to the same findings.
        """
        if "{" in url or "__" in url:
            return None
        hash_at = url.find("#")
        end = len(url) if hash_at < 0 else hash_at
        question = url.find("?", 0, end)
        if question < 0:
            if hash_at < 0:
                return None  # no parameters: verdict() says it faster
            question = end
        elif url.find("?", question + 1, end) >= 0:
            return None
        if not self._path_replaceable(url[:question]):
            return None
        shape: list[Any] = [question]
        names: list[str] = []
        if question < end:
            tokens, query_names, unique = self._query_shape(url[question + 1 : end])
            if hash_at < 0:
                return (question, *tokens) if unique else None  # None: a parameter given twice
            shape.extend(tokens)
            names.extend(query_names)
        if hash_at >= 0:
            fragment = url[hash_at + 1 :]
            if "=" not in fragment:
                if question == end or not self._anchor_clean(fragment) or masking_may_touch(fragment, names=False):
                    return None  # no parameters at all, a hash route, or an anchor a rule reads
                shape.append(("#", fragment))  # a plain anchor, which no rule reads
            else:
                if "#" in fragment or "?" in fragment:
                    return None
                shape.append("#")
                before = len(names)
                if self._shape_pieces(fragment, shape, names) != len(names) - before:
                    return None  # pieces that stay behind the '#' make UTM005's fix quote the link
        if len(set(names)) != len(names):
            return None  # a parameter given twice
        return tuple(shape)

    def _path_replaceable(self, path: str) -> bool:
        """Whether a path may stand in a shape by its length: plain, clean, no personal data; memoised."""
        key = self._path_key(path)
        known = self._replaceable_paths.get(key)
        if known is None:
            ctx = self.ctx
            replaceable = (
                _PLAIN_PREFIX.fullmatch(path) is not None and not masking_may_touch(path, names=False)
                and all(clean(path, ctx) for clean in self._path_hooks)
            )
            known = remember(self._replaceable_paths, key, replaceable)
        return known

    def _query_shape(self, query: str) -> tuple[tuple, tuple[str, ...], bool]:
        """The tokens of a query's pieces, the UTM names they are, and whether none is given twice; memoised."""
        known = self._query_shapes.get(query)
        if known is None:
            tokens: list[Any] = []
            names: list[str] = []
            self._shape_pieces(query, tokens, names)
            known = remember(self._query_shapes, query, (tuple(tokens), tuple(names), len(set(names)) == len(names)))
        return known

    def _shape_pieces(self, query: str, shape: list[Any], names: list[str]) -> int:
        """Append the tokens of `query`'s pieces to `shape` and their UTM names to `names`; return
        how many pieces there were."""
        tokens = self._shape_tokens
        pieces = query.split("&")
        for piece in pieces:
            known = tokens.get(piece)
            if known is None:
                known = remember(tokens, piece, self._shape_token(piece))
            name, token = known
            shape.append(token)
            if name:
                names.append(name)
        return len(pieces)

    def _shape_token(self, text: str) -> tuple[str, Any]:
        """(the UTM parameter a piece is, or was meant to be, or ""; what stands for it in a shape)."""
        piece = self._piece(text) if "%" not in text and "+" not in text and " " not in text else None
        if piece is None:  # a piece some rule reports on, or reads decoded
            key, eq, value = text.partition("=")
            name = tag_name(key) or ""
            if name and name != key and eq:
                # only the key is wrong (UTM002/UTM003 quote the key alone): the value counts as
                # the intended parameter's, and may stand in by its length like that one's would
                intended = self._shape_token(f"{name}={value}")[1]
                if isinstance(intended, tuple):
                    return name, (key, len(value))
            return name, text
        name, value = piece.name, piece.value
        if name and _PLAIN_VALUE.fullmatch(value) and not masking_may_touch(value, names=True) and not self._value_matters(name, value):
            # the key as written: a rule that does not read keys may call `utm_souce` clean, and
            # the findings of `?utm_souce=a` are not at the offsets of `?utm_source=a`'s
            return name, (piece.key, len(value))
        return name, text
