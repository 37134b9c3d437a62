package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.b;
import static com.llmgateway.dynamodb.standin.conformance.Av.bool;
import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.key;
import static com.llmgateway.dynamodb.standin.conformance.Av.l;
import static com.llmgateway.dynamodb.standin.conformance.Av.m;
import static com.llmgateway.dynamodb.standin.conformance.Av.n;
import static com.llmgateway.dynamodb.standin.conformance.Av.ns;
import static com.llmgateway.dynamodb.standin.conformance.Av.nul;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static com.llmgateway.dynamodb.standin.conformance.Av.ss;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The data model: every attribute type round-trips, numbers are normalised and range-checked,
 * item and key size limits, empty key values, malformed attribute values.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
class AttributeValueTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private static String table;

    private DynamoDbClient c() {
        return ddb.client();
    }

    private String t() {
        if (table == null) {
            table = ddb.hashTable("values");
        }
        return table;
    }

    private Map<String, AttributeValue> roundTrip(String pk, AttributeValue v) {
        c().putItem(r -> r.tableName(t()).item(item("pk", s(pk), "v", v)));
        return c().getItem(r -> r.tableName(t()).key(key(pk))).item();
    }

    @Test
    void scalarTypesRoundTrip() {
        assertEquals(s("héllo ✓ 😀"), roundTrip("s", s("héllo ✓ 😀")).get("v"));
        assertEquals(n("-12.5"), roundTrip("n", n("-12.5")).get("v"));
        assertEquals(bool(true), roundTrip("bt", bool(true)).get("v"));
        assertEquals(bool(false), roundTrip("bf", bool(false)).get("v"));
        assertEquals(nul(), roundTrip("null", nul()).get("v"));
        byte[] bytes = {0, 1, (byte) 0xff, (byte) 0x80, 42};
        assertArrayEquals(bytes, roundTrip("b", b(bytes)).get("v").b().asByteArray());
    }

    @Test
    void emptyStringAndBinaryAreAllowedOutsideKeys() {
        // Since 2020 non-key String and Binary attributes may be empty (developer guide, data types).
        assertEquals(s(""), roundTrip("es", s("")).get("v"));
        assertEquals(0, roundTrip("eb", b()).get("v").b().asByteArray().length);
    }

    @Test
    void documentTypesRoundTripNestedAndEmpty() {
        AttributeValue doc = m("list", l(s("a"), n(1), l(), m(), nul(), bool(false)),
                "map", m("deep", m("deeper", l(m("x", s("y"))))),
                "emptyMap", m(), "emptyList", l());
        assertEquals(doc, roundTrip("doc", doc).get("v"));
        // List order is kept.
        assertEquals(l(n(3), n(1), n(2)), roundTrip("order", l(n(3), n(1), n(2))).get("v"));
    }

    @Test
    void setsRoundTripAsSets() {
        Map<String, AttributeValue> it = item("pk", s("sets"),
                "ss", ss("b", "a", "c"), "ns", ns("3", "1", "2.5"),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("y"))));
        c().putItem(r -> r.tableName(t()).item(it));
        Map<String, AttributeValue> got = c().getItem(r -> r.tableName(t()).key(key("sets"))).item();
        assertEquals(Set.of("a", "b", "c"), new HashSet<>(got.get("ss").ss()));
        assertEquals(Set.of("1", "2.5", "3"), new HashSet<>(got.get("ns").ns()));
        Set<String> bs = new HashSet<>();
        got.get("bs").bs().forEach(x -> bs.add(x.asUtf8String()));
        assertEquals(Set.of("x", "y"), bs);
    }

    @ParameterizedTest
    @CsvSource({"250.00,250", "1.50,1.5", "-0,0", "0.000,0", "00012.3400,12.34", "-1.0,-1", "1e3,1000",
            "1.5E1,15", "100,100"})
    void numbersAreStoredNormalised(String in, String out) {
        assertEquals(n(out), roundTrip("num_" + in, n(in)).get("v"));
    }

    @Test
    void numberSetMembersAreNormalised() {
        assertEquals(Set.of("1", "2.5"), new HashSet<>(roundTrip("nsnorm", ns("1.0", "2.50")).get("v").ns()));
    }

    @Test
    void numbersKeepThirtyEightSignificantDigits() {
        String big = "12345678901234567890123456789012345678";
        assertEquals(n(big), roundTrip("p38", n(big)).get("v"));
        String frac = "0.12345678901234567890123456789012345678";
        assertEquals(n(frac), roundTrip("p38f", n(frac)).get("v"));
        assertEquals(n("-" + big), roundTrip("p38n", n("-" + big)).get("v"));
    }

    @Test
    void moreThanThirtyEightSignificantDigitsIsRefused() {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("p39"),
                        "v", n("123456789012345678901234567890123456789")))),
                "Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void numbersAtTheEdgesOfTheRangeAreAccepted() {
        // Positive range 1E-130 to 9.9999999999999999999999999999999999999E+125 (data types page).
        for (String v : List.of("9.9999999999999999999999999999999999999E+125", "1E-130",
                "-9.9999999999999999999999999999999999999E+125", "-1E-130")) {
            Map<String, AttributeValue> got = roundTrip("edge" + v, n(v));
            assertEquals(0, new java.math.BigDecimal(v).compareTo(new java.math.BigDecimal(got.get("v").n())),
                    "value kept: " + v + " → " + got.get("v").n());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+126", "-1E+126", "1E+200"})
    void numberOverflowIsRefused(String v) {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("of"), "v", n(v)))),
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-131", "-1E-131", "1E-200"})
    void numberUnderflowIsRefused(String v) {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("uf"), "v", n(v)))),
                "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.2.3", "", "0x10", "1e", "NaN", "Infinity"})
    void nonNumericNumberIsRefused(String v) {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("nan"), "v", n(v)))));
    }

    @Test
    void numberKeysCompareByValue() {
        String nt = ddb.createTable("numkey", "id", ScalarAttributeType.N, null, null);
        c().putItem(r -> r.tableName(nt).item(item("id", n("10"), "v", s("first"))));
        c().putItem(r -> r.tableName(nt).item(item("id", n("10.00"), "v", s("second"))));
        assertEquals(1, c().scan(r -> r.tableName(nt)).count());
        assertEquals(item("id", n("10"), "v", s("second")),
                c().getItem(r -> r.tableName(nt).key(item("id", n("1E1")))).item());
    }

    @Test
    void emptySetsAreRefused() {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("es"), "v", ss()))),
                "may not be empty");
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("es"), "v", ns()))),
                "may not be empty");
    }

    @Test
    void setsWithDuplicatesAreRefused() {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("dup"), "v", ss("a", "a")))),
                "contains duplicates");
        // 1 and 1.0 are the same number.
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("dup"), "v", ns("1", "1.0")))),
                "contains duplicates");
        assertFalse(c().getItem(r -> r.tableName(t()).key(key("dup"))).hasItem());
    }

    @Test
    void emptyStringKeyIsRefused() {
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("")))),
                "The AttributeValue for a key attribute cannot contain an empty string value");
        Expect.validation(() -> c().getItem(r -> r.tableName(t()).key(item("pk", s("")))),
                "The AttributeValue for a key attribute cannot contain an empty string value");
    }

    @Test
    void emptyBinaryKeyIsRefused() {
        String bt = ddb.createTable("binkey", "id", ScalarAttributeType.B, null, null);
        Expect.validation(() -> c().putItem(r -> r.tableName(bt).item(item("id", b()))),
                "The AttributeValue for a key attribute cannot contain an empty binary value");
    }

    @Test
    void sortKeyTypeMismatchIsRefused() {
        String rt = ddb.rangeTable("sktype", ScalarAttributeType.N);
        Expect.validation(() -> c().putItem(r -> r.tableName(rt).item(item("pk", s("a"), "sk", s("1")))),
                "Type mismatch for key sk expected: N actual: S");
    }

    @Test
    void itemOfFourHundredKilobytesIsTheLimit() {
        // 400 KB = 409,600 bytes counting attribute names' and values' UTF-8 lengths (ServiceQuotas page).
        int overhead = "pk".length() + "big".length() + "data".length();
        String underLimit = "x".repeat(409_600 - overhead - 64);
        c().putItem(r -> r.tableName(t()).item(item("pk", s("big"), "data", s(underLimit))));
        assertEquals(underLimit.length(),
                c().getItem(r -> r.tableName(t()).key(key("big"))).item().get("data").s().length());
        String overLimit = "x".repeat(409_600 - overhead + 1);
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("big2"), "data", s(overLimit)))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void itemSizeCountsUtf8BytesNotCharacters() {
        // 204,800 two-byte characters are 409,600 bytes: over the limit with the key and names.
        String twoByte = "é".repeat(204_800);
        assertEquals(409_600, twoByte.getBytes(StandardCharsets.UTF_8).length);
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("utf"), "data", s(twoByte)))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void attributeNamesCountTowardTheItemSize() {
        // A 60,000-byte name (names may be up to 64 KB) plus a 350,000-byte value exceed 400 KB.
        String value = "x".repeat(350_000);
        String longName = "n".repeat(60_000);
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("names"), longName, s(value)))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void attributeNamesUpToSixtyFourKilobytesAreAllowed() {
        // "Attribute names must be at least one character long and less than 64 KB" (ServiceQuotas page).
        String longName = "a".repeat(65_000);
        c().putItem(r -> r.tableName(t()).item(item("pk", s("longname"), longName, n(1))));
        assertEquals(n(1), c().getItem(r -> r.tableName(t()).key(key("longname"))).item().get(longName));
    }

    @Test
    void updateThatGrowsTheItemPastTheLimitIsRefused() {
        String half = "y".repeat(250_000);
        c().putItem(r -> r.tableName(t()).item(item("pk", s("grow"), "a", s(half))));
        Expect.validation(() -> c().updateItem(r -> r.tableName(t()).key(key("grow"))
                        .updateExpression("SET b = :b").expressionAttributeValues(Map.of(":b", s(half)))),
                "exceeded the maximum allowed size");
        assertFalse(c().getItem(r -> r.tableName(t()).key(key("grow"))).item().containsKey("b"));
    }

    @Test
    void partitionKeyIsLimitedToTwoThousandFortyEightBytes() {
        String ok = "k".repeat(2048);
        c().putItem(r -> r.tableName(t()).item(item("pk", s(ok))));
        assertTrue(c().getItem(r -> r.tableName(t()).key(key(ok))).hasItem());
        String tooLong = "k".repeat(2049);
        // DynamoDB's wording really has no space: "...maximum size limit of2048 bytes".
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s(tooLong)))),
                "Size of hashkey has exceeded the maximum size limit of");
        // Bytes, not characters: 1,025 two-byte characters are 2,050 bytes.
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("é".repeat(1025))))),
                "Size of hashkey has exceeded the maximum size limit of");
    }

    @Test
    void sortKeyIsLimitedToOneThousandTwentyFourBytes() {
        String rt = ddb.rangeTable("sklen", ScalarAttributeType.S);
        c().putItem(r -> r.tableName(rt).item(item("pk", s("a"), "sk", s("s".repeat(1024)))));
        Expect.validation(() -> c().putItem(r -> r.tableName(rt).item(item("pk", s("a"), "sk", s("s".repeat(1025))))),
                "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }

    @Test
    void malformedAttributeValuesAreRefusedOnTheWire() {
        // The SDK cannot send these; DynamoDB's answers for them are ValidationExceptions.
        String two = "{\"TableName\":\"" + t() + "\",\"Item\":{\"pk\":{\"S\":\"w\"},\"v\":{\"S\":\"a\",\"N\":\"1\"}}}";
        var r1 = ddb.rawCall("DynamoDB_20120810.PutItem", two);
        assertEquals(400, r1.statusCode());
        String b1 = new String(r1.body(), StandardCharsets.UTF_8);
        assertTrue(b1.contains("ValidationException"), b1);
        assertTrue(b1.contains("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"), b1);

        String none = "{\"TableName\":\"" + t() + "\",\"Item\":{\"pk\":{\"S\":\"w\"},\"v\":{}}}";
        var r2 = ddb.rawCall("DynamoDB_20120810.PutItem", none);
        assertEquals(400, r2.statusCode());
        String b2 = new String(r2.body(), StandardCharsets.UTF_8);
        assertTrue(b2.contains("ValidationException"), b2);
        assertTrue(b2.contains("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"), b2);

        String nullFalse = "{\"TableName\":\"" + t() + "\",\"Item\":{\"pk\":{\"S\":\"w\"},\"v\":{\"NULL\":false}}}";
        var r3 = ddb.rawCall("DynamoDB_20120810.PutItem", nullFalse);
        assertEquals(400, r3.statusCode());
        String b3 = new String(r3.body(), StandardCharsets.UTF_8);
        assertTrue(b3.contains("ValidationException"), b3);
        assertTrue(b3.contains("Null attribute value types must have the value of true"), b3);
        assertFalse(c().getItem(r -> r.tableName(t()).key(key("w"))).hasItem());
    }

    @Test
    void documentsNestMoreThanThirtyTwoLevelsDeepAreRefused() {
        // "DynamoDB supports nested attributes up to 32 levels deep." (ServiceQuotas, nested attribute depth)
        AttributeValue ok = s("leaf");
        for (int i = 0; i < 30; i++) {
            ok = m("x", ok);
        }
        AttributeValue okDoc = ok;
        c().putItem(r -> r.tableName(t()).item(item("pk", s("deep_ok"), "v", okDoc)));
        AttributeValue tooDeep = s("leaf");
        for (int i = 0; i < 40; i++) {
            tooDeep = l(tooDeep);
        }
        AttributeValue bad = tooDeep;
        Expect.validation(() -> c().putItem(r -> r.tableName(t()).item(item("pk", s("deep_bad"), "v", bad))),
                "Nesting Levels have exceeded supported limits");
    }
}
