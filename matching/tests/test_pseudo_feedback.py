"""Pseudo-relevance feedback, as evaluate_matching measures it (`--pseudo-feedback`):
the first pass's top k pull the job's vector toward them before ranking again."""

import numpy as np

from matching import evaluation


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_the_top_of_the_first_pass_pulls_its_like_up():
    job_vector = _unit(1.0, 0.0)
    job = evaluation.PreparedJob(
        job=evaluation.LabelledJob(key="j", source="test", title="Role", text="", relevant={"X"}),
        skills_required=[],
        title_vector=job_vector,
        text_vectors={True: job_vector, False: job_vector},
        raw_vector=job_vector,
    )
    # The first pass ranks X, Y, X; the second resume of X is like the first one.
    vectors = np.stack([_unit(0.95, 0.31), _unit(0.9, -0.44), _unit(0.85, 0.53)])
    pool = evaluation.ResumePool(
        items=[evaluation.LabelledResume(key=str(i), source="test", category=c, text="") for i, c in enumerate("XYX")],
        prepared=[],
        vectors=vectors,
        chunk_tensor=np.zeros((3, 0, 2), dtype=np.float32),
        chunk_counts=np.zeros(3, dtype=int),
        raw=vectors,
        bm25=evaluation.BM25([]),
    )
    constants = evaluation.Constants(True, 0.5, 0.9, 6.0)
    calibration = (0.5, 0.05)
    skills = {("j", id(pool)): None}
    [plain] = evaluation.pseudo_feedback_ndcgs([job], pool, constants, calibration, skills, k=0, toward=0.0)
    [moved] = evaluation.pseudo_feedback_ndcgs([job], pool, constants, calibration, skills, k=1, toward=1.0)
    assert plain < 1.0 and moved == 1.0
