package com.llmgateway.dynamodb.standin.expr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static com.llmgateway.dynamodb.standin.expr.Json.names;
import static com.llmgateway.dynamodb.standin.expr.Json.obj;
import static com.llmgateway.dynamodb.standin.expr.Json.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Developer Guide, "Using update expressions in DynamoDB". */
class UpdateExpressionTest {
    private static final Map<String, ObjectNode> VALUES = values(
            ":one", "{'N':'1'}", ":two", "{'N':'2'}", ":x", "{'S':'x'}", ":list", "{'L':[{'S':'new'}]}",
            ":ss", "{'SS':['b','c']}", ":ns", "{'NS':['1','3']}", ":big", "{'N':'9.9999999999999999999999999999999999999E+125'}",
            ":tiny", "{'N':'1E-100'}", ":m", "{'M':{}}");

    private static ObjectNode apply(String expression, String itemJson) {
        return new ExpressionContext(names("#n", "n", "#s", "status"), VALUES).update(expression).apply(obj(itemJson));
    }

    private static String error(String expression) {
        return assertThrows(ValidationError.class,
                () -> new ExpressionContext(names("#a", "a", "#b", "a"), VALUES).update(expression)).getMessage();
    }

    private static String runtimeError(String expression, String itemJson) {
        Update u = new ExpressionContext(null, VALUES).update(expression);
        return assertThrows(ValidationError.class, () -> u.apply(obj(itemJson))).getMessage();
    }

    @Test
    void setAssignsValuesPathsAndArithmetic() {
        assertEquals(obj("{'a':{'S':'x'},'n':{'N':'3'},'c':{'N':'3'},'d':{'N':'0'}}"),
                apply("SET a = :x, c = n, d = n - n", "{'n':{'N':'3'}}"));
        assertEquals(obj("{'n':{'N':'4'}}"), apply("SET #n = #n + :one", "{'n':{'N':'3'}}"));
        assertEquals(obj("{'n':{'N':'-1'}}"), apply("SET n = :one - :two", "{}"));
    }

    @Test
    void allSetValuesAreComputedFromTheItemBeforeTheUpdate() {
        assertEquals(obj("{'a':{'N':'2'},'b':{'N':'1'}}"), apply("SET a = b, b = a", "{'a':{'N':'1'},'b':{'N':'2'}}"));
    }

    @Test
    void ifNotExistsKeepsAnExistingValue() {
        assertEquals(obj("{'n':{'N':'1'}}"), apply("SET n = if_not_exists(n, :one)", "{}"));
        assertEquals(obj("{'n':{'N':'7'}}"), apply("SET n = if_not_exists(n, :one)", "{'n':{'N':'7'}}"));
        assertEquals(obj("{'n':{'N':'3'}}"), apply("SET n = if_not_exists(n, :two) + :one", "{}"));
    }

    @Test
    void listAppendConcatenatesInOrder() {
        assertEquals(obj("{'l':{'L':[{'S':'old'},{'S':'new'}]}}"), apply("SET l = list_append(l, :list)", "{'l':{'L':[{'S':'old'}]}}"));
        assertEquals(obj("{'l':{'L':[{'S':'new'},{'S':'old'}]}}"), apply("SET l = list_append(:list, l)", "{'l':{'L':[{'S':'old'}]}}"));
        assertEquals(obj("{'l':{'L':[{'S':'new'},{'S':'new'}]}}"),
                apply("SET l = list_append(if_not_exists(l, :list), :list)", "{}"));
    }

    @Test
    void setWritesIntoNestedMapsAndLists() {
        assertEquals(obj("{'m':{'M':{'a':{'S':'x'},'b':{'N':'1'}}}}"), apply("SET m.b = :one", "{'m':{'M':{'a':{'S':'x'}}}}"));
        assertEquals(obj("{'l':{'L':[{'S':'x'},{'N':'2'}]}}"), apply("SET l[1] = :two", "{'l':{'L':[{'S':'x'},{'N':'1'}]}}"));
        // An index past the end appends.
        assertEquals(obj("{'l':{'L':[{'S':'x'},{'N':'2'}]}}"), apply("SET l[9] = :two", "{'l':{'L':[{'S':'x'}]}}"));
    }

