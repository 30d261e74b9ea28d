"""Find the URLs in a file as it really is, with positions in the original text.

What counts as a URL: `http://` and `https://` links (any case), and scheme-less tracking templates
starting with `{lpurl}` (or `{lpurl+2}`, `{unescapedlpurl}`, `{escapedlpurl}`). Anything else is
skipped: `mailto:`, `tel:`, `javascript:`, relative links, anchors, and http links inside those.

Offsets (`FoundUrl.start`/`end`) are character offsets into the text given to `find_urls`; fixes
rewrite `text[start:end]`. `FoundUrl.raw` is exactly that text; `FoundUrl.url` is the link as a
browser or analytics would read it, which differs only where the file format escapes characters:
- HTML and Markdown: character references are decoded (`&amp;` -> `&`, `&#38;`, `&quot;`...);
  only references ending in `;` count, as browsers read attribute values (`&copy=1` stays as is);
- JSON strings: escapes are decoded (`https:\\/\\/x.com\\/` -> `https://x.com/`, `\\u0026` -> `&`);
- CSV/TSV: a doubled quote inside a quoted cell (`""`) reads as one quote.
A rule edits `url`; the lint runner writes the result back escaped like `raw`.

Where a link ends: in running text at whitespace, `<`, `>`, `"`, a backtick or a square bracket
it did not open (`[https://a.example](https://b.example)` is two links); then trailing prose
punctuation (`.,;:!?*~` and quotes) and closing brackets not opened inside the link are dropped, so
`(see https://x.com/a).` yields `https://x.com/a` while `https://x.com/wiki/A_(b)` keeps its `)`.
Where the file format delimits the value, the link runs to the delimiter and may contain spaces (a
real mistake the UTM rules report): a quoted link attribute (`href`, `src`, `action`, `content`,
`data-*-url`...; not `srcset` or `alt`), a quoted string in JSON, in YAML or in Markdown front
matter, `<...>` (Markdown autolinks and destinations), and a CSV/TSV cell that starts with the link.
Quotes in prose do not delimit. Leading and trailing spaces are not part of a link, as the URL
standard says.
In running text a link that stopped at a raw space (a Unicode space too: no-break, thin...) goes on
past it where what follows goes on as the link would (`&key=` after words in a query value, the
rest of a key and `=` in a key, `?key=` after words in the path); such a link's extent is a
guess, and `link_extent_uncertain` says so: no fix on it is applied (see MOPS003).

Sheets: `mops.lint.sheets` reads the cells (quoted cells with commas and line breaks, `""`, CRLF,
`;`-separated European CSV); a link in a sheet is found in its cell (`cell_links`) and carries
`cell = (row, header)`.

Positions: `FoundUrl.line`/`column` as `mops.lint.lines` counts them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from mops import regexcache
from mops.lint.lines import BOM, LineIndex, sole_line_end

_LPURL = r"\{(?:un)?(?:escaped)?lpurl(?:\+\d+)?\}"
# the body allows square brackets only in pairs (IPv6 hosts, `filter[size]=m`), so that a Markdown
# `[https://x.com](https://x.com/?utm_source=a)` ends the first link at `]`
_BODY = r"[^\s<>\"`\[\]]*(?:\[[^\s<>\"`\[\]]*\][^\s<>\"`\[\]]*)*"
_URL = regexcache.compile(rf"(?i:(https?://)|{_LPURL}){_BODY}")
# the same for a text whose every '://' follows a lowercase 'http' or 'https' and that has no
# {lpurl} (see scope_of): a literal start lets the regex engine jump from 'http' to 'http' instead of
# trying every character, twice as fast
_LOWERCASE_URL = regexcache.compile(rf"(https?://){_BODY}")
# JSON writes '/' as '\/' where it likes
_JSON_URL = regexcache.compile(rf"(?i:(https?:\\?/\\?/)|{_LPURL}){_BODY}")
_JSON_STRING_REST = regexcache.compile(r'(?:[^"\\\r\n]|\\.)*"')
_BODY_REST = regexcache.compile(_BODY)
# the same three for an ASCII text, where `\s` is these characters: a set of ASCII characters is a
# bitmap to the regex engine, `\s` a Unicode lookup per character (half the search on a list of links)
_ASCII_PATTERNS = {p: regexcache.compile(p.pattern.replace(r"\s", r"\t-\r\x1c-\x20")) for p in (_URL, _LOWERCASE_URL, _JSON_URL)}
# after a space inside a query value: up to four more words, then a word that goes on with
# `&key=` (`utm_medium=paid social&utm_campaign=...`, `=Paid Social Ads &utm_campaign=...`). Words
# hold no '/', ':', '?' or '#', so the next link in the sentence is never taken for a value, nor
# '|', so a Markdown table's next cell is not either
_WORD = r"[^\s&=<>\"`\[\]#?/:()|]"
# the spaces a link may hold by mistake: space, tab and the Unicode spaces pasted from word
# processors (no-break, thin, ideographic...); never a line break
SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SP = f"[{SPACES}]"
_ANY_SPACE = regexcache.compile(_SP)
_KEY = r"[A-Za-z0-9_.~%\-\[\]]"
_SPACED_VALUE = regexcache.compile(rf"(?:{_SP}+{_WORD}+){{0,4}}?{_SP}+{_WORD}*&{_KEY}+=")
# a space inside a key, or between '?'/'&' and the key, or before '=': `utm_med ium=cpc`,
# `?  utm_source=x`, `utm_medium =cpc`
_SPACED_KEY = regexcache.compile(rf"(?:{_SP}+{_KEY}+)?{_SP}+{_KEY}*=")
# after a link that ends with '?' (`faq? Answer=yes` is prose): a whole query, two parameters or more
_SPACED_QUERY = regexcache.compile(rf"{_SP}+{_KEY}+=[^\s<>\"`&]*&{_KEY}+=")
# a space in the path, before the query: `/winter sale?utm_source=x`, `/winter sale/?utm_source=x`
_SPACED_PATH = regexcache.compile(rf"(?:{_SP}+{_WORD}+){{0,4}}?{_SP}+{_WORD}*(?:/{_WORD}*)*\?{_KEY}+=")
_CHAR_REF = regexcache.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_FRONT_MATTER_CLOSE = regexcache.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)

_TRAILING = ".,;:!?*~'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_TRIMMED = frozenset(_TRAILING + ")]}")
_DELIMITING_OPENERS = frozenset("\"'<=")  # what, just before a link, may say where it ends
_OTHER_SCHEMES = ("mailto:", "tel:", "javascript:", "sms:", "data:")
_TOKEN_STOP = " \t\r\n\"'<>(["
# what ends a token and is not a quote or '(' (after which `javascript:open('` may still hold a
# link): a link after one of these is inside no other scheme's token (see _inside_other_scheme)
_TOKEN_BREAKS = frozenset(" \t\r\n<>[")
_LINK_ATTRIBUTES = frozenset({"action", "formaction", "content", "cite", "poster", "background", "value", "data", "ping"})
_SCHEME_LOOKBACK = 2000  # how far back a 'mailto:' may start before the http link inside it

# tuple.__new__ skips a NamedTuple's Python-level __new__: one FoundUrl is built per link
_new = tuple.__new__

_KINDS = {
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", ".mkd": "markdown", ".mdown": "markdown", ".html": "html", ".htm": "html", ".csv": "csv", ".tsv": "tsv",
    ".yaml": "yaml", ".yml": "yaml", ".json": "json",
}


class FoundUrl(NamedTuple):
    """A link in a file. `text[start:end] == raw`; `url` is `raw` unescaped (see the module doc).

    Immutable like a frozen dataclass, but built several times faster: one is made per link."""

    url: str
    start: int
    end: int
    line: int
    column: int
    # 'markdown' | 'html' | 'text' | 'csv' | 'yaml' | 'json': the file's kind, except 'html' for an
    # attribute in Markdown, 'yaml' in Markdown front matter, and 'csv' for TSV cells too
    context: str
    cell: tuple[int, str] | None = None  # CSV/TSV: (row, column header); row 0 is the header row
    raw: str = ""


class Scope:
    """What `find_urls` learns of the whole text once (`scope_of`), so that the loop over its links
    (`scan_links`) can skip work."""

    __slots__ = ("lowercase", "escapes", "ascii", "marks", "_text", "_lines", "_schemes")

    def __init__(self, text: str, lines: LineIndex | Callable[[], LineIndex] | None, *, lowercase: bool, escapes: bool,
                 schemes: bool | None = None, marks: int | None = None) -> None:
        self.marks = text.count("://") if marks is None else marks  # how many '://' it has: about how many links
        self.lowercase = lowercase  # every '://' in it follows a lowercase 'http' or 'https', and it has no {lpurl} (see _LOWERCASE_URL)
        self.escapes = escapes  # it has a ';', a backslash or a quote: a link may need unescaping
        self.ascii = text.isascii()  # links are searched with _ASCII_PATTERNS
        self._text = text
        self._lines = lines  # the text's LineIndex, or what makes it (see `lines`)
        self._schemes = schemes

    @property
    def lines(self) -> LineIndex:
        """The text's LineIndex, made when first asked: running text whose lines end alike counts
        its lines as it goes (scan_links), and a list of links with no finding needs none."""
        if not isinstance(self._lines, LineIndex):
            self._lines = self._lines() if self._lines is not None else LineIndex(self._text)
        return self._lines

    @property
    def schemes(self) -> bool:
        """Whether it mentions `mailto:` or the like: look for links inside those. Asked only for a
        link that follows something other than a space or a line break (see scan_links): a list of
        links in prose never pays for lowercasing megabytes to find out."""
        if self._schemes is None:
            lowered = self._text.lower()
            self._schemes = any(scheme in lowered for scheme in _OTHER_SCHEMES)
        return self._schemes


def kind_for_path(path: str) -> str:
    """The kind of a file by its extension: markdown, html, csv, tsv, yaml, json, or text."""
    dot = path.rfind(".")
    if dot < 0 or "/" in path[dot:] or "\\" in path[dot:]:
        return "text"
    return _KINDS.get(path[dot:].lower(), "text")


def find_urls(text: str, kind: str, lines: LineIndex | Callable[[], LineIndex] | None = None) -> list[FoundUrl]:
    """Every link in `text` read as a file of `kind` (see `kind_for_path`), in order. `lines`:
    the text's LineIndex, or what gives it, when the caller has one (it is asked only if needed)."""
    return links_in_scope(text, kind, scope_of(text, kind, lines))


