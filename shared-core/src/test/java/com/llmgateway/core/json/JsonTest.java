package com.llmgateway.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void numbers_with_extreme_exponents_are_refused_as_invalid_json() {
        for (String n : new String[]{"1e2147483647", "1e999999999", "-1e-2147483647", "1e1001", "1e-1001"}) {
            assertThrows(JsonProcessingException.class, () -> Json.MAPPER.readTree("{\"x\":" + n + "}"), n);
            assertThrows(JsonProcessingException.class, () -> Json.MAPPER.reader().readTree("[" + n + "]"), n);
        }
    }

    @Test
    void ordinary_decimals_stay_exact() throws Exception {
        assertEquals(0, new BigDecimal("0.7").compareTo(Json.MAPPER.readTree("{\"t\":0.7000}").get("t").decimalValue()));
        assertEquals(new BigDecimal("1E+1000"), Json.MAPPER.readTree("{\"t\":1e1000}").get("t").decimalValue());
        assertEquals("0.000000035", Json.write(Json.MAPPER.readTree("{\"p\":3.5e-8}").get("p")));
    }
}
