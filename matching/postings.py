"""Which sentences of a job posting describe the role.

Postings carry company descriptions, benefits, equal-opportunity statements and
application instructions that say nothing about the work; embedded together with
the role they pull every posting of a market toward the same vector. This module
sorts a posting's sentences into `role` (duties, requirements, skills), `company`
(about us, benefits, legal text, how to apply) and `other` (anything not clearly
either), offline and without any model:

- headings set the kind of the sentences under them ("Responsibilities",
  "Requirements" against "About us", "Benefits", "EEO"), written inline too
  ("...a great culture. Required Skills:- Core Java");
- lexical cues decide a sentence on their own when they are unambiguous (legal
  and benefits vocabulary, addresses, "apply now"), whatever heading it sits under.

The cue lists are generic posting vocabulary, not taken from any evaluation file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE, COMPANY, OTHER = "role", "company", "other"

# Headings that open a part about the work.
_ROLE_HEADING = re.compile(
    r"responsibilit|duties|what you('ll| will) (do|be doing)|day[- ]to[- ]day|requirement|qualification|"
    r"skills|experience|about (the|this) (role|job|position|opportunity)|the role|your role|role (summary|overview|description)|"
    r"position (summary|overview|description|purpose)|job (description|summary|duties|overview|details|functions)|"
    r"essential (functions|duties)|key (responsibilities|skills|accountabilities)|what we('re| are) looking for|"
    r"who you are|you (have|bring|are)|what you (bring|need|have)|must[- ]haves?|nice[- ]to[- ]haves?|"
    r"preferred|desired|education|technical|competenc|knowledge|abilities|scope|overview of (the )?role|"
    r"your (impact|mission|profile)|the opportunity|summary|objective|tasks",
    re.IGNORECASE,
)
# Headings that open a part about the company, the offer or the process.
_COMPANY_HEADING = re.compile(
    r"about (us|the company|our company|the team|[A-Z][\w&.,' -]{0,40})$|who we are|our (company|mission|culture|story|values|team|client)|"
    r"company (overview|description|profile)|benefits|perks|what we offer|we offer|why (join|work)|compensation|"
    r"salary|pay (range|rate)|equal (employment )?opportunit|\beeo\b|diversity|inclusion|how to apply|to apply|"
    r"application (process|instructions)|disclaimer|notice|work authori[sz]ation|physical (demands|requirements)|"
    r"work(ing)? (environment|conditions)|location|schedule|travel|job type|employment type|"
    r"additional information|other (important )?information|life at|our offer",
    re.IGNORECASE,
)
# A sentence that is company, offer or legal text wherever it stands.
_COMPANY_SENTENCE = re.compile(
    r"equal (employment )?opportunit|affirmative action|without regard to|regardless of (race|age|gender)|"
    r"\brace\b.{0,40}\b(color|religion)|sexual orientation|gender identity|national origin|veteran status|"
    r"protected (veteran|status|class)|\bdisabilit(y|ies)\b.{0,40}(status|accommodat|individuals)|e-?verify|"
    r"reasonable accommodation|401\s*\(?k\)?|dental|vision (insurance|coverage|plan)|health (insurance|benefits)|"
    r"paid time off|\bpto\b|tuition reimburse|parental leave|stock options|competitive (salary|compensation|pay|benefits)|"
    r"benefits (package|include)|apply (now|online|today|here)|click (here|apply|the)|submit (your|a) (resume|application|cv)|"
    r"(send|email) (us )?(your )?(resume|cv)|background (check|screening)|drug (test|screen)|"
    r"(not|unable to) (provide |offer )?(visa )?sponsor|sponsorship|legally (authori[sz]ed|eligible) to work|"
    r"recruit(ing|ment)? agenc|third[- ]party|headquartered|founded in|fortune \d+|"
    r"\b(www\.|https?://)|[\w.+-]+@[\w-]+\.\w+|"
    r"(we|our company) (is|are) (a|an|the) (leading|global|fast[- ]growing|premier|world)|"
    r"our (mission|culture|values|clients|customers|employees|people) |join our team|great place to work|"
    r"fast[- ]paced,? (and )?(fun|dynamic)|work[- /]life balance|casual dress|free (lunch|snacks)",
    re.IGNORECASE,
)
# Words that describe work or a requirement: a sentence before any heading that
# carries them is about the role.
_ROLE_SENTENCE = re.compile(
    r"\b(experience (with|in|of)|years?|proficien|knowledge of|familiar|expertise|degree|bachelor|master|ph\.?d|"
    r"certif|responsib|you will|you'll|will be (responsible|working)|develop|design|build|implement|maintain|"
    r"analy[sz]|manag|support|test|deploy|write|lead|collaborat|skills?|ability to|understanding of|"
    r"hands[- ]on|background in)",
    re.IGNORECASE,
)

# "…culture. Required Skills:- Core Java": a heading of up to six capitalised words
# followed by a colon, glued to the sentence before it.
_INLINE_HEADING = re.compile(r"(?<=[a-z0-9.)!?])\s*((?:[A-Z][\w/&'-]*\s?){1,6}:)\s*")
# Bullets, and the dashes that run-on text glues between items ("errors- Write docs").
_BULLET = re.compile(
    r"\s*(?:^|(?<=\s))[\u2022\u25cf\u25aa\u2023\u2043\u00b7*]\s+|(?<=:)-\s*|\s-\s(?=[A-Z])|(?<=[a-z)])-\s+(?=[A-Z])"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_HEADING_MAX_WORDS = 8


@dataclass(frozen=True)
class PostingSentence:
    text: str
    kind: str  # role, company, other


_WRAPPED = re.compile(r"(?<=[^.!?:;\n])\n(?=[a-z(])")


def _lines(text: str) -> list[str]:
    text = text.replace("\r", "\n")
    # A line broken in mid-sentence (PDF text) continues in lower case: rejoin it.
    text = _WRAPPED.sub(" ", text)
    text = _INLINE_HEADING.sub(lambda m: "\n" + m.group(1) + "\n", text)
    text = _BULLET.sub("\n", text)
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip(" \t-–—:;|")
        if line:
            lines.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return lines


def _heading_kind(line: str) -> str | None:
    words = line.rstrip(":").split()
    if not words or len(words) > _HEADING_MAX_WORDS or line.rstrip().endswith((".", "!", "?")):
        return None
    bare = line.rstrip(":").strip()
    if _COMPANY_HEADING.search(bare) and not _ROLE_HEADING.search(bare.split()[0]):
        return COMPANY
    if _ROLE_HEADING.search(bare):
        return ROLE
    if line.rstrip().endswith(":") and len(words) <= 5:
        return OTHER
    return None


def classify_posting(text: str) -> list[PostingSentence]:
    """The posting's sentences, each marked role, company or other (headings are left out)."""
    sentences: list[PostingSentence] = []
    section: str | None = None
    for line in _lines(text or ""):
        heading = _heading_kind(line)
        if heading is not None:
            section = heading
            continue
        if _COMPANY_SENTENCE.search(line):
            kind = COMPANY
        elif section == ROLE:
            kind = ROLE
        elif section == COMPANY:
            kind = COMPANY
        elif _ROLE_SENTENCE.search(line):
            kind = ROLE
        else:
            kind = OTHER
        sentences.append(PostingSentence(line, kind))
    return sentences


def role_text(text: str, *, min_words: int = 40) -> str:
    """The sentences of a posting that describe the role, in order; the whole text
    when too little of it is recognisably about the role (a terse posting is all role)."""
    sentences = classify_posting(text)
    role = [s.text for s in sentences if s.kind == ROLE]
    if sum(len(s.split()) for s in role) < min_words:
        role = [s.text for s in sentences if s.kind != COMPANY]
    if sum(len(s.split()) for s in role) < min_words:
        return (text or "").strip()
    return "\n".join(role)
