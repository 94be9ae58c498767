"""Contact details, sections, experience and education from resume text.

Pure Python, no Django. Input is the normalized text from
`resumes.extraction.extract_text`. Everything here is heuristic and built for
resumes in general (single and two column, US, European and Indian layouts),
not tuned to particular files; `resumes.evaluation` measures it.

All regular expressions are compiled at import: parsing a two-page resume
takes a few milliseconds. Every pattern runs in time linear in its input (no
unbounded run is re-scanned from each of its characters; `resumes/tests/
test_parsing_speed.py` checks the ratio of times between sizes on hostile
texts), and parsing reads at most `max_chars` characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import phonenumbers

# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


def _empty_links() -> dict:
    return {"linkedin": "", "github": "", "portfolio": "", "other": []}


@dataclass
class ParsedResume:
    candidate_name: str = ""
    email: str = ""
    phone: str = ""  # E.164 ("+14155550142") when the number is plausible, else as written
    phone_display: str = ""  # as written in the resume
    links: dict = field(default_factory=_empty_links)
    location: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    years_experience: float | None = None
    education_level: str = ""  # 'phd' | 'masters' | 'bachelors' | 'associate' | 'high_school' | ''


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# Heading text (lowercase, "&" -> "and", punctuation dropped) -> section key.
SECTION_SYNONYMS: dict[str, str] = {}
_SECTION_WORDS = {
    "summary": """summary; professional summary; career summary; executive summary; profile; professional profile;
        career profile; personal profile; profile summary; objective; career objective; professional objective;
        objectives; about; about me; overview; personal statement; summary of qualifications; introduction;
        career overview; professional overview; bio; career focus; career goal; career goals""",
    "experience": """experience; work experience; professional experience; work history; employment;
        employment history; career history; relevant experience; experiences; professional background;
        positions held; work; internships; internship; internship experience; industry experience;
        experience summary; career experience; professional history; job history; employment experience;
        work and experience; relevant work experience; it experience; teaching experience; research experience;
        military experience; freelance experience; company details; employment details; work details""",
    "education": """education; academic background; academic qualifications; educational qualifications;
        educational qualification; academic qualification; education and training; training and education;
        academics; academic profile; educational background; education background; academic history;
        academic details; education details; scholastic profile; educational details; degrees;
        education qualification; educational profile""",
    "skills": """skills; technical skills; core competencies; competencies; key skills; areas of expertise;
        expertise; skill set; skillset; skills summary; summary of skills; technologies; tools; tools and technologies;
        technical proficiency; technical proficiencies; computer skills; it skills; soft skills; strengths;
        core skills; skills and abilities; skill highlights; professional skills; technical expertise;
        qualifications; core qualifications; key qualifications; relevant skills; tech stack;
        technical competencies; areas of strength; specialties; technical summary; skills and expertise;
        skills and tools; languages and technologies; programming languages; it proficiency; skill details;
        key competencies; technical strengths; computer knowledge; technical qualifications; computer proficiency;
        software proficiency; software skills; technical knowledge; it knowledge; key strengths""",
    "certifications": """certifications; certification; certificates; certificate; licenses; licences;
        licenses and certifications; certifications and licenses; certifications and licences; credentials;
        courses; coursework; relevant coursework; training; trainings; professional development;
        certifications and training; training and certifications; courses and certifications; accreditations""",
    "projects": """projects; project; personal projects; academic projects; key projects; selected projects;
        side projects; project experience; projects undertaken; notable projects; open source; open source projects;
        project details; project work; research projects""",
    "languages": """languages; language skills; spoken languages; language; languages known; linguistic skills""",
    "highlights": """highlights; career highlights; key highlights; professional highlights; summary highlights""",
    "accomplishments": """accomplishments; achievements; awards; honors; honours; honors and awards;
        awards and honors; awards and achievements; achievements and awards; key achievements;
        awards and recognition; recognition; honors awards; key accomplishments; notable achievements;
        scholarships; awards and certifications""",
    "interests": """interests; hobbies; hobbies and interests; interests and hobbies; personal interests;
        extracurricular activities; extra curricular activities; extracurricular; activities; co curricular activities""",
    "publications": """publications; papers; research; research and publications; patents; presentations""",
    "volunteer": """volunteer experience; volunteering; volunteer work; community service; volunteer;
        community involvement; volunteer activities; on campus involvement; leadership and activities;
        leadership experience; leadership; affiliations; professional affiliations; memberships""",
    "references": """references; referees""",
    "additional": """additional information; other information; additional; miscellaneous; others""",
    "contact": """contact; contact information; contact details; contact info; personal details;
        personal information; personal data; personal info; details; links""",
}
for _key, _words in _SECTION_WORDS.items():
    for _word in _words.split(";"):
        SECTION_SYNONYMS[" ".join(_word.split())] = _key

_TITLE_WORDS = frozenset(
    """
    engineer engineers engineering developer developers manager management analyst consultant designer
    scientist intern internship architect specialist director officer lead leader senior junior sr jr
    administrator admin assistant associate executive coordinator technician accountant teacher nurse
    programmer tester trainee head president vice ceo cto cfo coo founder cofounder co-founder owner
    supervisor representative agent advisor adviser recruiter partner principal staff student graduate
    fresher professor lecturer researcher instructor tutor chef cook driver operator clerk secretary
    receptionist editor writer author producer marketer strategist officer economist attorney lawyer
    paralegal pharmacist physician therapist clinician surgeon dentist technologist devops sre
    full-stack fullstack frontend backend front-end back-end software hardware data web mobile cloud
    product project program marketing sales finance financial business operations hr human resources
    qa quality test testing automation support service services technical technology systems system
    network security database devops machine learning ai stack solutions
    advocate attendant apprentice estimator transporter rep holder carpenter electrician plumber mechanic
    welder machinist painter laborer labourer foreman cashier server bartender waiter waitress host hostess
    barista baker butcher housekeeper janitor custodian caregiver aide nanny counselor counsellor coach
    trainer educator paraprofessional librarian pilot captain dispatcher inspector auditor bookkeeper
    controller treasurer banker teller underwriter broker realtor appraiser adjuster investigator detective
    guard sergeant soldier firefighter paramedic emt rn lpn cna technologist phlebotomist sonographer
    radiographer dietitian nutritionist physiologist psychologist chemist biologist physicist
    mathematician statistician planner scheduler buyer purchaser merchandiser stylist artist photographer
    videographer animator illustrator musician actor dancer journalist reporter copywriter translator
    interpreter publicist liaison ambassador volunteer worker handler loader picker packer courier mover
    installer repairer fitter assembler fabricator surveyor drafter draftsman steward stewardess
    representative generalist expert professional extern fellow notary judge dishwasher farmer rancher
    gardener landscaper groundskeeper ranger veterinarian groomer hygienist optometrist optician midwife
    doctor medic chiropractor cosmetologist barber hairdresser estimator superintendent commissioner
    receivable payable accounts account unit crew shift store retail warehouse inventory customer client
    """.split()
)
# Words that do not occur in a person's name but do in short top-of-page lines.
_NON_NAME_WORDS = _TITLE_WORDS | frozenset(
    """
    resume résumé curriculum vitae cv biodata bio profile summary objective contact details information
    personal email e-mail phone mobile tel cell address page name linkedin github portfolio website
    experience education skills projects references certifications languages interests hobbies
    university college institute school academy company inc ltd llc llp corp corporation group
    organization organisation technologies limited pvt private gmbh
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec present current
    street road avenue lane drive boulevard city state country area apt suite
    india usa america united kingdom states germany canada
    python java javascript typescript sql html css react angular node docker aws azure linux windows excel
    microsoft google amazon oracle infosys accenture
    and or of the for with to in at on by from as is are my our your
    career focus marital status nationality gender sex birth dob religion passport father mother
    spouse dependents declaration signature place hobbies strengths
    """.split()
)
_NAME_PARTICLES = frozenset("de da di del della der den van von la le du dos das bin binti al el ter ten st".split())
_CREDENTIALS_RE = re.compile(
    r",?\s*\b(?:Ph\.?\s?D|MBA|M\.?B\.?A|CPA|PMP|P\.?E|M\.?D|J\.?D|M\.?S|B\.?S|M\.?Sc|B\.?Sc|CFA|RN|Esq|Jr|Sr|II|III|IV)\.?\s*$"
)
_NAME_LABEL_RE = re.compile(r"^\s*(?:full\s+)?name\s*[:\-–]\s*", re.IGNORECASE)
_HONORIFIC_RE = re.compile(r"^(?:dr|mr|mrs|ms|miss|mx|prof|professor|sir|shri|smt)\.?\s+", re.IGNORECASE)
_NAME_TOKEN_RE = re.compile(
    r"^(?:(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-ÿ]+(?:[-'’][A-Z]?[a-zà-ÿ]+)*\.?"  # Title, McDonald, O'Neil, Jean-Luc
    r"|[A-Z][A-Z'’\-]+"  # JOHN, O'NEIL
    r"|[A-Z]\.?"  # initial
    r"|[a-zà-ÿ]+(?:[-'’][a-zà-ÿ]+)*)$"  # lowercase (weak; "kimaya sonawane")
)

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario", "PE": "Prince Edward Island",
    "QC": "Quebec", "SK": "Saskatchewan",
}
_REGION_NAMES = [
    *US_STATES.values(), *CA_PROVINCES.values(),
    # Indian states and union territories
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat", "Haryana",
    "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra", "Manipur",
    "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Orissa", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu",
    "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal", "Delhi", "Chandigarh",
    "Jammu and Kashmir", "Puducherry",
    # UK nations, Australian states
    "England", "Scotland", "Wales", "Northern Ireland", "New South Wales", "Victoria", "Queensland",
]
COUNTRIES = {
    "USA": "US", "U.S.A.": "US", "US": "US", "U.S.": "US", "United States": "US", "United States of America": "US",
    "Canada": "CA", "Mexico": "MX", "Brazil": "BR", "Argentina": "AR", "Chile": "CL", "Colombia": "CO", "Peru": "PE",
    "UK": "GB", "U.K.": "GB", "United Kingdom": "GB", "Ireland": "IE", "Germany": "DE", "France": "FR",
    "Spain": "ES", "Portugal": "PT", "Italy": "IT", "Netherlands": "NL", "The Netherlands": "NL",
    "Belgium": "BE", "Switzerland": "CH", "Austria": "AT", "Poland": "PL", "Czech Republic": "CZ",
    "Czechia": "CZ", "Sweden": "SE", "Norway": "NO", "Denmark": "DK", "Finland": "FI", "Greece": "GR",
    "Romania": "RO", "Hungary": "HU", "Ukraine": "UA", "Turkey": "TR", "Israel": "IL", "Egypt": "EG",
    "Nigeria": "NG", "Kenya": "KE", "South Africa": "ZA", "Morocco": "MA", "India": "IN", "Pakistan": "PK",
    "Bangladesh": "BD", "Sri Lanka": "LK", "Nepal": "NP", "China": "CN", "Hong Kong": "HK", "Taiwan": "TW",
    "Japan": "JP", "South Korea": "KR", "Korea": "KR", "Singapore": "SG", "Malaysia": "MY",
    "Indonesia": "ID", "Philippines": "PH", "Vietnam": "VN", "Thailand": "TH", "Australia": "AU",
    "New Zealand": "NZ", "UAE": "AE", "United Arab Emirates": "AE", "Saudi Arabia": "SA", "Qatar": "QA",
    "Russia": "RU", "Estonia": "EE", "Lithuania": "LT", "Latvia": "LV", "Luxembourg": "LU",
}
_COUNTRY_AND_REGION_NAMES = frozenset(name.casefold() for name in [*COUNTRIES, *_REGION_NAMES])
# Multi-word places that a contact block can show on a line of their own and that
# would otherwise pass for a two- or three-word name.
_MULTIWORD_CITIES = frozenset(
    name.casefold()
    for name in (
        "New York City", "San Francisco", "Los Angeles", "San Diego", "San Jose", "San Antonio", "Las Vegas",
        "New Orleans", "Salt Lake City", "Kansas City", "Oklahoma City", "Jersey City", "Redwood City",
        "St Louis", "St. Louis", "Saint Louis", "St Paul", "St. Paul", "Saint Paul", "Fort Worth", "El Paso",
        "Santa Clara", "Santa Monica", "Santa Barbara", "Santa Ana", "San Mateo", "Palo Alto", "Mountain View",
        "Menlo Park", "Long Beach", "Newport Beach", "Virginia Beach", "Ann Arbor", "Baton Rouge", "Des Moines",
        "Little Rock", "Sioux Falls", "Colorado Springs", "Grand Rapids", "Boca Raton", "Fort Lauderdale",
        "West Palm Beach", "Silicon Valley", "Bay Area", "Washington DC", "New Delhi", "Navi Mumbai",
        "Greater Noida", "Hong Kong", "Tel Aviv", "Abu Dhabi", "Kuala Lumpur", "Mexico City", "Buenos Aires",
        "Rio de Janeiro", "Sao Paulo", "São Paulo", "Cape Town", "Ho Chi Minh City",
    )
)
_PLACE_NAMES = _COUNTRY_AND_REGION_NAMES | _MULTIWORD_CITIES
_INDIAN_REGIONS = frozenset(_REGION_NAMES[len(US_STATES) + len(CA_PROVINCES) : -7])

# --------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Addresses written to dodge harvesters: "p.raman [at] example.test", "name (at)
# domain (dot) com", "name at domain dot com". A bracketed or spaced "@" may meet
# plain dots; a bare "at" only counts with a spelled-out dot ("Engineer at
# Google.com" is a sentence). Every repetition is bounded, so matching is linear.
_OBF_LOCAL_P = r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
_OBF_LABEL_P = r"[A-Za-z0-9][A-Za-z0-9-]{0,62}"
_OBF_BRACKET_AT_P = r"[ \t]{0,3}[\[({<][ \t]{0,3}(?:at|@)[ \t]{0,3}[\])}>][ \t]{0,3}"
_OBF_SPELLED_DOT_P = r"(?:[ \t]{0,3}[\[({<][ \t]{0,3}(?:dot|\.)[ \t]{0,3}[\])}>][ \t]{0,3}|[ \t]{1,3}dot[ \t]{1,3})"
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"(?i:{_OBF_LOCAL_P}(?:{_OBF_BRACKET_AT_P}|[ \t]{{1,3}}@[ \t]{{1,3}})"
    rf"{_OBF_LABEL_P}(?:(?:{_OBF_SPELLED_DOT_P}|[ \t]{{0,3}}\.[ \t]{{0,3}}){_OBF_LABEL_P}){{1,5}}"
    rf"|{_OBF_LOCAL_P}[ \t]{{1,3}}at[ \t]{{1,3}}{_OBF_LABEL_P}(?:{_OBF_SPELLED_DOT_P}{_OBF_LABEL_P}){{1,5}})"
    r"(?![\w-])"
)
_TLDS = (
    "com|org|net|io|dev|me|co|ai|app|in|us|uk|de|fr|ca|au|info|biz|tech|site|page|xyz|online|blog|design|"
    "portfolio|eu|nl|se|ch|es|it|pl|ly|sh|gg|so|cc|tv|fm|studio|codes|digital|website|space|pro|name|edu"
)
_URL_RE = re.compile(
    r"(?<![@\w.])(?:(?:https?://|www\.)[^\s|,;<>()\"']+"
    r"|(?<!-)(?:[a-z0-9][a-z0-9-]*\.)+(?:" + _TLDS + r")\b(?:/[^\s|,;<>()\"']*)?)",
    re.IGNORECASE,
)
# Technology names that look like domains.
_NOT_DOMAINS = frozenset(
    "asp.net ado.net vb.net dot.net node.js vue.js next.js react.js express.js d3.js three.js nuxt.js ember.js "
    "backbone.js angular.js socket.io chart.js p5.js".split()
)
# Where a URL that a line break may have cut begins, and what continues it on the next line.
_URL_START_RE = re.compile(r"https?://|www\.|(?<![\w-])[\w-]+\.(?:com|org|net|io|in)/")
_URL_CONTINUATION_RE = re.compile(r"[A-Za-z0-9][\w\-./?=&%#]*")
# "/linkedin-in johndoe" (an icon font's glyph name) or "GitHub: johndoe".
_HANDLE_LINE_RE = re.compile(
    r"(?:^|[\s|])(?:/(linkedin(?:-in)?|github)\s*|(linkedin-in)\s+|(linkedin|github)\s*:\s*)@?"
    r"([A-Za-z0-9][A-Za-z0-9_-]{1,38})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_PHONE_CANDIDATE_RE = re.compile(r"(?<![\w/.])(?:\+|\(\+?)?\d[\d \t().\-–/]{6,20}\d(?![\w/])")
_PHONE_LABEL_RE = re.compile(r"\b(?:phone|mobile|mob|tel|telephone|cell|contact|ph|call|whatsapp)\b", re.IGNORECASE)
_DATE_LIKE_RE = re.compile(r"^\(?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\)?$|^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d$")

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (1, 2)}
_MONTH_P = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR_P = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE_P = (
    rf"(?:{_MONTH_P}\s*,?\s*(?:{_YEAR_P}|['’]\d\d)"
    rf"|(?:spring|summer|fall|autumn|winter)\s*,?\s*{_YEAR_P}"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.\-]\s*(?:{_YEAR_P}|\d\d(?!\d))"
    rf"|{_YEAR_P})"
)
_PRESENT_P = r"(?:present|current(?:ly)?|now|today|till\s+date|to\s+date|till\s+now|date|ongoing)"
_RANGE_RE = re.compile(
    rf"\b(?P<start>{_DATE_P})\s*(?:-|–|—|~|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b)\s*"
    rf"(?P<end>{_DATE_P}|{_PRESENT_P}\b|\d\d\b)",
    re.IGNORECASE,
)
_SEASON_RE = re.compile(rf"\b(?P<season>spring|summer|fall|autumn)\s*,?\s*(?P<year>{_YEAR_P})\b", re.IGNORECASE)
_EXPERIENCE_STATEMENT_RES = (
    re.compile(
        r"\b(\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?:years?|yrs?)\.?(?:\s*(?:and\s*)?(\d{1,2})\s*(?:months?|mos?)\.?)?"
        r"\s*(?:of\s+)?(?:[\w/&+.-]{1,40}+\s+){0,4}?(?:experience|exp)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:total\s+)?(?:[\w/&+.-]{1,40}+\s+){0,2}?experience\s*(?:of|:|-|–)?\s*(?:over\s+|about\s+|around\s+)?"
        r"(\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?:years?|yrs?)(?:\s*(?:and\s*)?(\d{1,2})\s*(?:months?|mos?))?",
        re.IGNORECASE,
    ),
)

# Fields that follow a bare "BE", "BA", "MS", "MA" when it is a degree (and
# not the verb, a state or "MS Office").
_DEGREE_FIELD_P = (
    r"(?:Computer|Data|Electrical|Electronics|Mechanical|Civil|Chemical|Information|Software|Finance|Business|"
    r"Engineering|Science|Commerce|Arts|Economics|English|History|Psychology|Mathematics|Maths|Physics|"
    r"Chemistry|Biology|Biotechnology|Instrumentation|Production|Automobile|Aeronautical|IT|CSE|ECE|EEE|EE|"
    r"Management|Marketing|Accounting|Statistics|Political|Sociology|Journalism|Education|Nursing)\b"
)

# Highest level first. Case-sensitive abbreviations, case-insensitive words.
_EDUCATION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("phd", re.compile(r"\b(?:doctorate|doctoral|doctor\s+of\s+philosophy)\b", re.IGNORECASE)),
    ("phd", re.compile(r"\b(?:Ph\.?\s?D\.?|PHD|D\.?\s?Phil\.?|DPhil|Ed\.?D\.?|Sc\.D\.?|D\.Sc\.?)(?![\w])")),
    ("masters", re.compile(r"\bmaster['’]?s?\b(?:\s+degree|\s+of|\s+in)", re.IGNORECASE)),
    ("masters", re.compile(r"\bpost[\s-]?graduat(?:e|ion)\b(?!\s+diploma)", re.IGNORECASE)),
    (
        "masters",
        re.compile(
            r"(?<![\w.])(?:M\.?B\.?A\.?|M\.S\.|M\.\s?Sc\.?|MSc|M\.?\s?Tech\.?|MTech|M\.E\.|M\.?\s?Eng\.?|MCA|M\.C\.A\.?|"
            r"LL\.?M\.?|M\.?P\.?H\.?|M\.F\.A\.?|MFA|MSW|M\.Ed\.?|M\.Com\.?|MCom|M\.A\.|MPhil|M\.Phil\.?|PGDM)(?![\w])"
        ),
    ),
    ("masters", re.compile(rf"(?<![\w.])MS(?=\s*(?:in\b|,|\(|-|–|\s+{_DEGREE_FIELD_P}))")),
    ("masters", re.compile(rf"(?<!,\s)(?<![\w.])MA(?=\s+(?:in\b|{_DEGREE_FIELD_P}))")),
    ("bachelors", re.compile(r"\bbachelor['’]?s?\b|\bundergraduate\s+degree\b|\bgraduat(?:e|ion)\s+in\b", re.IGNORECASE)),
    (
        "bachelors",
        re.compile(
            r"(?<![\w.])(?:B\.S\.|B\.\s?Sc\.?|BSc|B\.?\s?Tech\.?|BTech|B\.E\.?|B\.?\s?Eng\.?|BBA|B\.B\.A\.?|B\.Com\.?|BCom|"
            r"BCA|B\.C\.A\.?|B\.A\.|BFA|B\.F\.A\.?|LL\.?B\.?|B\.Ed\.?|BSN|B\.Arch\.?|B\.Pharm\.?|BS(?=\s*(?:in\b|,|\(|-|–|\s+[A-Z])))(?![\w])"
        ),
    ),
    ("bachelors", re.compile(rf"(?<![\w.])(?:BE|BA)(?=\s*(?:in\b|\(|-\s|–|,\s*[A-Z]|\s+{_DEGREE_FIELD_P}))")),
    (
        "associate",
        re.compile(
            r"\bassociate['’]?s?\s+(?:degree|of\s+(?:arts|science|applied))|(?<![\w.])(?:A\.A\.S\.?|A\.A\.|A\.S\.|AAS)(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "high_school",
        re.compile(
            r"\bhigh\s+school\b|\bsecondary\s+school\b|\bhigher\s+secondary\b|\bsenior\s+secondary\b|"
            r"\b(?:GED|HSC|SSC|SSLC|CBSE|ICSE)\b|\b(?:10th|12th|xii|x)\s+(?:grade|standard|std|class)\b|"
            r"\bclass\s+(?:x|xii|10|12)\b|\bintermediate\s+\(?(?:mpc|bipc|12th)",
            re.IGNORECASE,
        ),
    ),
]
_EDUCATION_RANK = {"phd": 5, "masters": 4, "bachelors": 3, "associate": 2, "high_school": 1, "": 0}

_SPLIT_SEGMENTS_RE = re.compile(r"\s*(?:\||•|·|▪|◦|—|–\s|\s-\s|\s{3,}|\t|;)\s*")
_HEADING_CLEAN_RE = re.compile(r"[^a-z0-9 ]+")
_BULLET_PREFIX_RE = re.compile(r"^[-*•]\s+")
_PROSE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOPWORDS = frozenset("a an the and or of in on at to for with by from as is are that who which my i".split())
_LOCATION_LABEL_RE = re.compile(
    r"^\s*(?:location|address|based\s+in|current\s+location|city|residence|lives\s+in)\s*[:\-–]\s*(.+)$", re.IGNORECASE
)
_CITY_P = r"[A-Z][A-Za-z.'’\-]{0,40}+(?:\s+(?:[A-Z][A-Za-z.'’\-]{0,40}+|de|del|la|le|am|on|upon|sur)){0,3}"
_STATE_ABBR_P = "|".join(sorted({*US_STATES, *CA_PROVINCES}))
# Title case or ALL CAPS ("Chennai, TAMIL NADU, IN").
_REGION_P = "|".join(
    re.escape(name) for name in sorted({*_REGION_NAMES, *(n.upper() for n in _REGION_NAMES)}, key=len, reverse=True)
)
_COUNTRY_P = "|".join(
    re.escape(name) for name in sorted({*COUNTRIES, *(n.upper() for n in COUNTRIES)}, key=len, reverse=True)
)
_LOCATION_RE = re.compile(
    rf"(?<![\w@.])(?P<city>{_CITY_P}),\s*(?P<region>(?:{_STATE_ABBR_P})(?![\w.])|(?:{_REGION_P}|{_COUNTRY_P})(?![\w]))"
    rf"(?:\s+\d{{5}}(?:-\d{{4}})?)?"
    rf"(?:,?\s*(?P<country>(?:{_COUNTRY_P})(?![\w])))?"
)
_CITY_PREFIXES = frozenset(
    "san los las new fort ft saint st. st santa salt palm west east north south port grand rio baton ann "
    "little mount el la le des st.-".split()
)
_NOT_CITY_WORDS = frozenset(
    "university college institute school inc llc ltd corp company technologies solutions services group "
    "street st road rd avenue ave lane ln drive dr way blvd boulevard suite apt present summer spring fall "
    "winter intern engineer developer manager analyst mba be bsc msc hsc ssc mcs llb ll.b b.tech tech engg law "
    "commerce science arts diploma degree".split()
) | _TITLE_WORDS
_STREET_RE = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][\w.'’-]*\s+){1,4}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Way|Dr|Drive|"
    r"Ct|Court|Pl|Place|Ter|Terrace|Pkwy|Parkway|Hwy|Highway|Cir|Circle|Sq|Square)\b\.?(?:,?\s*(?:Apt|Suite|Unit|#)\s*[\w-]+)?"
)
_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b\d{5}(?:-\d{4})?\b|\b\d{3}\s?\d{3}\b")
_EMPTY_LABEL_RE = re.compile(
    r"(?i)\b(?:linkedin|github|e-?mail|phone|mobile|tel|cell|website|portfolio|address)\s*:\s*(?=$|[|—–])"
)


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


# Resumes are rarely past 50,000 characters of text; past this, the rest is
# padding or pasted junk (SHORTLIST_MAX_PARSE_CHARS sets it for the app).
MAX_PARSE_CHARS = 100_000


def parse_resume(text: str, *, today: dt.date | None = None, max_chars: int = MAX_PARSE_CHARS) -> ParsedResume:
    """Parse normalized resume text, its first `max_chars` characters.

    `today` dates 'Present' (tests pin it)."""
    today = today or dt.date.today()
    text = (text or "")[:max_chars]
    lines = [line.strip() for line in text.splitlines()]
    headings = _find_headings(lines)
    sections = _split_sections(lines, headings)
    header = _header_lines(lines, headings)
    emails = find_emails(text)
    # The contact block: lines above the first heading, a "Contact" section,
    # and the lines around the email address wherever the layout put it.
    contact = header + [line for line in sections.get("contact", "").splitlines()[:15] if line]
    contact += _lines_near_email(lines, headings, emails[0] if emails else "")

    parsed = ParsedResume()
    parsed.email = emails[0] if emails else ""
    parsed.links = _find_links(text, contact)
    parsed.location = _find_location(lines, contact)
    parsed.phone, parsed.phone_display = _find_phone(lines, contact, parsed.location)
    parsed.candidate_name = _find_name(lines, headings, parsed.email, parsed.links)
    if "summary" not in sections:
        prose = _untitled_summary(header, parsed)
        if prose:
            sections = {"summary": prose, **sections}
    parsed.sections = sections
    parsed.years_experience = _years_experience(sections, text, today)
    parsed.education_level = _education_level(sections.get("education", ""), text)
    return parsed


def redact_personal_data(text: str, parsed: ParsedResume) -> str:
    """Remove name, email, phone, links, street address and location from text,
    so that personal data never moves an embedding."""
    if not text:
        return ""
    out = text
    for email in find_emails(out):
        out = out.replace(email, " ")
    out = _OBFUSCATED_EMAIL_RE.sub(" ", out)
    out = _join_wrapped_urls(out)
    out = _URL_RE.sub(lambda m: " " if _is_link(m.group(0)) else m.group(0), out)
    for link in [parsed.links.get("linkedin"), parsed.links.get("github"), parsed.links.get("portfolio"), *parsed.links.get("other", [])]:
        if link:
            out = out.replace(link, " ")
    out = _HANDLE_LINE_RE.sub(" ", out)
    out = _PHONE_CANDIDATE_RE.sub(lambda m: " " if _plausible_phone(m.group(0)) else m.group(0), out)
    if parsed.phone_display:
        out = out.replace(parsed.phone_display, " ")
    # Postcodes only on address lines: elsewhere "50000 users" is not personal.
    location = parsed.location.lower() if parsed.location else None
    out = "\n".join(
        _POSTCODE_RE.sub(" ", line) if _STREET_RE.search(line) or (location and location in line.lower()) else line
        for line in out.split("\n")
    )
    out = _STREET_RE.sub(" ", out)
    if parsed.location:
        out = re.sub(re.escape(parsed.location), " ", out, flags=re.IGNORECASE)
    name = parsed.candidate_name
    if name:
        parts = [part for part in re.split(r"[\s.]+", name) if part]
        out = re.sub(r"\s+".join(re.escape(part) for part in name.split()), " ", out, flags=re.IGNORECASE)
        if len(parts) >= 2:
            # Handles built from the name: "OmkarPathak", "omkar-pathak-9447", "john.doe".
            first, last = re.escape(parts[0]), re.escape(parts[-1])
            # From the start of a non-space run only: a match covers the whole run anyway.
            out = re.sub(rf"(?<!\S)\S*(?:{first}[\W_]?{last}|{last}[\W_]?{first})\S*", " ", out, flags=re.IGNORECASE)
        for part in name.replace(".", " ").split():
            if len(part) >= 3 and part.lower() not in _NAME_PARTICLES:
                # Capitalised occurrences only: "Grant" the name, not "grant" the verb.
                out = re.sub(rf"\b(?:{re.escape(part.capitalize())}|{re.escape(part.upper())})\b", " ", out)
    # Tidy the holes: separators and labels left with nothing to label.
    cleaned = []
    for line in out.splitlines():
        line = re.sub(r"[ \t]{2,}", " ", line).strip()
        # The trailing run is tried only from its first character: linear on "- - - ... x".
        line = re.sub(r"^(?:[|,•·:\-–—/]\s*)+|(?<![\s|,•·:\-–—/])(?:\s*[|,•·:\-–—/])+$", "", line).strip()
        line = re.sub(r"(?:\s*[|•·,]\s*){2,}", " | ", line)
        line = _EMPTY_LABEL_RE.sub("", line).strip(" |,–—-")
        if re.fullmatch(r"(?i)(?:e-?mail|phone|mobile|tel|cell|linkedin|github|website|portfolio|address|location|name)?\s*:?", line) and line:
            continue
        cleaned.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(cleaned)).strip()


def find_emails(text: str) -> list[str]:
    seen: dict[str, None] = {}  # ordered, and linear for texts full of addresses
    for match in _EMAIL_RE.finditer(text):
        email = match.group(0).rstrip(".").lower()
        if email.rsplit(".", 1)[-1] in ("png", "jpg", "jpeg", "gif"):
            continue
        seen.setdefault(email)
    return list(seen)


def _join_wrapped_urls(text: str) -> str:
    """Join a URL that a line break cut after "/" or "-" with its continuation:
    "linkedin.com/in/jane-\ndoe-1a2b" -> "linkedin.com/in/jane-doe-1a2b".

    A line that ends (before spaces) in a non-space run holding a URL start and
    ending in "/" or "-" is joined with the next line when that starts (after
    spaces) with a letter or digit; the continuation itself cannot start another
    URL. Each physical line is looked at once, so the time is linear in the text
    (the regex this replaces restarted at every "http" of a long run).
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    logical: list[list[str]] = [[lines[0]]]
    scan = 0  # where in the last piece a URL may start (after a joined continuation)
    for following in lines[1:]:
        pieces = logical[-1]
        stem = pieces[-1].rstrip(" \t")
        rest = following.lstrip(" \t")
        joined = False
        if stem.endswith(("/", "-")) and rest[:1].isascii() and rest[:1].isalnum():
            run_start = max(scan, len(stem) - len(stem.rsplit(None, 1)[-1]))
            joined = any(start.end() < len(stem) for start in _URL_START_RE.finditer(stem, run_start))
        if joined:
            pieces[-1] = stem
            pieces.append(rest)
            continuation = _URL_CONTINUATION_RE.match(rest)  # rest starts with a letter or digit
            scan = continuation.end() if continuation else 0
        else:
            logical.append([following])
            scan = 0
    return "\n".join("".join(pieces) for pieces in logical)


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


