package com.llmgateway.gateway.routes;

import com.llmgateway.core.http.ApiRequest;
import com.llmgateway.core.http.ApiResponse;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.http.RouteDispatcher;
import com.llmgateway.gateway.chat.ChatCompletions;

/** {@code POST /v1/chat/completions} (and its alias {@code POST /v1/chat}): OpenAI chat completions. */
public final class ChatRoute implements RouteDispatcher.Handler {

    private final ChatCompletions chat;

    public ChatRoute(ChatCompletions chat) {
        this.chat = chat;
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallerContext caller) {
        return chat.complete(request, caller);
    }
}
