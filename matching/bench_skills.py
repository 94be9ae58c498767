"""Speed and recall of the skill extractor, printed rather than asserted.

    python matching/bench_skills.py [--corpora PATH] [--repeat 3]

Speed: taxonomy load time, then extraction time per resume over the labelled resumes
(each cut or padded to about two pages, 6,000 characters).

Recall, two honest measures on data we did not tune on file by file:

* dataturks-train.json: each span labelled "Skills" is split into phrases at commas,
  semicolons, bullets and line breaks, with "(3 years)"-style notes removed. A phrase is
  recalled when a skill found in the full resume overlaps it. Phrases are what the
  annotators marked, so recall is bounded by what a taxonomy can know ("FLEXCUBE",
  "Written Communication Skills" count as misses or hits like any other).
* open-resume ground_truth.json: the share of its listed skills whose canonical name is
  among the skills found in the PDF's text (needs pypdf).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
# Run as a script, Python puts matching/ first on sys.path, where selectors.py would
# shadow the standard library's selectors module: put the repository there instead.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(REPO_DIR)
elif str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from matching import skills  # noqa: E402

TARGET_CHARS = 6000
_PHRASE_SPLIT_RE = re.compile(r"[,;\n\u2022\u25cf\u25aa|]+")
# Annotators sometimes included section headings in a Skills span; they are not skills.
_HEADING_RE = re.compile(
    r"^(?:(?:key|technical|soft|core|it|other|professional)\s+)?(?:skills?|competencies)(?:\s+(?:set|and competencies))?$"
    r"|^(?:addi)?tional information$|^languages$|^personality$|^project undertaken$",
    re.IGNORECASE,
)
_NOTE_RE = re.compile(r"\((?:[^()]*\byears?\b[^()]*|less than[^()]*)\)", re.IGNORECASE)


def default_corpora() -> Path:
    return Path(os.environ.get("SHORTLIST_CORPORA") or REPO_DIR.parent / "shared" / "corpora")


def load_dataturks(corpora: Path) -> list[dict]:
    path = corpora / "labeled" / "dataturks-train.json"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def two_page_texts(resumes: list[dict]) -> list[str]:
    texts = []
    for resume in resumes:
        text = resume["content"]
        while len(text) < TARGET_CHARS:
            text += "\n" + resume["content"]
        texts.append(text[:TARGET_CHARS])
    return texts


def bench_speed(texts: list[str], repeat: int) -> None:
    taxonomy = skills.get_taxonomy()
    for text in texts[:5]:
        taxonomy.extract(text)  # warm up
    timings = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            taxonomy.extract(text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"extract_skills on {len(texts)} resumes x {repeat} ({TARGET_CHARS} chars each): "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
    )


def skill_phrases(resume: dict) -> list[tuple[int, int, str]]:
    """(start, end, text) of each annotated skill phrase in the resume's content."""
    phrases = []
    for annotation in resume.get("annotation") or []:
        if "Skills" not in annotation["label"]:
            continue
        for point in annotation["points"]:
            start, end = point["start"], point["end"] + 1  # dataturks ends are inclusive
            span = resume["content"][start:end]
            cleaned = _NOTE_RE.sub(lambda m: " " * len(m.group()), span)
            offset = 0
            for piece in _PHRASE_SPLIT_RE.split(cleaned):
                piece_start = cleaned.index(piece, offset)
                offset = piece_start + len(piece)
                # "Languages: Java" -> "Java"; "SKILLS" headings are not phrases.
                label_cut = piece.rfind(":") + 1
                phrase = piece[label_cut:].strip(" \t.-")
                if (
                    not phrase
                    or not re.search(r"[A-Za-z]", phrase)
                    or len(phrase.split()) > 5
                    or _HEADING_RE.match(phrase)
                ):
                    continue
                phrase_start = start + piece_start + piece.index(phrase, label_cut)
                phrases.append((phrase_start, phrase_start + len(phrase), phrase))
    return phrases


def bench_dataturks_recall(resumes: list[dict]) -> None:
    taxonomy = skills.get_taxonomy()
    total = recalled = 0
    spans_total = spans_hit = 0
    inside = found_total = 0
    missed: Counter[str] = Counter()
    for resume in resumes:
        occurrences = taxonomy.occurrences(resume["content"])
        phrases = skill_phrases(resume)
        for start, end, phrase in phrases:
            total += 1
            if any(o_start < end and start < o_end for _, o_start, o_end in occurrences):
                recalled += 1
            else:
                missed[phrase.lower()] += 1
        skill_spans = [
            (p["start"], p["end"] + 1)
            for a in resume.get("annotation") or []
            if "Skills" in a["label"]
            for p in a["points"]
        ]
        for start, end in skill_spans:
            spans_total += 1
            spans_hit += any(start <= o_start and o_end <= end for _, o_start, o_end in occurrences)
        if skill_spans:
            found_total += len(occurrences)
            inside += sum(any(s <= o_start and o_end <= e for s, e in skill_spans) for _, o_start, o_end in occurrences)
    print(
        f"dataturks: {recalled}/{total} annotated skill phrases overlap a found skill "
        f"= {recalled / max(total, 1):.1%} phrase recall; "
        f"{spans_hit}/{spans_total} Skills spans contain at least one found skill"
    )
    print(
        f"dataturks: {inside}/{found_total} found occurrences lie inside annotated Skills spans "
        f"({inside / max(found_total, 1):.1%}; the rest are in experience text, which annotators did not mark)"
    )
    print("most frequent missed phrases:", ", ".join(f"{p!r}x{n}" for p, n in missed.most_common(25)))


def bench_open_resume(corpora: Path) -> None:
    folder = corpora / "resumes" / "open-resume"
    try:
        from pypdf import PdfReader
    except ImportError:
        print("open-resume: skipped, pypdf is not installed")
        return
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    for filename, expected in truth.items():
        text = "\n".join(page.extract_text() or "" for page in PdfReader(folder / filename).pages)
        found = {f.name for f in skills.extract_skills(text)}
        wanted = [skills.canonical_skill(name) or name for name in expected.get("skills", [])]
        hits = [name for name in wanted if name in found]
        print(
            f"open-resume {filename}: {len(hits)}/{len(wanted)} ground-truth skills found; missing {sorted(set(wanted) - found)}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the skill extractor.")
    parser.add_argument("--corpora", type=Path, default=default_corpora())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    taxonomy = skills.get_taxonomy()
    print(
        f"taxonomy: {len(taxonomy)} skills {taxonomy.category_counts()}, loaded in {time.perf_counter() - started:.2f} s"
    )
    if not (args.corpora / "labeled").is_dir():
        print(f"no corpora at {args.corpora}; set SHORTLIST_CORPORA")
        return 1
    resumes = load_dataturks(args.corpora)
    bench_speed(two_page_texts(resumes), args.repeat)
    bench_dataturks_recall(resumes)
    bench_open_resume(args.corpora)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
