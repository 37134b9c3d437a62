package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Team and key management through the admin API, as a platform engineer would do it. */
final class Admin {

    private final Http http;
    private final String adminKey;

    Admin(Http http, String adminKey) {
        this.http = http;
        this.adminKey = adminKey;
    }

    /** Creates a team from a JSON body (team_id included) and returns the stored team. */
    JsonNode team(String json) {
        Http.Res r = http.post("/v1/teams", json, "x-api-key", adminKey);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    /** Creates a key and returns the whole 201 body (api_key, key_id...). */
    JsonNode key(String teamId, String scopes) {
        Http.Res r = http.post("/v1/keys", "{\"team_id\":\"" + teamId + "\",\"name\":\"e2e\",\"scopes\":" + scopes + "}",
                "x-api-key", adminKey);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    String invokeKey(String teamId) {
        return key(teamId, "[\"invoke\"]").path("api_key").asText();
    }
}