def links_in_scope(text: str, kind: str, scope: Scope) -> list[FoundUrl]:
    """`find_urls`, with the text's scope (`scope_of`) already made."""
    if kind in ("csv", "tsv"):
        from mops.lint.sheets import sheet_links

        return sheet_links(text, kind, scope)
    return scan_links(text, kind, scope, 0, len(text))


def line_start_after(text: str, kind: str, share: float = 0.5) -> int | None:
    """The start of the line after `share` of `text`, where its links may be found in two parts
    (`scan_links` before it, then from it, find what `find_urls` finds): no link of running text
    holds a line break (the module doc: its body stops at whitespace, and every delimited value
    closes on its line). None for a sheet (a quoted cell may hold line breaks) or a text of one line."""
    if kind in ("csv", "tsv"):
        return None
    middle = text.find("\n", int(len(text) * share)) + 1
    return middle if 0 < middle < len(text) else None


def scope_of(text: str, kind: str, lines: LineIndex | Callable[[], LineIndex] | None = None) -> Scope:
    """What `text`, read as a file of `kind`, holds that changes how its links are searched."""
    escapes = ";" in text or "\\" in text or '"' in text
    links = text.count("://")
    lowercase = kind != "json" and text.count("https://") + text.count("http://") == links
    # every {lpurl} template has a brace; a text without one is not lowercased to look for them
    lowercase = lowercase and ("{" not in text or "lpurl" not in text.lower())
    # every colon opens a lowercase http(s) link (the usual bulk sheet): no other scheme
    no_schemes = lowercase and text.count(":") == links
    return Scope(text, lines, lowercase=lowercase, escapes=escapes, schemes=False if no_schemes else None, marks=links)


