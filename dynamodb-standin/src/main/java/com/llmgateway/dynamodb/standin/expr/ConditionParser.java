package com.llmgateway.dynamodb.standin.expr;

import com.llmgateway.dynamodb.standin.expr.Lexer.Kind;
import com.llmgateway.dynamodb.standin.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses condition syntax (ConditionExpression, FilterExpression, KeyConditionExpression). Precedence,
 * loosest first: {@code OR}, {@code AND}, {@code NOT}, then comparisons ({@code = <> < <= > >=},
 * {@code BETWEEN}, {@code IN}) and functions; parentheses group. Developer Guide, "Condition and filter
 * expressions, operators and functions" → "Precedence in conditions".
 */
final class ConditionParser extends Parser {
    /** The most operands {@code IN} accepts (Developer Guide, "Constraints" → expression parameters). */
    static final int MAX_IN_OPERANDS = 100;

    /** Condition functions and their operand counts; names are case-sensitive. */
    private static final Map<String, Integer> FUNCTIONS = Map.of(
            "attribute_exists", 1, "attribute_not_exists", 1, "attribute_type", 2,
            "begins_with", 2, "contains", 2, "size", 1);

    /** A function call before it is known whether it is a condition or an operand. */
    private record Call(String name, List<Operand> args) {
    }

    private ConditionParser(String text) {
        super(text);
    }

    /** Parses a condition, throwing {@link ValidationError} (without prefix) for syntax and other parse errors. */
    static Cond parse(String text) {
        ConditionParser p = new ConditionParser(text);
        return p.run(p::parseOr);
    }

    @Override
    boolean isKeyword(Token word) {
        return word.isWord("AND") || word.isWord("OR") || word.isWord("NOT") || word.isWord("BETWEEN") || word.isWord("IN");
    }

    private Cond parseOr() {
        Cond c = parseAnd();
        while (atWord("OR")) {
            next();
            operators++;
            c = new Cond.Or(c, parseAnd());
        }
        return c;
    }

    private Cond parseAnd() {
        Cond c = parseNot();
        while (atWord("AND")) {
            next();
            operators++;
            c = new Cond.And(c, parseNot());
        }
        return c;
    }

    private Cond parseNot() {
        if (atWord("NOT")) {
            next();
            operators++;
            return new Cond.Not(parseNot());
        }
        return parsePrimary();
    }

    /**
     * A parenthesized condition or a comparison. {@code (a) = :v} and {@code (a = :v)} both start with
     * "(", so the first reading is tried and, if it fails or is followed by a comparator, the second.
     */
    private Cond parsePrimary() {
        if (!at(Kind.LPAREN)) {
            return parseComparison();
        }
        Mark start = mark();
        SyntaxFailure first = null;
        try {
            next();
            Cond inner = parseOr();
            expect(Kind.RPAREN);
            if (!atComparator()) {
                if (parenthesized.contains(inner)) {
                    note(Issue.PARENS, "The expression has redundant parentheses;");
                }
                parenthesized.add(inner);
                return inner;
            }
        } catch (SyntaxFailure f) {
            first = f;
        }
        reset(start);
        try {
            return parseComparison();
        } catch (SyntaxFailure second) {
            throw first == null ? second : furthest(first, second);
        }
    }

    private boolean atComparator() {
        Kind k = peek().kind();
        return k == Kind.EQ || k == Kind.NE || k == Kind.LT || k == Kind.LE || k == Kind.GT || k == Kind.GE
                || atWord("BETWEEN") || atWord("IN");
    }

