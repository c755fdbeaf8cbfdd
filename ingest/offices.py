"""Offices: the title a person's name carries, and whose office it is.

A title is read from the words next to a name, not from the parse alone (the parser attaches "Minister of
Information Moammar al-Eryani" or "Secretary of State Mike Pompeo" in many ways):

* before the name: "US Secretary of State Mike Pompeo", "Hong Kong Chief Executive Carrie Lam",
  "the President of the United States Donald Trump", "Northamptonshire's chief constable Nick Adderley",
  "Taliban spokesperson Zabiullah Mujahid" (stopping at a verb, a comma, a conjunction or another name);
* after it, in an apposition: "Carrie Lam, the chief executive of Hong Kong", "Elaine Chao, the Secretary of
  Transportation";
* before it, with the name in apposition: "the prosecutor general of Tehran, Ali Alghasi Mehr".

The window is a title when it holds an office word (``agents.tsv`` offices and ``titles.tsv``). A country
named in it (adjective, name, capital, "of X", "X's") is the office's country; an organisation or group
named in it is the office's holder instead ("Taliban spokesperson" is an office of the Taliban, not of
Afghanistan). The role is the title's words without the country ("secretary of state").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from geokg.ingest import lexicon
from geokg.ingest.lexicon import _rows
from geokg.ingest.models import Actor, slug

# Words that may sit inside a title ("secretary of state", "special envoy for ukraine negotiations").
TITLE_ADP = {"of", "for", "to", "on", "and"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "sheikh", "sheik", "his", "her", "their", "its",
              "the", "a", "an", "then", "late"}
MAX_WINDOW = 10
COPULAS = {"be", "become", "remain", "serve"}
APPOINTED = {"appoint", "name", "elect", "nominate", "install", "choose", "select"}


@dataclass(frozen=True)
class Title:
    role: str  # lower case, without the country: "secretary of state"
    country: str | None = None  # ISO3 of the office's state when the phrase names it
    holder: Actor | None = None  # the organisation or group whose office it is
    owner_person: str | None = None  # "one of President Zelensky's aides": the person named as owner (text)
    start: int = -1  # first token of the phrase read
    plural: bool = False  # "Representatives Eliot Engel, Adam Schiff, and ...": the title of a list


@cache
def title_table() -> dict[str, tuple[str | None, str]]:
    """Curated titles: title -> (the country it implies or None, holder kind)."""
    return {r["title"]: (r["country"] or None, r["holder"] or "any") for r in _rows("titles.tsv")}


@cache
def agent_offices() -> frozenset[str]:
    """The offices of the agents table ("foreign minister", "spokesman"), and "counterpart": the nouns that
    head a person's noun phrase ("Sergey Lavrov, Russia's foreign minister") and refer back ("the minister")."""
    return frozenset({noun for noun, (_, kind) in lexicon.agents().items() if kind == "office"} | {"counterpart"})


@cache
def office_words() -> frozenset[str]:
    """Every office title, lower case, single- and multi-word: the agents' offices and ``titles.tsv``."""
    return agent_offices() | frozenset(title_table())


def has_office(words: list[str]) -> bool:
    """Does a run of lower-case words hold an office title ("energy minister", "secretary of state")?"""
    titles = office_words()
    for i, w in enumerate(words):
        if w in titles or (w.endswith("s") and w[:-1] in titles):
            return True
        for j in range(i + 2, min(len(words), i + 5) + 1):
            if " ".join(words[i:j]) in titles:
                return True
    return False


def default_country(role: str) -> str | None:
    """The country a title implies on its own ("taoiseach": Ireland), else None."""
    table = title_table()
    for form in (role, role[:-1] if role.endswith("s") else role):
        if form in table and table[form][0]:
            return table[form][0]
    return None


GazRef = Callable[[Token], Actor | None]