def _heading_key(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("/", " and ").replace("’", "").replace("'", "")
    return " ".join(_HEADING_CLEAN_RE.sub(" ", text).split())


def _find_headings(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line index, section key, text after a "Heading:" on the same line)."""
    headings = []
    for index, line in enumerate(lines):
        if not line or len(line) > 60:
            continue
        bulleted = bool(_BULLET_PREFIX_RE.match(line))
        body = _BULLET_PREFIX_RE.sub("", line).strip(" :.-–—|*#=_")
        key = _heading_key(body)
        section = SECTION_SYNONYMS.get(key) or _compound_heading(key, body)
        if section and len(key.split()) <= 6:
            # A bullet before one common word is a list item ("- Leadership"),
            # not an icon in front of a heading.
            if bulleted and len(key.split()) == 1 and not body.isupper():
                continue
            headings.append((index, section, ""))
            continue
        if ":" in line and not bulleted:
            head, _, rest = line.partition(":")
            section = SECTION_SYNONYMS.get(_heading_key(head))
            if section and rest.strip() and len(head.split()) <= 4 and section not in ("contact", "additional"):
                headings.append((index, section, rest.strip()))
    return headings


def _compound_heading(key: str, body: str) -> str | None:
    """"SKILLS & AWARDS", "Education and Certifications": the first part names it."""
    if " and " not in key or len(key.split()) > 6:
        return None
    if not (body.isupper() or body.istitle() or body.endswith(":")):
        return None
    for part in key.split(" and "):
        section = SECTION_SYNONYMS.get(part.strip())
        if section:
            return section
    return None


def _split_sections(lines: list[str], headings: list[tuple[int, str, str]]) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    bounds = [*headings, (len(lines), "", "")]
    for (start, key, inline), (end, _, _) in zip(bounds, bounds[1:]):
        body = ([inline] if inline else []) + lines[start + 1 : end]
        sections.setdefault(key, []).extend(body)
    return {key: "\n".join(body).strip() for key, body in sections.items() if "\n".join(body).strip()}


def _header_lines(lines: list[str], headings: list[tuple[int, str, str]]) -> list[str]:
    """Lines before the first heading (the contact block), at most 15."""
    return [line for line in lines[: _header_end(lines, headings)] if line]


def _header_end(lines: list[str], headings: list[tuple[int, str, str]]) -> int:
    first = headings[0][0] if headings else len(lines)
    return min(first, 15)


def _contact_line_indexes(lines: list[str], headings: list[tuple[int, str, str]]) -> dict[int, int]:
    """Line index -> rank within its contact block (the header, or a section
    headed "Contact" / "Personal details")."""
    ranks: dict[int, int] = {}
    rank = 0
    for index in range(_header_end(lines, headings)):
        if lines[index]:
            ranks[index] = rank
            rank += 1
    bounds = [*headings, (len(lines), "", "")]
    for (start, key, _), (end, _, _) in zip(bounds, bounds[1:]):
        if key == "contact":
            rank = 0
            for index in range(start + 1, min(end, start + 16)):
                if lines[index]:
                    ranks.setdefault(index, rank)
                    rank += 1
    return ranks


def _lines_near_email(lines: list[str], headings: list[tuple[int, str, str]], email: str) -> list[str]:
    """Up to two lines either side of an email that sits outside the header
    (a contact block at the end, or in a sidebar), not crossing a heading."""
    if not email:
        return []
    heading_lines = {index for index, _, _ in headings}
    header_end = _header_end(lines, headings)
    near: list[str] = []
    for index, line in enumerate(lines):
        if index < header_end or email not in line.lower():
            continue
        for step in (-1, 1):
            for offset in (1, 2):
                other = index + step * offset
                if other < 0 or other >= len(lines) or other in heading_lines:
                    break
                if lines[other]:
                    near.append(lines[other])
        near.append(line)
    return near


def _untitled_summary(header: list[str], parsed: ParsedResume) -> str:
    """Prose under the contact block without a heading ("Software engineer
    obsessed with building products people love")."""
    prose = []
    for line in header:
        words = _PROSE_WORD_RE.findall(line)
        stopwords = sum(1 for word in words if word.lower() in _STOPWORDS)
        if len(words) >= 7 and stopwords >= 2 and not _EMAIL_RE.search(line) and not _URL_RE.search(line):
            prose.append(line)
    return "\n".join(prose)


# --------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------


def _is_link(candidate: str) -> bool:
    lower = candidate.lower().rstrip(".")
    if lower in _NOT_DOMAINS or lower.split("/")[0] in _NOT_DOMAINS:
        return False
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", lower).split("/")[0]
    if "." not in host or host.endswith((".js", ".py")):
        return False
    if not lower.startswith(("http", "www.")) and len(host.split(".")[0]) < 2:
        return False  # "B.Tech", "M.Sc"
    return True


def _clean_link(url: str) -> str:
    return url.rstrip(".,;:)]}>'\"")


def _find_links(text: str, header: list[str]) -> dict:
    links = _empty_links()
    joined = _join_wrapped_urls(text)
    found: dict[str, None] = {}
    for match in _URL_RE.finditer(joined):
        url = _clean_link(match.group(0))
        if _is_link(url):
            found.setdefault(url)
    for url in found:
        lower = url.lower()
        if "linkedin.com/" in lower:
            links["linkedin"] = links["linkedin"] or url
        elif "github.com/" in lower and not re.search(r"github\.com/[^/\s]+/[^/\s]+", lower):
            links["github"] = links["github"] or url
        elif "github.io" in lower or _is_personal_site(lower):
            if not links["portfolio"]:
                links["portfolio"] = url
            else:
                links["other"].append(url)
        else:
            links["other"].append(url)
    # Icon fonts leave "linkedin-in johndoe" or "GitHub: johndoe" without a URL.
    for line in header:
        match = _HANDLE_LINE_RE.search(line)
        if not match:
            continue
        site = (match.group(1) or match.group(2) or match.group(3)).lower()
        handle = match.group(4)
        if site.startswith("linkedin") and not links["linkedin"]:
            links["linkedin"] = f"linkedin.com/in/{handle}"
        elif site == "github" and not links["github"]:
            links["github"] = f"github.com/{handle}"
    return links


_PLATFORMS = (
    "linkedin.", "github.", "gitlab.", "bitbucket.", "indeed.", "facebook.", "twitter.", "x.com", "instagram.",
    "stackoverflow.", "medium.com", "youtube.", "google.", "kaggle.", "leetcode.", "hackerrank.", "coursera.",
    "udemy.", "credly.", "microsoft.", "amazon.", "apple.", "wikipedia.",
)


def _is_personal_site(lower_url: str) -> bool:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", lower_url).split("/")[0]
    if any(platform in host for platform in _PLATFORMS):
        return False
    if host.endswith(".edu") or host.count(".") > 2:
        return False
    return True


# --------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------


def _plausible_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15 or _DATE_LIKE_RE.match(candidate.strip()):
        return False
    if re.search(r"\b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d\b", candidate):
        return False  # "2015 - 2018"
    return len(digits) >= 10 or bool(re.search(r"\d{3}[\s.-]\d{4}$", candidate))


def _find_phone(lines: list[str], header: list[str], location: str) -> tuple[str, str]:
    region = _phone_region(location)
    best: tuple[float, str, str] | None = None
    header_set = set(header)
    for index, line in enumerate(lines):
        if not any(ch.isdigit() for ch in line):
            continue
        label_above = bool(index and _PHONE_LABEL_RE.search(lines[index - 1]))
        first_label = _PHONE_LABEL_RE.search(line)
        for match in _PHONE_CANDIDATE_RE.finditer(line):
            raw = match.group(0).strip(" .-–/")
            if not _plausible_phone(raw):
                continue
            number = _parse_phone(raw, region)
            if number is None:
                continue
            e164, valid = number
            score = 2.0 if valid else 1.0
            if label_above or _label_before(line, first_label, match.start()):
                score += 2
            if line in header_set:
                score += 1.5
            score -= index / 200  # earlier is likelier
            if best is None or score > best[0]:
                best = (score, e164, raw)
    if best is None or best[0] < 1.2:
        return "", ""
    return best[1], best[2]


def _label_before(line: str, first_label: re.Match | None, position: int) -> bool:
    """Whether a phone label stands in line[:position], without searching that prefix
    again for every number on a long line: the line's first label ends before it, or
    a label ends right at it (the cut makes a word boundary there)."""
    if first_label is not None and first_label.end() <= position:
        return True
    return bool(_PHONE_LABEL_RE.search(line, max(0, position - 12), position))


def _phone_region(location: str) -> str:
    if not location:
        return "US"
    for country, code in COUNTRIES.items():
        if re.search(rf"(?<!\w){re.escape(country)}(?!\w)", location):
            return code
    if any(region in location for region in _INDIAN_REGIONS):
        return "IN"
    if any(province in location for province in CA_PROVINCES.values()) or re.search(
        rf",\s*(?:{'|'.join(CA_PROVINCES)})\b", location
    ):
        return "CA"
    return "US"


def _parse_phone(raw: str, region: str) -> tuple[str, bool] | None:
    cleaned = raw.replace("(+", "+").replace("–", "-")
    cleaned = re.sub(r"^\+(\d{1,3})\)", r"+\1 ", cleaned)
    for attempt_region in dict.fromkeys([region, "US"]):
        try:
            number = phonenumbers.parse(cleaned, attempt_region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_possible_number(number) and len(str(number.national_number)) >= 10:
        # "123-456-7890" and other placeholders: keep a normalized form anyway.
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), False
    return None


# --------------------------------------------------------------------------
# Name
# --------------------------------------------------------------------------


def _name_from_segment(segment: str) -> tuple[str, bool] | None:
    """Return (name, has_label) when the segment looks like a person's name."""
    if len(segment) > 200:
        return None  # a name is at most 40 characters, with a label and credentials far below this
    labelled = bool(_NAME_LABEL_RE.match(segment))
    candidate = _NAME_LABEL_RE.sub("", segment).strip(" ,.:;-–—*•|")
    candidate = _CREDENTIALS_RE.sub("", candidate).strip(" ,")
    candidate = _HONORIFIC_RE.sub("", candidate)
    if not candidate or len(candidate) > 40:
        return None
    if any(ch.isdigit() for ch in candidate) or any(ch in candidate for ch in "@/:()[]{}<>=+&#%|,;!?\"“”"):
        return None
    tokens = candidate.split()
    if not 2 <= len(tokens) <= 4:
        return None
    if candidate.casefold() in _PLACE_NAMES:
        return None
    key = _heading_key(candidate)
    if key in SECTION_SYNONYMS or _compound_heading(key, candidate):
        return None
    substantive = 0
    for token in tokens:
        if not _NAME_TOKEN_RE.match(token):
            return None
        lower = token.lower().strip(".")
        if lower in _NON_NAME_WORDS:
            return None
        if len(lower) >= 2 and lower not in _NAME_PARTICLES:
            substantive += 1
    if substantive == 0:
        return None
    if tokens[0].lower() in _NAME_PARTICLES and tokens[0].islower():
        return None
    return candidate, labelled


def _find_name(lines: list[str], headings: list[tuple[int, str, str]], email: str, links: dict) -> str:
    """Score name-like lines in the contact block: early lines, lines that
    match the email address or a profile handle, lines followed by a job
    title. Lines next to the email count too, and so do the last lines when
    they match the email: in some two-column PDFs the name comes last in the
    text layer. Lines inside other sections (skills, highlights) never do."""
    contact_ranks = _contact_line_indexes(lines, headings)
    handles = [email.split("@")[0].lower()] if email else []
    for key in ("linkedin", "github"):
        if links.get(key):
            handles.append(links[key].rstrip("/").rsplit("/", 1)[-1].lower())
    handle_letters = re.sub(r"[^a-z]", "", " ".join(handles))
    email_lines = [index for index, line in enumerate(lines) if email and email in line.lower()]
    near_email_lines = {other + step for other in email_lines for step in range(-2, 3)}
    nonempty = [index for index, line in enumerate(lines) if line]
    tail = set(nonempty[-6:])
    heading_lines = {index for index, _, _ in headings}

    best_score, best_name = 0.0, ""
    for order, index in enumerate(nonempty):
        line = lines[index]
        rank = contact_ranks.get(index)
        near_email = index in near_email_lines
        labelled_line = bool(_NAME_LABEL_RE.match(line))
        if rank is None and not near_email and index not in tail and not labelled_line:
            continue
        if index in heading_lines:
            continue
        for segment in _SPLIT_SEGMENTS_RE.split(line):
            found = _name_from_segment(segment)
            if not found:
                continue
            name, labelled = found
            tokens = [token.strip(".").lower() for token in name.split()]
            score = 0.0
            if rank is not None:
                score += {0: 4, 1: 3}.get(rank, 2 if rank <= 4 else 1)
            elif near_email:
                score += 1.5
            if labelled:
                score += 3
            if handle_letters:
                matches = sum(1 for token in tokens if len(token) >= 3 and token in handle_letters)
                score += 2.5 * min(matches, 2)
            if all(token.islower() for token in name.split()):
                score -= 1.0
            elif any(token.islower() for token in name.split()):
                score -= 0.5
            if segment.strip() == line:
                score += 0.5  # alone on its line
            following = next((lines[i] for i in nonempty[order + 1 : order + 2]), "")
            if _looks_like_title(following):
                score += 1
            if score > best_score:
                best_score, best_name = score, name
    if best_score < 2.5:
        return ""
    if best_name.isupper():
        best_name = " ".join(part.capitalize() if len(part) > 2 else part for part in best_name.split())
    return best_name


def _looks_like_title(line: str) -> bool:
    words = [word.strip(",.()").lower() for word in line.split()[:8]]
    return any(word in _TITLE_WORDS for word in words)


# --------------------------------------------------------------------------
# Location
# --------------------------------------------------------------------------


def _find_location(lines: list[str], contact: list[str]) -> str:
    for line in lines:
        match = _LOCATION_LABEL_RE.match(line)
        if match:
            value = match.group(1).strip()
            found = _location_in(value)
            if found:
                return found
            # "177 Great Portland Street, London W5W 6PQ" -> "London"
            value = _POSTCODE_RE.sub(" ", _STREET_RE.sub(" ", value))
            value = " ".join(value.split()).strip(" ,;-|")
            if value and not any(ch.isdigit() for ch in value):
                return value[:80]
    for line in contact:
        found = _location_in(line)
        if found:
            return found
    return ""


def _location_in(line: str) -> str:
    if "@" in line:
        line = _EMAIL_RE.sub(" | ", line)
    for match in _LOCATION_RE.finditer(line):
        city_words = match.group("city").split()
        before = line[: match.start("city")].rstrip(" ")
        if before and before[-1].isalpha() or before.endswith("."):
            # The capitalised run continues what precedes it ("Stripe San
            # Francisco", "B.Tech. Ghatkesar"): keep the last word, or the
            # last two after "San", "New", "Los"...
            keep = 2 if len(city_words) >= 2 and city_words[-2].lower() in _CITY_PREFIXES else 1
            city_words = city_words[-keep:]
        while city_words and city_words[0].lower().strip(".") in _NOT_CITY_WORDS:
            city_words.pop(0)
        if len(city_words) > 2 and city_words[-3].lower() not in _CITY_PREFIXES:
            city_words = city_words[-2:]
        if not city_words or any(word.lower().strip(".") in _NOT_CITY_WORDS for word in city_words):
            continue
        city = " ".join(city_words).casefold()
        if city in _COUNTRY_AND_REGION_NAMES and city != match.group("region").casefold():
            continue  # "US, Germany" lists countries, "MAHARASHTRA, IN" is no city; "Delhi, Delhi" is
        region = match.group("region")
        country = match.group("country")
        result = f"{' '.join(city_words)}, {region}"
        if country and country != region:
            result += f", {country}"
        return result
    return ""


# --------------------------------------------------------------------------
# Experience
# --------------------------------------------------------------------------


def _month_index(token: str, *, is_end: bool, today: dt.date, start_year: int | None = None) -> int | None:
    """Months since year 0 for a date token; an end date points one past its month."""
    token = token.strip().lower().replace("’", "'")
    if re.fullmatch(_PRESENT_P, token, re.IGNORECASE):
        return today.year * 12 + today.month
    match = re.match(rf"({_MONTH_P})\s*,?\s*((?:19|20)\d\d|'\d\d)", token, re.IGNORECASE)
    if match:
        month = _MONTHS[match.group(1)[:3].lower()]
        year_text = match.group(2)
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text[1:])
        if year_text.startswith("'") and year > today.year:
            year -= 100
        return year * 12 + month - 1 + (1 if is_end else 0)
    match = re.match(r"(spring|summer|fall|autumn|winter)\s*,?\s*(\d{4})", token)
    if match:
        first, last = _SEASONS[match.group(1)]
        return int(match.group(2)) * 12 + (last if is_end else first - 1)
    match = re.match(r"(\d{1,2})\s*[/.\-]\s*(\d{2,4})$", token)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if year < 100:
            year += 2000 if year <= today.year % 100 else 1900
        return year * 12 + month - 1 + (1 if is_end else 0)
    match = re.fullmatch(r"(\d{4})", token)
    if match:
        year = int(match.group(1))
        if is_end:
            # "2015 - 2018" reads as three years; "2018 - 2018" as one.
            return year * 12 + (12 if start_year == year else 0)
        return year * 12
    match = re.fullmatch(r"(\d{2})", token)
    if match and is_end and start_year:
        year = (start_year // 100) * 100 + int(match.group(1))
        if year < start_year:
            year += 100
        return year * 12
    return None


def _date_ranges(text: str, today: dt.date) -> list[tuple[int, int]]:
    now = today.year * 12 + today.month
    ranges = []
    masked = text
    for match in _RANGE_RE.finditer(text):
        start_token, end_token = match.group("start"), match.group("end")
        start = _month_index(start_token, is_end=False, today=today)
        if start is None:
            continue
        start_year = start // 12 if re.fullmatch(r"\d{4}", start_token.strip()) else None
        if re.fullmatch(r"\d\d", end_token.strip()) and start_year is None:
            continue  # "Mar 2019 - 20" is not a range
        end = _month_index(end_token, is_end=True, today=today, start_year=start // 12)
        if end is None or end <= start or end > now + 1 or end - start > 50 * 12:
            continue
        ranges.append((start, end))
        masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    for match in _SEASON_RE.finditer(masked):
        first, last = _SEASONS[match.group("season").lower()]
        year = int(match.group("year"))
        start, end = year * 12 + first - 1, year * 12 + last
        if end <= now + 1:
            ranges.append((start, end))
    return ranges


def _merged_months(ranges: list[tuple[int, int]]) -> int:
    total = 0
    current_start = current_end = None
    for start, end in sorted(ranges):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _years_experience(sections: dict[str, str], text: str, today: dt.date) -> float | None:
    experience = sections.get("experience", "")
    if experience:
        months = _merged_months(_date_ranges(experience, today))
        if months:
            return round(months / 12, 1)
    stated = _stated_years(text)
    return stated


def _stated_years(text: str) -> float | None:
    best = None
    for pattern in _EXPERIENCE_STATEMENT_RES:
        for match in pattern.finditer(text):
            years = float(match.group(1))
            if match.group(2):
                years += int(match.group(2)) / 12
            if 0 < years <= 50 and (best is None or years > best):
                best = years
    return round(best, 1) if best is not None else None


# --------------------------------------------------------------------------
# Education
# --------------------------------------------------------------------------


def _education_level(education: str, text: str) -> str:
    """Highest degree named in the education section, else anywhere."""
    for source in (education, text) if education else (text,):
        best = ""
        for level, pattern in _EDUCATION_PATTERNS:
            if _EDUCATION_RANK[level] <= _EDUCATION_RANK[best]:
                continue
            if pattern.search(source):
                best = level
        if best:
            return best
    return ""
