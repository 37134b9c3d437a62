package com.llmgateway.dynamodb.standin.conformance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short constructors for attribute values and items, so the tests read like the wire JSON. */
final class Av {
    private Av() { }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue b(byte... v) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    static AttributeValue nul() {
        return AttributeValue.fromNul(true);
    }

    static AttributeValue ss(String... v) {
        return AttributeValue.fromSs(Arrays.asList(v));
    }

    static AttributeValue ns(String... v) {
        return AttributeValue.fromNs(Arrays.asList(v));
    }

    static AttributeValue l(AttributeValue... v) {
        return AttributeValue.fromL(List.of(v));
    }

    static AttributeValue m(Object... kv) {
        return AttributeValue.fromM(item(kv));
    }

    /** {@code item("pk", s("a"), "n", n(1))}: an ordered map of name → value. */
    static Map<String, AttributeValue> item(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("pairs expected");
        }
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (AttributeValue) kv[i + 1]);
        }
        return m;
    }

    /** The key {pk: S}. */
    static Map<String, AttributeValue> key(String pk) {
        return item("pk", s(pk));
    }

    /** The key {pk: S, sk: value}. */
    static Map<String, AttributeValue> key(String pk, AttributeValue sk) {
        return item("pk", s(pk), "sk", sk);
    }
}
