package com.llmgateway.gateway.testing;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelClient;
import com.llmgateway.gateway.model.ModelResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An in-memory ModelClient: records each call and answers with a scripted result or failure. */
public final class FakeModelClient implements ModelClient {

    public final List<ModelCall> calls = new ArrayList<>();
    private Function<ModelCall, ModelResult> answer =
            call -> new ModelResult("Hello from the fake.", "end_turn", new TokenUsage(12, 20), 5);

    public FakeModelClient answering(String text, String stopReason, TokenUsage usage) {
        answer = call -> new ModelResult(text, stopReason, usage, 5);
        return this;
    }

    /** Answers every call with {@code result} (tool calls, several blocks...). */
    public FakeModelClient answering(ModelResult result) {
        answer = call -> result;
        return this;
    }

    public FakeModelClient failing(RuntimeException e) {
        answer = call -> {
            throw e;
        };
        return this;
    }

    @Override
    public ModelResult converse(ModelCall call) {
        calls.add(call);
        return answer.apply(call);
    }
}
