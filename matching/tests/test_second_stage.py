"""The second stage evaluate_matching measures (issue 14, item 3): re-ordering only the
first stage's top, by how well the resume's chunks cover each requirement sentence."""

import numpy as np

from matching import evaluation


def _pool(chunk_vectors: list[list[list[float]]]) -> evaluation.ResumePool:
    counts = np.array([len(chunks) for chunks in chunk_vectors])
    tensor = np.zeros((len(chunk_vectors), int(counts.max()), 2), dtype=np.float32)
    for index, chunks in enumerate(chunk_vectors):
        tensor[index, : len(chunks)] = chunks
    return evaluation.ResumePool(
        items=[],
        prepared=[],
        vectors=tensor[:, 0],
        chunk_tensor=tensor,
        chunk_counts=counts,
        raw=tensor[:, 0],
        bm25=evaluation.BM25([]),
    )


def test_coverage_takes_each_sentence_best_chunk_and_ignores_padding():
    sentences = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    pool = _pool([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0]]])
    coverage = evaluation.requirement_coverage(sentences, pool.chunk_tensor, pool.chunk_counts, "mean")
    # The first resume covers both sentences; the second only the first (its padding row is no chunk).
    assert np.allclose(coverage, [1.0, 0.5])
    spread = evaluation.requirement_coverage(sentences, pool.chunk_tensor, pool.chunk_counts, "spread")
    assert spread[0] > spread[1]


def test_second_stage_reorders_only_the_top(monkeypatch):
    monkeypatch.setattr(evaluation, "SECOND_STAGE_TOP", 2)
    sentences = np.array([[0.0, 1.0]], dtype=np.float32)
    pool = _pool([[[1.0, 0.0]], [[0.0, 1.0]], [[0.0, 1.0]]])
    first = np.array([0.9, 0.8, 0.1])
    assert np.array_equal(evaluation.second_stage(first, sentences, pool, weight=0.0, aggregate="mean"), first)
    fused = evaluation.second_stage(first, sentences, pool, weight=0.9, aggregate="mean")
    order = np.argsort(-fused).tolist()
    # The second resume covers the requirement and overtakes the first; the third, though
    # it covers it too, was not in the first stage's top and stays last.
    assert order == [1, 0, 2]
