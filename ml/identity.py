"""Which groups a comment names, and training weights that keep a group's name from meaning abuse.

The public abuse datasets name some groups mostly inside abuse: in the Russian 2ch/Pikabu set four
in five comments naming Russians are toxic, against one in three overall; in the Turkish tweets
comments naming Muslims are toxic twice as often as the rest. A model trained on them learns the
name itself as a sign of abuse and holds the civil comments of the communities an article is about
(see :mod:`ml.bias`). :func:`balancing_weights` reweights, within each source, the examples that
name a group so that their share of toxic weight equals the source's own, leaving their total
weight unchanged (Zhang et al., 2020, "Demographics should not be the reason of toxicity"): the
name stops predicting the label while the words around it still do. Each language of the seed
corpus is balanced on its own, so that, say, Azerbaijani abuse of a group is not offset by English
civil talk about it (Azerbaijani and Turkish names fold to the same letters and share features).
:func:`mask_group_names` goes further for the n-gram features: every name reaches them as one
token, so that no name can carry a weight of its own at all.

The terms are neutral names of peoples, faiths, gender and orientation, and of migrants and
refugees, in the four languages, as word beginnings matched on normalised text (so ``ermənilər``
and ``Ermeniler`` both match ``ermeni``): the peoples of the region and those an English-speaking
readership names too (Black and white people, Hispanics, Chinese, Roma, Afghans, Hindus,
atheists…). A name that is also a colour or a city counts only in the phrases that name people
("blacks", "black voters", "Roma families"; never "a black car" or Turkish "Roma", Rome).
Slurs are deliberately absent: a slur is abuse and must keep its weight. A name can also be a
word of its own (Turkish ``kürt`` and ``kurt``, a wolf, fold to the same letters): such a miss
only makes a weight a little less exact.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ml.corpus import Example
from ml.normalise import normalise
from ml.word_patterns import at_word_start

# Group -> patterns, each matched at the start of a word of the normalised text (lower case,
# Latin diacritics folded: ə→e, ı→i, ü→u, ş→s, ç→c, ğ→g; Cyrillic ё→е, й→и).
IDENTITY_TERMS: dict[str, tuple[str, ...]] = {
    "armenians": ("armenian", "армян", "армени", "ermeni"),
    "azerbaijanis": ("azerbaijani", "azeri", "азербаиджанц", "азербаиджанск", "azerbaycanli"),
    "russians": ("russian", "русск", "россиян", "rus(?:lar\\w*|ca|dilli|iya\\w*|\\b)"),
    "georgians": ("georgian", "грузин", "gurcu"),
    "iranians": (
        "iranian",
        "persian",
        "иранц",
        "иранск",
        "перс(?:ы|ов|ам|ами|ах|идск)",
        "iranli",
        "fars\\b",
    ),
    "turks": ("turk", "турк", "турок", "турец", "турч"),
    "kurds": ("kurd", "курд", "kurt(?:ler\\w*|ce\\w*|\\b)"),
    "ukrainians": ("ukrainian", "украинц", "украинск", "ukraynali"),
    "jews": ("jew(?:s|ish|ess)?\\b", "евре", "иуде", "yehudi", "yahudi"),
    "muslims": ("muslim", "islam", "мусульман", "ислам", "muselman", "musluman"),
    "christians": (
        "christian",
        "catholic",
        "христиан",
        "католи",
        "xristian",
        "hristiyan",
        "katolik",
    ),
    "women": ("wom[ae]n\\b", "female", "женщин", "qadin", "kadin"),
    "gay people": (
        "gays?\\b",
        "lesbian",
        "lgbt",
        "homosexual",
        "queer",
        "transgender",
        "ге(?:и|ев|ям|ями|ях)\\b",
        "лесби",
        "лгбт",
        "гомосексуал",
        "трансгендер",
        "gey(?:ler\\w*)?\\b",
        "lezbiy",
        "homoseksual",
        "escinsel",
        "bisexual",
        "бисексуал",
        "biseksual",
        "trans (?:people|wom[ae]n|m[ae]n|kids|folks?|persons?)\\b",
        "transsexual",
        "транссексуал",
        "transseksuel",
    ),
    "migrants": ("migrant", "immigrant", "мигрант", "иммигрант", "miqrant", "muhacir", "gocmen"),
    "refugees": ("refugee", "asylum", "беженц", "qacqin", "kockun", "multeci", "siginmaci"),
    "arabs": (
        "arab(?:s|ic|ian)?\\b",
        "араб",
        "arap(?:lar\\w*|ca|\\b)",
        "ereb(?:ler\\w*|\\b)",
        "syrian",
        "сириец",
        "сирииц",
        "suriyali",
        "suriyeli",
    ),
    "central asians": ("tajik", "uzbek", "kazakh", "таджик", "узбек", "казах", "tacik", "ozbek"),
    "caucasus peoples": ("chechen", "чечен", "cecen", "lezgin", "лезгин", "lezgi", "talysh"),
    "afghans": ("afghan", "афганц", "afgan(?:li\\w*|lar\\w*|\\b)", "efqan"),
    "pakistanis": ("pakistani", "пакистанц", "pakistanli"),
    "chinese": ("chinese", "китаиц", "китаиск", "cinli"),
    "black people": (
        "blacks\\b",
        "black (?:people|folks?|m[ae]n|wom[ae]n|kids|youths?|americans|britons|community|"
        "communities|voters|neighbou?rs|families|students|lives)\\b",
        "african",
        "afro ?american",
        "афроамерикан",
        "африканц",
        "чернокож",
        "qaraderili",
        "afrikali",
        "siyahiler",
        "siyahi (?:insan|adam|kadin|erkek|vatandas|aile|ogrenci|genc|cocuk)",
    ),
    "white people": (
        "whites\\b",
        "white (?:people|folks?|m[ae]n|wom[ae]n|kids|americans|britons|voters|families)\\b",
    ),
    "hispanics": ("hispanic", "latino", "latina", "latinx", "mexican", "мексиканц", "meksikali"),
    "asians": ("asian", "азиат", "asyali", "asiyali"),
    "indigenous peoples": (
        "indigenous",
        "native americans?\\b",
        "aborigin",
        "коренн(?:ые|ых|ым|ыми) народ",
        "коренн(?:ое|ого|ому|ым) населени",
    ),
    "roma": (
        "roma (?:people|community|communities|famil(?:y|ies)|children|kids|wom[ae]n|m[ae]n|"
        "minority|neighbou?rhoods?|settlements?|camps?)\\b",
        "romani\\b",
        "gyps(?:y|ies)\\b",
        "цыган",
        "qaraci",
        "cingene",
    ),
    "americans": ("americans\\b", "американц", "amerikalil", "amerikanlar"),
    "europeans": ("europeans\\b", "европеиц", "avropalil", "avrupalil"),
    "other faiths": (
        "hindu",
        "sikh",
        "buddhis",
        "индуис",
        "индус(?:ы|ов|ам|ами|ах)?\\b",
        "сикх",
        "буддис",
        "budist",
        "buddist",
    ),
    "atheists": ("atheis", "атеис", "ateis"),
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    group: re.compile(r"(?<!\w)(?:" + "|".join(terms) + ")")
    for group, terms in IDENTITY_TERMS.items()
}


_ANY_GROUP = at_word_start(term for terms in IDENTITY_TERMS.values() for term in terms)


_GROUP_WORD = re.compile(_ANY_GROUP.pattern + r"\w*")

GROUP_TOKEN = "xgroup"


def mask_group_names(normalised: str) -> str:
    """Normalised text with every word that names a group replaced by one token.

    What the n-grams learn about "Armenians are vermin" then holds for every people, and no
    name can learn a weight of its own from data that names it mostly in abuse.
    """
    return _GROUP_WORD.sub(GROUP_TOKEN, normalised)


def names_a_group(normalised: str) -> bool:
    """Whether normalised text names any group of :data:`IDENTITY_TERMS`."""
    return _ANY_GROUP.search(normalised) is not None


def named_groups(text: str) -> frozenset[str]:
    """The groups of :data:`IDENTITY_TERMS` that ``text`` names."""
    normalised = normalise(text)
    return frozenset(group for group, pattern in _PATTERNS.items() if pattern.search(normalised))


def balancing_weights(
    examples: Sequence[Example],
    y: np.ndarray,
    weights: np.ndarray,
    min_mentions: int = 10,
    clip: tuple[float, float] = (0.2, 5.0),
) -> np.ndarray:
    """Multipliers for ``weights`` that make each group's name carry no label within a source.

    Within each source and language (the seed corpus holds four; a public set one), for every
    group named by at least ``min_mentions`` examples of both labels, toxic examples naming it
    are scaled by ``base / share`` and the others by ``(1 - base) / (1 - share)``, where
    ``share`` is the weighted toxic share among them and ``base`` that of the whole cell. An
    example naming several groups takes the geometric mean of their factors; ``clip`` bounds
    every multiplier so that a rare group cannot dominate a fit.
    """
    named = [named_groups(example.text) for example in examples]
    logs: list[list[float]] = [[] for _ in examples]
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, example in enumerate(examples):
        cells[(example.source, example.lang)].append(i)
    for indices in cells.values():
        rows = np.asarray(indices)
        base = weights[rows][y[rows] == 1].sum() / weights[rows].sum()
        for group in IDENTITY_TERMS:
            mentions = np.asarray([i for i in indices if group in named[i]], dtype=int)
            toxic = y[mentions] == 1
            if len(mentions) < min_mentions or toxic.all() or not toxic.any():
                continue
            share = weights[mentions][toxic].sum() / weights[mentions].sum()
            for i, is_toxic in zip(mentions, toxic, strict=True):
                factor = base / share if is_toxic else (1 - base) / (1 - share)
                logs[i].append(float(np.log(factor)))
    multipliers = np.array([np.exp(np.mean(values)) if values else 1.0 for values in logs])
    return np.clip(multipliers, *clip)
