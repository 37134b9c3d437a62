package com.llmgateway.gateway.chat;

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
        ChatCall call = new ChatCall(caller, requestId, ChatService.ROUTE, cacheControl, bodyBytes);
        if (asksForStream(body)) {
            return stream(body, call);
        }
        ChatRequestParser.Parsed[] parsed = new ChatRequestParser.Parsed[1];
        ChatResult result = chat.complete(call, () -> {
            parsed[0] = parser.parseCompletion(body.get());
            return parsed[0].request();
        });
        return ApiResponse.json(200, ChatCompletionJson.of(result)).withHeaders(result.headers());
    }

    /**
     * Whether the body asks for {@code stream: true}: a cheap look before the pipeline, which parses
     * the body again (and records whatever it refuses). A body that cannot be read, or that is not
     * what it seems, goes the unstreamed way, whose parser refuses or accepts it as always.
     */
    private static boolean asksForStream(Supplier<String> body) {
        String text;
        try {
            text = body.get();
        } catch (RuntimeException refused) {
            return false;
        }
        if (text == null || !text.contains("\"stream\"")) {
            return false;
        }
        try {
            return com.llmgateway.core.json.Json.MAPPER.readTree(text).path("stream").asBoolean(false);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * {@code stream: true}: the pipeline's streaming run, each Bedrock ConverseStream event out as a
     * {@code chat.completion.chunk} as soon as it arrives; a refusal before the first event is an
     * ordinary OpenAI-shaped error. Admission, cache, ledger and cost are those of the unstreamed call.
     */
    private ApiResponse stream(Supplier<String> body, ChatCall call) {
        return ApiResponse.streamed(sink -> {
            ChatRequestParser.Parsed[] parsed = new ChatRequestParser.Parsed[1];
            ChatStream[] out = new ChatStream[1];
            ChatStream lazy = new ChatStream() {
                @Override
                public void begin(java.util.Map<String, String> headers, java.time.Instant created) {
                    out[0] = new ChatCompletionStream(sink, parsed[0].request().requestedModel(), parsed[0].includeUsage());
                    out[0].begin(headers, created);
                }

                @Override
                public void event(com.llmgateway.gateway.model.StreamEvent event) {
                    out[0].event(event);
                }

                @Override
                public void complete(ChatResult result) {
                    out[0].complete(result);
                }

                @Override
                public void fail(com.llmgateway.core.error.GatewayException error) {
                    out[0].fail(error);
                }
            };
            try {
                chat.stream(call, () -> {
                    parsed[0] = parser.parseCompletion(body.get());
                    return parsed[0].request();
                }, lazy);
            } catch (com.llmgateway.core.error.GatewayException e) {
                if (!sink.begun()) {
                    sink.send(ApiResponse.error(e));
                }
            }
        });
    }
}
