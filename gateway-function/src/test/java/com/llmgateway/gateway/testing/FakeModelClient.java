package com.llmgateway.gateway.testing;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.gateway.model.ModelCall;
import com.llmgateway.gateway.model.ModelClient;
import com.llmgateway.gateway.model.ModelResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An in-memory ModelClient: records each call and answers with a scripted result or failure. */
public final class FakeModelClient implements ModelClient {

    public final List<ModelCall> calls = new ArrayList<>();
    private volatile long takesNanos;
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

    /** Each call takes at least this long (measured on System.nanoTime, the clock the gateway's latencies use). */
    public FakeModelClient taking(Duration d) {
        takesNanos = d.toNanos();
        return this;
    }

    @Override
    public ModelResult converse(ModelCall call) {
        calls.add(call);
        long end = System.nanoTime() + takesNanos;
        for (long left = takesNanos; left > 0; left = end - System.nanoTime()) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return answer.apply(call);
    }
}