# --- running text ------------------------------------------------------------------------------


def scan_links(text: str, kind: str, scope: Scope, pos: int, endpos: int, cell: tuple[int, str] | None = None) -> list[FoundUrl]:
    """The links in `text[pos:endpos]` of a text of `kind`. `cell`: the span is that sheet cell (see
    `cell_links`), and a link that opens it runs to its end."""
    found: list[FoundUrl] = []
    append = found.append
    pattern = _JSON_URL if kind == "json" else _LOWERCASE_URL if scope.lowercase else _URL
    if scope.ascii:
        pattern = _ASCII_PATTERNS[pattern]
    yaml_until = endpos if kind in ("yaml", "json") else _front_matter_end(text) if kind == "markdown" else 0
    markup = kind in ("markdown", "html")
    base_context = "csv" if cell is not None else kind
    escapes = scope.escapes
    schemes = None  # whether the text mentions mailto: and the like, asked once a link could be inside one
    bom = text.startswith(BOM)
    # a link's line: counted from the previous link's when every line ends with '\n' (or every one
    # with '\r\n'), without the text's LineIndex; else looked up in it
    counting = cell is None and sole_line_end(text) is not None
    starts = None if counting else scope.lines.starts
    line = line_start = 0
    if counting:  # never for a sheet's cell: counting from the text's start for each would be quadratic
        line = text.count("\n", 0, pos) + 1
        line_start = text.rfind("\n", 0, pos) + 1
    counted_to = pos
    last_end = pos
    for match in pattern.finditer(text, pos, endpos):
        start, end = match.span()
        if start < last_end:
            continue
        opener = text[start - 1] if start > pos else " "
        if opener not in _TOKEN_BREAKS:  # the link may be inside `mailto:...` or `javascript:...`
            if schemes is None:
                schemes = scope.schemes
            if schemes and _inside_other_scheme(text, start, pos):
                continue
        context = "yaml" if start < yaml_until and kind == "markdown" else base_context
        stop = None
        if cell is not None and not text[pos:start].strip():
            line_end = text.find("\n", start, endpos)
            stop = endpos if line_end < 0 else line_end
        elif opener not in _DELIMITING_OPENERS:
            pass  # running text: the link ends where its body does
        elif opener == '"' or opener == "'":
            stop = _closing_quote(text, start, endpos, opener, kind, start < yaml_until)
            if stop is not None and markup and _is_attribute(text, start - 1):
                context = "html"
        elif opener == "<":
            # '>' on the same line only: searched to the end of the text, a '<' left open before
            # every link would make the search quadratic in the file's length
            line_end = text.find("\n", start, endpos)
            close = text.find(">", start, endpos if line_end < 0 else line_end)
            if close >= 0:
                stop = close
        elif markup and _is_attribute(text, start):  # opener '='
            context = "html"  # unquoted attribute: the body already stops at whitespace and '>'
        if stop is None and end < endpos and text[end] in SPACES:
            # the link stopped at a raw space: go on where the space sits inside it
            if markup and kind == "markdown" and text.startswith("](", start - 2):
                stop = _markdown_destination_end(text, end, endpos)
            else:
                end = _spaced_query_end(text, start, end, endpos)
        if stop is not None:
            end = stop
            while end > start and text[end - 1] in " \t\r\n\f":
                end -= 1
        elif text[end - 1] in _TRIMMED:
            if text[end - 1] == ")" and text[end - 2] not in _TRIMMED and text.find("(", start, end) < 0:
                end -= 1  # the parenthesis closing a Markdown link: what _trim would do, sooner
            else:
                end = _trim(text, start, end)
        if end <= match.end(1):  # a bare 'https://'
            continue
        raw = text[start:end]
        # escapes need an '&...;' reference, a backslash or a doubled quote
        url = _unescape(raw, kind, cell is not None) if escapes and (("&" in raw and ";" in raw) or "\\" in raw or '"' in raw) else raw
        if counting:
            breaks = text.count("\n", counted_to, start)
            if breaks:
                line += breaks
                line_start = text.rfind("\n", counted_to, start) + 1
            counted_to = start
        else:
            line = bisect_right(starts, start)  # LineIndex.line_col, inline: this runs once per link
            line_start = starts[line - 1]
        column = start - line_start + (0 if line == 1 and bom and start > 0 else 1)
        append(_new(FoundUrl, (url, start, end, line, column, context, cell, raw)))
        last_end = end
    return found


