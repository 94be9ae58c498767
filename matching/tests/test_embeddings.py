"""The embedding engine with the real packaged model: no fakes, since these tests are about match quality.

Plain pytest: matching.embeddings needs no Django. Tests that load the model are
marked ``model``; the whole module runs in well under a minute on two cores.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from matching import embeddings
from matching.embeddings import (
    EMBEDDING_DIMENSIONS,
    MODEL_NAME,
    DocumentEmbedding,
    InMemoryEmbeddingCache,
    cache_key,
    chunk_text,
    embed_document,
    encode,
    get_embedder,
    token_count,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

PYTHON_RESUME_CHUNK = (
    "Experience\nSenior Python developer, 2018-2024. Built REST APIs with Django and Django REST "
    "framework on PostgreSQL; wrote Celery tasks, tuned SQL queries and indexes, deployed with Docker."
)
NURSING_RESUME_CHUNK = (
    "Experience\nRegistered nurse in a cardiac intensive care unit, 2015-2023. Monitored patients, "
    "administered medication, trained new nursing staff and coordinated care with physicians."
)
JOB_QUERY = "Python backend developer with Django and PostgreSQL"

AGREEMENT_TEXTS = [
    PYTHON_RESUME_CHUNK,
    NURSING_RESUME_CHUNK,
    JOB_QUERY,
    "Skills: Java, Spring Boot, Hibernate, Kafka, microservices, AWS (EC2, S3, Lambda), Jenkins CI.",
    "Education\nB.Sc. Civil Engineering, 2012. AutoCAD, STAAD Pro, site supervision, quantity surveying.",
    "Sales executive: exceeded quarterly targets by 30%, managed key accounts, negotiated contracts. " * 8,
]


def _long_resume() -> tuple[str, dict[str, str]]:
    """A resume far past 256 word pieces: many bullets, an overlong line, an unpunctuated run-on."""
    bullets = "\n".join(
        f"* Project {n}: migrated service {n} from Flask to Django, added PostgreSQL indexes and "
        f"cut p95 latency by {10 + n}% for the billing team."
        for n in range(1, 31)
    )
    overlong_line = " ".join(f"Led workstream {n} across three teams and shipped it on schedule." for n in range(1, 40))
    run_on = " ".join(f"kubernetes{n} terraform{n} ansible{n}" for n in range(1, 120))
    sections = {
        "Summary": "Backend engineer with ten years of Python, Django and PostgreSQL.",
        "Experience": f"Acme Corp, Senior Engineer, 2016-2024\n{bullets}\n\n{overlong_line}",
        "Skills": run_on,
        "Education": "M.Sc. Computer Science, University of Somewhere, 2014",
    }
    text = "Jane Doe\njane@example.test\n\n" + "\n\n".join(f"{h}\n{b}" for h, b in sections.items())
    return text, sections


def _words(texts: list[str]) -> set[str]:
    return {word for text in texts for word in text.split()}


class CountingEmbedder:
    """The real embedder, counting what it is asked to encode."""

    def __init__(self, inner: embeddings.Embedder) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def encode(self, texts, *, batch_size: int = 32) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts, batch_size=batch_size)


@pytest.fixture(scope="module")
def torch_embedder() -> embeddings.Embedder:
    embedder = get_embedder("torch")
    embedder.load()
    return embedder


@pytest.fixture(scope="module")
def openvino_embedder() -> embeddings.Embedder:
    embedder = get_embedder("openvino")
    embedder.load()
    # A silent fallback would make every agreement test compare torch with torch.
    assert embedder.backend == "openvino", "OpenVINO backend fell back to torch; see the log"
    return embedder


# --------------------------------------------------------------------------- chunking (tokenizer only)


def test_cache_key_is_sha256_of_model_name_and_exact_text():
    import hashlib

    assert cache_key("Python") == hashlib.sha256(f"{MODEL_NAME}\0Python".encode()).hexdigest()
    assert cache_key("Python") != cache_key("Python ")


def test_short_text_is_a_single_chunk():
    assert chunk_text("  Python developer\n\nDjango, PostgreSQL  ") == ["Python developer\nDjango, PostgreSQL"]
    assert chunk_text("   \n ") == []


@pytest.mark.parametrize(("max_tokens", "overlap_tokens"), [(256, 32), (64, 8), (40, 0)])
def test_chunks_fit_the_model_and_cover_every_word(max_tokens, overlap_tokens):
    text, sections = _long_resume()
    assert token_count(text) > 1000

    plain = chunk_text(text, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
    by_section = chunk_text(text, sections=sections, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
    section_text = "\n".join(f"{heading}\n{body}" for heading, body in sections.items())

    for chunks, source in ((plain, text), (by_section, section_text)):
        assert len(chunks) > 1
        assert max(token_count(chunk) for chunk in chunks) <= max_tokens
        assert _words([source]) <= _words(chunks)


def test_sections_are_chunked_in_order_and_long_ones_keep_their_heading_and_overlap():
    text, sections = _long_resume()
    chunks = chunk_text(text, sections=sections, overlap_tokens=32)

    assert chunks[0] == "Summary\nBackend engineer with ten years of Python, Django and PostgreSQL."
    assert chunks[-1] == "Education\nM.Sc. Computer Science, University of Somewhere, 2014"
    experience = [chunk for chunk in chunks if chunk.startswith("Experience\n")]
    assert len(experience) >= 3
    for previous, current in zip(experience, experience[1:], strict=False):
        # Each window opens with the end of the one before it.
        opening = current.removeprefix("Experience\n").split()[:3]
        assert " ".join(opening) in previous
    # Sections, not the raw text, are the document: the contact lines are left out.
    assert not any("jane@example.test" in chunk for chunk in chunks)


def test_chunk_text_rejects_windows_the_model_cannot_read():
    with pytest.raises(ValueError):
        chunk_text("text", max_tokens=512)
    with pytest.raises(ValueError):
        chunk_text("text", max_tokens=64, overlap_tokens=40)


# --------------------------------------------------------------------------- the model


@pytest.mark.model
def test_vectors_are_normalized_float32_384d(torch_embedder, openvino_embedder):
    for embedder in (torch_embedder, openvino_embedder):
        vectors = encode(["Python developer", "", "Nurse " * 400], embedder=embedder)
        assert vectors.shape == (3, EMBEDDING_DIMENSIONS)
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encode([], embedder=torch_embedder).shape == (0, EMBEDDING_DIMENSIONS)


@pytest.mark.model
def test_python_job_is_closer_to_python_resume_than_to_nursing(torch_embedder, openvino_embedder):
    for embedder in (torch_embedder, openvino_embedder):
        job, python, nursing = encode([JOB_QUERY, PYTHON_RESUME_CHUNK, NURSING_RESUME_CHUNK], embedder=embedder)
        assert job @ python > job @ nursing + 0.2


@pytest.mark.model
@pytest.mark.parametrize("precision", ["auto", "f32"])
def test_openvino_agrees_with_torch(torch_embedder, openvino_embedder, precision):
    text, _ = _long_resume()
    texts = AGREEMENT_TEXTS + chunk_text(text)
    openvino = openvino_embedder if precision == "auto" else embeddings.OpenVINOEmbedder(precision=precision)
    cosines = np.sum(encode(texts, embedder=openvino) * encode(texts, embedder=torch_embedder), axis=1)
    assert openvino.backend == "openvino"
    assert cosines.min() >= 0.99, cosines


@pytest.mark.model
def test_encoding_is_deterministic(torch_embedder, openvino_embedder):
    texts = AGREEMENT_TEXTS
    for embedder in (torch_embedder, openvino_embedder):
        first = encode(texts, embedder=embedder)
        np.testing.assert_array_equal(first, encode(texts, embedder=embedder))
        # Another batch composition (other padding) moves a vector by float noise at most.
        alone = np.vstack([encode([text], embedder=embedder) for text in texts])
        np.testing.assert_allclose(alone, first, atol=2e-3)


@pytest.mark.model
def test_cache_hits_skip_the_model_and_identical_texts_are_encoded_once(torch_embedder):
    counting = CountingEmbedder(torch_embedder)
    cache = InMemoryEmbeddingCache()
    a, b, c = "Django developer", "Registered nurse", "Civil engineer"

    first = encode([a, b, a], cache=cache, embedder=counting)
    assert counting.calls == [[a, b]]
    np.testing.assert_array_equal(first[0], first[2])
    assert len(cache) == 2

    again = encode([b, a], cache=cache, embedder=counting)
    assert counting.calls == [[a, b]]
    np.testing.assert_array_equal(again, first[[1, 0]])

    encode([c, a], cache=cache, embedder=counting)
    assert counting.calls[-1] == [c]


@pytest.mark.model
def test_a_failing_cache_slows_down_but_does_not_stop_embedding(torch_embedder, caplog):
    class BrokenCache:
        def get_many(self, keys):
            raise ConnectionError("cache down")

        def set_many(self, mapping):
            raise ConnectionError("cache down")

    with caplog.at_level(logging.WARNING, logger="matching.embeddings"):
        vectors = encode([JOB_QUERY], cache=BrokenCache(), embedder=torch_embedder)
    assert vectors.shape == (1, EMBEDDING_DIMENSIONS)
    assert "cache read failed" in caplog.text


@pytest.mark.model
def test_embed_document_vector_is_the_normalized_mean_of_its_chunks(torch_embedder):
    text, sections = _long_resume()
    document = embed_document(text, sections=sections, embedder=torch_embedder, cache=InMemoryEmbeddingCache())

    assert isinstance(document, DocumentEmbedding)
    assert document.model_name == MODEL_NAME
    assert document.chunks == chunk_text(text, sections=sections)
    assert document.chunk_vectors.shape == (len(document.chunks), EMBEDDING_DIMENSIONS)
    mean = document.chunk_vectors.mean(axis=0)
    np.testing.assert_allclose(document.vector, mean / np.linalg.norm(mean), atol=1e-6)
    job = encode([JOB_QUERY], embedder=torch_embedder)[0]
    assert job @ document.vector > job @ encode([NURSING_RESUME_CHUNK], embedder=torch_embedder)[0]

    for blank in ("", "  \n "):
        with pytest.raises(ValueError):
            embed_document(blank, embedder=torch_embedder)


@pytest.mark.model
def test_concurrent_encoding_gives_the_serial_vectors(torch_embedder, openvino_embedder):
    texts = [f"{role} with {years} years of experience" for role in ("Python developer", "Nurse") for years in range(8)]
    for embedder in (torch_embedder, openvino_embedder):
        expected = embedder.encode(texts, batch_size=4)
        results: dict[int, np.ndarray] = {}

        def work(slot: int, embedder: embeddings.Embedder, results: dict[int, np.ndarray]) -> None:
            for _ in range(3):
                results[slot] = embedder.encode(texts, batch_size=4)

        threads = [threading.Thread(target=work, args=(slot, embedder, results)) for slot in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for vectors in results.values():
            np.testing.assert_allclose(vectors, expected, atol=1e-6)


@pytest.mark.model
def test_first_use_from_several_threads_at_once_loads_once_and_finishes(openvino_embedder):
    # A worker's warm-up thread and its first task load and run a fresh embedder together.
    texts = ["Python developer with Django", "Registered nurse, intensive care"]
    expected = openvino_embedder.encode(texts)
    fresh = embeddings.OpenVINOEmbedder()
    start = threading.Barrier(4)
    results: list[np.ndarray] = []

    def work() -> None:
        start.wait()
        results.append(fresh.encode(texts))

    threads = [threading.Thread(target=work, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "encoding from several threads did not finish"
    assert len(results) == 4
    for vectors in results:
        np.testing.assert_allclose(vectors, expected, atol=1e-6)


def test_backend_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SHORTLIST_EMBEDDING_BACKEND", "torch")
    assert get_embedder().backend == "torch"
    monkeypatch.delenv("SHORTLIST_EMBEDDING_BACKEND")
    assert isinstance(get_embedder(), embeddings.OpenVINOEmbedder)
    with pytest.raises(ValueError):
        get_embedder("tensorflow")


@pytest.mark.model
def test_openvino_missing_falls_back_to_torch_with_a_clear_message(torch_embedder, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "openvino", None)  # makes "import openvino" fail
    embedder = embeddings.OpenVINOEmbedder()
    with caplog.at_level(logging.WARNING, logger="matching.embeddings"):
        vectors = embedder.encode([JOB_QUERY])
    assert embedder.backend == "torch"
    assert "OpenVINO is not importable" in caplog.text
    np.testing.assert_allclose(vectors, torch_embedder.encode([JOB_QUERY]), atol=1e-6)


@pytest.mark.model
def test_two_processes_exporting_at_once_both_get_one_complete_export(tmp_path):
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from matching import embeddings
        print(embeddings.ensure_openvino_export(Path(sys.argv[1])))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO_ROOT,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=180) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], [err for _, err in outputs]
    folders = {Path(out.strip()) for out, _ in outputs}
    assert len(folders) == 1
    assert list(tmp_path.iterdir()) == list(folders)  # no staging folder left behind

    embedder = embeddings.OpenVINOEmbedder(cache_dir=tmp_path)
    vectors = embedder.encode([JOB_QUERY])
    assert embedder.backend == "openvino"
    assert embedder.export_dir in folders
    assert vectors.shape == (1, EMBEDDING_DIMENSIONS)
