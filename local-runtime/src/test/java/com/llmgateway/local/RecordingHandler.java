package com.llmgateway.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test Lambda handler: records each event (and its Context) and answers with a function of the event. */
final class RecordingHandler implements RequestStreamHandler {

    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final Function<JsonNode, String> answer;

    RecordingHandler(Function<JsonNode, String> answer) {
        this.answer = answer;
    }

    /** Answers 200 with {"ok":true}. */
    static RecordingHandler ok() {
        return new RecordingHandler(e -> "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"ok\\\":true}\",\"isBase64Encoded\":false}");
    }

    /** An HTTP API simple-response authorizer that allows with this context. */
    static RecordingHandler allowing(String contextJson) {
        return new RecordingHandler(e -> "{\"isAuthorized\":true,\"context\":" + contextJson + "}");
    }

    static RecordingHandler denying() {
        return new RecordingHandler(e -> "{\"isAuthorized\":false}");
    }

    JsonNode last() {
        return events.get(events.size() - 1);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        events.add(event);
        contexts.add(context);
        output.write(answer.apply(event).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
