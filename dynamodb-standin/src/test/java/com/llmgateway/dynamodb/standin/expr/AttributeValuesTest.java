package com.llmgateway.dynamodb.standin.expr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttributeValuesTest {
    private static String error(Runnable r) {
        return assertThrows(ValidationError.class, r::run).getMessage();
    }

    // DynamoDB returns numbers without trailing zeros and without exponent notation
    // (e.g. "1.5E2" comes back as "150"), "-0" as "0".
    @ParameterizedTest
    @CsvSource({
        "250.00, 250", "1.50, 1.5", "-0, 0", "0.000, 0", "00042, 42", "1.5E2, 150", "1e-3, 0.001",
        "+7, 7", "-12.3400, -12.34", "1E+50, 100000000000000000000000000000000000000000000000000",
        ".5, 0.5", "5., 5"
    })
    void numbersAreStoredInNormalForm(String in, String normal) {
        assertEquals(normal, AttributeValues.normalizeNumber(in));
    }

    @Test
    void theLargestMagnitudeIsAccepted() {
        assertEquals("9".repeat(38) + "0".repeat(88),
                AttributeValues.normalizeNumber("9.9999999999999999999999999999999999999E+125"));
        assertEquals("-" + "9".repeat(38) + "0".repeat(88),
                AttributeValues.normalizeNumber("-9.9999999999999999999999999999999999999E+125"));
    }

    @Test
    void theSmallestMagnitudeIsAccepted() {
        assertEquals("0." + "0".repeat(129) + "1", AttributeValues.normalizeNumber("1E-130"));
    }

    @Test
    void numbersOutOfRangeOrTooPreciseAreRefusedWithDynamoDbsWording() {
        assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
                error(() -> AttributeValues.normalizeNumber("1e126")));
        assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
                error(() -> AttributeValues.normalizeNumber("-1e126")));
        assertEquals("Number underflow. Attempting to store a number with magnitude smaller than supported range",
                error(() -> AttributeValues.normalizeNumber("1e-131")));
        assertEquals("Attempting to store more than 38 significant digits in a Number",
                error(() -> AttributeValues.normalizeNumber("123456789012345678901234567890123456789")));
        assertEquals("Attempting to store more than 38 significant digits in a Number",
                error(() -> AttributeValues.normalizeNumber("-1.23456789012345678901234567890123456789")));
    }

    @Test
    void trailingZerosDoNotCountAsSignificantDigits() {
        assertEquals("1" + "0".repeat(50), AttributeValues.normalizeNumber("1" + "0".repeat(50)));
    }

    @Test
    void textThatIsNoNumberIsRefused() {
        assertEquals("The parameter cannot be converted to a numeric value", error(() -> AttributeValues.normalizeNumber("")));
        assertEquals("The parameter cannot be converted to a numeric value: b", error(() -> AttributeValues.normalizeNumber("b")));
        assertEquals("The parameter cannot be converted to a numeric value: NaN", error(() -> AttributeValues.normalizeNumber("NaN")));
        assertEquals("The parameter cannot be converted to a numeric value: 1 ", error(() -> AttributeValues.normalizeNumber("1 ")));
        // BigDecimal alone would accept Arabic-Indic digits.
        assertEquals("The parameter cannot be converted to a numeric value: \u0661",
                error(() -> AttributeValues.normalizeNumber("\u0661")));
    }

    @Test
    void validateAndNormalizeNormalisesNumbersDeepInsideMapsListsAndSets() {
        assertEquals(obj("{'M':{'a':{'L':[{'N':'1'},{'NS':['2','3.5']}]}}}"),
                AttributeValues.validateAndNormalize(obj("{'M':{'a':{'L':[{'N':'1.0'},{'NS':['2.00','3.50']}]}}}")));
    }

    @Test
    void emptyStringsAndBinariesAreValidOutsideKeys() {
        // Since May 2020 DynamoDB accepts empty S and B values for non-key attributes, also in sets.
        assertEquals(obj("{'S':''}"), AttributeValues.validateAndNormalize(obj("{'S':''}")));
        assertEquals(obj("{'B':''}"), AttributeValues.validateAndNormalize(obj("{'B':''}")));
        assertEquals(obj("{'SS':['','a']}"), AttributeValues.validateAndNormalize(obj("{'SS':['','a']}")));
    }

    @Test
    void malformedValuesAreRefusedWithDynamoDbsWording() {
        assertEquals("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
                error(() -> AttributeValues.validateAndNormalize(obj("{}"))));
        assertEquals("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
                error(() -> AttributeValues.validateAndNormalize(obj("{'S':'a','N':'1'}"))));
        assertEquals("One or more parameter values were invalid: Null attribute value types must have the value of true",
                error(() -> AttributeValues.validateAndNormalize(obj("{'NULL':false}"))));
        assertEquals("One or more parameter values were invalid: An string set  may not be empty",
                error(() -> AttributeValues.validateAndNormalize(obj("{'SS':[]}"))));
        assertEquals("One or more parameter values were invalid: An number set  may not be empty",
                error(() -> AttributeValues.validateAndNormalize(obj("{'NS':[]}"))));
        assertEquals("One or more parameter values were invalid: Binary sets should not be empty",
                error(() -> AttributeValues.validateAndNormalize(obj("{'BS':[]}"))));
        assertEquals("One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
                error(() -> AttributeValues.validateAndNormalize(obj("{'SS':['a','a']}"))));
        assertEquals("Input collection contains duplicates",
                error(() -> AttributeValues.validateAndNormalize(obj("{'NS':['1','1.0']}"))));
        assertEquals("One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.",
                error(() -> AttributeValues.validateAndNormalize(obj("{'BS':['Yg==','Yg==']}"))));
        assertEquals("The parameter cannot be converted to a numeric value: x",
                error(() -> AttributeValues.validateItem(obj("{'a':{'M':{'b':{'N':'x'}}}}"))));
    }

    @Test
    void validateItemReturnsANormalisedCopy() {
        var item = obj("{'n':{'N':'1.50'},'s':{'S':'x'}}");
        var out = AttributeValues.validateItem(item);
        assertEquals(obj("{'n':{'N':'1.5'},'s':{'S':'x'}}"), out);
        assertEquals(obj("{'n':{'N':'1.50'},'s':{'S':'x'}}"), item);
    }

    // Developer Guide, "DynamoDB item sizes and formats".
    @Test
    void itemSizeCountsNamesAndValuesAsDynamoDbDoes() {
        assertEquals(1 + 3, AttributeValues.itemSize(obj("{'a':{'S':'abc'}}")));
        assertEquals(1 + 4, AttributeValues.itemSize(obj("{'a':{'S':'\u00e9\u00e9'}}"))); // 2 bytes each in UTF-8
        assertEquals((2 + 1) + (1 + 1), AttributeValues.itemSize(obj("{'ok':{'BOOL':true},'n':{'NULL':true}}")));
        assertEquals(1 + 3, AttributeValues.itemSize(obj("{'b':{'B':'AQID'}}"))); // 3 raw bytes
        assertEquals(1 + 3, AttributeValues.itemSize(obj("{'l':{'L':[]}}")));
        assertEquals(1 + 3 + (1 + 1) + (1 + 1), AttributeValues.itemSize(obj("{'l':{'L':[{'BOOL':true},{'NULL':true}]}}")));
        assertEquals(1 + 3 + (1 + 1 + 2), AttributeValues.itemSize(obj("{'m':{'M':{'k':{'S':'vv'}}}}")));
        assertEquals(1 + 2 + 1, AttributeValues.itemSize(obj("{'s':{'SS':['ab','c']}}")));
    }

    @Test
    void numberSizeIsAboutOneBytePerTwoDigitsPlusOne() {
        assertEquals(2, AttributeValues.valueSize(obj("{'N':'1'}")));
        assertEquals(2, AttributeValues.valueSize(obj("{'N':'12'}")));
        assertEquals(3, AttributeValues.valueSize(obj("{'N':'123'}")));
        assertEquals(2, AttributeValues.valueSize(obj("{'N':'1000000'}")));       // trailing zeros trimmed
        assertEquals(20, AttributeValues.valueSize(obj("{'N':'12345678901234567890123456789012345678'}")));
        assertEquals(3, AttributeValues.valueSize(obj("{'N':'-1'}")));          // negatives carry a terminator
    }

    @Test
    void equalityIgnoresSetOrderAndCompareNumbersByValue() {
        assertTrue(AttributeValues.equal(obj("{'SS':['a','b']}"), obj("{'SS':['b','a']}")));
        assertTrue(AttributeValues.equal(obj("{'NS':['1','2']}"), obj("{'NS':['2.0','1']}")));
        assertTrue(AttributeValues.equal(obj("{'N':'1.0'}"), obj("{'N':'1'}")));
        assertTrue(AttributeValues.equal(obj("{'M':{'a':{'L':[{'S':'x'}]}}}"), obj("{'M':{'a':{'L':[{'S':'x'}]}}}")));
        assertFalse(AttributeValues.equal(obj("{'L':[{'S':'x'},{'S':'y'}]}"), obj("{'L':[{'S':'y'},{'S':'x'}]}")));
        assertFalse(AttributeValues.equal(obj("{'S':'1'}"), obj("{'N':'1'}")));
        assertFalse(AttributeValues.equal(obj("{'SS':['a']}"), obj("{'SS':['a','b']}")));
    }

    @Test
    void keysCompareStringsByUtf8BytesNumbersByValueAndBinariesUnsigned() {
        // U+FF61 sorts before U+1F600 in UTF-8 (and code points) but after it in UTF-16.
        assertTrue(AttributeValues.compareKeys(obj("{'S':'\uff61'}"), obj("{'S':'\ud83d\ude00'}")) < 0);
        assertTrue(AttributeValues.compareKeys(obj("{'S':'a'}"), obj("{'S':'ab'}")) < 0);
        assertTrue(AttributeValues.compareKeys(obj("{'N':'9'}"), obj("{'N':'10'}")) < 0);
        assertTrue(AttributeValues.compareKeys(obj("{'N':'-10'}"), obj("{'N':'-9.5'}")) < 0);
        // 0x7F < 0x80 unsigned, though (byte) 0x80 is negative.
        assertTrue(AttributeValues.compareKeys(obj("{'B':'fw=='}"), obj("{'B':'gA=='}")) < 0);
        assertEquals(0, AttributeValues.compareKeys(obj("{'N':'1.0'}"), obj("{'N':'1'}")));
    }

    private static String nested(int wraps, boolean lists) {
        String v = "{'S':'leaf'}";
        for (int i = 0; i < wraps; i++) {
            v = lists ? "{'L':[" + v + "]}" : "{'M':{'x':" + v + "}}";
        }
        return v;
    }

    @Test
    void documentsAreLimitedToThirtyTwoLevels() {
        // 32 levels: a scalar under at most 31 maps or lists (DynamoDB accepts 31 wraps, refuses 32).
        AttributeValues.validateAndNormalize(obj(nested(31, false)));
        AttributeValues.validateAndNormalize(obj(nested(31, true)));
        assertTrue(error(() -> AttributeValues.validateAndNormalize(obj(nested(32, false))))
                .startsWith("Nesting Levels have exceeded supported limits"));
        assertTrue(error(() -> AttributeValues.validateAndNormalize(obj(nested(32, true))))
                .startsWith("Nesting Levels have exceeded supported limits"));
    }

    @Test
    void theReservedWordListIsComplete() {
        assertEquals(573, ReservedWords.count());
        assertTrue(ReservedWords.isReserved("status"));
        assertTrue(ReservedWords.isReserved("Name"));
        assertFalse(ReservedWords.isReserved("pk"));
    }
}
