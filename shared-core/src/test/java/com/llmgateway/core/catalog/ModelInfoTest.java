package com.llmgateway.core.catalog;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelInfoTest {

    private static ModelInfo model(String name, String id, String profile, int ctx, int out, String in,
                                   String cacheRead, String lifecycle, List<String> aliases) {
        return new ModelInfo(name, id, profile, "amazon", "d", ctx, out, in == null ? null : new BigDecimal(in),
                new BigDecimal("0.14"), cacheRead == null ? null : new BigDecimal(cacheRead), null,
                true, true, false, lifecycle, aliases);
    }

    @Test
    void invoke_id_is_the_profile_when_one_is_required_else_the_model_id() {
        assertEquals("us.amazon.nova-premier-v1:0",
                model("p", "amazon.nova-premier-v1:0", "us.amazon.nova-premier-v1:0", 1, 1, "1", null, "active", null).invokeId());
        assertEquals("amazon.nova-micro-v1:0",
                model("m", "amazon.nova-micro-v1:0", null, 1, 1, "1", null, "active", null).invokeId());
    }

    @Test
    void blank_names_and_ids_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> model(" ", "id", null, 1, 1, "1", null, "active", null));
        assertThrows(IllegalArgumentException.class, () -> model(null, "id", null, 1, 1, "1", null, "active", null));
        assertThrows(IllegalArgumentException.class, () -> model("m", "", null, 1, 1, "1", null, "active", null));
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", " ", 1, 1, "1", null, "active", null));
    }

    @Test
    void windows_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 0, 1, "1", null, "active", null));
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 1, -5, "1", null, "active", null));
    }

    @Test
    void prices_must_be_present_and_not_negative_while_cache_prices_may_be_null() {
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 1, 1, null, null, "active", null));
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 1, 1, "-0.001", null, "active", null));
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 1, 1, "1", "-1", "active", null));
        model("m", "id", null, 1, 1, "0", null, "active", null);
    }

    @Test
    void lifecycle_is_active_or_legacy() {
        model("m", "id", null, 1, 1, "1", null, "legacy", null);
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 1, 1, "1", null, "deprecated", null));
        assertThrows(IllegalArgumentException.class, () -> model("m", "id", null, 1, 1, "1", null, null, null));
    }

    @Test
    void aliases_are_copied_and_default_to_empty() {
        List<String> aliases = new ArrayList<>(List.of("a"));
        ModelInfo m = model("m", "id", null, 1, 1, "1", null, "active", aliases);
        aliases.add("b");
        assertEquals(List.of("a"), m.aliases());
        assertEquals(List.of(), model("m", "id", null, 1, 1, "1", null, "active", null).aliases());
        assertThrows(UnsupportedOperationException.class, () -> m.aliases().add("c"));
    }

    @Test
    void equal_prices_written_with_different_scales_make_equal_models() {
        ModelInfo a = model("m", "id", null, 1, 1, "0.80", null, "active", null);
        ModelInfo b = model("m", "id", null, 1, 1, "0.8", null, "active", null);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
