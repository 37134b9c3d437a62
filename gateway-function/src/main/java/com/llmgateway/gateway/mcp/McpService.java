package com.llmgateway.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.error.Echo;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.usage.UsageReader;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.gateway.chat.ChatCall;
import com.llmgateway.gateway.chat.ChatService;
import com.llmgateway.gateway.mcp.delegation.DelegationTools;
import com.llmgateway.gateway.embeddings.EmbeddingService;
import com.llmgateway.gateway.models.ModelsService;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code POST /mcp}: the gateway as an MCP server over the Streamable HTTP transport, stateless
 * and answering plain JSON (never an SSE stream; no {@code Mcp-Session-Id} is issued, and one sent
 * is ignored). The key ({@code x-api-key} or {@code Authorization: Bearer}) must hold the
 * {@code invoke} scope; a missing or bad key is an HTTP 401 (403 without the scope) before any
 * JSON-RPC is read, with a {@code WWW-Authenticate: Bearer} challenge and a JSON-RPC error body
 * ({@link #refused}).
 *
 * <p>HTTP statuses: a request (a message with an {@code id}) is answered 200 with its JSON-RPC
 * response, errors included (-32601 unknown method, -32602 bad params or unknown tool); a body
 * with only notifications or responses is answered 202 with no body; a body that is not JSON
 * (-32700) or not a JSON-RPC message (-32600), or an unsupported {@code MCP-Protocol-Version}
 * header, is answered 400 with a JSON-RPC error whose id is null (or the message's id when it
 * could be read); a body over the limit is 413, one that could not be decoded 400 or 415
 * ({@link com.llmgateway.core.http.RequestBody}), both JSON-RPC errors too. Batches (JSON arrays, protocol 2025-03-26) are accepted; each request in one
 * gets its response in the answering array.
 */
public final class McpService {

    /** Newest first; initialize answers the client's version when listed here, else the newest. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    static final String SERVER_NAME = "llm-gateway";
    static final String PROTOCOL_HEADER = "mcp-protocol-version";

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /**
     * A key refused before any JSON-RPC is read: JSON-RPC leaves codes from -32000 to -32099 to the
     * server, and MCP names none for this; the last digits follow the HTTP status (401, 403).
     */
    static final int UNAUTHORIZED = -32001;
    static final int FORBIDDEN = -32003;
    /** The realm of the {@code WWW-Authenticate} challenge (RFC 6750) on a refused key. */
    static final String REALM = "llm-gateway";

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ChatService chat;
    private final McpTools tools;
    private final String version;
    private final long maxBodyBytes;

    public McpService(ChatService chat, ModelsService models, UsageReader usage, String defaultModel,
                      String version, Clock clock) {
        this(chat, models, usage, defaultModel, version, clock, null);
    }

    /** @param embeddings the pipeline of the {@code embed} tool; null leaves the tool out */
    public McpService(ChatService chat, ModelsService models, UsageReader usage, String defaultModel,
                      String version, Clock clock, EmbeddingService embeddings) {
        this.chat = chat;
        this.tools = new McpTools(chat, models, usage, defaultModel, clock,
                embeddings == null ? null : new McpEmbedTool(embeddings, models.catalog()));
        this.version = version;
        this.maxBodyBytes = chat.maxBodyBytes();
    }

    /**
     * One POST /mcp. A body refused before any tool runs (too large, not JSON, not JSON-RPC) is one
     * ledger record under route {@code mcp}, as a refused body is on the other protocols; each
     * model call a tool makes is its own record (request id {@code <request id>-1}, {@code -2}...).
     */
    public ApiResponse handle(ApiRequest request, CallerContext caller, String requestId) {
        ChatCall call = new ChatCall(caller, requestId, ChatService.MCP_ROUTE, null, request.bodyBytes());
        if (request.bodyBytes() > maxBodyBytes) {
            return unreadable(request, chat.refused(call, GatewayException.payloadTooLarge(maxBodyBytes)));
        }
        if (request.bodyRefusal() != null) {
            return unreadable(request, chat.refused(call, request.bodyRefusal()));
        }
        ApiResponse response = answer(request, caller, requestId);
        if (response.statusCode() == 400) {
            GatewayException refusal = GatewayException.badRequest("The body is not a valid MCP JSON-RPC request.",
                    null, "invalid_request");
            Map<String, String> recorded = chat.refused(call, refusal).headers();
            return recorded.isEmpty() ? response : response.withHeaders(recorded);
        }
        return response;
    }

    /**
     * A body refused before it could be read as JSON, answered at the refusal's HTTP status (413,
     * 415, 400) with a JSON-RPC error whose id is null: -32600 Invalid Request for a body too large
     * (it was never parsed, so it is the request as a whole that is refused, not its JSON), -32700
     * Parse error for one that could not be decoded to JSON text (an unsupported or corrupt content
     * coding or charset, malformed UTF-8). {@code data.code} is the gateway's code for it, as on the
     * other protocols; the refusal's headers ({@code Accept-Encoding}) are kept.
     */
    private static ApiResponse unreadable(ApiRequest request, GatewayException refusal) {
        int code = refusal.status() == 413 ? INVALID_REQUEST : PARSE_ERROR;
        ObjectNode body = error(null, code, refusal.getMessage());
        ((ObjectNode) body.get("error")).putObject("data").put("code", refusal.code());
        return reply(refusal.status(), body, request.header(PROTOCOL_HEADER)).withHeaders(refusal.headers());
    }

    /**
     * A key refused before any JSON-RPC is read (none, unknown, revoked, or without the
     * {@code invoke} scope), answered as the MCP authorization spec has it: the HTTP status (401,
     * 403) with an RFC 6750 {@code WWW-Authenticate: Bearer} challenge, and a JSON-RPC error body,
     * which MCP clients show (the Python SDK surfaces a non-2xx JSON-RPC error's message; an OpenAI
     * error body it reports only as "Server returned an error response"). The challenge names no
     * {@code resource_metadata}: the gateway's keys are issued by its admin API, not by an OAuth
     * authorization server, so there is none to discover.
     */
    public static ApiResponse refused(ApiRequest request, GatewayException refusal) {
        int status = refusal.status();
        int code = status == 401 ? UNAUTHORIZED : status == 403 ? FORBIDDEN : status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        String prefix = status == 401 ? "Unauthorized: " : status == 403 ? "Forbidden: " : "";
        ObjectNode body = error(null, code, prefix + refusal.getMessage());
        ((ObjectNode) body.get("error")).putObject("data").put("status", status).put("code", refusal.code());
        Map<String, String> headers = new LinkedHashMap<>(refusal.headers());
        String challenge = challenge(request, refusal);
        if (challenge != null) {
            headers.put("www-authenticate", challenge);
        }
        return reply(status, body, request.header(PROTOCOL_HEADER)).withHeaders(headers);
    }

    /** RFC 6750 section 3: no error code when the request carried no credentials at all. */
    static String challenge(ApiRequest request, GatewayException refusal) {
        String realm = "Bearer realm=\"" + REALM + "\"";
        if (refusal.status() == 401) {
            boolean sentKey = request.header("x-api-key") != null || request.header("authorization") != null;
            return sentKey ? realm + ", error=\"invalid_token\", error_description=\"" + quoted(refusal.getMessage()) + "\"" : realm;
        }
        if (refusal.status() == 403 && "insufficient_scope".equals(refusal.code())) {
            return realm + ", error=\"insufficient_scope\", scope=\"invoke\", error_description=\""
                    + quoted(refusal.getMessage()) + "\"";
        }
        return null;
    }

    /** What an RFC 6750 quoted value may hold: printable ASCII without '"' and '\\'. */
    private static String quoted(String s) {
        String safe = s.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
        return safe.length() <= 200 ? safe : safe.substring(0, 200) + "...";
    }

    /** The most messages one JSON-RPC batch may carry (batches are an older protocol's feature). */
    static final int MAX_BATCH = 16;

    private ApiResponse answer(ApiRequest request, CallerContext caller, String requestId) {
        String protocol = request.header(PROTOCOL_HEADER);
        if (protocol != null && !PROTOCOL_VERSIONS.contains(protocol.trim())) {
            return reply(400, error(null, INVALID_REQUEST, "Unsupported MCP-Protocol-Version '" + truncate(protocol.trim())
                    + "'; this server speaks " + String.join(", ", PROTOCOL_VERSIONS) + "."), null);
        }
        JsonNode body;
        try {
            body = READER.readTree(request.body());
        } catch (JsonProcessingException e) {
            return reply(400, error(null, PARSE_ERROR, "Parse error: the body is not valid JSON."), protocol);
        } catch (IOException e) {
            return reply(400, error(null, PARSE_ERROR, "Parse error: the body could not be read."), protocol);
        }
        AtomicInteger calls = new AtomicInteger();
        // Each model call of this HTTP request gets its own ledger id: <request id>-1, -2...
        Supplier<String> ids = () -> requestId + "-" + calls.incrementAndGet();
        // The HTTP Cache-Control header is the transport's (MCP clients send no-cache on every POST), not a
        // directive for the model calls: tools use the team's cache policy as it stands.
        McpTools.Call context = new McpTools.Call(caller, ids, null);
        if (body == null || body.isMissingNode()) {
            return reply(400, error(null, INVALID_REQUEST, "Invalid request: the body is empty; send a JSON-RPC 2.0 message."), protocol);
        }
        if (body.isArray()) {
            if (body.isEmpty()) {
                return reply(400, error(null, INVALID_REQUEST, "Invalid request: an empty batch."), protocol);
            }
            // Tool calls run model calls in turn: a batch with many of them would outlive the 30 s
            // API Gateway allows, and the caller would be billed for answers it never receives.
            long toolCalls = 0;
            for (JsonNode m : body) {
                toolCalls += "tools/call".equals(m.path("method").asText()) ? 1 : 0;
            }
            if (body.size() > MAX_BATCH || toolCalls > 1) {
                return reply(400, error(null, INVALID_REQUEST, "Invalid request: a batch may hold at most " + MAX_BATCH
                        + " messages and one tools/call; send tool calls as separate requests."), protocol);
            }
            ArrayNode answers = Json.MAPPER.createArrayNode();
            for (JsonNode message : body) {
                ObjectNode answer = message(message, context);
                if (answer != null) {
                    answers.add(answer);
                }
            }
            return answers.isEmpty() ? accepted(protocol) : reply(200, answers, protocol);
        }
        ObjectNode answer = message(body, context);
        if (answer == null) {
            return accepted(protocol);
        }
        boolean malformed = answer.has("error") && answer.path("error").path("code").asInt() == INVALID_REQUEST;
        String negotiated = answer.path("result").path("protocolVersion").asText(protocol);
        return reply(malformed ? 400 : 200, answer, negotiated);
    }

    /** The JSON-RPC response to one message, or null for a notification or a client's response. */
    ObjectNode message(JsonNode m, McpTools.Call context) {
        if (!m.isObject()) {
            return error(null, INVALID_REQUEST, "Invalid request: a JSON-RPC message must be an object.");
        }
        JsonNode id = m.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        if (!"2.0".equals(m.path("jsonrpc").asText(null))) {
            return error(validId ? id : null, INVALID_REQUEST, "Invalid request: 'jsonrpc' must be \"2.0\".");
        }
        JsonNode method = m.get("method");
        if (method == null) {
            if (validId && (m.has("result") || m.has("error"))) {
                return null; // a response to a server request; this server sends none, so there is nothing to do
            }
            return error(validId ? id : null, INVALID_REQUEST, "Invalid request: 'method' is missing.");
        }
        if (!method.isTextual()) {
            return error(validId ? id : null, INVALID_REQUEST, "Invalid request: 'method' must be a string.");
        }
        if (id == null) {
            return null; // a notification (notifications/initialized, cancelled...): accepted, never answered
        }
        if (!validId) {
            return error(null, INVALID_REQUEST, "Invalid request: 'id' must be a string or an integer.");
        }
        JsonNode params = m.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return error(id, INVALID_PARAMS, "Invalid params: 'params' must be an object.");
        }
        return switch (method.asText()) {
            case "initialize" -> result(id, initialize(params));
            case "ping" -> result(id, Json.object());
            case "tools/list" -> result(id, Json.object().set("tools", tools.definitions()));
            case "tools/call" -> callTool(id, params, context);
            default -> error(id, METHOD_NOT_FOUND, "Method not found: " + truncate(method.asText())
                    + ". This server offers initialize, ping, tools/list and tools/call.");
        };
    }

    private ObjectNode initialize(JsonNode params) {
        String asked = params == null ? null : params.path("protocolVersion").asText(null);
        ObjectNode result = Json.object();
        result.put("protocolVersion", asked != null && PROTOCOL_VERSIONS.contains(asked) ? asked : PROTOCOL_VERSIONS.get(0));
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", SERVER_NAME).put("title", "LLM Gateway").put("version", version);
        result.put("instructions", "Models on Amazon Bedrock behind the team's gateway key. Call list_models for models"
                + " and prices, generate for a completion, compare_models to find the cheapest model that is good"
                + " enough, get_usage for the team's spend and budget left. Delegate routine work to cheap models:"
                + " chunk_document, summarize_document, extract_json, extract_entities, and recommend_model to pick a"
                + " model by cost. Every model call counts against the team's rate limits and monthly budget, and each"
                + " tool reports what it cost.");
        return result;
    }

    private ObjectNode callTool(JsonNode id, JsonNode params, McpTools.Call context) {
        JsonNode name = params == null ? null : params.get("name");
        if (name == null || !name.isTextual()) {
            return error(id, INVALID_PARAMS, "Invalid params: tools/call needs 'name', the tool's name (see tools/list).");
        }
        if (!tools.offers(name.asText())) {
            return error(id, INVALID_PARAMS, "Unknown tool: " + truncate(name.asText())
                    + ". Tools: generate, list_models, get_usage, compare_models, "
                    + String.join(", ", DelegationTools.NAMES) + (tools.offers("embed") ? ", embed." : "."));
        }
        JsonNode arguments = params.get("arguments");
        return result(id, tools.call(name.asText(), arguments, context));
    }

    // ---- JSON-RPC and HTTP --------------------------------------------------------------------

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode o = Json.object();
        o.put("jsonrpc", "2.0");
        o.set("id", id);
        o.set("result", result);
        return o;
    }

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode o = Json.object();
        o.put("jsonrpc", "2.0");
        if (id == null) {
            o.putNull("id");
        } else {
            o.set("id", id);
        }
        o.putObject("error").put("code", code).put("message", message);
        return o;
    }

    private static ApiResponse reply(int status, JsonNode body, String protocol) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", ApiResponse.JSON);
        if (protocol != null && PROTOCOL_VERSIONS.contains(protocol)) {
            headers.put(PROTOCOL_HEADER, protocol);
        }
        return new ApiResponse(status, headers, Json.write(body));
    }

    private static ApiResponse accepted(String protocol) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (protocol != null && PROTOCOL_VERSIONS.contains(protocol)) {
            headers.put(PROTOCOL_HEADER, protocol);
        }
        return new ApiResponse(202, headers, "");
    }

    private static String truncate(String s) {
        return Echo.cut(s);
    }
}
