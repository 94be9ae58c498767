#!/usr/bin/env python
"""Regenerate matching/data/skills.csv from the curated list and the open corpora.

    python matching/data/build_skills.py            # write skills.csv
    python matching/data/build_skills.py --check    # fail if skills.csv is out of date

Sources (see SOURCES.md): ``curated_skills.csv`` (hand-written, always wins), O*NET
technology skills (Hot Technology, In Demand, or used by 3+ occupations), ESCO skills
(concise knowledge-style labels, not "manage x" competences) and ESCO's language
collection. Stack Overflow tag counts admit O*NET technologies that few occupations
list but many developers use. The corpora folder comes from SHORTLIST_CORPORA or
``<repo>/../shared/corpora``. Output is sorted and byte-for-byte deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
REPO_DIR = DATA_DIR.parent.parent
if sys.path and Path(sys.path[0]).resolve() == DATA_DIR:
    sys.path[0] = str(REPO_DIR)  # not matching/data: import the package from the repository root
elif str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from matching.skills import CATEGORIES, skill_key  # noqa: E402

CURATED_CSV = DATA_DIR / "curated_skills.csv"
OUTPUT_CSV = DATA_DIR / "skills.csv"
COLUMNS = ("name", "category", "aliases", "case_sensitive", "strict")

ONET_MIN_OCCUPATIONS = 3
STACKOVERFLOW_MIN_COUNT = 1000
ESCO_MAX_WORDS = 3
ESCO_MAX_ALIASES = 6

# Companies that O*NET puts in front of product names ("Autodesk AutoCAD"). Longest first.
ONET_VENDORS = sorted(
    {
        vendor.strip()
        for vendor in """Adobe Systems|Adobe|Autodesk|Microsoft|Oracle|IBM|SAP|Apple|Google|Amazon Web Services|Amazon|Apache|
    Atlassian|Dassault Systemes|The MathWorks|MathWorks|Intuit|ESRI|Esri|Bentley Systems|Bentley|Red Hat|
    Cisco Systems|Cisco|Corel|Avid Technology|Avid|Trimble|Siemens|PTC|National Instruments|Hewlett Packard|
    Hewlett-Packard|HP|Sage|Epic|Cerner|Allscripts|GE Healthcare|Salesforce.com|Salesforce|Informatica Corporation|
    Informatica|Kronos|Blackbaud|Deltek|EMC|Hyland Software|Hyland|Infor|Symantec|Thomson Reuters|Qlik Tech|Qlik|
    TIBCO|Tibco|StataCorp|Systat Software|Maplesoft|Mathsoft|Rockwell Automation|Rockwell|SAS|Embarcadero|Quest|
    MSC Software|Golden Software|Leica Geosystems|Pix4D|Pixologic|Maxon|McNeel|Graphisoft|OriginLab|Palisade|
    Nuance|LogMeIn|Perforce|Tenable|Portswigger|Sparta Systems|Talend|NetSuite|Meta|Facebook|Mozilla|Netscape|
    Novell|Citrix|VMware|Intel|Nvidia|NVIDIA|Unity Technologies|Epic Games|Bloomberg|Wolfram Research|Wolfram|
    JetBrains|GitHub|Atlassian Corporation|Bizagi|Minitab|Visual Paradigm|Sonatype|SmartBear|Micro Focus|
    Quest Software|SolarWinds|Zoho|HubSpot|Workday|ADP|Paycom|Paylocity|Ceridian|UKG|Ultimate Software|
    Synopsys|Cadence|Mentor Graphics|Altium|Ansys|ANSYS|Hexagon|Aspen Technology|AspenTech|AVEVA|Emerson|
    Honeywell|Schneider Electric|Yokogawa|Landmark Graphics|Schlumberger|Halliburton|Trimble Navigation|
    Topcon|Carlson|Caliper|Eos Systems|Geometric|DP Technology|Delcam|CNC|Camfit Data Limited|Econometric Software|
    Quantitative Micro Software|Aptech Systems|Scientific Software International|Synergy Software|Muthen & Muthen|
    Decisioneering|Noldus Information Technology|Gene Codes|GraphPad Software|Muthen and Muthen|Unity Technologies|
    Unreal Technology|Sun Microsystems|UGS|Vero Software|Mozilla""".replace("\n", "").split("|")
    },
    key=lambda vendor: (-len(vendor), vendor),
)
ONET_DROP = {
    "google",
    "the general store",
    "squeegee",
    "kitty hawk",
    "o*net online",
    "hand held spell checkers",
    "linkedin",
    "twitter",
    "facebook",
    "web browser",
    "email",
    "e-mail",
    "internet",
    "microsoft operating system",
    "social media sites",
    "online databases",
    "customer information databases",
    "operational databases",
    "law enforcement information databases",
    "ethereal",
    "j",
    "m",
    "blink",
    "eko",
    "compris",
    "interstate connection icon",
    "javascript framework",
    "3d graphics software",
    "electronic time clock etc",
    "delivery operations information system dois",
    "hazardous materials management hms software",
    "piping and instrumentation design pid software",
    "component object model com software",
    "computer aided software engineering case tools",
    "photogrammetric software",
}

# ESCO labels that begin with one of these are competences ("manage supplies"), not the
# noun-style skills people put on a resume.
ESCO_VERBS = set(
    """manage understand use perform maintain write develop operate apply interact advise provide monitor ensure
    analyse prepare conduct create inspect identify install design handle work tend communicate teach assess plan
    liaise supervise organise carry coordinate repair assist promote follow evaluate test interpret support keep
    adjust check oversee clean set implement negotiate demonstrate make remove assemble collect study control report
    process show execute comply lead forecast determine draft integrate calculate select protect think build measure
    manipulate translate inform meet read attend examine sell educate train replace estimate record observe define
    drive respond consult cut give collaborate dispose document review load produce gather prevent compile
    disseminate undertake deal investigate adhere present establish react run position participate deliver construct
    cope mix supply enforce mark take stay direct calibrate manufacture contribute instruct revise adopt respect solve
    engage shape represent fix address tune order motivate customise schedule recognise evacuate interview fish
    escort devise rig obtain align arrange synthesise verify fill fire pack treat track detect dye lift polish program
    influence act search trace guide unload finish audit cooperate wear propose tolerate style rehearse coach optimise
    explain add feed assume resolve administer answer empathise transfer store reinforce speak brief advertise
    encourage share issue improve dispense recruit paint have manoeuvre avoid discuss mitigate source regulate
    moderate lacquer lay facilitate park approve practice register secure utilise distinguish call send sand enhance
    massage listen counsel compare preserve attach fasten stimulate consider pass accept critique alter restrain help
    screen persuade care sort purchase innovate guarantee conclude minimise disinfect dump galvanise entertain
    disassemble bolt greet solder imprint involve allocate strive ban map join lubricate extinguish upsell quote spot
    digitise seal hold fit wire contact decide count find torch describe moor splice increase melt upgrade stain trim
    specialise renew book contract diagnose initiate reconstruct carve acclimatise chair de-rig brainstorm proofread
    inspire tutor boil screw choose be formulate dip raise disaggregate receive bind comprehend simulate procure
    satisfy extract authenticate discharge rebuff conform solicit pose clear reverse hire express play travel
    interrogate rinse bend publish appreciate survive relate watch channel compass strip flood introduce grade
    maximise validate hear blow sew safeguard mentor code impart repackage complete delegate exert rewire dust archive
    move pump troubleshoot rescue appraise achieve recommend differentiate stop mount mine fabricate rivet detain
    blast capture dismantle tabulate advocate sign offer accommodate browse crimp practise reduce render patrol drip
    grind compute decorate update decode place ride officiate climb convert prioritise match seek anticipate memorise
    tackle stand gauge weigh label harvest plant prune breed groom bathe wash dry iron fold stock price exercise focus
    approach age stack draw cast improvise adapt fell smooth wax""".split()
)
# Head nouns that make a label a category of things rather than a skill.
ESCO_BLOCKED_WORDS = re.compile(
    r"\b(types?|characteristics|principles|properties|features|theories|functionalities|by-products|components|"
    r"categories|varieties|parts|kinds|range|methods?|processes|process|techniques?|technologies|elements|rules|"
    r"offers|requirements|needs|information|activities|articles|standards|equipment|tools|instruments|products|"
    r"industry|market|materials|substances|fluids|goods|procedures|concepts|functions|participants|jurisdiction|"
    r"alternatives|motions|toys|records|scale|sequences|spectrum|generators|clocks|pearls|entries|capability|"
    r"operations|regimes|disorders|diseases|delays|games|genres|routes|machines|devices|coatings|colorants|"
    r"systems|affairs|ideologies|studies|articles|terms|aspects|options|issues|trends|specifications|context|"
    r"ability|abilities|related|relevant|things|others|self|oneself|positively|artificially|species|areas|metals|"
    r"fuels|parties|current|discharge|force|power|formation|gas|fluid|resins|lenses|glass|ceramic|mixes|"
    r"chemicals|boards|metrics|ear|aids|cases|drugs|estate|objectives|levels|edges|surface|trees|behaviour|ideas)\b"
)
ESCO_SINGLE_WORD_DROP = {
    "improvise",
    "energy",
    "electricity",
    "database",
    "history",
    "logic",
    "morality",
    "politics",
    "spelling",
    "grammar",
    "literature",
    "consultation",
    "migration",
    "terminology",
    "coining",
    "dies",
    "securities",
    "cameras",
    "medicines",
    "herbicides",
    "lasers",
    "radars",
    "sensors",
    "refrigerants",
    "adhesives",
    "allergies",
    "childbirth",
    "gemstones",
    "ecosystems",
    "patents",
    "semiconductors",
    "microprocessors",
    "microsensors",
    "repossession",
    "ethics",
    "communication",
    "rhetoric",
    "aesthetics",
    "geometry",
    "kinetics",
    "optics",
    "mechanics",
    "semantics",
    "trendwatching",
    "periodisation",
    "etiopathy",
    "fasciatherapy",
    "sexology",
    "victimology",
    "resuscitation",
    "firmware",
    "rehabilitation",
    "blueprints",
    "algorithms",
    "trademarks",
    "surveying",
    "hydraulics",
    "pneumatics",
    "logistics",
    "statistics",
    "accounting",
}
LANGUAGE_ALIAS_DROP = {
    "Standard Chinese",
    "Cantonese",
    "from Holland",
    "from the Netherlands",
    "basa jawa",
    "cara jawa",
}


@dataclass
class Entry:
    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    case_sensitive: list[str] = field(default_factory=list)
    strict: list[str] = field(default_factory=list)
    source: str = "curated"

    def ci_forms(self) -> list[str]:
        special = set(self.case_sensitive) | set(self.strict)
        return ([] if self.name in special else [self.name]) + list(self.aliases)

    def cs_forms(self) -> list[str]:
        return list(self.case_sensitive) + list(self.strict)


# ---------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------


def split_forms(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def read_curated(path: Path = CURATED_CSV) -> list[Entry]:
    with open(path, newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    entries = []
    for row in csv.DictReader(io.StringIO("".join(lines))):
        entries.append(
            Entry(
                name=row["name"].strip(),
                category=row["category"].strip(),
                aliases=split_forms(row.get("aliases")),
                case_sensitive=split_forms(row.get("case_sensitive")),
                strict=split_forms(row.get("strict")),
            )
        )
    return entries


def english_vocabulary(corpora: Path) -> set[str]:
    """Lowercase words that occur in ordinary prose (occupation descriptions).

    A one-word product name that is also such a word ("Slack", "Zoom", "Loom") is made
    strict so that it only matches in a list of skills.
    """
    counts: Counter[str] = Counter()
    with open(corpora / "skills/onet/occupations.tsv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            counts.update(re.findall(r"\b[a-z]+\b", row.get("Description", "")))
    with open(corpora / "skills/onet/technology-skills.tsv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            counts.update(re.findall(r"\b[a-z]+\b", row.get("Commodity Title", "").lower()))
    for name in ("occupations_en.csv", "transversalSkillsCollection_en.csv", "languageSkillsCollection_en.csv"):
        with open(corpora / "skills/esco" / name, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                counts.update(re.findall(r"\b[a-z]+\b", row.get("description", "")))
    with open(corpora / "skills/esco/skills_en.trimmed.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counts.update(re.findall(r"\b[a-z]+\b", row.get("preferredLabel", "") + "\n" + row.get("altLabels", "")))
    return {word for word, count in counts.items() if count >= 2}


def stackoverflow_counts(corpora: Path) -> dict[str, int]:
    with open(corpora / "skills/stackoverflow_tags.csv", newline="", encoding="utf-8") as handle:
        return {row["TagName"]: int(row["Count"] or 0) for row in csv.DictReader(handle)}


def stackoverflow_tag(name: str) -> str:
    return re.sub(r"\s+", "-", name.strip().lower())


# ---------------------------------------------------------------------------
# O*NET
# ---------------------------------------------------------------------------


def is_common_word(word: str, vocab: set[str]) -> bool:
    return word.lower() in vocab


def brand_like(token: str) -> bool:
    """CamelCase, ALLCAPS, digits or symbols: not an ordinary English word."""
    core = token.strip("().,!")
    return bool(
        any(ch.isdigit() for ch in core)
        or re.search(r"[a-z][A-Z]", core)
        or (core.isupper() and len(core) >= 3)
        or re.search(r"[.+#@/]", core)
    )


def distinctive(product: str, vocab: set[str]) -> bool:
    """Whether a product name can stand on its own without its vendor.

    The corpora give no full English dictionary, so a product only stands alone when
    one of its words is brand-like (AutoCAD, SPSS, 3ds Max); "Adobe Illustrator" and
    "Microsoft Publisher" keep their vendor.
    """
    tokens = product.split()
    if not tokens or len(product) < 3 or not product[0].isalpha() or tokens[0] in GENERIC_ACRONYMS:
        return False
    return any(brand_like(token) for token in tokens)


INITIALS_SKIP = {"and", "of", "for", "the", "in", "to", "with", "or", "a"}
GENERIC_ACRONYMS = {"ERP", "CRM", "SQL", "HR", "HRMS", "HCM", "EHR", "EMR", "MAS", "PM", "BI", "CAD", "POS"}


def initials(phrase: str) -> str:
    words = [w for w in re.split(r"[\s\-/]+", phrase) if w and w[0].isalnum()]
    return "".join(w[0] for w in words if w.lower() not in INITIALS_SKIP).upper()


def onet_entries(corpora: Path, vocab: set[str], so_counts: dict[str, int]) -> list[Entry]:
    stats: dict[str, dict] = defaultdict(lambda: {"occupations": set(), "hot": False, "demand": False})
    with open(corpora / "skills/onet/technology-skills.tsv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            item = stats[row["Example"].strip()]
            item["occupations"].add(row["O*NET-SOC Code"])
            item["hot"] |= row["Hot Technology"] == "Y"
            item["demand"] |= row["In Demand"] == "Y"

    entries = []
    for example in sorted(stats):
        item = stats[example]
        entry = onet_entry(example, vocab, popular=item["hot"] or item["demand"])
        if entry is None:
            continue
        so_count = max(so_counts.get(stackoverflow_tag(form), 0) for form in [entry.name, *entry.aliases])
        occupations = len(item["occupations"])
        if not (
            item["hot"]
            or item["demand"]
            or occupations >= ONET_MIN_OCCUPATIONS
            or (occupations >= 2 and so_count >= STACKOVERFLOW_MIN_COUNT)
        ):
            continue
        entries.append(entry)
    # An acronym that O*NET spells out two ways ("PMS": practice / property management)
    # is ambiguous: keep the spelled-out names only.
    by_name: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_name[entry.name].append(entry)
    resolved = []
    for entry in entries:
        spellings = {
            frozenset(stems(e.aliases[0])) for e in by_name[entry.name] if e.source == "onet-acronym" and e.aliases
        }
        if len(spellings) > 1 and entry.source == "onet-acronym":
            phrase = entry.aliases[0]
            resolved.append(
                Entry(phrase[0].upper() + phrase[1:], entry.category, aliases=entry.aliases[1:], source="onet")
            )
        else:
            entry.source = "onet"
            resolved.append(entry)
    return resolved


def onet_entry(example: str, vocab: set[str], *, popular: bool = False) -> Entry | None:
    """Turn an O*NET example name into a resume-style entry, or None for a generic one."""
    name = re.sub(r"\s+", " ", example).strip()
    if name.lower() in ONET_DROP:
        return None
    aliases: list[str] = []
    # "Adobe Experience Manager (AEM)" -> name plus acronym alias.
    paren = re.fullmatch(r"(.+?)\s*\(([A-Za-z0-9 .&/-]+)\)", name)
    if paren:
        name, inner = paren.group(1).strip(), paren.group(2).strip()
        if not is_common_word(inner, vocab):
            aliases.append(inner)
    had_suffix = bool(re.search(r"\s(software|software suite|systems software|systems|tools)$", name, re.IGNORECASE))
    name = re.sub(r"\s+(software|software suite|systems software)$", "", name, flags=re.IGNORECASE).strip()
    raw = name

    # "Structured query language SQL", "Computer aided design CAD software".
    acronym = re.fullmatch(r"(.+?)\s+([A-Z][A-Za-z0-9/&+-]*[A-Z0-9+])(?:\s+(?:software|systems?|tools?))?", name)
    if acronym:
        phrase, short = acronym.group(1), acronym.group(2)
        letters = "".join(ch for ch in short if ch.isalpha()).upper()
        phrase_words = phrase.split()
        generic = phrase_words[0][:1].isupper() and all(w.islower() for w in phrase_words[1:])
        spelled = initials(phrase) == letters or initials(phrase).endswith(letters)
        if len(letters) >= 2 and (spelled or (generic and len(phrase_words) >= 2)):
            phrase_aliases = [phrase] if len(phrase_words) >= 2 else []
            entry = Entry(
                short, "technical" if generic else "tool", aliases=phrase_aliases + [raw], source="onet-acronym"
            )
            if is_common_word(short, vocab):
                entry.strict.append(short)  # BASIC
            else:
                entry.case_sensitive.append(short)  # "PEAR" the program, not "pear"
            return entry

    tokens = name.split()
    if len(tokens) > 1 and all(token.islower() for token in tokens[1:]) and not re.search(r"[A-Z0-9].*[A-Z0-9]", name):
        # "Accounting software", "Web browser": a category of software, not a product.
        return None
    if had_suffix and len(tokens) == 1 and not brand_like(name) and (not popular or is_common_word(name, vocab)):
        return None  # "Billing software", "Antivirus software"
    if len(tokens) > 4:
        return None  # long vendor-and-product strings nobody writes on a resume

    strict_aliases: list[str] = []
    for vendor in ONET_VENDORS:
        if name.startswith(vendor + " ") and len(name) > len(vendor) + 1:
            product = name[len(vendor) + 1 :].strip()
            if distinctive(product, vocab) and product.lower() not in ONET_DROP:
                aliases.append(name)
                name = product
            else:
                if vendor == "Microsoft":
                    aliases.append("MS " + product)
                if len(product.split()) == 1 and product[:1].isupper() and len(product) >= 4:
                    if not is_common_word(product, vocab):
                        strict_aliases.append(product)  # "Publisher" alone, but only in a list of tools
            break

    if len(name) <= 1:
        return None
    aliases.append(raw)  # O*NET's own spelling, also lets the merge recognise curated entries
    entry = Entry(name, "tool", aliases=[a for a in dict.fromkeys(aliases) if a != name], source="onet")
    entry.strict.extend(strict_aliases)
    if len(name.split()) == 1 and not brand_like(name) and (not popular or is_common_word(name, vocab)):
        entry.strict.append(name)  # "Loom", "Seesaw", "Forth": words first, products second
    elif len(name) <= 3 or name.endswith("!") or (len(name.split()) == 1 and re.search(r"[a-z][A-Z]", name)):
        # Short names, and CamelCase names that are words in lowercase ("ProFile").
        entry.case_sensitive.append(name)
    return entry


# ---------------------------------------------------------------------------
# ESCO
# ---------------------------------------------------------------------------


def esco_label_ok(label: str) -> bool:
    words = label.split()
    if not words or len(words) > ESCO_MAX_WORDS or "  " in label:
        return False
    if words[0].lower() in ESCO_VERBS or (words[0].lower() == "research" and len(words) > 1):
        return False
    if ESCO_BLOCKED_WORDS.search(label.lower()) or re.search(r"[,;()'\"]", label):
        return False
    if len(words) == 1:
        word = words[0]
        lowered = word.lower()
        if lowered in ESCO_SINGLE_WORD_DROP or len(word) < 4:
            return word.isupper() and len(word) >= 3 and lowered not in ESCO_SINGLE_WORD_DROP
        # Plural nouns are things ("lasers"), not skills; "-ics" fields are fine.
        if lowered.endswith("s") and not lowered.endswith(("ics", "ss", "sis", "ous")):
            return False
    return True


KNOWLEDGE_SUFFIX = re.compile(r"(ology|ologies|ics|graphy|metry|istry|onomy|iatry|iatrics|ture)$")


def stems(text: str) -> set[str]:
    return {word[:4].lower() for word in re.split(r"[\s\-/]+", text) if len(word) >= 3}


def esco_alias_ok(alias: str, label: str) -> bool:
    if alias.lower() == label.lower() or len(alias) < 3:
        return False
    if alias.isupper() and len(alias) <= 5:
        # Acronyms only when they spell the label ("BSL" for British Sign Language).
        return initials(label) == alias
    if not esco_label_ok(alias) or len(alias.split()) > 4:
        return False
    # The realigned alt labels still carry loose synonyms ("Hearing" for acoustics,
    # "Financial data" for economics): keep those that share a word with the label,
    # and one-word names of a field ("Zoology").
    if len(alias.split()) == 1:
        # One word: a field name ("Zoology") or a spelling of the label ("Geo-physics");
        # "Packing" for packaging engineering is too loose.
        letters = re.sub(r"[^a-z]", "", alias.lower())
        return bool(KNOWLEDGE_SUFFIX.search(alias.lower())) or letters == re.sub(r"[^a-z]", "", label.lower())
    return bool(stems(alias) & stems(label))


def realigned_alt_labels(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """Alt labels per lowercased preferred label.

    In skills_en.trimmed.csv the altLabels cell of most rows belongs to another concept
    (only 64 of 4,199 rows list their own label). A block of alt labels that contains
    exactly one concept's preferred label is taken to be that concept's; the rest are
    ignored rather than guessed.
    """
    labels = {row["preferredLabel"].strip().lower() for row in rows}
    blocks: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        block = [a.strip() for a in re.split(r"\n|\|", row.get("altLabels") or "") if a.strip()]
        hits = {a.lower() for a in block if a.lower() in labels}
        if len(hits) == 1:
            blocks[hits.pop()].append(block)
    return {label: found[0] for label, found in blocks.items() if len(found) == 1}


def display_name(label: str) -> str:
    return label[0].upper() + label[1:] if label and label[0].islower() else label


def esco_entries(corpora: Path) -> list[Entry]:
    esco = corpora / "skills/esco"
    with open(esco / "languageSkillsCollection_en.csv", newline="", encoding="utf-8") as handle:
        language_rows = list(csv.DictReader(handle))
    language_names = {
        row["preferredLabel"].strip()
        for row in language_rows
        if len(row["preferredLabel"].split()) == 1 and row["preferredLabel"][:1].isupper()
    }
    with open(esco / "transversalSkillsCollection_en.csv", newline="", encoding="utf-8") as handle:
        transversal = {row["preferredLabel"].strip() for row in csv.DictReader(handle)}

    entries = []
    with open(esco / "skills_en.trimmed.csv", newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["preferredLabel"].strip().lower())
    alt_labels_of = realigned_alt_labels(rows)
    labels_lower = {row["preferredLabel"].strip().lower() for row in rows}
    for row in rows:
        label = row["preferredLabel"].strip()
        alt_labels = alt_labels_of.get(label.lower(), [])
        if label in language_names or f"write {label}".lower() in labels_lower:
            strict = [label] + [
                a for a in alt_labels if re.fullmatch(r"[A-Z][a-z]+", a) and a not in LANGUAGE_ALIAS_DROP
            ]
            entries.append(Entry(label, "language", strict=list(dict.fromkeys(strict)), source="esco"))
            continue
        if not esco_label_ok(label):
            continue
        aliases = [
            a
            for a in alt_labels
            if esco_alias_ok(a, label) and (a.lower() not in labels_lower or a.lower() == label.lower())
        ][:ESCO_MAX_ALIASES]
        category = "technical"
        if label in transversal:
            technical_words = r"\b(computer|programming|digital|software|data|ict|online|internet|mathematic|statistic)"
            category = "technical" if re.search(technical_words, label.lower()) else "soft"
        entry = Entry(display_name(label), category, aliases=[display_name(a) for a in aliases], source="esco")
        if label.isupper() and len(label) <= 5:
            entry.case_sensitive.append(entry.name)
        entries.append(entry)
    return entries


# ---------------------------------------------------------------------------
# Merge and write
# ---------------------------------------------------------------------------


class Merger:
    """Adds entries by priority; a later entry naming an existing concept is folded in."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.ci_owner: dict[str, Entry] = {}
        self.cs_owner: dict[str, Entry] = {}
        self.cs_loose_owner: dict[str, Entry] = {}
        self.conflicts: list[str] = []

    def owner_of(self, form: str, *, case_sensitive: bool) -> Entry | None:
        if case_sensitive:
            hit = self.cs_owner.get(skill_key(form, case_sensitive=True))
            if hit is not None:
                return hit
        key = skill_key(form)
        return self.ci_owner.get(key) or self.cs_loose_owner.get(key)

    def _claim(self, entry: Entry) -> None:
        for form in entry.ci_forms():
            self.ci_owner.setdefault(skill_key(form), entry)
        for form in entry.cs_forms():
            self.cs_owner.setdefault(skill_key(form, case_sensitive=True), entry)
            self.cs_loose_owner.setdefault(skill_key(form), entry)

    def add_curated(self, entry: Entry) -> None:
        for form in entry.ci_forms():
            owner = self.ci_owner.get(skill_key(form))
            if owner is not None and owner is not entry:
                self.conflicts.append(f"curated {form!r} in {entry.name!r} already belongs to {owner.name!r}")
        for form in entry.cs_forms():
            owner = self.cs_owner.get(skill_key(form, case_sensitive=True))
            if owner is not None and owner is not entry:
                self.conflicts.append(f"curated {form!r} in {entry.name!r} already belongs to {owner.name!r}")
        self.entries.append(entry)
        self._claim(entry)

    def add_source(self, entry: Entry) -> None:
        name_owner = self.owner_of(entry.name, case_sensitive=entry.name in entry.cs_forms())
        target = name_owner
        if target is None:
            for alias in entry.aliases:
                owner = self.owner_of(alias, case_sensitive=False)
                if owner is not None and len(alias.split()) >= 2:
                    target = owner  # a multi-word alias is strong evidence of the same concept
                    break
        if target is not None:
            if target.source != "curated":
                for alias in entry.ci_forms():
                    if self.owner_of(alias, case_sensitive=False) is None:
                        target.aliases.append(alias)
                        self.ci_owner[skill_key(alias)] = target
            return
        entry.aliases = [a for a in dict.fromkeys(entry.aliases) if self.owner_of(a, case_sensitive=False) is None]
        entry.case_sensitive = [f for f in entry.case_sensitive if self.owner_of(f, case_sensitive=True) is None]
        entry.strict = [f for f in entry.strict if self.owner_of(f, case_sensitive=True) is None]
        self.entries.append(entry)
        self._claim(entry)


