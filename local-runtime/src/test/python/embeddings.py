"""The Python OpenAI SDK's embeddings.create against the gateway (EmbeddingsE2ETest): a string, a
batch, encoding_format=base64, dimensions, and token-id input as LangChain's OpenAIEmbeddings sends
it by default (tiktoken cl100k_base ids through the same SDK call; langchain-openai itself is not
installable here, see docs/embeddings.md)."""
import base64
import math
import struct

import tiktoken

from gateway_sdks import emit, openai_client

client = openai_client()


def norm(v):
    return math.sqrt(sum(x * x for x in v))


def f32(v):
    """Vectors are float32: a JSON float is the shortest decimal of one, base64 carries its bytes."""
    return list(struct.unpack("<%df" % len(v), struct.pack("<%df" % len(v), *v)))


def call(**kwargs):
    raw = client.embeddings.with_raw_response.create(**kwargs)
    parsed = raw.parse()
    body = raw.http_response.json()
    return parsed, body, raw.headers


# A string, as floats (asked for: the SDK otherwise asks for base64 and decodes it itself).
one, one_body, one_headers = call(model="titan-embed-text-v2", input="The quick brown fox.", encoding_format="float")
# The SDK's default: it sends encoding_format=base64 and hands back floats.
default, _, _ = call(model="titan-embed-text-v2", input="The quick brown fox.")
# A batch, with Cohere.
texts = ["first document", "second document", "third document"]
batch, batch_body, batch_headers = call(model="cohere-embed-english-v3", input=texts)
# base64 asked for explicitly: the SDK returns the string as sent.
b64, _, _ = call(model="titan-embed-text-v2", input="The quick brown fox.", encoding_format="base64")
raw = base64.b64decode(b64.data[0].embedding)
decoded = list(struct.unpack("<%df" % (len(raw) // 4), raw))
# dimensions.
small, _, _ = call(model="titan-embed-text-v2", input="The quick brown fox.", dimensions=256)
# Token ids, as LangChain sends them.
enc = tiktoken.get_encoding("cl100k_base")
ids, ids_body, _ = call(model="cohere-embed-english-v3", input=[enc.encode(t) for t in texts])

emit({
    "one": {"dims": len(one.data[0].embedding), "norm": norm(one.data[0].embedding), "object": one.object,
            "prompt_tokens": one.usage.prompt_tokens, "total_tokens": one.usage.total_tokens,
            "gateway_metadata": one_body["gateway_metadata"], "request_id": one_headers.get("x-request-id"),
            "cost_header": one_headers.get("x-gateway-cost-usd"), "first": one.data[0].embedding[:4]},
    "default_equals_float": f32(default.data[0].embedding) == f32(one.data[0].embedding),
    "batch": {"count": len(batch.data), "indexes": [d.index for d in batch.data],
              "dims": [len(d.embedding) for d in batch.data], "norms": [norm(d.embedding) for d in batch.data],
              "prompt_tokens": batch.usage.prompt_tokens, "gateway_metadata": batch_body["gateway_metadata"],
              "request_id": batch_headers.get("x-request-id")},
    "base64": {"is_string": isinstance(b64.data[0].embedding, str), "dims": len(decoded),
               "equals_float": decoded == f32(one.data[0].embedding)},
    "dimensions": {"dims": len(small.data[0].embedding), "norm": norm(small.data[0].embedding)},
    "token_ids": {"equals_strings": [f32(d.embedding) for d in ids.data] == [f32(d.embedding) for d in batch.data],
                  "cached": ids_body["gateway_metadata"]["cached"]},
})
