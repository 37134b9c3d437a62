package com.llmgateway.core.usage;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Numbers of usage items (DynamoDB N, exact decimal text), read and written in one place. An
 * absent attribute is zero: a rollup counter that was never incremented.
 */
public final class Decimals {

    private Decimals() {
    }

    /** The decimal value of attribute {@code name} of {@code item}; zero when the item or the attribute is absent. */
    public static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? BigDecimal.ZERO : new BigDecimal(v.n());
    }

    /** A counter (an integral N); zero when absent. */
    public static long count(Map<String, AttributeValue> item, String name) {
        return decimal(item, name).longValueExact();
    }

    /** An exact N attribute for {@code v} (plain notation, no exponent). */
    public static AttributeValue number(BigDecimal v) {
        return AttributeValue.fromN(v.toPlainString());
    }

    /** {@code v}, or zero when it is negative. */
    public static BigDecimal atLeastZero(BigDecimal v) {
        return v.signum() < 0 ? BigDecimal.ZERO : v;
    }
}
