package com.llmgateway.core.error;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoTest {

    @Test
    void cuts_caller_input_to_64_characters_marking_the_cut() {
        assertEquals("nova-micro", Echo.cut("nova-micro"));
        assertEquals("a".repeat(64), Echo.cut("a".repeat(64)));
        assertEquals("a".repeat(63) + "…", Echo.cut("a".repeat(10_000)));
        assertEquals(Echo.cut("a".repeat(10_000)), Echo.cut(Echo.cut("a".repeat(10_000))), "cutting twice changes nothing");
        assertNull(Echo.cut((String) null));
        assertEquals("123", Echo.cut(Integer.valueOf(123)));
    }

    @Test
    void never_cuts_inside_a_surrogate_pair() {
        String cut = Echo.cut("a".repeat(62) + "😀😀😀");
        assertEquals("a".repeat(62) + "…", cut);
        assertTrue(cut.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    @Test
    void a_gateway_error_bounds_its_message_and_param_whatever_a_caller_put_in_them() {
        GatewayException e = GatewayException.badRequest("Unknown field '" + "f".repeat(10_000) + "'.", "g".repeat(10_000));
        assertTrue(e.getMessage().length() <= 600, e.getMessage());
        assertTrue(e.param().length() <= 160, e.param());
        assertEquals(e.getMessage(), e.withHeaders(java.util.Map.of("x", "y")).getMessage());
    }
}
