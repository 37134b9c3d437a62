package com.llmgateway.gateway.cache;

import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.team.CachePolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CacheDecisionTest {

    private static final CachePolicy ON = new CachePolicy(true, 600, false);
    private static final long NO_LIMIT = CacheControl.NO_MAX_AGE;

    private static CacheDecision decide(CachePolicy policy, String header) {
        return CacheDecision.resolve("search", policy, header, 3600);
    }

    @Test
    void without_header_an_enabled_team_looks_up_and_stores_in_its_own_space() {
        assertEquals(new CacheDecision(true, true, NO_LIMIT, 600, "team:search"), decide(ON, null));
        assertEquals(CacheStatus.MISS, decide(ON, null).statusWithoutHit());
    }

    @Test
    void a_team_without_ttl_gets_the_configured_default() {
        assertEquals(3600, decide(new CachePolicy(true, 0, false), null).ttlSeconds());
    }

    @Test
    void a_shared_team_uses_the_shared_space() {
        assertEquals("shared", decide(new CachePolicy(true, 600, true), null).scope());
    }

    @Test
    void a_disabled_policy_neither_looks_up_nor_stores() {
        CacheDecision d = decide(new CachePolicy(false, 600, false), "max-age=60");
        assertEquals(false, d.lookup());
        assertEquals(false, d.store());
        assertEquals(CacheStatus.BYPASS, d.statusWithoutHit());
    }

    @Test
    void no_cache_stores_but_does_not_look_up() {
        CacheDecision d = decide(ON, "no-cache");
        assertEquals(false, d.lookup());
        assertEquals(true, d.store());
        assertEquals(CacheStatus.BYPASS, d.statusWithoutHit());
    }

    @Test
    void no_store_neither_looks_up_nor_stores() {
        CacheDecision d = decide(ON, "no-store");
        assertEquals(false, d.lookup());
        assertEquals(false, d.store());
        assertEquals(CacheStatus.BYPASS, d.statusWithoutHit());
    }

    @Test
    void max_age_limits_the_age_of_a_served_entry() {
        CacheDecision d = decide(ON, "max-age=60");
        assertEquals(new CacheDecision(true, true, 60, 600, "team:search"), d);
    }

    @Test
    void max_age_zero_is_revalidate_so_no_lookup_but_store() {
        CacheDecision d = decide(ON, "max-age=0");
        assertEquals(false, d.lookup());
        assertEquals(true, d.store());
    }

    @Test
    void directives_are_case_and_whitespace_tolerant_and_combine() {
        assertEquals(decide(ON, "no-store"), decide(ON, "  No-Store  "));
        assertEquals(decide(ON, "max-age=60"), decide(ON, "MAX-AGE = 60"));
        assertEquals(decide(ON, "max-age=60"), decide(ON, "max-age=\"60\""));
        CacheDecision both = decide(ON, "no-cache, max-age=30");
        assertEquals(false, both.lookup());
        assertEquals(true, both.store());
        assertEquals(30, both.maxAgeSeconds());
        assertEquals(false, decide(ON, "max-age=30,no-store").store());
        assertEquals(10, decide(ON, "max-age=30, max-age=10").maxAgeSeconds());
    }

    @Test
    void unknown_directives_are_ignored() {
        assertEquals(decide(ON, null), decide(ON, "no-transform, max-stale=5, ,"));
    }

    @Test
    void an_enormous_max_age_means_no_limit() {
        assertEquals(NO_LIMIT, decide(ON, "max-age=99999999999999999999999").maxAgeSeconds());
    }

    @Test
    void a_malformed_max_age_is_a_400_that_names_the_header() {
        for (String bad : new String[]{"max-age", "max-age=", "max-age=abc", "max-age=-5", "max-age=1.5", "max-age=\"\""}) {
            GatewayException e = assertThrows(GatewayException.class, () -> decide(ON, bad), bad);
            assertEquals(400, e.status());
            assertEquals("invalid_request_error", e.type());
            assertEquals("invalid_cache_control", e.code());
            assertEquals(true, e.getMessage().contains("Cache-Control"));
        }
    }
}
