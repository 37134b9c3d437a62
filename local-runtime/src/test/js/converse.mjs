// The JS AWS SDK's Bedrock client as an application would point it at the gateway: an endpoint
// override, the SDK's DEFAULT request handler (NodeHttp2Handler: HTTP/2, with prior knowledge on
// an http:// endpoint) and one middleware that adds the gateway key. Prints one JSON object with
// what each call saw, for JsSdkE2ETest to check; exits 1 when a call did not behave.
//
//   GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... node converse.mjs
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

const endpoint = process.env.GATEWAY_ENDPOINT;
const key = process.env.GATEWAY_KEY;
if (!endpoint || !key) {
  console.error('usage: GATEWAY_ENDPOINT=http://127.0.0.1:8080 GATEWAY_KEY=lgw_... node converse.mjs');
  process.exit(2);
}

// The gateway's x-request-id of each answer, in call order: the ledger is keyed by it.
const requestIds = [];

function client(apiKey) {
  const c = new BedrockRuntimeClient({
    endpoint,
    region: 'us-east-1',
    // The gateway ignores the SigV4 signature when x-api-key is present; the SDK wants credentials to sign.
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  if (apiKey) {
    c.middlewareStack.add((next) => async (args) => {
      args.request.headers['x-api-key'] = apiKey;
      return next(args);
    }, { step: 'build', name: 'gatewayApiKey' });
  }
  c.middlewareStack.add((next) => async (args) => {
    try {
      const out = await next(args);
      requestIds.push(out.response?.headers?.['x-request-id'] ?? null);
      return out;
    } catch (e) {
      requestIds.push(e.$response?.headers?.['x-request-id'] ?? null);
      throw e;
    }
  }, { step: 'deserialize', name: 'gatewayRequestId', priority: 'high' });
  return c;
}

const ask = (modelId, text) => new ConverseCommand({
  modelId,
  messages: [{ role: 'user', content: [{ text }] }],
  inferenceConfig: { maxTokens: 50 },
});

async function outcome(promise) {
  try {
    const r = await promise;
    return { ok: true, status: r.$metadata.httpStatusCode, requestId: requestIds.at(-1), response: r };
  } catch (e) {
    return {
      ok: false,
      name: e.name,
      message: e.message,
      status: e.$metadata?.httpStatusCode ?? null,
      fault: e.$fault ?? null,
      requestId: requestIds.at(-1) ?? null,
    };
  }
}

const withKey = client(key);
const handler = (await withKey.config.requestHandler)?.constructor?.name
  ?? withKey.config.requestHandler?.constructor?.name;

const converse = await outcome(withKey.send(ask('nova-micro', 'What is the capital of France?')));
const unknownModel = await outcome(withKey.send(ask('no-such-model', 'Hi')));
const emptyMessages = await outcome(withKey.send(new ConverseCommand({ modelId: 'nova-micro', messages: [] })));
const anonymous = client(null);
const noKey = await outcome(anonymous.send(ask('nova-micro', 'Hi')));
withKey.destroy();
anonymous.destroy();

const result = {
  requestHandler: handler,
  converse: converse.ok ? {
    ok: true,
    status: converse.status,
    requestId: converse.requestId,
    text: converse.response.output?.message?.content?.[0]?.text ?? null,
    stopReason: converse.response.stopReason,
    usage: converse.response.usage,
  } : converse,
  unknownModel,
  emptyMessages,
  noKey,
};
console.log(JSON.stringify(result));
const fine = converse.ok && !unknownModel.ok && !emptyMessages.ok && !noKey.ok;
process.exit(fine ? 0 : 1);
