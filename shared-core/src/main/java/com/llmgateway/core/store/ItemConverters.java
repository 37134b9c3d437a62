package com.llmgateway.core.store;

import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The attribute converters the static table schemas need beyond the enhanced client's defaults:
 * money keeps its exact text ({@code toPlainString}, where the default would write "1E-7"), and the
 * readers accept both shapes that items in the tables have ever had (a budget as S or N, a string
 * collection as SS or L), as the hand-written mapping before them did.
 */
public final class ItemConverters {

    private ItemConverters() {
    }

    /** A decimal stored as a string (DynamoDB would normalise "250.00" to "250" as a number); reads N too. */
    public static AttributeConverter<BigDecimal> decimalAsString() {
        return new Decimal(AttributeValueType.S);
    }

    /** A decimal stored as a number, written without an exponent; reads S too. */
    public static AttributeConverter<BigDecimal> decimalAsNumber() {
        return new Decimal(AttributeValueType.N);
    }

    /** Strings stored as a string set (SS), in the set's order; reads a list (L) of strings too. */
    public static AttributeConverter<Set<String>> stringSet() {
        return new StringSet();
    }

    /** Strings stored as a list (L) of S; reads a string set (SS) too. */
    public static AttributeConverter<List<String>> stringList() {
        return new StringList();
    }

    private static List<String> strings(AttributeValue v) {
        List<String> out = new ArrayList<>();
        if (v.hasSs()) {
            out.addAll(v.ss());
        } else if (v.hasL()) {
            v.l().forEach(e -> {
                if (e.s() != null) {
                    out.add(e.s());
                }
            });
        }
        return out;
    }

    private record Decimal(AttributeValueType storedAs) implements AttributeConverter<BigDecimal> {
        @Override
        public AttributeValue transformFrom(BigDecimal input) {
            String text = input.toPlainString();
            return storedAs == AttributeValueType.S ? AttributeValue.fromS(text) : AttributeValue.fromN(text);
        }

        @Override
        public BigDecimal transformTo(AttributeValue input) {
            String text = input.s() != null ? input.s() : input.n();
            return text == null || text.isBlank() ? null : new BigDecimal(text);
        }

        @Override
        public EnhancedType<BigDecimal> type() {
            return EnhancedType.of(BigDecimal.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return storedAs;
        }
    }

    private static final class StringSet implements AttributeConverter<Set<String>> {
        @Override
        public AttributeValue transformFrom(Set<String> input) {
            return AttributeValue.fromSs(new ArrayList<>(input));
        }

        @Override
        public Set<String> transformTo(AttributeValue input) {
            return new LinkedHashSet<>(strings(input));
        }

        @Override
        public EnhancedType<Set<String>> type() {
            return EnhancedType.setOf(String.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.SS;
        }
    }

    private static final class StringList implements AttributeConverter<List<String>> {
        @Override
        public AttributeValue transformFrom(List<String> input) {
            return AttributeValue.fromL(input.stream().map(AttributeValue::fromS).toList());
        }

        @Override
        public List<String> transformTo(AttributeValue input) {
            return strings(input);
        }

        @Override
        public EnhancedType<List<String>> type() {
            return EnhancedType.listOf(String.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.L;
        }
    }
}