def _title_tokens(window: list[Token]) -> set[int]:
    """Tokens that spell a multi-word title ("Secretary of State"): never read as a country or organisation."""
    titles = office_words()
    low = [t.lower_ for t in window]
    out: set[int] = set()
    for i in range(len(low)):
        for j in range(min(len(low), i + 6), i + 1, -1):
            if " ".join(low[i:j]) in titles:
                out.update(t.i for t in window[i:j])
                break
    return out


def _own_title(window: list[Token]) -> list[Token]:
    """ "spokesperson for President [NAME]": the title next to the name is the name's own; the words before a
    preposition belong to someone else when what follows it is a title by itself."""
    for k in range(len(window) - 1, 0, -1):
        if window[k].pos_ == "ADP" and window[k].lower_ in TITLE_ADP and k + 1 < len(window):
            rest = [t.lower_ for t in window[k + 1:] if t.pos_ != "DET"]
            if rest and has_office(rest) and " ".join(t.lower_ for t in window) not in office_words():
                return window[k + 1:]
    return window


class TitleReader:
    """Reads the title around a person's name span. ``gaz(tok)`` is the gazetteer actor covering a token."""

    def __init__(self, gaz: GazRef, person_tokens: set[int], org_of: Callable[[Token], Actor | None],
                 kind_of: Callable[[Token], str | None] = lambda tok: None) -> None:
        self.gaz = gaz
        self.person_tokens = person_tokens
        self.org_of = org_of
        self.kind_of = kind_of  # the gazetteer's kind of name at a token: name, metonym (a capital), place ...

    def read(self, span: Span, sent: Span) -> Title | None:
        for window, left in ((self._left_window(span, sent), True), (self._right_apposition(span, sent), False),
                             (self._leading_apposition(span, sent), False), (self._copular(span, sent), False)):
            title = self._analyse(window, nearest_last=left) if window else None
            if title is not None:
                plural = left and window[-1].tag_ in {"NNS", "NNPS"}
                return Title(title.role, title.country, title.holder, title.owner_person, window[0].i, plural)
        return None

    # ---- windows ------------------------------------------------------------------------
    def _left_window(self, span: Span, sent: Span) -> list[Token]:
        out: list[Token] = []
        i = span.start - 1
        while i >= sent.start and len(out) < MAX_WINDOW:
            tok = span.doc[i]
            low = tok.lower_
            if (tok.i in self.person_tokens and out) or tok.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL"}:
                break  # another name, or "on Tuesday Prime Minister X"
            inner_and = low == "and" and out and out[0].is_title and i > sent.start and span.doc[i - 1].is_title
            if tok.pos_ in {"VERB", "AUX", "PRON", "NUM", "SCONJ", "CCONJ"} and low not in {"his", "her", "their"} \
                    and not inner_and:
                break
            if tok.is_punct and low not in {"-", ".", "'s", "’s", "(", ")"}:
                break
            if tok.pos_ == "ADP" and low not in TITLE_ADP:
                break
            if tok.pos_ == "ADP" and not out:
                break
            out.insert(0, tok)
            i -= 1
        while out and (out[0].pos_ == "ADP" or out[0].lower_ in {"and"}):
            out.pop(0)
        return out

    def _right_apposition(self, span: Span, sent: Span) -> list[Token]:
        """ "NAME, the Y of Z,", "NAME, one of President X's aides", "NAME, spokesperson for ...",
        "NAME who is the Y": the words after the name, to the next comma or clause."""
        doc = span.doc
        k = span.end
        if k >= sent.end:
            return []
        relative = False
        if doc[k].text == ",":
            k += 1
        if k + 1 < sent.end and doc[k].lower_ == "who" and doc[k + 1].lemma_.lower() in COPULAS:
            k, relative = k + 2, True
            if k < sent.end and doc[k].lower_ == "as":
                k += 1
        elif doc[span.end].text != ",":
            return []
        if k + 1 < sent.end and doc[k].lower_ == "one" and doc[k + 1].lower_ == "of":
            k += 2
        out: list[Token] = []
        while k < sent.end and len(out) < MAX_WINDOW + 2:
            tok = doc[k]
            if tok.is_punct and tok.text not in {"-", "'s", "’s"}:
                break
            if (tok.pos_ in {"VERB", "AUX", "SCONJ"} or (tok.pos_ == "PRON" and tok.dep_ != "poss")
                    or tok.lower_ in {"who", "which", "that"}):
                break
            if tok.i in self.person_tokens:  # only as an owner: "President Zelensky's aides"
                n = k
                while n < sent.end and n in self.person_tokens:
                    n += 1
                if n < sent.end and doc[n].lower_ in {"'s", "’s"}:
                    out.extend(doc[k:n])
                    k = n
                    continue
                return []
            out.append(tok)
            k += 1
        if not out:
            return []
        first = out[0]
        if first.lower_ in {"the", "a", "an", "his", "her", "their", "its"} or relative or has_office([first.lower_]) \
                or any(self.gaz(t) is not None for t in out[:2]) or any(t.lower_ in {"'s", "’s"} for t in out):
            return out
        return []  # "Putin, Erdogan and ...": a list, not an apposition

    def _copular(self, span: Span, sent: Span) -> list[Token]:
        """ "Johnson became leader of the Conservative Party", "X is the foreign minister of Y"."""
        root = span.root
        verb = root.head
        if root.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_.lower() not in COPULAS | APPOINTED:
            return []
        pred = [c for c in verb.children if c.dep_ in {"attr", "oprd", "acomp"}]
        pred += [p for p in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as")
                 for p in p.children if p.dep_ == "pobj"]
        if not pred:
            return []
        head = pred[0]
        words = [t.lower_ for t in head.doc[max(head.left_edge.i, head.i - 3): head.i + 1]]
        if not has_office([head.lower_]) and not has_office(words[-2:]):
            return []  # "Biden is one of the front runners for the nomination for president": no office held
        toks = [t for t in head.subtree if t.i > root.i]
        out: list[Token] = []
        for t in toks:
            if t.is_punct or t.dep_ in {"relcl", "acl"} or t.lower_ in {"who", "which", "that"}:
                break
            out.append(t)
        return out

    def _leading_apposition(self, span: Span, sent: Span) -> list[Token]:
        """ "the prosecutor general of Tehran, Ali Alghasi Mehr": the phrase before ", NAME"."""
        i = span.start - 1
        doc = span.doc
        while i > sent.start and doc[i].lower_.strip(".") in HONORIFICS:
            i -= 1  # "Qatar's emir, Sheikh Hamad": the honorific is part of the name's side
        if i <= sent.start or doc[i].text != ",":
            return []
        out: list[Token] = []
        k = i - 1
        while k >= sent.start and len(out) < MAX_WINDOW:
            tok = doc[k]
            if tok.is_punct or tok.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ"} or tok.i in self.person_tokens:
                break
            out.insert(0, tok)
            if tok.lower_ in {"the", "a", "an"}:
                break
            k -= 1
        if not out or (out[0].lower_ not in {"the", "a", "an"} and self.gaz(out[0]) is None):
            return []  # "the prosecutor general of Tehran, X", "Iranian general, X"
        return out

    # ---- analysis -----------------------------------------------------------------------
    def _analyse(self, window: list[Token], nearest_last: bool = True) -> Title | None:
        if nearest_last:  # before a name the title nearest it is the name's own
            window = _own_title(window)
        protected = _title_tokens(window)
        country: str | None = None
        holder: Actor | None = None
        owner_person: str | None = None
        words: list[Token] = []
        # "X's Y": the owner is what precedes the possessive
        poss = [k for k, t in enumerate(window) if t.lower_ in {"'s", "’s"}]
        if poss:
            owner, window = window[: poss[-1]], window[poss[-1] + 1:]
            found = self._actors(owner)
            country, holder = found
            if country is None and holder is None:
                names = [t for t in owner if t.ent_type_ == "PERSON"]
                if names:
                    owner_person = names[-1].text
                elif owner and owner[-1].ent_type_ in {"GPE", "LOC"}:
                    pass
        # "... of Z" at the end: Z is the office's country or holder
        for k, tok in enumerate(window):
            if tok.pos_ == "ADP" and tok.lower_ != "of":
                break  # "rapporteur for the Office of the UN ...": not the title's own "of"
            if tok.lower_ == "of" and k + 1 < len(window) and tok.i not in protected:
                c, h = self._actors(window[k + 1:])
                if c or h:
                    country, holder = country or c, holder or h
                    if not self._names_a_place(window[k + 1:]):
                        window = window[:k]  # "the President of the United States": the title is "president"
                    break  # "the prosecutor general of Tehran": the city stays in the title
        after_adp = False
        for tok in window:
            after_adp = after_adp or (tok.pos_ == "ADP" and bool(words))
            if tok.text in {"(", ")"}:
                continue
            actor = self.gaz(tok) if tok.i not in protected and not after_adp else None
            if actor is not None:
                if actor.type == "Country" and country is None:
                    country = actor.key
                elif actor.type in {"Organization", "Group"} and holder is None:
                    holder = actor
                elif actor.type == "Location" and country is None:
                    country = actor.country
                continue
            org = self.org_of(tok) if tok.i not in protected else None
            if org is not None:
                holder = holder or org
                continue
            if tok.lower_.strip(".") in HONORIFICS or tok.pos_ == "DET":
                continue
            if tok.ent_type_ in {"GPE", "NORP", "LOC"} and not words:
                continue  # a place the gazetteer does not know ("Maidan Wardak") before the title
            words.append(tok)
        while words and (words[-1].pos_ == "ADP" or words[-1].is_punct):
            words.pop()
        while words and (words[0].pos_ == "ADP" or words[0].is_punct):
            words.pop(0)
        low = [w.lower_ for w in words]
        if not low or not has_office(low):
            return None
        role = " ".join(low).replace(" - ", "-").replace(" .", ".")
        if holder is not None and holder.type == "Country":
            country, holder = holder.key, None
        if holder is not None and country is not None and holder.key not in lexicon.actors():
            holder = None  # "a United States Department of State spokesperson": the state's own office
        return Title(role=role, country=country, holder=holder, owner_person=owner_person)

    def _names_a_place(self, toks: list[Token]) -> bool:
        """A city or region (a capital too: "of Tehran"), not a state."""
        for t in toks:
            actor = self.gaz(t)
            if actor is not None:
                return actor.type == "Location" or self.kind_of(t) == "metonym"
        return False

    def _actors(self, toks: list[Token]) -> tuple[str | None, Actor | None]:
        for tok in toks:
            actor = self.gaz(tok)
            if actor is None:
                org = self.org_of(tok)
                if org is not None:
                    return None, org
                continue
            if actor.type == "Country":
                return actor.key, None
            if actor.type == "Location":
                return actor.country, None
            if actor.type in {"Organization", "Group"}:
                return None, actor
        return None, None


def unknown_org(tok: Token) -> Actor | None:
    """An organisation the entity recogniser names around ``tok`` ("ABS-CBN CEO"), as an actor."""
    if tok.ent_type_ != "ORG":
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start - 1].ent_type_ == "ORG" and doc[start].ent_iob_ != "B":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_type_ == "ORG" and doc[end].ent_iob_ == "I":
        end += 1
    toks = [t for t in doc[start:end] if t.dep_ != "det" and not t.is_punct or t.text == "-"]
    if not toks:
        return None
    name = doc[toks[0].i: toks[-1].i + 1].text
    if has_office([t.lower_ for t in toks]):
        return None
    return Actor(key=slug(name), name=name, type="Organization")
