package com.llmgateway.core.json;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeNumbersTest {

    @Test
    void numbers_beyond_64_bits_are_out_of_range_never_wrapped() {
        // 2^64 + 1 reads as 1 through asLong(); 2^32 + 1 as 1 through intValue().
        assertEquals(1L, Json.parse("18446744073709551617").asLong(), "what the helper exists to avoid");
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("18446744073709551617"), 1, 128));
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("-18446744073709551617"), Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("9223372036854775808"), Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("4294967297"), 1, Integer.MAX_VALUE));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), WholeNumbers.within(Json.parse("-9223372036854775808"), Long.MIN_VALUE, 0));
        assertEquals(OptionalLong.of(7), WholeNumbers.within(Json.parse("7"), 1, 7));
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("8"), 1, 7));
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("0"), 1, 7));
    }

    @Test
    void only_json_whole_numbers_count() {
        assertTrue(WholeNumbers.isWhole(Json.parse("123456789012345678901234567890")));
        assertFalse(WholeNumbers.isWhole(Json.parse("1.5")));
        assertFalse(WholeNumbers.isWhole(Json.parse("\"1\"")));
        assertFalse(WholeNumbers.isWhole(null));
        assertEquals(OptionalLong.empty(), WholeNumbers.within(Json.parse("2.0"), 1, 7));
    }

    @Test
    void decimal_text_is_read_within_its_range() {
        assertEquals(OptionalLong.of(30), WholeNumbers.within(" 30 ", 1, 366));
        assertEquals(OptionalLong.empty(), WholeNumbers.within("18446744073709551617", 1, 366));
        assertEquals(OptionalLong.empty(), WholeNumbers.within("9".repeat(10_000), 1, Long.MAX_VALUE));
        assertEquals(OptionalLong.empty(), WholeNumbers.within("-1", -5, 5), "signs are not digits");
        assertEquals(OptionalLong.empty(), WholeNumbers.within("1e3", 1, 5000));
        assertEquals(OptionalLong.empty(), WholeNumbers.within((String) null, 1, 5));
    }
}
