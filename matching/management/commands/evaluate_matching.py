import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching import evaluation, scoring


class Command(BaseCommand):
    help = (
        "Ranking quality (nDCG@10, MAP) of Shortlist's score against BM25 and whole-document cosine, "
        "per source of postings, with constants tuned leaving each source out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpora", default=str(Path(settings.BASE_DIR).parent / "shared" / "corpora"))
        parser.add_argument("--split", choices=["report", "tune"], default="report")
        parser.add_argument("--max-jobs", type=int, default=None, help="At most this many postings per source.")
        parser.add_argument("--no-tuning", action="store_true", help="Skip the leave-one-source-out grid.")
        parser.add_argument(
            "--second-stage",
            action="store_true",
            help="Also measure re-scoring the top 50 with requirement sentences against resume chunks (not shipped).",
        )

        parser.add_argument(
            "--criteria-weight",
            action="store_true",
            help="Also tune the criteria's weight with each posting's requirement sentences as stand-in criteria.",
        )
        parser.add_argument(
            "--skill-part",
            action="store_true",
            help="Also measure a smaller skill weight and a saturating skill part, leaving each source out (not shipped).",
        )
        parser.add_argument(
            "--pseudo-feedback",
            action="store_true",
            help="Also measure re-ranking toward the first pass's top k before any decision, leaving each source out "
            "(not shipped).",
        )

    def handle(
        self,
        *args,
        corpora,
        split,
        max_jobs,
        no_tuning,
        second_stage,
        criteria_weight,
        skill_part,
        pseudo_feedback,
        **options,
    ):
        corpora = Path(corpora)
        if not (corpora / "labeled").is_dir():
            raise CommandError(f"No labelled corpora at {corpora}; pass --corpora PATH.")
        started = time.perf_counter()

        def progress(done, total):
            sys.stderr.write(f"\r  scored {done}/{total} jobs")
            sys.stderr.flush()

        report = evaluation.evaluate(
            corpora,
            split=split,
            max_jobs=max_jobs,
            tune_constants=not no_tuning,
            measure_second_stage=second_stage,
            measure_criteria_weight=criteria_weight,
            measure_skill_part=skill_part,
            measure_pseudo_feedback=pseudo_feedback,
            progress=progress,
        )
        sys.stderr.write("\n")
        write = self.stdout.write
        write(f"{report.jobs} jobs x {report.resumes} resumes ({split} half), {time.perf_counter() - started:.0f} s")
        write("")
        write("Per source of postings (nDCG@10 / MAP; margin = Shortlist - whole-document cosine, ± its standard")
        write("error over the source's postings; held out = constants tuned without the source, and its margin):")
        write(
            f"{'source':<16} {'jobs':>4} {'Shortlist':>13} {'cosine':>13} {'BM25':>13} {'margin':>14} "
            f"{'held out':>9} {'held-out margin':>16} {'whole posting':>14}"
        )
        for row in report.sources:
            held = "" if row.held_out is None else f"{row.held_out:.3f}"
            held_margin = "" if row.held_out_margin is None else f"{row.held_out_margin:+.3f} ± {row.held_out_se:.3f}"
            write(
                f"{row.source:<16} {row.jobs:>4} {row.shortlist:>7.3f}/{row.shortlist_map:.3f} "
                f"{row.cosine:>7.3f}/{row.cosine_map:.3f} {row.bm25:>7.3f}/{row.bm25_map:.3f} "
                f"{row.margin:>+7.3f} ± {row.margin_se:.3f} {held:>9} {held_margin:>16} {row.whole_posting:>14.3f}"
            )
        spread = report.spread()
        write(f"margin over sources: min {spread['min']:+.3f}, max {spread['max']:+.3f}, std {spread['std']:.3f}")
        if report.held_out:
            spread = report.spread(held_out=True)
            write(
                f"held-out margin over sources: min {spread['min']:+.3f}, max {spread['max']:+.3f}, std {spread['std']:.3f}"
            )
        write("")
        write(f"{'all jobs':<32} {'nDCG@10':>8} {'MAP':>8}")
        for name, row in report.rows.items():
            write(f"{name:<32} {row['ndcg@10']:>8.3f} {row['map']:>8.3f}")
        if report.tuned:
            write("")
            write("Leave one source out ('held out' above: the grid's choice on the other sources' postings,")
            write("tuning half of the resumes, reported on the held-out source):")
            for source in evaluation.POSTING_SOURCES:
                if source in report.tuned:
                    write(f"  without {source}: {report.tuned[source]}")
            write(f"  all sources: {report.shipped_on_tune}")
        if report.feedback:
            write("")
            write("Learning from decisions (k decisions on the top of the list; nDCG@10 of the undecided rest):")
            for k, (before, after) in sorted(report.feedback.items()):
                write(f"  k={k:<3} no feedback {before:.3f}  re-ranked {after:.3f}  ({after - before:+.3f})")
            write(
                f"  shipped: toward {scoring.FEEDBACK_TOWARD:g}, away {scoring.FEEDBACK_AWAY:g}"
                + (
                    f"; the tuning half picks {report.feedback_tuned[0]:g} / {report.feedback_tuned[1]:g}"
                    if report.feedback_tuned
                    else ""
                )
            )
        if report.criteria:
            quality = report.criteria
            write("")
            write(
                f'Criteria ("<field> experience" for {quality["criteria"]:.0f} fields, met by a line at cosine >= '
                f"{scoring.CRITERION_THRESHOLD:.2f}): precision {quality['precision']:.3f}, recall {quality['recall']:.3f}, "
                f"F1 {quality['f1']:.3f}"
                + (
                    f"; the tuning half picks {report.criterion_threshold:.2f}"
                    if report.criterion_threshold is not None
                    else ""
                )
            )
        if report.second_stage is not None:
            stage = report.second_stage
            write("")
            write(
                f"Second stage (top {evaluation.SECOND_STAGE_TOP} re-scored with each requirement sentence's best chunk; "
                "weight tuned leaving the source out):"
            )
            for source, (current, held, (weight, aggregate)) in stage.per_source.items():
                write(
                    f"  {source:<16} current {current:.3f}  second stage {held:.3f}  ({held - current:+.3f}; "
                    f"tuned without it: weight {weight:g}, {aggregate})"
                )
            write(f"  all sources pick weight {stage.all_sources[0]:g}, {stage.all_sources[1]}")
            write(
                f"  time over {report.jobs} jobs: ranking {stage.first_seconds:.2f} s; second stage: encoding the "
                f"requirement sentences {stage.encode_seconds:.2f} s, re-scoring {stage.rescore_seconds:.2f} s; "
                f"{stage.time_ratio():.2f}x the ranking time ({stage.time_ratio(sentences_stored=True):.2f}x with "
                "the sentence vectors kept with the job)"
            )
        if report.criteria_weight is not None:
            tuned = report.criteria_weight
            write("")
            write(
                f"Criteria weight (the first {evaluation.CRITERIA_PER_JOB} requirement sentences of each posting as "
                f"nice-to-have criteria, {tuned.met_share:.0%} of them met; weight tuned leaving the source out):"
            )
            for source, (none, held, weight) in tuned.per_source.items():
                write(
                    f"  {source:<16} no criteria {none:.3f}  with criteria {held:.3f}  ({held - none:+.3f}; weight {weight:g})"
                )
            write(f"  all sources pick weight {tuned.all_sources:g} (shipped {scoring.CRITERIA_WEIGHT:g})")
        if report.skill_part is not None:
            write("")
            write(
                "Skill part (weight beside similarity, and full marks at N skills shown: a variant and the constants "
                "chosen on the tuning half leaving the source out; shipped: weight 0.4, every listed skill):"
            )
            for source, (shipped, held, (weight, saturation)) in report.skill_part.per_source.items():
                write(
                    f"  {source:<16} shipped {shipped:.3f}  chosen {held:.3f}  ({held - shipped:+.3f}; weight {weight:g}, "
                    f"saturation {saturation or 'none'})"
                )
            weight, saturation = report.skill_part.all_sources
            write(f"  all sources pick weight {weight:g}, saturation {saturation or 'none'}")
        if report.pseudo_feedback is not None:
            write("")
            write(
                "Pseudo-relevance feedback (the first pass's top k taken as shortlisted, the job vector moved toward "
                "them; k and step chosen on the tuning half leaving the source out):"
            )
            for source, (none, used, (k, toward)) in report.pseudo_feedback.per_source.items():
                write(
                    f"  {source:<16} none {none:.3f}  with it {used:.3f}  ({used - none:+.3f}; k {k}, step {toward:g})"
                )
            k, toward = report.pseudo_feedback.all_sources
            write(f"  all sources pick k {k}, step {toward:g}")
        anchors = report.calibration
        write("")
        write(
            f"shipped: role sentences, title {scoring.JOB_TITLE_WEIGHT:.2f}, document {scoring.DOCUMENT_WEIGHT:.2f}, "
            f"centre {scoring.CALIBRATION_CENTRE:.3f}, scale {scoring.CALIBRATION_SCALE:.3f}; anchors on this half: "
            f"unrelated median {anchors['unrelated_median']:.3f}, related p95 {anchors['related_p95']:.3f}"
        )
