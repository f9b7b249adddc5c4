#!/usr/bin/env python3
"""Rewrites the tiny test BERT's graph (../tiny-bert/model/onnx/model.onnx) into the other shapes that sentence-transformers
ONNX exports come in, with the same weights, so the encoder can be checked against the same torch numbers
(../tiny-bert/expected.json):

  no-token-type-ids.onnx   inputs input_ids, attention_mask only (RoBERTa / XLM-R style); token types are zeros inside
  token-embeddings.onnx    the output named token_embeddings instead of last_hidden_state
  sentence-embedding.onnx  only a pooled output sentence_embedding [batch, 32]: masked mean + L2 normalisation in the
                           graph (sentence-transformers' Pooling + Normalize), so it equals expected.json's normalized_mean

Needs Debian's python3-onnx only. Run: /usr/bin/python3 generate.py   (writes the three files next to this script; commit them)
"""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "tiny-bert", "model", "onnx", "model.onnx")


def load():
    return onnx.load(SOURCE)


def save(model, name):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))
    print(name, os.path.getsize(os.path.join(HERE, name)), "bytes")


# 1. No token_type_ids input: zeros of input_ids' shape take its place inside the graph.
m = load()
g = m.graph
types = next(i for i in g.input if i.name == "token_type_ids")
g.input.remove(types)
g.node.insert(0, helper.make_node("Shape", ["input_ids"], ["ids_shape"], name="ids_shape"))
g.node.insert(1, helper.make_node("ConstantOfShape", ["ids_shape"], ["token_type_ids"], name="zero_types",
                                  value=helper.make_tensor("zero", TensorProto.INT64, [1], [0])))
save(m, "no-token-type-ids.onnx")

# 2. The token output named token_embeddings.
m = load()
for node in m.graph.node:
    node.output[:] = ["token_embeddings" if o == "last_hidden_state" else o for o in node.output]
m.graph.output[0].name = "token_embeddings"
save(m, "token-embeddings.onnx")

# 3. Only a pooled, normalised sentence_embedding output.
m = load()
g = m.graph
hidden = g.output[0].name
g.output.remove(g.output[0])
nodes = [
    helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
    helper.make_node("Unsqueeze", ["mask_f", "axis_last"], ["mask_3d"]),
    helper.make_node("Mul", [hidden, "mask_3d"], ["masked"]),
    helper.make_node("ReduceSum", ["masked", "axis_seq"], ["summed"], keepdims=0),
    helper.make_node("ReduceSum", ["mask_3d", "axis_seq"], ["counts"], keepdims=0),
    helper.make_node("Max", ["counts", "min_count"], ["counts_clamped"]),
    helper.make_node("Div", ["summed", "counts_clamped"], ["mean"]),
    helper.make_node("ReduceL2", ["mean"], ["norm"], axes=[1], keepdims=1),
    helper.make_node("Max", ["norm", "min_norm"], ["norm_clamped"]),
    helper.make_node("Div", ["mean", "norm_clamped"], ["sentence_embedding"]),
]
g.node.extend(nodes)
g.initializer.extend([
    helper.make_tensor("axis_last", TensorProto.INT64, [1], [2]),
    helper.make_tensor("axis_seq", TensorProto.INT64, [1], [1]),
    helper.make_tensor("min_count", TensorProto.FLOAT, [], [1e-9]),
    helper.make_tensor("min_norm", TensorProto.FLOAT, [], [1e-12]),
])
g.output.append(helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", 32]))
save(m, "sentence-embedding.onnx")
