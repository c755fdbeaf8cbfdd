"""Word lists the resolver reads: institution, place, title and organisation nouns, and news outlets."""
from __future__ import annotations

# Nouns that stand for a country's state when a country modifies them ("the Syrian regime").
INSTITUTIONS = {
    "government", "regime", "embassy", "ministry", "administration", "authority", "leadership",
    "delegation", "parliament", "side", "state", "cabinet", "official", "diplomat", "envoy",
    "consulate", "court", "intelligence", "navy", "coalition",
}
# Nouns that name where something happens, not who acts ("Turkish airspace").
PLACES = {"airspace", "air", "space", "territory", "border", "soil", "water", "city", "town", "village",
          "region", "province", "capital", "coast", "port", "base", "area", "land", "strip", "peninsula",
          "island", "valley", "heights", "district", "enclave", "zone", "camp"}
TITLES = {"mr", "mrs", "ms", "dr", "sir", "sheikh", "sheik", "lord", "lady", "gen", "general", "king",
          "queen", "prince", "emir", "president", "premier"}
LOCATIVE = {"in", "at", "near", "around", "outside", "inside", "across", "throughout", "into", "within"}
PAIR_WORDS = {"country", "nation", "side", "neighbour", "neighbor", "government", "state"}
# Last words that make a name the entity recogniser calls an organisation a political actor ("the National
# Telecommunications Commission", "the Western Mindanao Command"); a museum, a website or a company is not.
ACTOR_ORG_HEADS = {
    "party", "movement", "front", "union", "council", "committee", "alliance", "coalition", "organisation",
    "organization", "militia", "association", "federation", "league", "group", "commission", "ministry",
    "department", "agency", "police", "army", "navy", "force", "forces", "command", "guard", "court",
    "tribunal", "house", "senate", "assembly", "parliament", "congress", "office", "bureau", "service",
    "directorate", "authority", "foundation", "institute", "fund", "bank", "brigade", "brigades", "battalion",
    "government", "administration", "cabinet", "network", "corporation", "international", "watch", "cross",
    "crescent", "taliban", "jihad", "resistance", "legislature", "board", "secretariat", "mission",
    "air", "airlines", "airways", "shipping", "petroleum",  # sanctioned companies
    "forum", "conference", "summit",
}
# Head nouns that make an unknown name before them an organisation ("the Umma party").
ORG_HEADS = {"party", "movement", "front", "union", "council", "committee", "alliance", "coalition",
             "organisation", "organization", "militia", "association", "federation", "league", "group"}
# News agencies and outlets are sources, not actors.
MEDIA = {"reuters", "afp", "ap", "bbc", "cnn", "xinhua", "tass", "interfax", "wikinews", "ria", "itar-tass",
         "associated", "agence", "al-jazeera", "aljazeera", "ctk", "irna", "kcna", "yonhap", "kyodo"}
# Platforms people post on ("wrote on Twitter"): never a person or an actor.
PLATFORMS = {"twitter", "facebook", "instagram", "youtube", "telegram", "whatsapp", "tiktok", "weibo", "wechat",
             "reddit", "linkedin", "snapchat", "x"}
# Last words of an outlet's name ("APS news agency", "the Jordan Times").
MEDIA_HEADS = {"newspaper", "times", "daily", "herald", "gazette", "tribune", "journal", "radio", "television",
               "news"}

