package com.llmgateway.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.keys.ApiKey;
import com.llmgateway.core.keys.IssuedKey;
import com.llmgateway.core.team.Team;
import com.llmgateway.core.team.TeamJson;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The response bodies of the team and key routes (shapes in DESIGN.md, "Teams and keys"). */
final class AuthJson {

    private AuthJson() {
    }

    /** A key as listed: no plaintext. */
    static ObjectNode key(ApiKey k) {
        return key(k, null, null);
    }

    /** A key just created or rotated: the plaintext, this once. */
    static ObjectNode issued(IssuedKey issued, String rotatedFrom) {
        return key(issued.key(), issued.plaintext(), rotatedFrom);
    }

    private static ObjectNode key(ApiKey k, String plaintext, String rotatedFrom) {
        ObjectNode o = Json.object();
        o.put("key_id", k.keyId());
        if (plaintext != null) {
            o.put("api_key", plaintext);
        }
        o.put("team_id", k.teamId());
        o.put("name", k.name());
        ArrayNode scopes = o.putArray("scopes");
        k.scopes().forEach(scopes::add);
        o.put("created_at", k.createdAt().toString());
        o.put("expires_at", text(k.expiresAt()));
        o.put("revoked_at", text(k.revokedAt()));
        o.put("hint", k.hint());
        if (rotatedFrom != null) {
            o.put("rotated_from", rotatedFrom);
        }
        return o;
    }

    static ObjectNode team(Team t) {
        return TeamJson.toJson(t);
    }

    static <T> ObjectNode list(List<T> items, Function<T, ObjectNode> render) {
        ObjectNode o = Json.object();
        ArrayNode data = o.putArray("data");
        items.forEach(i -> data.add(render.apply(i)));
        return o;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
