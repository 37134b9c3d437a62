package com.llmgateway.dynamodb.standin.expr;

import com.llmgateway.dynamodb.standin.expr.Lexer.Kind;
import com.llmgateway.dynamodb.standin.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What the three recursive-descent parsers share: the token cursor, DynamoDB's syntax error
 * ({@code Syntax error; token: "x", near: "a x b"}), document paths, and the non-syntax problems found
 * while parsing (reserved words, unknown functions, ...). DynamoDB reports one problem per request,
 * chosen by kind, so those are collected as {@link Issue}s and the most important one is thrown once
 * the whole expression has parsed. Messages carry no "Invalid XExpression: " prefix; the caller adds it.
 */
abstract class Parser {
    /** Parse-time problems other than syntax, most important first. */
    enum Issue { PARENS, UNKNOWN_FUNCTION, MISUSED_FUNCTION, RESERVED, SECTION, OPERANDS, LIMIT }

    /** DynamoDB's limit on operators and functions in one expression (Developer Guide, "Constraints"). */
    static final int MAX_OPERATORS = 300;

    private record Noted(Issue issue, String message) {
    }

    /** A syntax error at a token; internal, turned into a {@link ValidationError} by {@link #run}. */
    static final class SyntaxFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int tokenIndex;

        SyntaxFailure(int tokenIndex, String message) {
            super(message, null, false, false);
            this.tokenIndex = tokenIndex;
        }
    }

    final String text;
    final List<Token> tokens;
    int pos;
    int operators;
    private final List<Noted> issues = new ArrayList<>();
    /** Nodes that were written in parentheses, to spot DynamoDB's "redundant parentheses" error. */
    final Set<Object> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());

    Parser(String text) {
        this.text = text;
        this.tokens = Lexer.tokenize(text);
    }

    /** Parses the whole text, then throws the most important non-syntax issue, if any. */
    final <T> T run(java.util.function.Supplier<T> grammar) {
        if (text.isEmpty()) {
            throw new ValidationError("The expression can not be empty;");
        }
        T result;
        try {
            result = grammar.get();
            if (peek().kind() != Kind.EOF) {
                throw syntaxError();
            }
        } catch (SyntaxFailure f) {
            throw new ValidationError(f.getMessage());
        }
        if (operators > MAX_OPERATORS) {
            note(Issue.LIMIT, "The expression contains too many operators; operator count: " + operators);
        }
        for (Issue issue : Issue.values()) {
            for (Noted n : issues) {
                if (n.issue() == issue) {
                    throw new ValidationError(n.message());
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- cursor

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    boolean at(Kind kind) {
        return peek().kind() == kind;
    }

    boolean atWord(String keyword) {
        return peek().isWord(keyword);
    }

    Token expect(Kind kind) {
        if (!at(kind)) {
            throw syntaxError();
        }
        return next();
    }

    void expectWord(String keyword) {
        if (!atWord(keyword)) {
            throw syntaxError();
        }
        next();
    }

    /**
     * DynamoDB's syntax error at the current token: the token, and the text from the start of the token
     * before it to the end of the token after it ({@code "ADD hits : incr"} → token ":", near
     * "hits : incr"); at the end of the text the token is {@code <EOF>}.
     */
    SyntaxFailure syntaxError() {
        return syntaxErrorAt(pos);
    }

    SyntaxFailure syntaxErrorAt(int index) {
        Token t = tokens.get(index);
        int from = index > 0 ? tokens.get(index - 1).start() : t.start();
        int to;
        if (t.kind() == Kind.EOF) {
            to = text.length();
        } else {
            Token after = tokens.get(index + 1);
            to = after.kind() == Kind.EOF ? t.end() : after.end();
        }
        return new SyntaxFailure(index,
                "Syntax error; token: \"" + t.text() + "\", near: \"" + text.substring(from, to) + "\"");
    }

    // ---------------------------------------------------------------- issues and backtracking

    void note(Issue issue, String message) {
        issues.add(new Noted(issue, message));
    }

    /** A point to return to when a branch of the grammar fails. */
    record Mark(int pos, int issues, int operators) {
    }

    Mark mark() {
        return new Mark(pos, issues.size(), operators);
    }

    void reset(Mark m) {
        pos = m.pos();
        while (issues.size() > m.issues()) {
            issues.remove(issues.size() - 1);
        }
        operators = m.operators();
    }

    static SyntaxFailure furthest(SyntaxFailure a, SyntaxFailure b) {
        return b.tokenIndex > a.tokenIndex ? b : a;
    }

    // ---------------------------------------------------------------- paths

    /** Grammar words that cannot be attribute names in this grammar (they must be aliased with #). */
    abstract boolean isKeyword(Token word);

    boolean atPathStart() {
        Token t = peek();
        return t.kind() == Kind.NAME || (t.kind() == Kind.WORD && !isKeyword(t));
    }

    /** {@code name ( .name | [index] )*} where a name is a word or a #placeholder. */
    Path parsePath() {
        List<Path.Step> steps = new ArrayList<>(4);
        steps.add(pathName());
        while (true) {
            if (at(Kind.DOT)) {
                next();
                steps.add(pathName());
            } else if (at(Kind.LBRACKET)) {
                next();
                Token number = peek();
                if (number.kind() != Kind.NUMBER) {
                    throw syntaxError();
                }
                int index;
                try {
                    index = Integer.parseInt(number.text());
                } catch (NumberFormatException e) {
                    throw syntaxError();
                }
                next();
                expect(Kind.RBRACKET);
                steps.add(new Path.Index(index));
            } else {
                return new Path(steps);
            }
        }
    }

    private Path.Step pathName() {
        Token t = peek();
        if (t.kind() == Kind.NAME) {
            next();
            return new Path.Ref(t.text());
        }
        if (t.kind() == Kind.WORD && !isKeyword(t)) {
            next();
            if (ReservedWords.isReserved(t.text())) {
                note(Issue.RESERVED, "Attribute name is a reserved keyword; reserved keyword: " + t.text());
            }
            return new Path.Attr(t.text());
        }
        throw syntaxError();
    }

    static String operandCount(String function, int count) {
        return "Incorrect number of operands for operator or function; operator or function: " + function
                + ", number of operands: " + count;
    }

    static String requiresPath(String function) {
        return "Operator or function requires a document path; operator or function: " + function;
    }
}
