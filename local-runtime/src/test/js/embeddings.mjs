// The JS OpenAI SDK's embeddings.create and LangChain.js's OpenAIEmbeddings, unmodified, with the
// gateway as their base URL (EmbeddingsE2ETest). Prints one JSON object with what each call saw.
//
//   GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... node embeddings.mjs
import OpenAI from 'openai';
import { OpenAIEmbeddings } from '@langchain/openai';

const endpoint = process.env.GATEWAY_ENDPOINT;
const key = process.env.GATEWAY_KEY;
if (!endpoint || !key) {
  console.error('usage: GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... node embeddings.mjs');
  process.exit(2);
}
const baseURL = endpoint.replace(/\/$/, '') + '/v1';
const client = new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });
const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

const one = await client.embeddings.create({ model: 'titan-embed-text-v2', input: 'The quick brown fox.', encoding_format: 'float' });
const byDefault = await client.embeddings.create({ model: 'titan-embed-text-v2', input: 'The quick brown fox.' });
const texts = ['first document', 'second document', 'third document'];
const batch = await client.embeddings.create({ model: 'cohere-embed-english-v3', input: texts });
const b64 = await client.embeddings.create({ model: 'titan-embed-text-v2', input: 'The quick brown fox.', encoding_format: 'base64' });
const bytes = Buffer.from(b64.data[0].embedding, 'base64');
const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
const small = await client.embeddings.create({ model: 'titan-embed-text-v2', input: 'The quick brown fox.', dimensions: 256 });

const lc = new OpenAIEmbeddings({ apiKey: key, model: 'cohere-embed-english-v3', configuration: { baseURL }, maxRetries: 0 });
const docs = await lc.embedDocuments(texts);
const query = await lc.embedQuery('first document');

// Vectors are float32: a JSON float is the shortest decimal of one, base64 carries its bytes; compare as float32.
const same = (a, b) => a.length === b.length && a.every((x, i) => Math.fround(x) === Math.fround(b[i]));
console.log(JSON.stringify({
  one: { dims: one.data[0].embedding.length, norm: norm(one.data[0].embedding), prompt_tokens: one.usage.prompt_tokens,
    gateway_metadata: one.gateway_metadata, first: one.data[0].embedding.slice(0, 4) },
  default_equals_float: same(byDefault.data[0].embedding, one.data[0].embedding),
  batch: { count: batch.data.length, dims: batch.data.map((d) => d.embedding.length), norms: batch.data.map((d) => norm(d.embedding)),
    prompt_tokens: batch.usage.prompt_tokens, gateway_metadata: batch.gateway_metadata },
  base64: { is_string: typeof b64.data[0].embedding === 'string', dims: decoded.length,
    equals_float: same(decoded, one.data[0].embedding) },
  dimensions: { dims: small.data[0].embedding.length, norm: norm(small.data[0].embedding) },
  langchain: { count: docs.length, dims: docs.map((d) => d.length),
    equals_sdk: docs.every((d, i) => same(d, batch.data[i].embedding)), query_equals_first: same(query, docs[0]) },
}));