    @Test
    void setIntoAMissingOrScalarParentIsAnInvalidDocumentPath() {
        assertEquals("The document path provided in the update expression is invalid for update",
                runtimeError("SET m.b = :one", "{}"));
        assertEquals("The document path provided in the update expression is invalid for update",
                runtimeError("SET m.b = :one", "{'m':{'S':'x'}}"));
        assertEquals("The document path provided in the update expression is invalid for update",
                runtimeError("SET m[0] = :one", "{'m':{'M':{}}}"));
    }

    @Test
    void removeDeletesAttributesAndListElementsByTheirOriginalIndexes() {
        assertEquals(obj("{'b':{'S':'x'}}"), apply("REMOVE a, gone", "{'a':{'S':'x'},'b':{'S':'x'}}"));
        assertEquals(obj("{'l':{'L':[{'N':'0'},{'N':'2'}]}}"),
                apply("REMOVE l[1], l[3]", "{'l':{'L':[{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'}]}}"));
        assertEquals(obj("{'l':{'L':[{'N':'0'}]}}"), apply("REMOVE l[5]", "{'l':{'L':[{'N':'0'}]}}"));
        assertEquals(obj("{'m':{'M':{}}}"), apply("REMOVE m.a", "{'m':{'M':{'a':{'S':'x'}}}}"));
    }

    @Test
    void addIncrementsNumbersFromZeroAndUnitesSets() {
        assertEquals(obj("{'n':{'N':'1'}}"), apply("ADD n :one", "{}"));
        assertEquals(obj("{'n':{'N':'3'}}"), apply("ADD n :two", "{'n':{'N':'1'}}"));
        assertEquals(obj("{'s':{'SS':['a','b','c']}}"), apply("ADD s :ss", "{'s':{'SS':['a','b']}}"));
        assertEquals(obj("{'s':{'SS':['b','c']}}"), apply("ADD s :ss", "{}"));
        assertEquals(obj("{'m':{'M':{'c':{'N':'1'}}}}"), apply("ADD m.c :one", "{'m':{'M':{}}}"));
    }

    @Test
    void deleteRemovesMembersAndTheAttributeWithItsLastMember() {
        assertEquals(obj("{'s':{'SS':['a']}}"), apply("DELETE s :ss", "{'s':{'SS':['a','b']}}"));
        assertEquals(obj("{}"), apply("DELETE s :ss", "{'s':{'SS':['c','b']}}"));
        assertEquals(obj("{'ns':{'NS':['2']}}"), apply("DELETE ns :ns", "{'ns':{'NS':['1','2','3']}}"));
        assertEquals(obj("{}"), apply("DELETE s :ss", "{}"));
    }

    @Test
    void addAndDeleteOnAnotherTypeAreRuntimeErrors() {
        assertEquals("An operand in the update expression has an incorrect data type", runtimeError("ADD n :one", "{'n':{'S':'x'}}"));
        assertEquals("An operand in the update expression has an incorrect data type", runtimeError("ADD s :ss", "{'s':{'NS':['1']}}"));
        assertEquals("An operand in the update expression has an incorrect data type", runtimeError("DELETE s :ss", "{'s':{'S':'x'}}"));
    }

    @Test
    void arithmeticOnMissingOrNonNumericOperandsIsARuntimeError() {
        assertEquals("The provided expression refers to an attribute that does not exist in the item",
                runtimeError("SET n = n + :one", "{}"));
        assertEquals("An operand in the update expression has an incorrect data type",
                runtimeError("SET n = n + :one", "{'n':{'S':'x'}}"));
        assertEquals("An operand in the update expression has an incorrect data type",
                runtimeError("SET l = list_append(l, :list)", "{'l':{'S':'x'}}"));
        assertEquals("The provided expression refers to an attribute that does not exist in the item",
                runtimeError("SET a = b", "{}"));
    }