    private Cond parseComparison() {
        Object left = parseTerm();
        Token t = peek();
        Cond.Op op = switch (t.kind()) {
            case EQ -> Cond.Op.EQ;
            case NE -> Cond.Op.NE;
            case LT -> Cond.Op.LT;
            case LE -> Cond.Op.LE;
            case GT -> Cond.Op.GT;
            case GE -> Cond.Op.GE;
            default -> null;
        };
        if (op != null) {
            next();
            operators++;
            Object right = parseTerm();
            return new Cond.Compare(op, operand(left), operand(right));
        }
        if (atWord("BETWEEN")) {
            next();
            operators++;
            Object low = parseTerm();
            expectWord("AND");
            Object high = parseTerm();
            return new Cond.Between(operand(left), operand(low), operand(high));
        }
        if (atWord("IN")) {
            next();
            operators++;
            expect(Kind.LPAREN);
            List<Operand> candidates = new ArrayList<>();
            candidates.add(operand(parseTerm()));
            while (at(Kind.COMMA)) {
                next();
                candidates.add(operand(parseTerm()));
            }
            expect(Kind.RPAREN);
            if (candidates.size() > MAX_IN_OPERANDS) {
                note(Issue.LIMIT, "The IN operator is provided with too many operands; number of operands: " + candidates.size());
            }
            return new Cond.In(operand(left), candidates);
        }
        if (left instanceof Call call) {
            return condition(call);
        }
        throw syntaxError(); // a bare path or value is no condition
    }

    /** {@code ( term ) | :value | function(args) | path}; returns an {@link Operand} or a {@link Call}. */
    private Object parseTerm() {
        Token t = peek();
        if (t.kind() == Kind.LPAREN) {
            next();
            Object inner = parseTerm();
            expect(Kind.RPAREN);
            if (parenthesized.contains(inner)) {
                note(Issue.PARENS, "The expression has redundant parentheses;");
            }
            parenthesized.add(inner);
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
            args.add(operand(parseTerm()));
            while (at(Kind.COMMA)) {
                next();
                args.add(operand(parseTerm()));
            }
            expect(Kind.RPAREN);
            Integer arity = FUNCTIONS.get(t.text());
            if (arity == null) {
                note(Issue.UNKNOWN_FUNCTION, "Invalid function name; function: " + t.text());
            } else if (arity != args.size()) {
                note(Issue.OPERANDS, operandCount(t.text(), args.size()));
            }
            return new Call(t.text(), args);
        }
        if (atPathStart()) {
            return new Operand.PathOp(parsePath());
        }
        throw syntaxError();
    }

    /** A term used as a comparison operand: only {@code size} is a function that yields a value. */
    private Operand operand(Object term) {
        if (term instanceof Operand o) {
            return o;
        }
        Call call = (Call) term;
        if (!FUNCTIONS.containsKey(call.name())) {
            return new Operand.Invalid(call.name());
        }
        if (!"size".equals(call.name())) {
            note(Issue.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; function: " + call.name());
            return new Operand.Invalid(call.name());
        }
        return call.args().size() == 1 ? new Operand.Size(call.args().get(0)) : new Operand.Invalid(call.name());
    }

    /** A function call used as a condition on its own. */
    private Cond condition(Call call) {
        String name = call.name();
        List<Operand> args = call.args();
        Integer arity = FUNCTIONS.get(name);
        if (arity == null || arity != args.size()) {
            return new Cond.Invalid(name); // already noted
        }
        return switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                if (!(args.get(0) instanceof Operand.PathOp)) {
                    note(Issue.OPERANDS, requiresPath(name));
                }
                yield new Cond.Exists(args.get(0), name.equals("attribute_not_exists"));
            }
            case "attribute_type" -> {
                if (!(args.get(0) instanceof Operand.PathOp)) {
                    note(Issue.OPERANDS, requiresPath(name));
                }
                yield new Cond.AttrType(args.get(0), args.get(1));
            }
            case "begins_with" -> new Cond.BeginsWith(args.get(0), args.get(1));
            case "contains" -> new Cond.Contains(args.get(0), args.get(1));
            default -> { // size
                note(Issue.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; function: " + name);
                yield new Cond.Invalid(name);
            }
        };
    }
}
