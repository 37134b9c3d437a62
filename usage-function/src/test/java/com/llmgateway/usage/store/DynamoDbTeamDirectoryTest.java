package com.llmgateway.usage.store;

import com.llmgateway.core.testing.LocalDynamoDb;
import com.llmgateway.usage.report.TeamInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The directory reads team items in the keys-table format (and the older shapes) from the stand-in over HTTP. */
class DynamoDbTeamDirectoryTest {

    private static LocalDynamoDb db;
    private static String table;
    private static DynamoDbTeamDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        db = new LocalDynamoDb();
        table = db.createTables("team-directory-test-").get("KEYS_TABLE");
        directory = new DynamoDbTeamDirectory(db.client, table);
        put(Map.ofEntries(Map.entry("pk", s("TEAM#search")), Map.entry("sk", s("TEAM")),
                Map.entry("gsi1pk", s("TEAMS")), Map.entry("gsi1sk", s("TEAM#search")),
                Map.entry("team_id", s("search")), Map.entry("name", s("Search")), Map.entry("cost_center", s("CC-1042")),
                Map.entry("limits", AttributeValue.fromM(Map.of("rpm", n("60"), "input_tpm", n("1"), "output_tpm", n("1")))),
                Map.entry("allowed_models", AttributeValue.fromL(List.of(s("*")))),
                Map.entry("monthly_budget_usd", s("250.00")), Map.entry("enabled", AttributeValue.fromBool(true))));
        put(Map.of("pk", s("TEAM#numeric"), "sk", s("TEAM"), "gsi1pk", s("TEAMS"), "gsi1sk", s("TEAM#numeric"),
                "name", s("Numeric"), "monthly_budget_usd", n("99.5")));
        put(Map.of("pk", s("TEAM#legacy"), "sk", s("TEAM"), "gsi1pk", s("TEAMS"), "gsi1sk", s("TEAM#legacy"),
                "team", s("{\"name\":\"Legacy\",\"cost_center\":\"CC-7\",\"monthly_budget_usd\":\"10.00\"}")));
        put(Map.of("pk", s("KEY#abc"), "sk", s("KEY"), "gsi1pk", s("TEAM#search"), "gsi1sk", s("KEY#k1"), "name", s("ci")));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static void put(Map<String, AttributeValue> item) {
        db.client.putItem(b -> b.tableName(table).item(item));
    }

    @Test
    void a_team_is_found_with_its_name_cost_center_and_exact_budget() {
        TeamInfo t = directory.find("search").orElseThrow();
        assertEquals(new TeamInfo("search", "Search", "CC-1042", new BigDecimal("250.00")), t);
        assertEquals("250.00", t.monthlyBudgetUsd().toPlainString());
        assertTrue(directory.find("nobody").isEmpty());
    }

    @Test
    void a_budget_stored_as_a_number_and_a_team_stored_as_json_are_read() {
        assertEquals(new TeamInfo("numeric", "Numeric", null, new BigDecimal("99.5")), directory.find("numeric").orElseThrow());
        assertEquals(new TeamInfo("legacy", "Legacy", "CC-7", new BigDecimal("10.00")), directory.find("legacy").orElseThrow());
    }

    @Test
    void all_lists_every_team_and_no_key() {
        Map<String, TeamInfo> all = directory.all();
        assertEquals(java.util.Set.of("search", "numeric", "legacy"), all.keySet());
        assertEquals("Search", all.get("search").name());
    }
}