def cell_links(text: str, scope: Scope, start: int, end: int, cell: tuple[int, str]) -> list[FoundUrl]:
    """The links in the sheet cell `text[start:end]` (its raw text, inside the quotes of a quoted
    cell), whose place in the sheet is `cell = (row, header)`."""
    value = text[start:end]
    # every link has '://' or is an {lpurl} template (which has a brace)
    if "://" not in value and ("{" not in value or "lpurl" not in value.lower()):
        return []
    raw = value.rstrip(" \t\f")
    if raw.startswith(("https://", "http://")) and len(raw) > 8 and "\n" not in raw and "\r" not in raw:
        # the usual cell, one link and nothing else: what scan_links would find, without the regex
        line, column = scope.lines.line_col(start)
        url = raw.replace('""', '"') if '""' in raw else raw
        return [_new(FoundUrl, (url, start, start + len(raw), line, column, "csv", cell, raw))]
    return scan_links(text, "csv", scope, start, end, cell)


def _spaced_query_end(text: str, start: int, end: int, endpos: int) -> int:
    """Where a link that stopped at a raw space at `end` really ends: the space sits inside it when
    what follows goes on as the link would at that point (see _continuation); otherwise at `end`.
    A value with spaces that ends the link is not told from the prose after it: it ends there."""
    while end < endpos and text[end] in SPACES:
        # most links that stop at a space are followed by prose: no '=' soon after, no regex
        if text.find("=", end, min(endpos, end + 400)) < 0:
            break
        match = _continuation(text, start, end).match(text, end, endpos)
        if match is None:
            break
        end = _BODY_REST.match(text, match.end(), endpos).end()
    return end


