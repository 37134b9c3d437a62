// The JS AWS SDK's ConverseStreamCommand through the gateway, with the SDK's default (HTTP/2)
// request handler and one middleware that adds the gateway key: text, tool use, stop reason and
// usage events, and an exception frame after the first event. Prints one JSON object for
// JsSdkE2ETest; exits 1 when a call did not behave.
//
//   GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... BEDROCK_STANDIN=http://127.0.0.1:N node converse-stream.mjs
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

const endpoint = process.env.GATEWAY_ENDPOINT;
const key = process.env.GATEWAY_KEY;
const standIn = process.env.BEDROCK_STANDIN;
if (!endpoint || !key || !standIn) {
  console.error('usage: GATEWAY_ENDPOINT=... GATEWAY_KEY=... BEDROCK_STANDIN=... node converse-stream.mjs');
  process.exit(2);
}

const client = new BedrockRuntimeClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  maxAttempts: 1,
});
client.middlewareStack.add((next) => async (args) => {
  args.request.headers['x-api-key'] = key;
  return next(args);
}, { step: 'build', name: 'gatewayApiKey' });

async function collect(input) {
  const out = { events: [], text: '', tool: null, toolInput: '', stopReason: null, usage: null };
  const response = await client.send(new ConverseStreamCommand(input));
  out.status = response.$metadata.httpStatusCode;
  for await (const event of response.stream) {
    const kind = Object.keys(event)[0];
    out.events.push(kind);
    if (kind === 'contentBlockStart' && event.contentBlockStart.start?.toolUse) {
      out.tool = event.contentBlockStart.start.toolUse;
    } else if (kind === 'contentBlockDelta') {
      out.text += event.contentBlockDelta.delta?.text ?? '';
      out.toolInput += event.contentBlockDelta.delta?.toolUse?.input ?? '';
    } else if (kind === 'messageStop') {
      out.stopReason = event.messageStop.stopReason;
    } else if (kind === 'metadata') {
      out.usage = event.metadata.usage;
    }
  }
  return out;
}

const result = {};
result.text = await collect({
  modelId: 'nova-micro',
  messages: [{ role: 'user', content: [{ text: 'Say hello from the JS SDK stream.' }] }],
  inferenceConfig: { maxTokens: 100 },
});
result.tool = await collect({
  modelId: 'nova-micro',
  messages: [{ role: 'user', content: [{ text: 'What is the weather in Paris?' }] }],
  toolConfig: {
    tools: [{ toolSpec: { name: 'get_weather', description: 'Weather for a city',
      inputSchema: { json: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } } } }],
  },
});
await fetch(standIn + '/_standin/faults', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'STREAM_ERROR', times: 1 }),
});
try {
  await collect({ modelId: 'nova-micro', messages: [{ role: 'user', content: [{ text: 'This stream will break.' }] }] });
  result.fault = { raised: false };
} catch (e) {
  result.fault = { raised: true, name: e.name };
}
client.destroy();
console.log(JSON.stringify(result));
const fine = result.text.stopReason === 'end_turn' && result.tool.stopReason === 'tool_use' && result.fault.raised;
process.exit(fine ? 0 : 1);
