"""People's names: the workspace's people, first name + surname, first names in a personal context.

A capitalised word from the first-name list is a person when
1. a surname-like capitalised word follows it ("Laura Smith", "Anna van der Berg", "John F. Kennedy"),
   on a line that is not a Title Case Heading; or
2. a personal context surrounds it ("I'm Laura", "my name is David", "ask Sarah", "Craig said"); or
3. the same first name was already found as a person earlier in the text (so "David, Andrew and
   Craig" after each introduced himself), unless it is also a place's or a brand's name ("Hi Charlotte,"
   leaves "our Charlotte store" a place) or stands listed with a place ("Austin and Laura stores").
Greetings and sign-offs count in the languages mops reads ("Liebe Anna,", "Bonjour Camille,", "Hola
Lucía,", "Viele Grüße\nJonas", "Cordialement,\nCamille"). A name in capitals is a person with a listed
surname ("LENA VOGEL") or addressed ("Dear ANNA,", "HI EMMA,"); shouted words ("AUSTIN STORE") are not.
Names that are also everyday words ("Will", "May", "Summer") need rule 2 or a known surname
("Mark Johnson"), and lowercase words are never names. Names that are also places, teams or brands
("Visit Paris or Jordan", "Fly to Florence", "Chelsea boots", "Georgia peaches", "Virginia Beach";
`namelists.place_and_brand_names`) need a person-like context: a strong cue of rule 2, a known surname
that is not itself a place ("Paris Hilton", not "Helena Montana"), a role ("Georgia, Store Manager",
"our stylist Paris"), a team ("Jordan from our Denver store") or a signature ("Best,\nFlorence");
greetings ("Hello Paris!"), "by"/"with", a dash and a name found elsewhere in the text are not enough,
and after a place word ("San", "Lake", "Port") or a travel word ("in", "to", "visit") they are places.
Any first name counts as a person with a role, a team or a signature ("Michael from our Denver store",
"— Priya, Store Manager", "Dear Ahmed,"). Anything overlapping a protected name (the
brand's products, platforms) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from mops import regexcache
from mops.pii import namelists
from mops.pii.match import PiiMatch

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_CAP = rf"[{_UPPER}][{_LOWER}]+"
# A capitalised word that is not part of a handle, path, domain or longer token.
# (The look-behind sits after the capital so that re scans for the capital quickly.)
_CAP_WORD = regexcache.compile(rf"[{_UPPER}](?<![\w@#/\\.-].)[{_LOWER}]+(?:-{_CAP})?(?![\w@]|-\w)")
_PARTICLES = r"(?:van|von|de|der|den|da|di|du|del|della|dos|das|le|la|ten|ter)(?:[ \t]+(?:der|den|de|la))?"
_SURNAME_AFTER = regexcache.compile(
    rf"[ \t]+(?:(?:[{_UPPER}]\.|{_PARTICLES})[ \t]+)?((?:Mc|Mac|O'|O’)?{_CAP}(?:-{_CAP})?)(?![\w@]|-\w)"
)

# Context that makes a lone first name a person, whatever else the word could mean.
_STRONG_BEFORE = regexcache.compile(
    r"(?:\bi'?m|\bi’m|\bi am|\bmy name is|\bname's|\bname is|\bcall|\bcalled|\bcalling|\be-?mail|"
    r"\bemailed|\bask|\basked|\btell|\btold|\bthanks|\bthank you|\bdear|\bcc|\bping|\bpinged|"
    r"\bintroducing|\bsincerely|\bregards|"
    r"\b(?:talk|talked|speak|spoke|chat|chatted|met|meet|meeting|worked|working|check|checked) with|"
    r"\b(?:talk|talked|speak|spoke|reach out|reached out|reply|replied|forward|forwarded|send it|"
    r"sent it|introduce you|handed over) to),?:?\s+$",
    re.IGNORECASE,
)
# Greetings and salutations of the languages mops reads (de, fr, es, it, nl, pt): "Liebe Anna,",
# "Bonjour Camille,", "Hola Lucía,", "Ciao Marco,", "Beste Sanne,", "Olá Ana,". Like "hello", enough for a
# name that is not also a word or a place; the "dear" ones with a comma after the name ("Liebe Charlotte,")
# for any first name, as "Dear Florence," is ("Bonjour Paris, nous arrivons" stays the city's).
_DEAR_WORDS = (
    r"liebe|lieber|liebes|sehr geehrte|sehr geehrter|cher|chère|chers|chères|"
    r"querida|querido|queridos|queridas|estimada|estimado|estimados|estimadas|"
    r"cara|caro|carissima|carissimo|gentile|gentilissima|gentilissimo|gentili|"
    r"beste|lieve|geachte|prezada|prezado|prezados"
)
_SALUTATIONS = (
    _DEAR_WORDS + r"|hallo|moin|servus|guten (?:tag|morgen|abend)|"
    r"bonjour|bonsoir|salut|coucou|hola|buenos días|buenas tardes|buenas|"
    r"ciao|salve|buongiorno|buonasera|hoi|dag|goedemorgen|goedemiddag|"
    r"olá|oi|bom dia|boa tarde|boa noite|"
    r"danke|vielen dank|merci|gracias|grazie|bedankt|dank je|obrigad[oa]"  # thanks, as "thanks Laura"
)
_SALUTATION_BEFORE = regexcache.compile(rf"\b(?:{_DEAR_WORDS})[ \t]+$", re.IGNORECASE)
# Greetings are as good, except before words that are also seasons and such ("Hello Summer!").
_GREETING_BEFORE = regexcache.compile(r"\b(?:hi|hello|hey|welcome|bye|cheers|this is|" + _SALUTATIONS + r"),?\s+$", re.IGNORECASE)
# Weaker context, enough only for names that are not also everyday words: "by Laura", "with David".
# ("from", "to" and "and" are left out: they precede places and plain words far more often.)
_WEAK_BEFORE = regexcache.compile(r"\b(?:by|with),?\s+$", re.IGNORECASE)
# Introductions so explicit that any capitalised word after them is a name, listed or not.
# (Neither pattern starts with \b or a case-insensitive group: that would make re crawl through
# prose. The word boundary before them is checked in Python.)
_INTRODUCTION = regexcache.compile(
    r"(?:[Mm]y name is|[Mm]y name's|[Nn]ame's|[Cc]all me|I'm called|I am called)[\s,:]+"
    rf"({_CAP}(?:-{_CAP})?)(?![\w@]|-\w)"
)
_AFTER = regexcache.compile(
    r"[\s,]*(?:said|says|asked|asks|mentioned|suggested|wrote|writes|thinks|thought|agreed|explained|"
    r"replied|noted|added|emailed|called|confirmed|here\b|speaking\b|will\s+(?:send|share|check|"
    r"follow|look|call|email))\b",
    re.IGNORECASE,
)
# A name listed with a place ("Austin and Charlotte", "Dallas, Laura") or before a place's noun
# ("Charlotte stores"): the place's, when the name was found as a person somewhere else.
_LISTED_BEFORE = regexcache.compile(rf"({_CAP})(?:[ \t]*,[ \t]*|[ \t]+(?:and|or|&)[ \t]+)$")
_PLACE_NOUN_AFTER = regexcache.compile(
    r"(?:[ \t]*,[ \t]*[A-Z]\w+)*(?:[ \t]+(?:and|or|&)[ \t]+[A-Z]\w+)?[ \t]+(?:stores?|shops?|locations?|branch(?:es)?|"
    r"offices?|outlets?|boutiques?|showrooms?|area|region|metro|downtown|airport|residents|locals|fans)\b"
)
_DATE_AFTER = regexcache.compile(r"[ \t]*\d")
# Person-like context that holds for any first name, places' and brands' included.
_ROLES = (
    r"(?:store |shop |brand |general |marketing |sales |account |product |community |social media )?"
    r"(?:manager|director|founder|co-?founder|owner|ceo|cto|cmo|coo|cfo|president|chair|assistant|associate|"
    r"advis[eo]r|consultant|specialist|coordinator|stylist|buyer|editor|writer|designer|developer|engineer|"
    r"chef|cook|barista|guide|ranger|instructor|coach|trainer|host|expert|lead|head|officer|representative|"
    r"rep|agent|executive|supervisor|intern|photographer|athlete|ambassador|influencer|customer|client|"
    r"member|employee|colleague|teammate|volunteer|reviewer|verified buyer|mum|mom|dad|mother|father|"
    r"sister|brother|wife|husband|partner|daughter|son|grandma|grandpa|friend|neighbou?r)s?"
)
# "Priya, Store Manager", "Georgia, our stylist", "Sam, 34, from Leeds"
_ROLE_AFTER = regexcache.compile(
    rf"[ \t]*,[ \t]*(?:(?:(?:our|the|your|a|an|my|head|senior|junior|lead|chief|assistant)[ \t]+)*"
    rf"(?:[A-Za-z][\w'’-]*[ \t]+)?{_ROLES}\b|\d{{1,2}}[ \t]*(?:,|\bfrom\b|\(|$))",
    re.IGNORECASE | re.MULTILINE,
)
# "Michael from our Denver store", "Jordan at the Denver shop", "Kim from accounts"
_TEAM_AFTER = regexcache.compile(
    r"[ \t]+(?:from|at|of)[ \t]+(?:(?:our|the|your)[ \t]+(?:[\w'’&-]+[ \t]+){0,3}?"
    r"(?:store|shop|team|office|branch|boutique|studio|showroom|warehouse|outlet|location|crew|department|"
    r"dept|desk|support|service|care|helpdesk|help desk|headquarters|hq)s?|support|sales|accounts|billing|"
    r"marketing|finance|legal|hr|it|customer (?:service|care|support)|head office)\b",
    re.IGNORECASE,
)
# "our stylist Paris", "store manager Michael", "customer Florence"; a place's or brand's name needs
# the role to be someone's ("our guide Florence", not "city guide Florence")
_ROLE_BEFORE = regexcache.compile(rf"\b{_ROLES},?[ \t]+$", re.IGNORECASE)
_OWNED_ROLE_BEFORE = regexcache.compile(
    rf"\b(?:our|my|your|his|her|their)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?{_ROLES},?[ \t]+$", re.IGNORECASE
)
# A sign-off on the line before or on the same line: "Best,\nFlorence", "Cheers, Jordan"
_SIGN_OFF_BEFORE = regexcache.compile(
    r"\b(?:best|best wishes|all the best|cheers|love|lots of love|signed|warmly|warm wishes|yours|"
    r"yours truly|xoxo|xo|take care|talk soon|speak soon|see you soon|many thanks|with thanks|"
    # the languages mops reads: de, fr, es, it, nl, pt
    r"(?:viele|beste|liebe|herzliche|freundliche|sonnige|schöne) gr(?:ü|ue)(?:ß|ss)e|mit freundlichen gr(?:ü|ue)(?:ß|ss)en|"
    r"gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss)|lg|vg|bg|mfg|alles liebe|bis bald|"
    r"cordialement|bien cordialement|bien à vous|amitiés|amicalement|bises|bisous|gros bisous|à bientôt|"
    r"salutations|sincères salutations|"
    r"saludos|un saludo|saludos cordiales|un abrazo|abrazos|besos|atentamente|hasta pronto|"
    r"cordiali saluti|distinti saluti|saluti|un abbraccio|a presto|baci|"
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|groetjes|groeten|mvg|"
    r"atenciosamente|cumprimentos|um abraço|abraços|beijos|beijinhos|saudações|até breve)"
    r"(?:[ \t]*,[ \t]*\n?|[ \t]*\n)[ \t]*$",  # the comma or the line break: "Love Paris", "Best Austin tacos" are not
    re.IGNORECASE,
)
# Addressing someone: "Hi Jordan, your order...", "Happy birthday, Savannah!"
_ADDRESS_BEFORE = regexcache.compile(
    r"(?:\b(?:hi|hey|dear)[ \t]+|\b(?:happy birthday|happy anniversary|congratulations|congrats|well done)[ \t]*,?[ \t]*)$",
    re.IGNORECASE,
)
_COMMA_AFTER = regexcache.compile(r"[ \t]*,")
# A place's or brand's name used as an adjective: followed by a lowercase noun ("Dallas fans")
_ATTRIBUTIVE_AFTER = regexcache.compile(
    r"[ \t]+(?!(?:and|or|from|at|of|in|on|is|was|will|would|can|could|has|had|have|who|said|says|"
    r"asked|wrote|writes|thinks|loves|picked|recommends)\b)[a-z]"
)
# A surname's initial: "Chelsea R.", "Jordan T., Denver" (not "Washington D.C.")
_INITIAL_AFTER = regexcache.compile(r"[ \t]+[A-Z]\.(?![\w.])")
# A quote's or a letter's signature: "— Priya" ending its line.
_DASH_BEFORE = regexcache.compile(r"(?:—|–|--|~)[ \t]*$")
_LINE_END_AFTER = regexcache.compile(r"[ \t]*[.!]?[ \t]*(?:\n|$)")
# Any first name after a place word is a place: "San Jose", "Santa Monica", "Lake Louise", "Port Elizabeth".
_PLACE_PREFIX_BEFORE = regexcache.compile(
    r"\b(?:San|Santa|Santo|São|Sao|Saint|Sainte|Fort|Mount|Lake|Port|Cape|Glen|Palm|Point|Isle|Ste?\.|Mt\.|Ft\.|St|Ste|Mt|Ft)[ \t]+$"
)
# A place's or brand's name after a travel, shopping or determiner word is the place or the brand:
# "in Florence", "visit Jordan", "fly to Paris", "shop Jordan at our store", "the Chelsea".
_TRAVEL_BEFORE = regexcache.compile(
    r"\b(?:in|to|into|visit|visiting|explore|exploring|discover|near|around|across|via|toward|towards|"
    r"fly|flights?|trips?|tours?|hotels?|stay|stays|weekend|from|shop|buy|get|wear|order|browse|the|a|an|"
    r"our|new|classic|pair of)[ \t]+$",
    re.IGNORECASE,
)
# A full name before one of these names a place after a person: "Charlotte Douglas Airport".
_NAMED_PLACE_AFTER = regexcache.compile(
    r"[ \t]+(?:airport|station|street|st|avenue|ave|road|rd|park|hospital|university|college|school|"
    r"stadium|arena|bridge|square|centre|center|hall|museum|library|memorial|highway|boulevard|drive|"
    r"terminal|theatre|theater|building|tower|pier|field|institute)\b",
    re.IGNORECASE,
)
_SPEAKER_LABEL = regexcache.compile(r"[^:\n]{1,40}:\s")
# "Mr Smith", "Dr. Ana Ruiz", "Miss Monkey": a title makes the next capitalised word(s) a name.
_HONORIFIC = regexcache.compile(
    rf"(?:Mr|Mrs|Ms|Mx|Miss|Mister|Dr|Prof|Professor|Sir|Dame|Herr|Frau|Mme|Mlle|Señor|Señora)\.?[ \t]+"
    rf"({_CAP}(?:-{_CAP})?(?:[ \t]+(?:Mc|Mac|O'|O’)?{_CAP}(?:-{_CAP})?)?)(?![\w@]|-\w)"
)
# A word in capitals ("CALL LENA VOGEL NOW", "Dear ANNA,"): read as capitalised when it is a first name.
_CAPS_WORD = regexcache.compile(rf"[{_UPPER}](?<![\w@#/\\.-].)[{_UPPER}]+(?![\w@]|-\w)")
_SENTENCE_OPENERS = frozenset("\n.!?:;\"“”‘'(*-•>[")
_CONTEXT = 40  # characters of context examined either side


def _introductions(text: str) -> Iterator[re.Match[str]]:
    """`_INTRODUCTION` matches, looked for only around "name" and "call" (str.find beats re here)."""
    seen: set[int] = set()
    for anchor in ("name", "call"):
        at = text.find(anchor)
        while at != -1:
            m = _INTRODUCTION.search(text, max(0, at - 8), at + 80)
            if m is not None and m.start() not in seen:
                seen.add(m.start())
                yield m
            at = text.find(anchor, at + 1)


def _word_before(text: str, pos: int) -> bool:
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS


def _headline(text: str, pos: int) -> bool:
    """True when the line at `pos` is Title Case ("Summer Sale Starts Now"): a heading, not prose."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else len(text)]
    label = _SPEAKER_LABEL.match(line)  # "Project Manager: Uh, Dave Cochrane." is an utterance
    if label and label.end() <= pos - start:
        line = line[label.end() :]
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _phrase_pattern(phrases: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    # longest first; ties in text order, so that the pattern is the same in every run (a set's order
    # is not) and its compiled code is found in mops.regexcache
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not parts:
        return None
    body = "|".join(r"\s+".join(re.escape(token) for token in p.split()) for p in parts)
    return regexcache.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if ignore_case else 0)


