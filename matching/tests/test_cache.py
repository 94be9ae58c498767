"""A text is encoded once: the vector cache spares every later upload of it."""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.vectors import EMBEDDING_DIMENSIONS
from matching.cache import DatabaseEmbeddingCache
from matching.embeddings import cache_key
from matching.models import EmbeddingCacheEntry
from resumes import services
from resumes.tests.documents import RESUME_TEXT

pytestmark = pytest.mark.django_db(transaction=True)


def test_database_cache_round_trip():
    cache = DatabaseEmbeddingCache()
    vector = np.linspace(-1, 1, EMBEDDING_DIMENSIONS).astype(np.float32)
    cache.set_many({cache_key("hello"): vector})
    cache.set_many({cache_key("hello"): vector})  # a second write of the same text is harmless
    found = cache.get_many([cache_key("hello"), cache_key("absent")])
    assert list(found) == [cache_key("hello")] and np.allclose(found[cache_key("hello")], vector)


def test_the_same_resume_text_is_not_encoded_twice(company, recruiter, other_company, outsider, _embedder):
    def upload(owner, user):
        upload_file = SimpleUploadedFile("cv.txt", RESUME_TEXT.encode())
        return services.resume_upload(company=owner, user=user, files=[upload_file]).results[0].resume

    before = _embedder.calls
    first = upload(company, recruiter)
    after_first = _embedder.calls
    # Another company uploads the very same file: its chunks come from the cache.
    second = upload(other_company, outsider)
    assert after_first > before and _embedder.calls == after_first
    assert first.status == second.status == "processed"
    assert EmbeddingCacheEntry.objects.count() >= first.chunks.count()
