"""Redirect wrappers: the links a mail client, a mail filter or a social site writes in place of the
link someone clicked or shared (Outlook SafeLinks, Gmail's `google.com/url?q=`, Facebook's
`l.facebook.com/l.php?u=`, LinkedIn's `lnkd.in/...`). Copied from an inbox or a post into
something that ships, every visitor goes through that third party first, the wrapper may stop
redirecting (SafeLinks checks the link against the tenant that wrapped it), and some carry the
identity of the person the mail was for (SafeLinks' `data` holds the recipient's email address).

`unwrap(url)` says which wrapper a parsed link is and, when the wrapper spells it out, the link it
leads to. Hosts are compared case-insensitively. Each wrapper was taken from links the service
writes; one whose target is not in the link (a short code, Proofpoint's v3 encoding) is reported
without a target.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import unquote

from mops import regexcache


class Wrapper(NamedTuple):
    """A redirect wrapper: who writes it, its hosts and paths, and where it keeps the wrapped link."""

    name: str  # who wraps links this way, in words
    hosts: tuple[str, ...]  # exact hosts; a leading '.' matches any host ending so ('.safelinks.protection.outlook.com')
    paths: tuple[str, ...] = ()  # path prefixes (lower case) the wrapper uses; empty: any path
    targets: tuple[str, ...] = ()  # parameters holding the wrapped link, first found wins; empty: not in the link
    identity: tuple[str, ...] = ()  # parameters that can carry the recipient's identity
    proofpoint_v2: bool = False  # target written with '-' for '%' and '_' for '/'
    proofpoint_v3: bool = False  # target written as it is between '/v3/__' and '__;' ('*' stands for characters listed after it)


WRAPPERS: tuple[Wrapper, ...] = (
    Wrapper("Outlook Safe Links", (".safelinks.protection.outlook.com",), (), ("url",), ("data",)),
    Wrapper("Microsoft Teams Safe Links", ("statics.teams.cdn.office.net",), ("/evergreen-assets/safelinks/",), ("url",)),
    Wrapper("Google's redirect (Gmail, Docs, search)", ("google.com", "www.google.com"), ("/url",), ("q", "url")),
    Wrapper("Facebook's link shim", ("facebook.com", ".facebook.com", "l.messenger.com"), ("/l.php",), ("u",)),
    Wrapper("Instagram's link shim", ("l.instagram.com",), (), ("u",)),
    Wrapper("LinkedIn's redirect", ("www.linkedin.com", "linkedin.com"), ("/redir/redirect", "/safety/go"), ("url",)),
    Wrapper("LinkedIn's link shortener", ("lnkd.in",)),
    Wrapper("X's link shortener", ("t.co",)),
    Wrapper("YouTube's redirect", ("www.youtube.com", "youtube.com"), ("/redirect",), ("q",)),
    Wrapper("Slack's redirect", ("slack-redir.net",), ("/link",), ("url",)),
    Wrapper("Reddit's redirect", ("out.reddit.com",), (), ("url",)),
    Wrapper("VK's redirect", ("vk.com", "m.vk.com"), ("/away.php",), ("to",)),
    Wrapper("DuckDuckGo's redirect", ("duckduckgo.com",), ("/l/",), ("uddg",)),
    Wrapper("Proofpoint URL Defense", ("urldefense.proofpoint.com",), ("/v2/url",), ("u",), (), True),
    Wrapper("Proofpoint URL Defense", ("urldefense.com",), ("/v3/",), (), (), False, True),
    Wrapper("Mimecast URL Protect", (".mimecast.com",), ("/s/",)),
    Wrapper("Barracuda Link Protection", ("linkprotect.cudasvc.com",), ("/url",), ("a",)),
)

_EXACT = {host: w for w in WRAPPERS for host in w.hosts if not host.startswith(".")}
_SUFFIXES = tuple((host, w) for w in WRAPPERS for host in w.hosts if host.startswith("."))
# the registrable domains of the wrappers' hosts, for a cheap first test on a link's text (the fast
# path of clean links): wider than `unwrap` (any subdomain, any path), so a link whose host ends
# with one of them is judged the slow way.
_DOMAINS = tuple(sorted({".".join(h.lstrip(".").split(".")[-2:]) for w in WRAPPERS for h in w.hosts}))
# a target that can be written back in place of the wrapper as it is: an absolute http(s) link of
# ASCII URL characters (no spaces, quotes, brackets, parentheses) whose %-escapes are whole
_WRITABLE = regexcache.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][A-Za-z0-9\-._~:/?#@!$&*+,;=%]*)?")
_BROKEN_ESCAPE = regexcache.compile(r"%(?![0-9A-Fa-f]{2})")


class Unwrapped(NamedTuple):
    """A link found to be a wrapper, and the link it wraps."""

    wrapper: Wrapper
    target: str | None  # the wrapped link, decoded; None when the wrapper does not spell it out
    writable: bool  # target can replace the wrapper as it is (see _WRITABLE), decoded from a single encoding
    carries_email: list[str]  # the identity parameters whose value holds an email address


def might_be_wrapped(url: str) -> bool:
    """True when the link's host may be one a redirect wrapper uses (a cheap test on the text of an
    absolute link, remembered per scheme and host; `unwrap` decides). 'https://' is 8 characters:
    the host ends at the next '/'. The host is read by `parse_url`, as `unwrap` reads it (after the
    last '@' of any user name and password)."""
    end = url.find("/", 8)
    head = url[:end] if end >= 0 else url
    known = _HEADS.get(head)
    if known is None:
        from mops.memo import remember
        from mops.utm.url import parse_url

        name = parse_url(head).host.lower().rstrip(".")
        known = remember(_HEADS, head, name.endswith(_DOMAINS) or _GOOGLE_HOST.fullmatch(name) is not None)
    return known


_HEADS: dict[str, bool] = {}


# Google's country sites redirect the same way (www.google.co.uk/url?q=...)
_GOOGLE_HOST = regexcache.compile(r"(?:www\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})")


def _wrapper_of(host: str, path: str) -> Wrapper | None:
    host = host.lower().rstrip(".")
    if _GOOGLE_HOST.fullmatch(host):
        host = "google.com"
    wrapper = _EXACT.get(host)
    if wrapper is None:
        wrapper = next((w for suffix, w in _SUFFIXES if host.endswith(suffix)), None)
    if wrapper is None:
        return None
    if wrapper.paths and not path.lower().startswith(wrapper.paths):
        return None
    return wrapper


def unwrap(url: Any) -> Unwrapped | None:
    """Which redirect wrapper a parsed link (`mops.utm.url.ParsedUrl`) is, and the link it wraps."""
    if not url.host:
        return None
    wrapper = _wrapper_of(url.host, url.path or "/")
    if wrapper is None:
        return None
    query = [p for p in url.params if not p.in_fragment]
    target: str | None = None
    writable = False
    for name in wrapper.targets:
        p = next((q for q in query if q.key.lower() == name and q.value), None)
        if p is None:
            continue
        if wrapper.proofpoint_v2:
            raw = (p.raw_value or "").replace("_", "/").replace("-", "%")
            target = unquote(raw, errors="replace") if not _BROKEN_ESCAPE.search(raw) else None
            once = target is not None
        else:
            target, once = p.value.strip(), True
            if target.lower().startswith(("http%3a", "https%3a")):  # encoded twice
                target, once = unquote(target), False
        if target is not None and "\ufffd" in target:
            target = None
        if target is not None and not target.lower().startswith(("http://", "https://")):
            target = None
        writable = target is not None and once and _WRITABLE.fullmatch(target) is not None and not _BROKEN_ESCAPE.search(target)
        break
    if wrapper.proofpoint_v3:
        begin, end = url.text.find("/v3/__"), url.text.rfind("__;")
        inner = url.text[begin + 6 : end] if 0 <= begin < end else ""
        if inner.lower().startswith(("http://", "https://")) and "*" not in inner:  # with a '*', characters were replaced
            target = inner
            writable = _WRITABLE.fullmatch(target) is not None and not _BROKEN_ESCAPE.search(target)
    emails = [p.raw_key for p in query if p.key.lower() in wrapper.identity and p.value and "@" in p.value]
    return Unwrapped(wrapper, target, writable, emails)
