"""Where chunk vectors are cached: Redis when configured, the database otherwise.

A text is encoded once: the key is sha256(model name, exact text), so re-uploads,
re-matching and job edits that leave a chunk unchanged never re-encode it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from django.conf import settings
from django.core.cache import cache as django_cache

from matching.embeddings import EMBEDDING_DIMENSIONS, MODEL_NAME
from matching.models import EmbeddingCacheEntry

REDIS_TTL = 60 * 60 * 24 * 30


class RedisEmbeddingCache:
    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found = django_cache.get_many([f"emb:{key}" for key in keys])
        return {
            key[4:]: np.frombuffer(value, dtype=np.float32)
            for key, value in found.items()
            if isinstance(value, bytes) and len(value) == EMBEDDING_DIMENSIONS * 4
        }

    def set_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        django_cache.set_many(
            {f"emb:{key}": np.asarray(vector, dtype=np.float32).tobytes() for key, vector in mapping.items()},
            timeout=REDIS_TTL,
        )


class DatabaseEmbeddingCache:
    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        rows = EmbeddingCacheEntry.objects.filter(key__in=list(keys)).values_list("key", "vector")
        return {key: np.asarray(vector, dtype=np.float32) for key, vector in rows}

    def set_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        EmbeddingCacheEntry.objects.bulk_create(
            [
                EmbeddingCacheEntry(key=key, model_name=MODEL_NAME, vector=np.asarray(vector, dtype=np.float32))
                for key, vector in mapping.items()
            ],
            ignore_conflicts=True,
        )


def embedding_cache():
    return RedisEmbeddingCache() if settings.REDIS_URL else DatabaseEmbeddingCache()