def _continuation(text: str, start: int, end: int) -> re.Pattern[str]:
    """What must follow a space at `end` for `text[start:end]`, a link, to go on past it: in a
    query value, words then `&key=`; in a key (or right after '?' or '&'), the rest of the key and
    '='; in the path, words then `?key=`."""
    query = text.find("?", start, end)
    if query < 0:
        query = text.find("#", start, end)
        if query < 0:
            return _SPACED_PATH
    separator = max(text.rfind("&", query, end), query)
    if text.find("=", separator, end) >= 0:
        return _SPACED_VALUE
    return _SPACED_QUERY if separator == query and end == query + 1 else _SPACED_KEY


def has_space(text: str) -> bool:
    """Whether `text` holds a raw space of SPACES."""
    if text.isascii():  # known without a scan: then only ' ' and tab can be there
        return " " in text or "\t" in text
    return _ANY_SPACE.search(text) is not None


def link_extent_uncertain(text: str, found: FoundUrl) -> bool:
    """Whether a link's text may not be the link its author meant, so that no edit of it is safe:
    it holds a raw space (see SPACES) and either only the words after the space said it went on
    (running text, not a Markdown destination, `<…>`, a quoted value or a sheet cell), or the space
    splits a key or sits right after '?' or '&' (`utm_med ium=cpc`: which key was meant?)."""
    raw = found.raw or found.url
    if not has_space(raw):  # nearly every link
        return False
    spaces = [i for i, c in enumerate(raw) if c in SPACES]
    if not link_delimited(text, found):
        return True
    query = raw.find("?")
    for i in spaces:
        if query < 0 or i < query:
            continue
        separator = max(raw.rfind("&", 0, i), query)
        if raw.find("=", separator, i) < 0:
            return True  # between the separator and '=': inside the key
    return False


def link_delimited(text: str, found: FoundUrl) -> bool:
    """Whether the file's syntax, not a guess, says where a link ends."""
    if found.cell is not None or found.context in ("html", "yaml", "json"):
        return True
    before = text[found.start - 1] if found.start > 0 else ""
    after = text[found.end] if found.end < len(text) else ""
    if (before, after) == ("<", ">"):
        return True
    return (before, after) == ("(", ")") and text.startswith("](", found.start - 2)


