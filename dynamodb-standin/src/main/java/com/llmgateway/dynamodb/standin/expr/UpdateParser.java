package com.llmgateway.dynamodb.standin.expr;

import com.llmgateway.dynamodb.standin.expr.Lexer.Kind;
import com.llmgateway.dynamodb.standin.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an UpdateExpression: clauses {@code SET}, {@code REMOVE}, {@code ADD}, {@code DELETE}, each at
 * most once, in any order. {@code SET path = value} where value is an operand or {@code a + b} /
 * {@code a - b}, and an operand is a path, a {@code :value}, {@code if_not_exists(path, operand)} or
 * {@code list_append(operand, operand)}. Developer Guide, "Using update expressions in DynamoDB".
 */
final class UpdateParser extends Parser {
    enum Clause { SET, REMOVE, ADD, DELETE }

    private UpdateParser(String text) {
        super(text);
    }

    static UpdateExpr parse(String text) {
        UpdateParser p = new UpdateParser(text);
        return p.run(p::parseClauses);
    }

    @Override
    boolean isKeyword(Token word) {
        return clause(word) != null;
    }

    private static Clause clause(Token t) {
        if (t.kind() != Kind.WORD) {
            return null;
        }
        for (Clause c : Clause.values()) {
            if (t.isWord(c.name())) {
                return c;
            }
        }
        return null;
    }

    private UpdateExpr parseClauses() {
        List<UpdateExpr.Action> actions = new ArrayList<>();
        Set<Clause> seen = EnumSet.noneOf(Clause.class);
        do {
            Clause clause = clause(peek());
            if (clause == null) {
                throw syntaxError();
            }
            next();
            if (!seen.add(clause)) {
                note(Issue.SECTION, "The \"" + clause + "\" section can only be used once in an update expression;");
            }
            do {
                actions.add(parseAction(clause));
            } while (at(Kind.COMMA) && next() != null);
        } while (!at(Kind.EOF));
        return new UpdateExpr(actions);
    }

    private UpdateExpr.Action parseAction(Clause clause) {
        Path path = parsePath();
        return switch (clause) {
            case SET -> {
                expect(Kind.EQ);
                yield new UpdateExpr.Action(clause, path, parseSetValue());
            }
            case REMOVE -> new UpdateExpr.Action(clause, path, null);
            case ADD, DELETE -> {
                Token value = expect(Kind.VALUE);
                yield new UpdateExpr.Action(clause, path, new Operand.ValueOp(value.text(), null));
            }
        };
    }

    /** {@code operand} or {@code operand + operand} or {@code operand - operand}. */
    private Operand parseSetValue() {
        Operand left = parseOperand();
        if (at(Kind.PLUS) || at(Kind.MINUS)) {
            boolean plus = next().kind() == Kind.PLUS;
            operators++;
            Operand right = parseOperand();
            return new Operand.Arith(left, right, plus);
        }
        return left;
    }

    private Operand parseOperand() {
        Token t = peek();
        if (t.kind() == Kind.LPAREN) {
            next();
            Operand inner = parseSetValue();
            expect(Kind.RPAREN);
            return inner;
        }
        if (t.kind() == Kind.VALUE) {
            next();
            return new Operand.ValueOp(t.text(), null);
        }
        if (t.kind() == Kind.WORD && peek(1).kind() == Kind.LPAREN && !isKeyword(t)) {
            next();
            next();
            operators++;
            List<Operand> args = new ArrayList<>();
            args.add(parseSetValue());
            while (at(Kind.COMMA)) {
                next();
                args.add(parseSetValue());
            }
            expect(Kind.RPAREN);
            return function(t.text(), args);
        }
        if (atPathStart()) {
            return new Operand.PathOp(parsePath());
        }
        throw syntaxError();
    }

    private static final Set<String> CONDITION_FUNCTIONS = Set.of(
            "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size");

    private Operand function(String name, List<Operand> args) {
        if (CONDITION_FUNCTIONS.contains(name)) {
            // A real function, but only for conditions: DynamoDB names it rather than calling it unknown.
            note(Issue.UNKNOWN_FUNCTION, "The function is not allowed in an update expression; function: " + name);
            return new Operand.Invalid(name);
        }
        if (!name.equals("if_not_exists") && !name.equals("list_append")) {
            note(Issue.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
            return new Operand.Invalid(name);
        }
        if (args.size() != 2) {
            note(Issue.OPERANDS, operandCount(name, args.size()));
            return new Operand.Invalid(name);
        }
        if (name.equals("list_append")) {
            return new Operand.ListAppend(args.get(0), args.get(1));
        }
        if (!(args.get(0) instanceof Operand.PathOp)) {
            note(Issue.OPERANDS, requiresPath(name));
        }
        return new Operand.IfNotExists(args.get(0), args.get(1));
    }
}
