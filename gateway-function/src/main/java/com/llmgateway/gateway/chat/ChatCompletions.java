package com.llmgateway.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.catalog.ModelCatalog;
import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: OpenAI's protocol at the pipeline's front. Parses the body
 * into the neutral request ({@link ChatRequestParser}, run inside the pipeline so a refusal is
 * recorded), runs the {@link ChatService}, renders the result as a {@code chat.completion} or,
 * for {@code stream: true}, as server-sent events. Failures leave as
 * {@link com.llmgateway.core.error.GatewayException}s, already OpenAI-shaped.
 */
public final class ChatCompletions {

    private final ChatService chat;
    private final ChatRequestParser parser;

    public ChatCompletions(ChatService chat, ModelCatalog catalog) {
        this.chat = chat;
        this.parser = new ChatRequestParser(catalog);
    }

    /** One chat completion without cache directives. */
    public ApiResponse complete(String body, CallerContext caller, String requestId) {
        return complete(body, caller, requestId, null);
    }

    /** @param cacheControl the request's Cache-Control header, or null */
    public ApiResponse complete(String body, CallerContext caller, String requestId, String cacheControl) {
        return complete(() -> body, body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length, caller,
                requestId, cacheControl);
    }

    /**
     * The route's request: its body is read inside the pipeline, so that a body that could not be
     * decoded (an unsupported encoding or charset, malformed UTF-8) is recorded like any other refusal.
     */
    public ApiResponse complete(ApiRequest request, CallerContext caller) {
        return complete(request::body, request.bodyBytes(), caller, request.requestId(), request.header("cache-control"));
    }

    private ApiResponse complete(Supplier<String> body, long bodyBytes, CallerContext caller, String requestId,
                                 String cacheControl) {
        ChatRequestParser.Parsed[] parsed = new ChatRequestParser.Parsed[1];
        ChatResult result = chat.complete(new ChatCall(caller, requestId, ChatService.ROUTE, cacheControl, bodyBytes), () -> {
            parsed[0] = parser.parseCompletion(body.get());
            return parsed[0].request();
        });
        ObjectNode completion = ChatCompletionJson.of(result);
        if (!parsed[0].stream()) {
            return ApiResponse.json(200, completion).withHeaders(result.headers());
        }
        // The call to Bedrock is the same non-streaming Converse, so the ledger record and the
        // cost do not depend on streaming; the completion is rendered whole as events.
        return ApiResponse.text(200, ChatCompletionStream.CONTENT_TYPE,
                        ChatCompletionStream.render(completion, parsed[0].includeUsage()))
                .withHeaders(result.headers())
                .withHeader("cache-control", "no-cache");
    }
}
