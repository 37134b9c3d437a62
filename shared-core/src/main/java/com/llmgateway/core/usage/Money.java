package com.llmgateway.core.usage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/**
 * The one written form of a money amount (USD) in every JSON answer and in the CSV: a string in
 * plain decimal notation, exact (never rounded, never a floating-point number), with trailing
 * zeros dropped but at least two decimal places: {@code "100.00"}, {@code "1.50"},
 * {@code "0.000123"}, {@code "0.00"}. A string, because a JSON number is read as a double by most
 * clients and loses the exactness the ledger keeps.
 */
public final class Money {

    private Money() {
    }

    public static String format(BigDecimal usd) {
        BigDecimal s = usd.stripTrailingZeros();
        return s.setScale(Math.max(2, s.scale())).toPlainString();
    }

    /** Puts {@code usd} in {@link #format}'s form under {@code field}, or JSON null when it is null. */
    public static ObjectNode put(ObjectNode o, String field, BigDecimal usd) {
        return usd == null ? o.putNull(field) : o.put(field, format(usd));
    }
}
