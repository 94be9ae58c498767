"""The length of the vectors stored on jobs, resumes and matching's rows: written once.

all-MiniLM-L6-v2 (matching.embeddings) gives 384 numbers a text. The constant lives in
the lowest app that stores a vector and imports nothing, so matching.embeddings,
which runs without Django too, reads it from here.
"""

EMBEDDING_DIMENSIONS = 384
