package com.llmgateway.dynamodb.standin.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an expression into tokens. Words are case-insensitive keywords or attribute names
 * ({@code [A-Za-z_][A-Za-z0-9_]*}), {@code #name} and {@code :value} placeholders, list indexes
 * (digits), and the punctuation of all four grammars. Anything else becomes an {@link Kind#UNKNOWN}
 * token so that the parser reports it as DynamoDB does: a syntax error naming the token.
 */
final class Lexer {
    enum Kind { WORD, NAME, VALUE, NUMBER, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, UNKNOWN, EOF }

    /** One token: its kind, its text as written, and its span in the expression. */
    record Token(Kind kind, String text, int start, int end) {
        boolean isWord(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private Lexer() {
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isWordStart(c)) {
                i++;
                while (i < n && isWordPart(s.charAt(i))) {
                    i++;
                }
                kind = Kind.WORD;
            } else if (c >= '0' && c <= '9') {
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                kind = Kind.NUMBER;
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isWordPart(s.charAt(i))) {
                    i++;
                }
                kind = i - start == 1 ? Kind.UNKNOWN : (c == '#' ? Kind.NAME : Kind.VALUE);
            } else {
                i++;
                kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    case '=' -> Kind.EQ;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    case '<' -> {
                        if (i < n && s.charAt(i) == '=') {
                            i++;
                            yield Kind.LE;
                        }
                        if (i < n && s.charAt(i) == '>') {
                            i++;
                            yield Kind.NE;
                        }
                        yield Kind.LT;
                    }
                    case '>' -> {
                        if (i < n && s.charAt(i) == '=') {
                            i++;
                            yield Kind.GE;
                        }
                        yield Kind.GT;
                    }
                    default -> {
                        if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(s.charAt(i))) {
                            i++;
                        }
                        yield Kind.UNKNOWN;
                    }
                };
            }
            out.add(new Token(kind, s.substring(start, i), start, i));
        }
        out.add(new Token(Kind.EOF, "<EOF>", n, n));
        return out;
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || (c >= '0' && c <= '9');
    }
}
