"""Near-identical texts across a job (and the store), by shingled similarity.

Each text becomes the set of its word n-grams ("shingles"); two texts are
near-identical when the Jaccard similarity of those sets reaches the
threshold. MinHash signatures with locality-sensitive hashing find the
candidates without comparing every pair, and each candidate is confirmed on
the exact shingle sets, so a reported similarity is never an estimate.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")
_MASK = np.uint64(0xFFFFFFFF)
_SHINGLE_BASE = np.uint64(1_000_003)
_BATCH = 256  # texts per vectorised signature pass (bounds memory)


@dataclass(frozen=True)
class DuplicateMatch:
    key: Hashable
    similarity: float
    external: bool = False  # the other text is a store text, not one of the job's


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode())


def shingles(text: str, size: int) -> frozenset[int]:
    """Hashed word ``size``-grams of the visible text (a short text is one shingle)."""
    tokens = _WORD.findall(_TAG.sub(" ", text).casefold())
    if not tokens:
        return frozenset()
    hashes = np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))
    width = min(size, len(hashes))
    count = len(hashes) - width + 1
    # Position-weighted sum of the word hashes: order matters, arithmetic wraps.
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        combined = combined * _SHINGLE_BASE + hashes[offset:offset + count]
    return frozenset(combined.tolist())


class DuplicateIndex:
    """Index texts with :meth:`add`, then ask :meth:`matches` or :meth:`groups`.

    Store texts added with ``external=True`` are compared with the job's texts
    but never reported as duplicates of each other.
    """

    def __init__(self, *, shingle_size: int = 3, threshold: float = 0.6,
                 bands: int = 32, rows: int = 4, seed: int = 1) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.shingle_size, self.threshold = shingle_size, threshold
        self.bands, self.rows = bands, rows
        rng = np.random.default_rng(seed)
        count = bands * rows
        self._a = rng.integers(1, 2**63, size=count, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, size=count, dtype=np.uint64)
        self._keys: list[Hashable] = []
        self._ids: dict[Hashable, int] = {}
        self._sets: list[frozenset[int]] = []
        self._external: list[bool] = []
        self._signatures = np.empty((64, bands * rows), dtype=np.uint32)
        self._mix = rng.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
        self._buckets: dict[tuple[int, int], list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: Hashable, text: str, *, external: bool = False) -> None:
        """Index ``text`` under ``key``; keys are unique."""
        self.add_many([(key, text)], external=external)

    def add_many(self, items: Iterable[tuple[Hashable, str]], *, external: bool = False) -> None:
        """Index many texts at once (signatures are computed in batches, much faster)."""
        batch: list[tuple[Hashable, frozenset[int]]] = []
        batch_keys: set[Hashable] = set()
        for key, text in items:
            if key in self._ids or key in batch_keys:
                raise ValueError(f"{key!r} is already indexed")
            batch.append((key, shingles(text, self.shingle_size)))
            batch_keys.add(key)
            if len(batch) == _BATCH:
                self._index(batch, external)
                batch, batch_keys = [], set()
        if batch:
            self._index(batch, external)

    def _index(self, batch: list[tuple[Hashable, frozenset[int]]], external: bool) -> None:
        first = len(self._keys)
        while first + len(batch) > len(self._signatures):
            self._signatures = np.concatenate([self._signatures, np.empty_like(self._signatures)])
        signatures = self._signatures_of([shingle_set for _key, shingle_set in batch])
        self._signatures[first:first + len(batch)] = signatures
        band_keys = self._band_keys_of(signatures)
        for offset, (key, shingle_set) in enumerate(batch):
            index = first + offset
            self._ids[key] = index
            self._keys.append(key)
            self._sets.append(shingle_set)
            self._external.append(external)
            if shingle_set:
                for band, band_hash in enumerate(band_keys[offset]):
                    self._buckets[(band, band_hash)].append(index)

    def matches(self, key: Hashable) -> list[DuplicateMatch]:
        """Texts near-identical to the one indexed under ``key``, most similar first."""
        return self._matches(self._ids[key])

    def query(self, text: str) -> list[DuplicateMatch]:
        """Indexed texts near-identical to ``text`` (which is not added)."""
        shingle_set = shingles(text, self.shingle_size)
        if not shingle_set:
            return []
        signature = self._signature(shingle_set)
        candidates = self._candidates(signature)
        return self._confirm(shingle_set, signature, candidates, include_external=True)

    def groups(self) -> list[list[Hashable]]:
        """Groups of near-identical texts with at least one of the job's texts in each."""
        parent = list(range(len(self._keys)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for index in range(len(self._keys)):
            if self._external[index]:
                continue
            for match in self._matches(index):
                parent[root(self._ids[match.key])] = root(index)
        members: dict[int, list[int]] = defaultdict(list)
        for index in range(len(self._keys)):
            members[root(index)].append(index)
        return [[self._keys[i] for i in group] for group in members.values()
                if len(group) > 1 and not all(self._external[i] for i in group)]

    # -- internals ------------------------------------------------------------------------

    def _signature(self, shingle_set: frozenset[int]) -> np.ndarray:
        return self._signatures_of([shingle_set])[0]

    def _signatures_of(self, sets: list[frozenset[int]]) -> np.ndarray:
        """MinHash signatures of many shingle sets in one vectorised pass."""
        result = np.full((len(sets), self.bands * self.rows), np.iinfo(np.uint32).max,
                         dtype=np.uint32)
        filled = [i for i, shingle_set in enumerate(sets) if shingle_set]
        if not filled:
            return result
        sizes = np.array([len(sets[i]) for i in filled])
        values = np.fromiter((v for i in filled for v in sets[i]), dtype=np.uint64,
                             count=int(sizes.sum()))
        # Multiply-shift hashing: one random odd multiplier per permutation.
        hashed = ((self._a[:, None] * values[None, :] + self._b[:, None]) >> np.uint64(32)) \
            & _MASK
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        result[filled] = np.minimum.reduceat(hashed, starts, axis=1).T.astype(np.uint32)
        return result

    def _band_keys_of(self, signatures: np.ndarray) -> list[list[int]]:
        """One hash per band of ``rows`` signature values, for each signature."""
        rows = signatures.reshape(len(signatures), self.bands, self.rows).astype(np.uint64)
        return (rows * self._mix[None, None, :]).sum(axis=2, dtype=np.uint64).tolist()

    def _band_keys(self, signature: np.ndarray) -> list[tuple[int, int]]:
        return list(enumerate(self._band_keys_of(signature[None, :])[0]))

    def _candidates(self, signature: np.ndarray, exclude: int | None = None) -> list[int]:
        found: set[int] = set()
        buckets = self._buckets
        for band_key in self._band_keys(signature):
            found.update(buckets.get(band_key, ()))
        found.discard(exclude)  # type: ignore[arg-type]
        return sorted(found)

    def _matches(self, index: int) -> list[DuplicateMatch]:
        shingle_set = self._sets[index]
        if not shingle_set:
            return []
        candidates = self._candidates(self._signatures[index], exclude=index)
        return self._confirm(shingle_set, self._signatures[index], candidates,
                             include_external=not self._external[index])

    def _confirm(self, shingle_set: frozenset[int], own: np.ndarray, candidates: list[int], *,
                 include_external: bool) -> list[DuplicateMatch]:
        if not include_external:
            candidates = [c for c in candidates if not self._external[c]]
        if not candidates:
            return []
        # Cheap estimate first (signature agreement), exact Jaccard only for the likely ones.
        estimates = (self._signatures[candidates] == own).mean(axis=1)
        results = []
        for candidate, estimate in zip(candidates, estimates, strict=True):
            if estimate < self.threshold - 0.2:
                continue
            other = self._sets[candidate]
            shared = len(shingle_set & other)
            similarity = shared / (len(shingle_set) + len(other) - shared)
            if similarity >= self.threshold:
                results.append(DuplicateMatch(self._keys[candidate], round(similarity, 4),
                                              self._external[candidate]))
        return sorted(results, key=lambda m: -m.similarity)
