package com.llmgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.keys.Scopes;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** Validates {@code POST /v1/keys} and {@code POST /v1/keys/{keyId}/rotate} bodies; 400s name the field. */
final class KeyRequests {

    /** A valid create request. */
    record NewKey(String teamId, String name, Set<String> scopes, Instant expiresAt) {
    }

    /** A valid rotate request: {@code expiresAt} applies only when {@code expiresGiven}. */
    record Rotation(boolean expiresGiven, Instant expiresAt) {
    }

    private static final Set<String> CREATE_FIELDS = Set.of("team_id", "name", "scopes", "expires_at");
    private static final Set<String> ROTATE_FIELDS = Set.of("expires_at");

    private KeyRequests() {
    }

    static NewKey create(JsonNode body, Instant now) {
        Fields.onlyKnown(body, CREATE_FIELDS, "");
        if (!body.has("team_id") || body.get("team_id").isNull()) {
            throw Fields.bad("team_id", "'team_id' is required.");
        }
        String teamId = TeamRequests.teamId(body.get("team_id"));
        if (!body.has("name") || body.get("name").isNull()) {
            throw Fields.bad("name", "'name' is required.");
        }
        String name = Fields.string(body.get("name"), "name", 100);
        Set<String> scopes = scopes(body.get("scopes"));
        Instant expires = expires(body.get("expires_at"), now);
        return new NewKey(teamId, name, scopes, expires);
    }

    static Rotation rotate(JsonNode body, Instant now) {
        Fields.onlyKnown(body, ROTATE_FIELDS, "");
        return body.has("expires_at") ? new Rotation(true, expires(body.get("expires_at"), now)) : new Rotation(false, null);
    }

    private static Set<String> scopes(JsonNode v) {
        if (v == null || v.isNull()) {
            throw Fields.bad("scopes", "'scopes' is required: a non-empty array of \"invoke\", \"finops\" and \"admin\".");
        }
        if (!v.isArray() || v.isEmpty()) {
            throw Fields.bad("scopes", "'scopes' must be a non-empty array of \"invoke\", \"finops\" and \"admin\".");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || !Scopes.isKnown(n.asText())) {
                throw Fields.bad("scopes", "'scopes' may hold only \"invoke\", \"finops\" and \"admin\".");
            }
            out.add(n.asText());
        }
        return Scopes.canonical(out);
    }

    private static Instant expires(JsonNode v, Instant now) {
        return v == null || v.isNull() ? null : Fields.futureInstant(v, "expires_at", now);
    }
}
