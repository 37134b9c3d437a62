package com.llmgateway.dynamodb.standin.expr;

import java.math.BigDecimal;

/**
 * DynamoDB's Number type: up to 38 significant digits, magnitude from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125 (negative alike), leading and trailing zeros not
 * significant. Values are stored and returned in a normal form: no trailing zeros, no exponent
 * (DynamoDB answers {@code "1.5E2"} as {@code "150"}), {@code "-0"} as {@code "0"}.
 *
 * <p>Developer Guide, "Supported data types and naming rules in Amazon DynamoDB" → Number.
 */
final class Numbers {
    static final String NOT_NUMERIC = "The parameter cannot be converted to a numeric value";
    static final String OVERFLOW =
            "Number overflow. Attempting to store a number with magnitude larger than supported range";
    static final String UNDERFLOW =
            "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    static final String TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number";

    private static final int MAX_DIGITS = 38;
    private static final long MAX_EXPONENT = 125;
    private static final long MIN_EXPONENT = -130;

    private Numbers() {
    }

    /** Parses a Number's wire text (digits, optional sign, point and exponent) and checks its range. */
    static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new ValidationError(NOT_NUMERIC);
        }
        // BigDecimal would also accept non-ASCII digits (e.g. Arabic-Indic); DynamoDB does not.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new ValidationError(NOT_NUMERIC + ": " + text);
            }
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ValidationError(NOT_NUMERIC + ": " + text);
        }
        return checkRange(value);
    }

    /**
     * Returns the value without trailing zeros, or throws DynamoDB's overflow / underflow / precision
     * error. Used both for numbers a client sends and for results of {@code SET a = b + :c} and
     * {@code ADD}.
     */
    static BigDecimal checkRange(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        // The decimal exponent of the leading digit; long because a scale near Integer.MIN_VALUE
        // (e.g. "1e2147483647") would overflow int arithmetic.
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw new ValidationError(OVERFLOW);
        }
        if (exponent < MIN_EXPONENT) {
            throw new ValidationError(UNDERFLOW);
        }
        if (stripped.precision() > MAX_DIGITS) {
            throw new ValidationError(TOO_MANY_DIGITS);
        }
        return stripped;
    }

    /** The normal text of an in-range value: plain digits, no trailing zeros, zero as "0". */
    static String format(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /** Parses, range-checks and formats: the stored form of a Number's wire text. */
    static String normalize(String text) {
        return format(parse(text));
    }

    /**
     * Storage bytes of a Number as DynamoDB counts them: about one byte per two significant digits
     * plus one. We count base-100 digit pairs aligned on the decimal point (how the value is encoded),
     * plus one byte of exponent, plus one for negatives (their encoding carries a terminator).
     * Developer Guide, "DynamoDB item sizes and formats".
     */
    static long size(BigDecimal value) {
        if (value.signum() == 0) {
            return 2;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        long high = (long) stripped.precision() - stripped.scale() - 1; // exponent of leading digit
        long low = -(long) stripped.scale();                             // exponent of last digit
        long pairs = Math.floorDiv(high, 2) - Math.floorDiv(low, 2) + 1;
        return pairs + 1 + (stripped.signum() < 0 ? 1 : 0);
    }
}
