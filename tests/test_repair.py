"""Encoding repair and decoding: the seed article's mojibake, clean text left alone, BOMs, binary."""
from __future__ import annotations

from pathlib import Path

import pytest

from geokg.ingest.repair import decode_bytes, repair_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "00_russia_turkey_jet.txt"

CLEAN = [
    "François Hollande met Recep Tayyip Erdoğan in Ankara.",
    "Dvořák, těžký, Łódź, Gdańsk, Kraków, Zürich, São Paulo, naïve café",
    "„Fuß“ «Élysée» — “quoted” ‘text’… 50 °C ± 2, 3×4, ½, © 2019, £5, €3",
    "Владимир Путин · 習近平 · Ωμέγα",
    "██\u00a0Syrian Arab Republic\n\n██\u00a0Syrian Democratic Forces",
    "├── tree\n│   └── file\n\n\tindented &amp; escaped",
]


def test_seed_article_francois_is_repaired():
    raw = decode_bytes(SEED.read_bytes())
    assert "Fran├žois" in raw
    fixed = repair_text(raw)
    assert "French counterpart François Hollande say" in fixed
    assert "├" not in fixed and "ž" not in fixed
    # the repair touches the broken word only: the rest is the same text
    assert fixed == raw.replace("Fran├žois", "François")


@pytest.mark.parametrize("clean", CLEAN)
def test_clean_text_is_unchanged(clean):
    assert repair_text(clean) == clean


def _mojibake_cases() -> list[tuple[str, str, str]]:
    cases = []
    for word in ["François", "Erdoğan", "Kościuszko", "Łódź", "“EastMed” — …", "€20"]:
        for codepage in ["cp852", "cp437", "cp850", "cp1250", "cp1252"]:
            try:  # a few bytes are undefined in cp1250/cp1252: such text cannot be broken that way
                cases.append((word, codepage, word.encode("utf-8").decode(codepage)))
            except UnicodeDecodeError:
                continue
    return cases


@pytest.mark.parametrize(("word", "codepage", "broken"), _mojibake_cases())
def test_utf8_read_through_a_code_page_is_recovered(word, codepage, broken):
    assert repair_text(f"Minister {broken} said") == f"Minister {word} said"


def test_line_endings_controls_and_normal_form():
    text = "Title\r\n\r\nFirst\x00 para\x07graph.\rSecond\tline.\x1b\n\nCafe\u0301 e\u0301"
    assert repair_text(text) == "Title\n\nFirst paragraph.\nSecond\tline.\n\nCafé é"


def test_blank_lines_are_kept():
    text = "One paragraph.\n\nAnother one.\n\n\nA third."
    assert repair_text(text) == text


def test_utf16_with_bom_is_decoded():
    text = "Moscow and Ankara — François Hollande"
    assert decode_bytes(text.encode("utf-16")) == text  # with BOM, native order
    assert decode_bytes(b"\xfe\xff" + text.encode("utf-16-be")) == text
    assert decode_bytes(b"\xff\xfe\x00\x00" + text.encode("utf-32-le")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_bomless_utf16_is_decoded():
    assert decode_bytes("Turkey shot down the jet".encode("utf-16-le")) == "Turkey shot down the jet"


def test_cp1252_fallback():
    assert decode_bytes("Müller’s café".encode("cp1252")) == "Müller’s café"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"text with a NUL\x00 in the middle of it",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_data_is_refused(data):
    with pytest.raises(ValueError, match="^binary file"):
        decode_bytes(data)
