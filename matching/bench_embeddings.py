"""Embedding throughput on real resume chunks: plain sentence-transformers against what we ship.

    python -m matching.bench_embeddings --chunks 200 [--repeat 3] [--batch-size 32]

Rows, all in one process on the same chunks:

- ``baseline``: ``SentenceTransformer.encode`` as anyone would call it (the reference vectors).
- ``torch``: our torch backend (token-length-sorted batches).
- ``openvino``: our OpenVINO backend at its default precision, and ``openvino-f32`` pinned to f32.

Chunks come from the labeled resume dataset cut by ``chunk_text``; resumes/s divides
chunks/s by the dataset's real mean number of chunks per resume. Each row reports the
best of ``--repeat`` rounds in which the rows take turns (other work on the machine
only ever slows a run down).
No Django needed.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from matching import embeddings

# shared/ sits beside the repository, on developer machines and in CI alike.
DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared/corpora/labeled/updated-resume-dataset.dedup.csv"


def load_resume_chunks(dataset: Path) -> tuple[list[str], float]:
    """Every chunk of every resume in the dataset, and the mean number of chunks per resume."""
    csv.field_size_limit(sys.maxsize)
    with open(dataset, newline="", encoding="utf-8") as handle:
        resumes = [row["Resume"] for row in csv.DictReader(handle) if row.get("Resume", "").strip()]
    per_resume = [embeddings.chunk_text(text) for text in resumes]
    chunks = [chunk for resume_chunks in per_resume for chunk in resume_chunks]
    return chunks, len(chunks) / len(resumes)


def spread_sample(chunks: list[str], count: int) -> list[str]:
    """``count`` chunks taken evenly across the dataset, so lengths follow the real mix."""
    if count >= len(chunks):
        return list(chunks)
    step = len(chunks) / count
    return [chunks[int(i * step)] for i in range(count)]


def timed_round_robin(runs: dict[str, Callable[[], np.ndarray]], repeat: int) -> dict[str, tuple[float, np.ndarray]]:
    """Best time of each run over ``repeat`` rounds, the rows taking turns so that
    load from elsewhere on the machine does not land on one row only."""
    results: dict[str, tuple[float, np.ndarray]] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            vectors = run()
            seconds = time.perf_counter() - started
            if name not in results or seconds < results[name][0]:
                results[name] = (seconds, vectors)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=200, help="chunks to embed per run (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; each row keeps its best (default 3)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    args = parser.parse_args(argv)

    all_chunks, chunks_per_resume = load_resume_chunks(args.dataset)
    chunks = spread_sample(all_chunks, args.chunks)
    lengths = [embeddings.token_count(chunk) for chunk in chunks]
    print(
        f"{len(chunks)} chunks from {args.dataset.name}: word pieces mean {statistics.mean(lengths):.0f}, "
        f"median {statistics.median(lengths):.0f}, max {max(lengths)}; "
        f"{chunks_per_resume:.2f} chunks per resume; batch size {args.batch_size}; best of {args.repeat}"
    )

    from sentence_transformers import SentenceTransformer

    loads: dict[str, float] = {}
    started = time.perf_counter()
    baseline_model = SentenceTransformer(str(embeddings.model_path()), device="cpu")
    baseline_model.max_seq_length = embeddings.MAX_SEQ_LENGTH
    loads["baseline"] = time.perf_counter() - started

    backends: dict[str, embeddings.Embedder] = {
        "torch": embeddings.TorchEmbedder(),
        "openvino": embeddings.OpenVINOEmbedder(),
        "openvino-f32": embeddings.OpenVINOEmbedder(precision="f32"),
    }
    for name, embedder in backends.items():
        started = time.perf_counter()
        embedder.load()
        loads[name] = time.perf_counter() - started

    runs: dict[str, Callable[[], np.ndarray]] = {
        "baseline": lambda: baseline_model.encode(
            chunks, batch_size=args.batch_size, convert_to_numpy=True, show_progress_bar=False
        ),
        **{
            name: (lambda embedder=embedder: embedder.encode(chunks, batch_size=args.batch_size))
            for name, embedder in backends.items()
        },
    }
    warmup = chunks[: args.batch_size]
    baseline_model.encode(warmup, batch_size=args.batch_size, show_progress_bar=False)
    for embedder in backends.values():
        embedder.encode(warmup, batch_size=args.batch_size)

    results = timed_round_robin(runs, args.repeat)
    reference = results["baseline"][1]
    baseline_rate = len(chunks) / results["baseline"][0]

    header = (
        f"{'backend':<14}{'precision':>10}{'load s':>8}{'chunks/s':>10}{'resumes/s':>11}"
        f"{'vs base':>9}{'min cos':>10}{'mean cos':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, (seconds, vectors) in results.items():
        rate = len(chunks) / seconds
        cosines = np.sum(np.asarray(vectors, dtype=np.float32) * reference, axis=1)
        embedder = backends.get(name)
        label, precision = name, "f32"
        if isinstance(embedder, embeddings.OpenVINOEmbedder):
            if embedder.backend == "openvino":
                precision = embedder.precision
            else:
                label = f"{name}->torch"  # OpenVINO was unavailable: the log says why
        print(
            f"{label:<14}{precision:>10}{loads[name]:>8.1f}{rate:>10.1f}{rate / chunks_per_resume:>11.1f}"
            f"{rate / baseline_rate:>8.2f}x{cosines.min():>10.5f}{cosines.mean():>10.5f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
