package com.llmgateway.dynamodb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One key attribute's value in the form storage sorts and hashes by: S and B as bytes compared
 * unsigned (S by its UTF-8 bytes, as DynamoDB orders strings), N as a number. Only values of one
 * type are ever compared with each other, since a key attribute has one declared type.
 */
final class KeyValue implements Comparable<KeyValue> {
    /** The single partition key of a table without a sort key: every item's "range" is this. */
    static final KeyValue NONE = new KeyValue('-', new byte[0], null);

    private final char type;
    private final byte[] bytes;
    private final BigDecimal number;
    private final int hash;

    private KeyValue(char type, byte[] bytes, BigDecimal number) {
        this.type = type;
        this.bytes = bytes;
        this.number = number;
        this.hash = number != null ? number.hashCode() : Arrays.hashCode(bytes);
    }

    /** The key value of an attribute value already checked to be of {@code type} (S, N or B). */
    static KeyValue of(ObjectNode value, char type) {
        JsonNode v;
        switch (type) {
            case 'S' -> {
                v = value.get("S");
                return new KeyValue('S', v.textValue().getBytes(StandardCharsets.UTF_8), null);
            }
            case 'N' -> {
                v = value.get("N");
                BigDecimal d = new BigDecimal(v.textValue()).stripTrailingZeros();
                if (d.signum() == 0) {
                    d = BigDecimal.ZERO; // 0E+3 and 0 are one key
                }
                return new KeyValue('N', null, d);
            }
            case 'B' -> {
                v = value.get("B");
                return new KeyValue('B', Base64.getDecoder().decode(v.textValue()), null);
            }
            default -> throw new IllegalArgumentException("not a key type: " + type);
        }
    }

    @Override
    public int compareTo(KeyValue o) {
        if (number != null && o.number != null) {
            return number.compareTo(o.number);
        }
        if (type != o.type) {
            return Character.compare(type, o.type);
        }
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyValue k) || k.type != type || k.hash != hash) {
            return false;
        }
        return number != null ? number.equals(k.number) : Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return number != null ? number.toPlainString() : type + ":" + new String(bytes, StandardCharsets.UTF_8);
    }
}
