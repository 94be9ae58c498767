"""Section headings (and their synonyms), the sections' bodies and the header block above them."""

from __future__ import annotations

import re

from resumes.parsing.contact import _EMAIL_RE, _URL_RE
from resumes.parsing.result import ParsedResume

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
_HEADING_CLEAN_RE = re.compile(r"[^a-z0-9 ]+")
_BULLET_PREFIX_RE = re.compile(r"^[-*•]\s+")
_PROSE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOPWORDS = frozenset("a an the and or of in on at to for with by from as is are that who which my i".split())


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
    """ "SKILLS & AWARDS", "Education and Certifications": the first part names it."""
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
