package com.llmgateway.gateway.model;

import com.llmgateway.core.catalog.TokenUsage;
import com.llmgateway.core.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One event of a streamed model answer, free of SDK and wire types: Bedrock ConverseStream's
 * events as the gateway reads them, which each protocol renders in its own stream shape (OpenAI
 * {@code chat.completion.chunk}s, Converse's event-stream frames). {@code index} is Bedrock's
 * {@code contentBlockIndex}.
 */
public sealed interface StreamEvent {

    record MessageStart(String role) implements StreamEvent {
    }

    /** The start of a tool-use block (text blocks start with their first delta, as on Bedrock). */
    record ToolUseStart(int index, String toolUseId, String name) implements StreamEvent {
        public ToolUseStart {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(name, "name");
        }
    }

    record TextDelta(int index, String text) implements StreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A piece of a tool use's input JSON (the pieces concatenate to the input object). */
    record ToolInputDelta(int index, String inputJson) implements StreamEvent {
        public ToolInputDelta {
            Objects.requireNonNull(inputJson, "inputJson");
        }
    }

    record BlockStop(int index) implements StreamEvent {
    }

    /** Bedrock's stop reason, as sent. */
    record MessageStop(String stopReason) implements StreamEvent {
    }

    /** The usage Bedrock reports at the end of the stream. */
    record Metadata(TokenUsage usage, long latencyMs) implements StreamEvent {
        public Metadata {
            Objects.requireNonNull(usage, "usage");
        }
    }

    /**
     * A finished answer as the events a stream of it would carry: what a cache hit replays, and
     * what a client without a streaming call sends. Text blocks go out in word-sized deltas.
     */
    static List<StreamEvent> of(List<ContentBlock> content, String stopReason, TokenUsage usage, long latencyMs) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new MessageStart("assistant"));
        for (int i = 0; i < content.size(); i++) {
            switch (content.get(i)) {
                case ContentBlock.Text t -> {
                    for (String piece : words(t.text())) {
                        events.add(new TextDelta(i, piece));
                    }
                }
                case ContentBlock.ToolUse u -> {
                    events.add(new ToolUseStart(i, u.id(), u.name()));
                    events.add(new ToolInputDelta(i, Json.write(u.input())));
                }
                case ContentBlock.ToolResult r -> {
                    continue; // never in an answer
                }
            }
            events.add(new BlockStop(i));
        }
        events.add(new MessageStop(stopReason == null ? "end_turn" : stopReason));
        events.add(new Metadata(usage, latencyMs));
        return events;
    }

    /** Each word with the whitespace before it: the pieces concatenate to the text exactly. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            out.add(text.substring(start, i));
            start = i;
        }
        if (out.isEmpty()) {
            out.add(text);
        }
        return out;
    }
}
