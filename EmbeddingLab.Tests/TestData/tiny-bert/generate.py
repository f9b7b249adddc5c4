#!/usr/bin/env python3
"""Builds a tiny BERT with random weights in the sentence-transformers folder layout, exports it to ONNX, and writes
torch's embeddings for a few sentences, so the C# pipeline (tokenizer -> ONNX Runtime -> pooling -> normalize) can be
checked against torch to 1e-4.

Needs Debian's python3-torch and python3-onnx only (no transformers): the model is a plain-torch BertModel
(embeddings + LayerNorm, multi-head self-attention, GELU feed-forward, post-LayerNorm, as in transformers' BertModel).
Run: /usr/bin/python3 generate.py   (writes model/ and expected.json next to this script; commit both)
"""
import json
import math
import os
import unicodedata

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "model")
HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POS, MAX_SEQ = 32, 2, 2, 64, 64, 32
torch.manual_seed(1234)

# ---- vocabulary: special tokens, characters, continuation characters, a few hundred words ----
words = """the a an and or of to in on at for with from by is are was were be been it this that these those i you he she we they
my your his her our their not no yes all some any many much more most very can could will would should may might must do does did
have has had go goes went come came see saw look find found make made take took give gave get got say said tell told know knew
think thought want need like love hate use used work play run ran walk eat ate drink read write wrote learn teach sing song songs
music band guitar piano drum rock jazz pop dance night day time year week today tomorrow morning evening city town country world
house home room door window car bus train plane road street river sea ocean mountain tree forest flower garden park sun moon star
rain snow wind cold hot warm weather summer winter spring autumn dog dogs cat cats bird fish horse animal food bread cheese apple
water coffee tea milk wine beer kitchen cook cooking recipe soup salad pizza pasta rice chicken football soccer game games team
player players ball goal match win won lose lost score sport sports computer computers phone data model models network learning
machine language word words sentence sentences vector vectors embedding embeddings search query text book books story history
science math physics chemistry biology school student students teacher class lesson question answer good bad new old big small
long short high low fast slow happy sad beautiful quick brown fox jumps over lazy stock market price prices bank money economy
cafe naive resume un ##a ##b ##c ##d ##e ##f ##g ##h ##i ##j ##k ##l ##m ##n ##o ##p ##q ##r ##s ##t ##u ##v ##w ##x ##y ##z
##s ##ed ##ing ##er ##est ##ly ##ness ##tion ##able""".split()
special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
chars = list("abcdefghijklmnopqrstuvwxyz0123456789") + list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
vocab = []
for t in special + chars + words:
    if t not in vocab:
        vocab.append(t)
tok_id = {t: i for i, t in enumerate(vocab)}


# ---- a reference BERT basic tokenizer + WordPiece (lowercase, strip accents) for these ASCII/Latin sentences ----
def is_punct(ch):
    cp = ord(ch)
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or unicodedata.category(ch).startswith("P")


def basic(text):
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()
    out, cur = [], ""
    for ch in text:
        if ch.isspace():
            if cur: out.append(cur); cur = ""
        elif is_punct(ch):
            if cur: out.append(cur); cur = ""
            out.append(ch)
        else:
            cur += ch
    if cur: out.append(cur)
    return out


def wordpiece(word):
    if len(word) > 100: return [tok_id["[UNK]"]]
    ids, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in tok_id: found = tok_id[piece]; break
            end -= 1
        if found is None: return [tok_id["[UNK]"]]
        ids.append(found); start = end
    return ids


def encode(text):
    ids = [i for w in basic(text) for i in wordpiece(w)][: MAX_SEQ - 2]
    return [tok_id["[CLS]"]] + ids + [tok_id["[SEP]"]]


# ---- the model ----
class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ff1, self.ff2 = nn.Linear(HIDDEN, INTERMEDIATE), nn.Linear(INTERMEDIATE, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, bias):
        b, s, _ = x.shape
        dh = HIDDEN // HEADS
        split = lambda t: t.view(b, s, HEADS, dh).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh) + bias
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, HIDDEN)
        x = self.ln1(x + self.o(ctx))
        return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class TinyBert(nn.Module):
    def __init__(self):
        super().__init__()
        self.word = nn.Embedding(len(vocab), HIDDEN)
        self.pos = nn.Embedding(MAX_POS, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.ln(self.word(input_ids) + self.pos(positions) + self.token_type(token_type_ids))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


model = TinyBert().eval()
with torch.no_grad():
    for p in model.parameters():  # larger than BERT's 0.02 init so that layers visibly mix tokens
        p.copy_(torch.randn_like(p) * 0.3)
    for m in model.modules():
        if isinstance(m, nn.LayerNorm):
            m.weight.copy_(1.0 + 0.1 * torch.randn_like(m.weight)); m.bias.copy_(0.1 * torch.randn_like(m.bias))

sentences = [
    "The quick brown fox jumps over the lazy dog.",
    "I love music, songs and dancing!",
    "Stock market prices fell today.",
    "A cat.",
    "Learning sentence embeddings with a tiny model",
    "Café naïve résumé",
    "What is the weather like in winter?",
    "unplayable games",
    "",
    "the " * 40 + "end",  # longer than max_seq_length: truncated
    "football team won the match and the players were happy",
    "xyzzy qwerty",
]
encoded = [encode(s) for s in sentences]
seq = max(len(e) for e in encoded)
ids = torch.tensor([e + [0] * (seq - len(e)) for e in encoded])
mask = torch.tensor([[1] * len(e) + [0] * (seq - len(e)) for e in encoded])
types = torch.zeros_like(ids)
with torch.no_grad():
    hidden = model(ids, mask, types)
m = mask.unsqueeze(-1).float()
mean = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
cls = hidden[:, 0]
mx = hidden.masked_fill(m == 0, -1e9).max(1).values
normalized = nn.functional.normalize(mean, p=2, dim=1)

# ---- sentence-transformers folder ----
os.makedirs(os.path.join(OUT, "1_Pooling"), exist_ok=True)
os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(vocab) + "\n")
def dump(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
dump("config.json", {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
                     "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE, "hidden_act": "gelu",
                     "max_position_embeddings": MAX_POS, "type_vocab_size": 2, "vocab_size": len(vocab), "layer_norm_eps": 1e-12,
                     "pad_token_id": 0})
dump("tokenizer_config.json", {"do_lower_case": True, "strip_accents": None, "tokenize_chinese_chars": True, "unk_token": "[UNK]",
                               "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
                               "model_max_length": MAX_POS, "tokenizer_class": "BertTokenizer"})
dump("sentence_bert_config.json", {"max_seq_length": MAX_SEQ, "do_lower_case": False})
dump("modules.json", [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                      {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                      {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
dump("1_Pooling/config.json", {"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
                               "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False})
torch.onnx.export(model, (ids[:2], mask[:2], types[:2]), os.path.join(OUT, "onnx", "model.onnx"),
                  input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
                  dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                "token_type_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"}},
                  opset_version=14, do_constant_folding=True)
import onnx
onnx.checker.check_model(onnx.load(os.path.join(OUT, "onnx", "model.onnx")))

r = lambda t: [[round(float(v), 7) for v in row] for row in t]
with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump({"generator": "generate.py (torch %s, plain-torch BertModel, random weights, seed 1234)" % torch.__version__,
               "max_seq_length": MAX_SEQ, "sentences": sentences, "input_ids": encoded,
               "mean": r(mean), "cls": r(cls), "max": r(mx), "normalized_mean": r(normalized)}, f)
print("vocab", len(vocab), "onnx bytes", os.path.getsize(os.path.join(OUT, "onnx", "model.onnx")))