class NameFinder:
    """Finds people's names; built once per workspace, reused for every text."""

    def __init__(self, *, people: Iterable[str] = (), protected_names: Iterable[str] = ()) -> None:
        people = [p for p in people if p.strip()]
        self._people = _phrase_pattern(people, ignore_case=False)
        self._people_first = frozenset(p.split()[0] for p in people)
        self._protected = _phrase_pattern(
            [*namelists.platform_names(), *protected_names], ignore_case=True
        )
        self._first = namelists.first_names() | self._people_first
        self._ambiguous = namelists.ambiguous_first_names()
        # places and brands that are also first names; the workspace's own people are people
        self._places = namelists.place_and_brand_names() - self._people_first
        self._surnames = namelists.known_surnames()
        self._not_surnames = namelists.non_surname_words()

    def find(self, text: str) -> Iterator[PiiMatch]:
        source = text
        text, caps = self._recased(text)
        spans = _Spans()
        # The workspace's people are known: their first names count wherever they stand capitalised.
        confirmed: set[str] = set(self._people_first)
        if self._people is not None:
            for m in self._people.finditer(text):
                spans.add(m.start(), m.end())

        for m in _HONORIFIC.finditer(source):  # as written: "DR PEPPER" is a drink
            if _word_before(text, m.start()):
                continue
            words = m.group(1).split()
            if self._not_surnames.isdisjoint(words) and not spans.covers(m.start(1)):
                if not self._protected_overlap(text, m.start(1), m.end(1)):
                    spans.add(m.start(1), m.end(1))
        for m in _introductions(source):
            name = m.group(1)
            if _word_before(text, m.start()) or name in self._not_surnames or spans.covers(m.start(1)):
                continue
            after = _SURNAME_AFTER.match(text, m.end(1))
            end = after.end() if after and after.group(1) not in self._not_surnames else m.end(1)
            if not self._protected_overlap(text, m.start(1), end):
                spans.add(m.start(1), end)
                confirmed.add(name)

        # The names introduced above that are not on the list are rare: only with them is the list copied
        # (a union copies ~15,000 names, which was most of the cost of a short text). Most texts'
        # capitalised words are no first name ("Item" on each of 40,000 lines): the words alone, with
        # no match object each, say whether any is; then one set lookup a capitalised word, `m[0]`
        # rather than `m.group()`.
        unlisted = confirmed.difference(self._first)
        names = self._first | unlisted if unlisted else self._first
        occurrences = [] if names.isdisjoint(_CAP_WORD.findall(text)) else [m for m in _CAP_WORD.finditer(text) if m[0] in names]
        for m in occurrences:
            if spans.covers(m.start()):
                continue
            if self._place_context(text, m) and not _ROLE_AFTER.match(text, m.end()):
                continue  # "fly to Florence", "shop Jordan at our store"; not "tips from Paris, Store Manager"
            span, strong = self._full_name(text, m, caps), True
            if span is None and m.start() in caps:
                span, strong = self._addressed(text, m), True
            elif span is None:
                span, strong = self._in_context(text, m)
            if span is not None and not self._protected_overlap(text, *span):
                spans.add(*span)
                if strong:  # only well-founded names are looked for again elsewhere in the text
                    confirmed.add(m.group())

        for m in occurrences:
            name = m.group()
            if name not in confirmed or spans.covers(m.start()):
                continue
            if name in self._places or m.start() in caps:
                continue  # a place's or brand's name is a person only in its own context; so is a word in capitals
            if self._place_list(text, m):
                continue  # "Our Austin and Laura stores": the same word as a place
            if name in self._ambiguous and _sentence_initial(text, m.start()):
                continue
            if self._place_context(text, m):
                continue
            if not self._protected_overlap(text, m.start(), m.end()):
                spans.add(m.start(), m.end())

        for start, end in spans.sorted():
            yield PiiMatch.of("person_name", source, start, end)

    def _recased(self, text: str) -> tuple[str, frozenset[int]]:
        """The text with its words in capitals capitalised ("LENA VOGEL" -> "Lena Vogel") when one of them
        is a first name, and where those words start; the text as it is otherwise. Same length."""
        words = [m for m in _CAPS_WORD.finditer(text)]
        if not words or not any(m.group().capitalize() in self._first for m in words):
            return text, frozenset()
        parts, starts, at = [], set(), 0
        for m in words:
            word = m.group().capitalize()
            if len(word) != len(m.group()):
                continue
            parts += [text[at : m.start()], word]
            starts.add(m.start())
            at = m.end()
        parts.append(text[at:])
        return "".join(parts), frozenset(starts)

    def _place_list(self, text: str, name: re.Match[str]) -> bool:
        """The name listed with a place or before a place's noun: "Austin and Charlotte stores"."""
        if _PLACE_NOUN_AFTER.match(text, name.end()):
            return True
        before = _LISTED_BEFORE.search(text, max(0, name.start() - _CONTEXT), name.start())
        return before is not None and before.group(1) in self._places

    def _addressed(self, text: str, first: re.Match[str]) -> tuple[int, int] | None:
        """A first name in capitals alone is a person only when addressed, introduced or signing off:
        "Dear ANNA,", "HALLO JONAS", "CALL LENA" ("usize::MAX, 4", "with ISA prefix" are not)."""
        before = text[max(0, first.start() - _CONTEXT) : first.start()]
        if _STRONG_BEFORE.search(before) or _SIGN_OFF_BEFORE.search(before):
            return first.start(), first.end()
        if _ADDRESS_BEFORE.search(before) and _COMMA_AFTER.match(text, first.end()):
            return first.start(), first.end()
        if _SALUTATION_BEFORE.search(before) and _COMMA_AFTER.match(text, first.end()):
            return first.start(), first.end()
        name = first.group()
        if name not in self._ambiguous and name not in self._places and _GREETING_BEFORE.search(before):
            return first.start(), first.end()
        return None

    def _full_name(self, text: str, first: re.Match[str], caps: frozenset[int] = frozenset()) -> tuple[int, int] | None:
        after = _SURNAME_AFTER.match(text, first.end())
        if after is None:
            return None
        surname = after.group(1)
        known = surname in self._surnames
        if surname in self._places and not known:
            return None  # "Helena Montana", "Florence Italy"
        if _NAMED_PLACE_AFTER.match(text, after.end()):
            return None  # "Charlotte Douglas Airport", "John Lennon Airport"
        if first.group() in self._ambiguous and first.start() in caps:
            return None  # "MAY FLOWERS": in capitals an everyday word's surname proves nothing ("WILL SMITH" is lost)
        if first.group() in self._ambiguous or first.group() in self._places:
            # "Mark Johnson" yes; "Sage Green", "Summer Sale" no.
            return (first.start(), after.end()) if known and surname not in self._not_surnames else None
        if known:
            return first.start(), after.end()  # "Laura Green"
        if first.start() in caps or after.start(1) in caps:  # in capitals any word looks like a name: the surname must be a listed one
            return (first.start(), after.end()) if surname in namelists.caps_surnames() else None
        if surname in self._not_surnames or _headline(text, first.start()):
            return None
        return first.start(), after.end()

    def _in_context(self, text: str, first: re.Match[str]) -> tuple[tuple[int, int] | None, bool]:
        """The name's span if its context makes it a person, and whether that context is strong."""
        span = (first.start(), first.end())
        before = text[max(0, first.start() - _CONTEXT) : first.start()]
        ambiguous = first.group() in self._ambiguous or first.group() in self._places
        if ambiguous and _DATE_AFTER.match(text, first.end()):
            return None, False  # "call May 5", "email June 3rd"
        if _STRONG_BEFORE.search(before) or _AFTER.match(text, first.end()):
            return span, True
        if self._person_context(text, first, before):
            return span, True
        if not ambiguous and _GREETING_BEFORE.search(before):
            return span, True
        if not ambiguous and _WEAK_BEFORE.search(before):
            return span, False
        return None, False

    def _person_context(self, text: str, first: re.Match[str], before: str) -> bool:
        """A role, a team or a signature around the name: a person whatever else the word names."""
        end = first.end()
        if _ROLE_AFTER.match(text, end) or _TEAM_AFTER.match(text, end):
            return True
        place = first.group() in self._places
        if place and _ATTRIBUTIVE_AFTER.match(text, end):
            return False  # "Congrats, Dallas fans!": the place's people
        role_before = _OWNED_ROLE_BEFORE if place else _ROLE_BEFORE
        if role_before.search(before) or _SIGN_OFF_BEFORE.search(before):
            return True
        if _INITIAL_AFTER.match(text, end):
            return True
        if _ADDRESS_BEFORE.search(before) and (_COMMA_AFTER.match(text, end) or not before.rstrip().lower().endswith(("hi", "hey"))):
            return True  # "Hi Jordan, ..." (not "Hey Summer!"), "Happy birthday, Savannah"
        if _SALUTATION_BEFORE.search(before) and _COMMA_AFTER.match(text, end):
            return True  # "Liebe Charlotte,", "Bonjour Paris," opening a letter
        # "— Priya" closing a line; a place's name after a dash is as often a destination
        return first.group() not in self._places and bool(_DASH_BEFORE.search(before)) and bool(_LINE_END_AFTER.match(text, end))

    def _place_context(self, text: str, first: re.Match[str]) -> bool:
        """A place's name, whatever the word: after "San", "Lake"...; a place's or brand's after "in", "visit"..."""
        start = first.start()
        before = text[max(0, start - 24) : start]
        if _PLACE_PREFIX_BEFORE.search(before):
            return True
        return first.group() in self._places and _TRAVEL_BEFORE.search(before) is not None

    def _protected_overlap(self, text: str, start: int, end: int) -> bool:
        if self._protected is None:
            return False
        lo = max(0, start - 80)
        for m in self._protected.finditer(text, lo, min(len(text), end + 80)):
            if m.start() < end and start < m.end():
                return True
        return False



class _Spans:
    """Non-overlapping spans found so far, with constant-time "is this position taken?"."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._taken: set[int] = set()

    def add(self, start: int, end: int) -> None:
        if self._taken.isdisjoint(range(start, end)):
            self._spans.append((start, end))
            self._taken.update(range(start, end))

    def covers(self, position: int) -> bool:
        return position in self._taken

    def sorted(self) -> list[tuple[int, int]]:
        return sorted(self._spans)
