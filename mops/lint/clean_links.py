"""A fast, conservative verdict for links that no URL rule would report.

Most links in a maintained workspace are clean, and judging one through every rule class costs
~30 µs. This check answers "would any covered rule report this link?" from memoised verdicts on its
`key=value` pieces and tag combinations, in a few microseconds, without parsing the link. It is
conservative: anything unusual (percent-encoding, `+`, placeholders, a fragment with `=`, a second
`?`, an over-long link, a misspelt or mis-cased key, a click id, a value the taxonomy would change,
a piece that could hold personal data) goes to the rules. Personal data (PII007) is judged by the
same necessary condition the rule starts with, `mops.pii.urls.may_hold_personal_data`: a link whose
path, pieces and anchor have no '@', nothing encoded, no run of 7 digits, no merge tag's
punctuation, no capital letter in a value read for names, and no phone or name key, holds nothing
the rule could report. It only stands in for the rules that declare `fast_path_covered`; a new URL rule is judged
the slow way until this check learns it. tests/test_clean_links.py holds it to the rules.
"""

from __future__ import annotations

from typing import Any

from mops import regexcache
from mops.memo import remember
from mops.models.taxonomy import GA4_PARAMETERS
from mops.pii.urls import key_is_personal, key_reads_names, may_hold_personal_data
from mops.utm.click_ids import tracking_parameter
from mops.utm.redirects import might_be_wrapped
from mops.utm.taxonomy_index import closest_parameter

DIRTY, CLEAN_UNTAGGED, CLEAN_TAGGED = 0, 1, 2
_EXACT_KEYS = frozenset(GA4_PARAMETERS)
_LIMIT = 1000  # GA4's page_location limit (UTM018)
_NOT_UTM = ("", "")
# parameters whose values no rule compares with anything else: a clean value of one is as good as
# another of the same length (see `CleanLinkCheck.shape`)
_VALUE_BLIND = frozenset({"utm_content", "utm_term", "utm_id", "utm_creative_format", "utm_marketing_tactic"})
_PLAIN_PREFIX = regexcache.compile(r"[A-Za-z]+://[A-Za-z0-9.:/_~-]*")
_PLAIN_VALUE = regexcache.compile(r"[A-Za-z0-9._~-]+")