    @Test
    void arithmeticResultsMustFitDynamoDbsNumbers() {
        assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
                runtimeError("SET n = :big + :big", "{}"));
        assertEquals("Number overflow. Attempting to store a number with magnitude larger than supported range",
                runtimeError("ADD n :big", "{'n':{'N':'9.9999999999999999999999999999999999999E+125'}}"));
        assertEquals("Attempting to store more than 38 significant digits in a Number",
                runtimeError("SET n = :one + :tiny", "{}"));
    }

    @Test
    void theInputItemIsNotModified() {
        ObjectNode item = obj("{'m':{'M':{'a':{'N':'1'}}},'s':{'SS':['a']}}");
        new ExpressionContext(null, VALUES).update("SET m.a = :two ADD s :ss REMOVE gone").apply(item);
        assertEquals(obj("{'m':{'M':{'a':{'N':'1'}}},'s':{'SS':['a']}}"), item);
    }

    @Test
    void updatedPathsAndTopLevelAttributesNameWhatTheUpdateTouches() {
        Update u = new ExpressionContext(names("#n", "n"), VALUES).update("SET m.a = :one, #n = :two REMOVE r ADD s :ss");
        assertEquals(Set.of("m", "n", "r", "s"), u.topLevelAttributes());
        ObjectNode after = u.apply(obj("{'pk':{'S':'k'},'m':{'M':{'a':{'N':'0'},'b':{'N':'0'}}},'r':{'S':'x'}}"));
        assertEquals(obj("{'m':{'M':{'a':{'N':'1'}}},'n':{'N':'2'},'s':{'SS':['b','c']}}"), u.updatedPaths().apply(after));
    }

    @Test
    void clausesMayComeInAnyOrderButEachOnlyOnce() {
        assertEquals(obj("{'a':{'N':'1'},'c':{'N':'1'}}"), apply("REMOVE b SET a = :one ADD c :one", "{'b':{'N':'1'}}"));
        assertEquals("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
                error("SET a = :one SET b = :two"));
    }

    @Test
    void overlappingOrConflictingPathsAreRefused() {
        assertEquals("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
                + "of these paths; path one: [a], path two: [a, b]", error("SET a = :one REMOVE a.b"));
        assertEquals("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
                + "of these paths; path one: [a], path two: [a]", error("SET #a = :one, #b = :two"));
        assertEquals("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one "
                + "of these paths; path one: [a, b], path two: [a, [0]]", error("SET a.b = :one, a[0] = :two"));
    }

    @Test
    void operandTypesOfAddAndDeleteAreChecked() {
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                + "operand type: STRING", error("ADD a :x"));
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
                + "operand type: NUMBER", error("DELETE a :one"));
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                + "operand type: MAP", error("ADD a :m"));
    }

    @Test
    void functionOperandsAreChecked() {
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
                + "operand type: S", error("SET a = a + :x"));
        assertEquals("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
                + "list_append, operand type: N", error("SET a = list_append(a, :one)"));
        // size is a condition function: DynamoDB says it is not allowed here, not that it is unknown.
        assertEquals("Invalid UpdateExpression: The function is not allowed in an update expression; function: size",
                error("SET a = size(b)"));
        assertEquals("Invalid UpdateExpression: Invalid function name; function: sizes", error("SET a = sizes(b)"));
        assertEquals("Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or "
                + "function: if_not_exists, number of operands: 1", error("SET a = if_not_exists(a)"));
        assertEquals("Invalid UpdateExpression: Operator or function requires a document path; operator or function: "
                + "if_not_exists", error("SET a = if_not_exists(:one, :two)"));
    }

    @Test
    void syntaxErrorsAreWordedAsDynamoDbDoes() {
        // aws/aws-cdk#7591: "ADD hits : incr" → token ":", near "hits : incr".
        assertEquals("Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"", error("ADD hits : incr"));
        assertEquals("Invalid UpdateExpression: Syntax error; token: \"SETT\", near: \"SETT a\"", error("SETT a = :x"));
        assertEquals("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"= \"", error("SET a = "));
        assertEquals("Invalid UpdateExpression: Syntax error; token: \"+\", near: \":two + :one\"", error("SET a = :one + :two + :one"));
        assertEquals("Invalid UpdateExpression: Syntax error; token: \"ADD\", near: \", ADD b\"", error("SET a = :one, ADD b :one"));
        assertEquals("Invalid UpdateExpression: The expression can not be empty;", error(""));
    }

    @Test
    void reservedWordsAndUndefinedPlaceholdersAreRefused() {
        assertEquals("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
                error("SET status = :x"));
        assertEquals("Invalid UpdateExpression: An expression attribute name used in the document path is not defined; "
                + "attribute name: #zz", error("SET #zz = :x"));
        assertEquals("Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                + "attribute value: :zz", error("SET a = :zz"));
    }
}