def build(corpora: Path) -> list[Entry]:
    vocab = english_vocabulary(corpora)
    merger = Merger()
    for entry in read_curated():
        merger.add_curated(entry)
    if merger.conflicts:
        raise SystemExit("curated_skills.csv has conflicts:\n  " + "\n  ".join(merger.conflicts))
    for entry in onet_entries(corpora, vocab, stackoverflow_counts(corpora)):
        merger.add_source(entry)
    for entry in esco_entries(corpora):
        merger.add_source(entry)
    for entry in merger.entries:
        if entry.category not in CATEGORIES:
            raise SystemExit(f"{entry.name!r}: unknown category {entry.category!r}")
    return sorted(merger.entries, key=lambda e: (e.name.lower(), e.name))


def render(entries: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.name,
                entry.category,
                "|".join(dict.fromkeys(entry.aliases)),
                "|".join(dict.fromkeys(entry.case_sensitive)),
                "|".join(dict.fromkeys(entry.strict)),
            ]
        )
    return buffer.getvalue()


def default_corpora() -> Path:
    return Path(os.environ.get("SHORTLIST_CORPORA") or REPO_DIR.parent / "shared" / "corpora")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--check", action="store_true", help="fail if skills.csv differs from a fresh build")
    args = parser.parse_args(argv)
    if not (args.corpora / "skills").is_dir():
        parser.error(f"no skills corpora under {args.corpora}")
    entries = build(args.corpora)
    text = render(entries)
    counts = Counter(entry.category for entry in entries)
    sources = Counter(entry.source for entry in entries)
    summary = ", ".join(f"{c}={counts[c]}" for c in CATEGORIES)
    if args.check:
        current = OUTPUT_CSV.read_text(encoding="utf-8") if OUTPUT_CSV.exists() else ""
        if current != text:
            print(f"{OUTPUT_CSV} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT_CSV.name} is up to date: {len(entries)} skills ({summary})")
        return 0
    OUTPUT_CSV.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT_CSV}: {len(entries)} skills ({summary}); sources {dict(sorted(sources.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
