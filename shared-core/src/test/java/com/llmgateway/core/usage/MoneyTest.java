package com.llmgateway.core.usage;

import com.llmgateway.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({
            "100, 100.00", "100.00, 100.00", "1E+2, 100.00", "1.5, 1.50", "12.500000, 12.50", "0, 0.00",
            "0.000000, 0.00", "0.000123, 0.000123", "0.0000001, 0.0000001", "1234.567891, 1234.567891",
            "0.0004138333, 0.0004138333", "-0.5, -0.50"})
    void writes_an_exact_plain_decimal_with_at_least_two_places(String amount, String written) {
        assertEquals(written, Money.format(new BigDecimal(amount)));
        assertEquals(0, new BigDecimal(amount).compareTo(new BigDecimal(written)), "never rounded");
    }

    @Test
    void puts_a_json_string_or_null() {
        var o = Json.object();
        Money.put(o, "a", new BigDecimal("2.5"));
        Money.put(o, "b", null);
        assertTrue(o.get("a").isTextual());
        assertEquals("{\"a\":\"2.50\",\"b\":null}", Json.write(o));
    }
}
