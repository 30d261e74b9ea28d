"""Word lists for name detection, each loaded once on first use.

First names and surnames come from Faker's person providers (MIT, maintained, many locales): a fixed
list of plain tuples, ~14,500 first names over the locales below, read in ~45 ms after Faker's own
~90 ms import, once per process. The other lists are ours, in `data/`, including a few short forms
Faker lacks ("Jen", "Nate").
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from mops.errors import MopsError

_DATA = Path(__file__).resolve().parent / "data"

# Locales whose first names count: the English-speaking world's (romanised) and Europe's. Locales in
# other scripts add nothing to Latin text; Swahili's and Vietnamese's lists are mostly everyday words.
NAME_LOCALES = (
    "en", "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_PK", "en_KE", "yo_NG", "ig_NG", "ha_NG",
    "de_DE", "de_AT", "de_CH", "fr_FR", "es_ES", "it_IT", "nl_NL", "sv_SE", "da_DK", "no_NO", "fi_FI",
    "pl_PL", "pt_BR", "pt_PT", "cs_CZ", "hu_HU", "ro_RO", "tr_TR",
)  # fmt: skip
# Surnames strong enough to turn "Mark" + surname into a person; English ones only, because other
# locales' surnames include everyday English words.
SURNAME_LOCALES = ("en", "en_US", "en_GB")


def _faker_names(locales: tuple[str, ...], attributes: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for locale in locales:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] == "faker":
                if exc.name == "faker":
                    raise MopsError(
                        "person-name detection needs the 'faker' package, which is not installed",
                        hint="install it with `pip install faker` (it is a dependency of mops)",
                    ) from exc
                continue  # a locale this Faker version lacks
            raise
        for attribute in attributes:
            names.update(str(name) for name in provider.__dict__.get(attribute) or ())
    # Single capitalised words only; "Mary Ann" is matched as "Mary" then a capitalised word.
    return frozenset(n for n in names if len(n) > 1 and n[0].isupper() and n.replace("-", "").isalpha())


def _words(filename: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (_DATA / filename).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def _lines(filename: str) -> tuple[str, ...]:
    lines = (_DATA / filename).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _cached(kind: str, build) -> frozenset[str]:  # noqa: ANN001 - build: () -> frozenset[str]
    """Faker's import alone costs ~90 ms, more than the rest of a one-file lint: keep the built
    list in the user cache, keyed by the installed Faker's package file and our locale lists."""
    from importlib.util import find_spec

    from mops.usercache import cached_json

    spec = find_spec("faker")
    if spec is None or not spec.origin:
        return build()  # _faker_names raises the clear "install faker" error
    names = cached_json(kind, Path(spec.origin), lambda: sorted(build()), extra=f"{NAME_LOCALES}|{SURNAME_LOCALES}")
    return frozenset(names)


@cache
def first_names() -> frozenset[str]:
    listed = _cached("first-names", lambda: _faker_names(NAME_LOCALES, ("first_names", "first_names_male", "first_names_female")))
    return listed | _words("extra_first_names.txt")


@cache
def known_surnames() -> frozenset[str]:
    return _cached("surnames", lambda: _faker_names(SURNAME_LOCALES, ("last_names",)))


@cache
def caps_surnames() -> frozenset[str]:
    """Surnames of every name locale, for names in capitals ("LENA VOGEL"), where a capital letter says
    nothing: a surname there must be a listed one, and not one of our everyday words."""
    listed = _cached("surnames-all", lambda: _faker_names(NAME_LOCALES, ("last_names",)))
    return (listed | known_surnames()) - non_surname_words()


@cache
def ambiguous_first_names() -> frozenset[str]:
    # A first name that is also a function word or a heading noun ("Will", "May", "Page") is ambiguous.
    return _words("ambiguous_first_names.txt") | (first_names() & non_surname_words())


@cache
def non_surname_words() -> frozenset[str]:
    return _words("non_surname_words.txt")


# Faker's address lists of countries, states, provinces and counties, whose single-word entries are
# added to data/places_and_brands.txt (only those that are also first names matter). Not its city
# lists: they hold thousands of small towns named like people (Laura, Tim, Bruno in Italy alone).
PLACE_LISTS = (
    ("en", "countries"), ("en_US", "states"), ("en_GB", "counties"), ("en_IE", "counties"),
    ("en_AU", "states"), ("en_CA", "provinces"),
)  # fmt: skip


def _faker_places() -> frozenset[str]:
    names: set[str] = set()
    for locale, attribute in PLACE_LISTS:
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except ModuleNotFoundError:
            continue  # a locale this Faker version lacks (first_names() says when Faker is missing)
        names.update(str(name) for name in provider.__dict__.get(attribute) or ())
    return frozenset(n for n in names if len(n) > 2 and n[0].isupper() and n.isalpha())


@cache
def place_and_brand_names() -> frozenset[str]:
    """Places, teams and brands that are also first names ("Paris", "Florence", "Chelsea", "Jordan")."""
    from importlib.util import find_spec

    from mops.usercache import cached_json

    spec = find_spec("faker")
    if spec is None or not spec.origin:
        faker = frozenset()
    else:
        faker = frozenset(cached_json("places", Path(spec.origin), lambda: sorted(_faker_places()), extra=f"{PLACE_LISTS}"))
    listed = _words("places_and_brands.txt")
    never = {w[1:] for w in listed if w.startswith("-")}
    return ((faker | listed) - never) & first_names()


@cache
def platform_names() -> tuple[str, ...]:
    return _lines("platform_names.txt")
