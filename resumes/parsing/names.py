"""The candidate's name, from the header block."""

from __future__ import annotations

import re

from resumes.parsing.contact import _SPLIT_SEGMENTS_RE
from resumes.parsing.places import _PLACE_NAMES
from resumes.parsing.sections import SECTION_SYNONYMS, _compound_heading, _contact_line_indexes, _heading_key

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
    if any(ch.isdigit() for ch in candidate) or any(ch in candidate for ch in '@/:()[]{}<>=+&#%|,;!?"“”'):
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