class CleanLinkCheck:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.index = ctx.utm
        self._pieces: dict[str, tuple[str, str] | None] = {}
        self._combos: dict[tuple, bool] = {}
        campaigns = ctx.campaigns()
        self._known_campaigns = campaigns.by_utm if campaigns is not None else None
        self._shape_tokens: dict[str, tuple[str, Any]] = {}
        # a query -> (its pieces' tokens, whether no parameter is given twice): links of a sheet or
        # deck differ in their paths and share their queries
        self._query_shapes: dict[str, tuple[tuple, tuple[str, ...], bool]] = {}
        self._holds: dict[str, bool] = {}  # a path or anchor -> whether PII007 reads it

    def _may_hold(self, text: str) -> bool:
        """`may_hold_personal_data` of a link's path or anchor, memoised (links share their paths)."""
        known = self._holds.get(text)
        if known is None:
            known = remember(self._holds, text, may_hold_personal_data(text))
        return known

    def _piece(self, piece: str) -> tuple[str, str] | None:
        """(parameter, value) for a clean UTM piece, `_NOT_UTM` for another parameter, None when a rule would look twice."""
        key, eq, value = piece.partition("=")
        if key in _EXACT_KEYS:
            if not eq or not value.strip():
                return None  # empty value: UTM019
            if may_hold_personal_data(value, names=True):
                return None  # PII007 reads it
            verdict = self.index.verdict(key, value)
            if verdict.reason is not None or verdict.problems:
                return None
            return key, value
        if closest_parameter(key) is not None:
            return None  # a misspelt or mis-cased UTM key: UTM002/UTM003
        if tracking_parameter(key) is not None:
            return None  # a click id or other one-visit tracking parameter: UTM023
        if key_is_personal(key) or may_hold_personal_data(piece, names=key_reads_names(key)):
            return None  # PII007 reads it
        return _NOT_UTM

    def verdict(self, url: str) -> int:
        """DIRTY, CLEAN_UNTAGGED or CLEAN_TAGGED."""
        if len(url) > _LIMIT or "{" in url or "__" in url or might_be_wrapped(url):  # a redirect wrapper: UTM024
            return DIRTY
        hash_at = url.find("#")
        end = len(url) if hash_at < 0 else hash_at
        if hash_at >= 0 and ("=" in url[hash_at:] or self._may_hold(url[hash_at + 1 :])):
            return DIRTY  # parameters after '#': UTM005 decides; an anchor PII007 reads
        question = url.find("?", 0, end)
        if self._may_hold(url[: end if question < 0 else question]):
            return DIRTY  # a path PII007 reads
        if question < 0:
            return CLEAN_UNTAGGED
        query = url[question + 1 : end]
        if "?" in query or "%" in query or "+" in query or " " in query:
            return DIRTY
        tags: dict[str, str] = {}
        pieces = self._pieces
        for piece in query.split("&"):
            if not piece:
                continue
            found = pieces.get(piece, False)
            if found is False:
                found = pieces[piece] = self._piece(piece)
            if found is None:
                return DIRTY
            name, value = found
            if name:
                if name in tags:
                    return DIRTY  # duplicate: UTM004
                tags[name] = value
        if not tags:
            return CLEAN_UNTAGGED
        return CLEAN_TAGGED if self._combination_clean(tags) else DIRTY

    def _combination_clean(self, tags: dict[str, str]) -> bool:
        # what the combination rules read: which parameters are there, and the values that decide
        # pairs, channel grouping and campaign (utm_content and utm_term never do)
        get = tags.get
        key = (tuple(sorted(tags)), get("utm_source"), get("utm_medium"), get("utm_campaign"), get("utm_source_platform"))
        known = self._combos.get(key)
        if known is None:
            known = self._combos[key] = self._judge_combination(tags)
        return known

    def _judge_combination(self, tags: dict[str, str]) -> bool:
        index = self.index
        for required in index.required():  # UTM001
            if required not in tags and not (
                required == "utm_campaign" and index.taxonomy.utm_id_satisfies_campaign and "utm_id" in tags
            ):
                return False
        source, medium = tags.get("utm_source"), tags.get("utm_medium")
        if source and medium and index.medium_allowed_for(source, medium) is False:  # UTM014
            return False
        assignment = self.ctx.classify(source, medium, tags.get("utm_campaign"), tags.get("utm_source_platform"))
        if assignment.channel == "Unassigned":  # UTM020
            return False
        campaign = tags.get("utm_campaign")
        if self._known_campaigns is not None and campaign and campaign.casefold() not in self._known_campaigns:  # UTM022
            return False
        return True

    def shape(self, url: str) -> tuple | None:
        """What the URL rules' verdict on a link depends on, when that is less than its whole text.

        Links in a bulk sheet differ in their path, campaign and content while sharing their
        mistakes (`utm_source=Facebook` on thousands of rows). The shape keeps every piece a rule
        reports on, or compares, verbatim, and stands in for the rest by its length, so two links
        of one shape get the same findings at the same offsets with the same messages. Replaced by
        their lengths: a plain path (no `%`, `?`, braces), and clean plain values of
        `utm_content`/`utm_term`/`utm_id`/..., and of a campaign that has a plan (or there are no
        plans) and does not decide GA4's channel. A fragment counts when it is a plain anchor
        (kept verbatim) or holds only UTM parameters (`page#utm_source=x`: they all move before the
        `#`, an edit of that one character). None (judge the link itself) for anything unusual:
        placeholders, hash routes, a second `?`, a parameter given twice.
        tests/test_clean_links.py holds links of one shape to the same findings.
        """
        if len(url) > _LIMIT or "{" in url or "__" in url or might_be_wrapped(url):  # UTM024 reads the host
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
        if _PLAIN_PREFIX.fullmatch(url, 0, question) is None or self._may_hold(url[:question]):
            return None  # an unusual path, or one PII007 reads
        shape: list[Any] = [question]
        names: list[str] = []
        if question < end:
            tokens, query_names, unique = self._query_shape(url[question + 1 : end])
            if hash_at < 0:
                return (question, *tokens) if unique else None  # None: a parameter given twice (UTM004)
            shape.extend(tokens)
            names.extend(query_names)
        if hash_at >= 0:
            fragment = url[hash_at + 1 :]
            if "=" not in fragment:
                if "?" in fragment or question == end or self._may_hold(fragment):
                    return None  # a hash route ('#/route?...'), no parameters at all, or an anchor PII007 reads
                shape.append(("#", fragment))  # a plain anchor, which no rule reads
            else:
                if "#" in fragment or "?" in fragment:
                    return None
                shape.append("#")
                before = len(names)
                if self._shape_pieces(fragment, shape, names) != len(names) - before:
                    return None  # pieces that stay behind the '#' make UTM005's fix quote the link
        if len(set(names)) != len(names):
            return None  # a parameter given twice: UTM004 compares the values
        return tuple(shape)

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

    def _shape_token(self, piece: str) -> tuple[str, Any]:
        """(the UTM parameter a piece is, or was meant to be, or ""; what stands for it in a shape)."""
        found = self._pieces.get(piece, False)
        if found is False:
            found = self._pieces[piece] = self._piece(piece)
        if found is None:  # a piece some rule reports on
            key, eq, value = piece.partition("=")
            name = closest_parameter(key) or ""
            if name and name != key and eq:
                # only the key is wrong (UTM002/UTM003 quote the key alone): the value counts as
                # the intended parameter's, and may stand in by its length like that one's would
                intended = self._shape_token(f"{name}={value}")[1]
                if isinstance(intended, tuple):
                    return name, (key, len(value))
            return name, piece
        name, value = found
        if name and _PLAIN_VALUE.fullmatch(value) and (name in _VALUE_BLIND or (name == "utm_campaign" and self._neutral(value))):
            return name, (name, len(value))
        return name, piece

    def _neutral(self, campaign: str) -> bool:
        """A campaign whose name no rule reports or compares: it has a plan (or there are no plans),
        and GA4's channel does not depend on it."""
        from mops.utm.channels import campaign_can_change_channel

        has_plan = self._known_campaigns is None or campaign.casefold() in self._known_campaigns
        return has_plan and not campaign_can_change_channel(campaign)
