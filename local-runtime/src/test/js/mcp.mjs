// The TypeScript MCP SDK (@modelcontextprotocol/sdk) lists and calls every tool of the gateway's
// /mcp over Streamable HTTP with the key as x-api-key. The SDK checks each structuredContent
// against the tool's outputSchema. Prints {"tools": [names], "results": {tool: CallToolResult}}
// for DelegationSdksE2ETest.
//
//   GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... node mcp.mjs
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const endpoint = process.env.GATEWAY_ENDPOINT;
const key = process.env.GATEWAY_KEY;
if (!endpoint || !key) {
  console.error('usage: GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... node mcp.mjs');
  process.exit(2);
}

/** The same document as DelegationE2ETest.document. */
function documentOf(paragraphs) {
  let out = '';
  for (let i = 1; i <= paragraphs; i++) {
    out += `Station ${i} measured ${i * 7} units on day ${i}. `
      + 'The readings stayed within the expected range and the crew logged them for review. '.repeat(6) + '\n\n';
  }
  return out;
}

const calls = {
  generate: { prompt: 'Hello from TypeScript', max_tokens: 50 },
  list_models: {},
  get_usage: {},
  compare_models: { models: ['nova-micro', 'nova-lite'], prompt: 'Compare me', max_tokens: 50 },
  chunk_document: { text: documentOf(20), by: 'paragraphs', max_tokens: 300 },
  summarize_document: { text: documentOf(200), format: 'bullets', target_words: 60 },
  extract_json: {
    text: 'Ada is 36 and active.',
    schema: { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer' } } },
  },
  extract_entities: { text: 'Ada Lovelace met Charles Babbage in London on 5 June 1833.', types: ['person', 'location'] },
  recommend_model: { input_tokens: 5000, output_tokens: 500, max_cost_usd: '0.01' },
};

const client = new Client({ name: 'llmgw-e2e-ts', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL('/mcp', endpoint), {
  requestInit: { headers: { 'x-api-key': key } },
});
await client.connect(transport);
const tools = (await client.listTools()).tools.map((t) => t.name);
const results = {};
for (const [name, args] of Object.entries(calls)) {
  results[name] = await client.callTool({ name, arguments: args }, undefined, { timeout: 60000 });
}
await client.close();
process.stdout.write('\n' + JSON.stringify({ tools, results }) + '\n');