def _markdown_destination_end(text: str, end: int, endpos: int) -> int | None:
    """The `)` closing a Markdown link destination `[t](https://x.example/a b)` whose link stopped
    at a raw space at `end`, on the same line; None when what follows is a title (`"t"`, `'t'`,
    `(t)`) or nothing closes it."""
    line_end = text.find("\n", end, endpos)
    limit = endpos if line_end < 0 else line_end
    close = text.find(")", end, limit)
    if close < 0:
        return None
    rest = text[end:close]
    if not rest.strip() or any(c in rest for c in "\"'(<>`[]"):
        return None
    return close


def _trim(text: str, start: int, end: int) -> int:
    """Drop trailing prose punctuation and closing brackets the link did not open."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _CLOSERS:
            opener = _CLOSERS[last]
            if text.find(opener, start, end) < 0 or text.count(last, start, end) > text.count(opener, start, end):
                end -= 1
            else:
                break
        else:
            break
    return end


def _inside_other_scheme(text: str, start: int, floor: int) -> bool:
    """True for the http link in `mailto:?body=https://...` or `javascript:open('https://...')`."""
    floor = max(floor, start - _SCHEME_LOOKBACK)
    begin = start
    while begin > floor and text[begin - 1] not in _TOKEN_STOP:
        begin -= 1
    if begin == start:
        # `javascript:open('https://...')`: the quote stops the token; look one token further back
        if begin > floor and text[begin - 1] in "'\"(":
            back = begin - 1
            while back > floor and text[back - 1] not in " \t\r\n\"<>":
                back -= 1
            return text[back:begin].lower().startswith("javascript:")
        return False
    return text[begin:start].lower().startswith(_OTHER_SCHEMES)


def _is_attribute(text: str, at: int) -> bool:
    """True if `text[at]` follows `=` (spaces allowed), as an HTML attribute value does."""
    back = at - 1
    while back >= 0 and text[back] in " \t":
        back -= 1
    return back >= 0 and text[back] == "="


def _closing_quote(text: str, start: int, endpos: int, quote: str, kind: str, in_yaml: bool) -> int | None:
    """Where a quoted value opened just before `start` closes, if the link is the whole value.

    Quotes in prose (`she wrote: "https://x.com is down"`) do not count: the quote must follow `=`
    (an HTML attribute), or open a value in YAML (a .yaml file or Markdown front matter) or JSON."""
    if kind == "json" and quote == '"':
        match = _JSON_STRING_REST.match(text, start, endpos)
        return match.end() - 1 if match else None
    back = start - 2
    while back >= 0 and text[back] in " \t":
        back -= 1
    before = text[back] if back >= 0 else "\n"
    if before == "=":
        if kind in ("html", "markdown") and not _is_link_attribute(text, back):
            return None  # srcset="a.png 1x, b.png 2x", alt="...": spaces there separate things
    elif not (in_yaml and before in ":[,{-\n\r"):
        return None
    line_end = text.find("\n", start, endpos)
    close = text.find(quote, start, endpos if line_end < 0 else line_end)  # on the same line (see '<' in scan_links)
    return close if close >= 0 else None


def _front_matter_end(text: str) -> int:
    """The offset where a Markdown file's YAML front matter ends (0 if it has none)."""
    begin = 1 if text.startswith(BOM) else 0
    if not text.startswith("---", begin):
        return 0
    close = _FRONT_MATTER_CLOSE.search(text, begin + 3)
    return close.start() if close else 0


def _is_link_attribute(text: str, equals: int) -> bool:
    """True if the attribute whose `=` is at `equals` holds one URL (href, src, data-url...)."""
    end = equals
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    begin = end
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "-_:"):
        begin -= 1
    name = text[begin:end].lower()
    return name in _LINK_ATTRIBUTES or name.endswith(("href", "src", "url"))


def _unescape(raw: str, kind: str, in_cell: bool) -> str:
    if in_cell:
        return raw.replace('""', '"') if '""' in raw else raw
    if kind in ("html", "markdown") and "&" in raw:
        return _CHAR_REF.sub(_char_ref, raw)
    if kind == "json" and "\\" in raw:
        import json

        try:
            return json.loads('"' + raw + '"')
        except ValueError:
            return raw.replace("\\/", "/")
    return raw


def _char_ref(match: re.Match[str]) -> str:
    name = match[1]
    if name[0] == "#":
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF else match[0]
    from html.entities import html5

    return html5.get(name + ";", match[0])
