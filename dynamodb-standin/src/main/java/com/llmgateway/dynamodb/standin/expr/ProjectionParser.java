package com.llmgateway.dynamodb.standin.expr;

import com.llmgateway.dynamodb.standin.expr.Lexer.Kind;
import com.llmgateway.dynamodb.standin.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.List;

/** Parses a ProjectionExpression: document paths separated by commas. */
final class ProjectionParser extends Parser {
    private ProjectionParser(String text) {
        super(text);
    }

    static ProjectionExpr parse(String text) {
        ProjectionParser p = new ProjectionParser(text);
        return p.run(p::parsePaths);
    }

    @Override
    boolean isKeyword(Token word) {
        return false; // reserved words are checked (and refused) as names, not parsed as keywords
    }

    private ProjectionExpr parsePaths() {
        List<Path> paths = new ArrayList<>();
        paths.add(parsePath());
        while (at(Kind.COMMA)) {
            next();
            paths.add(parsePath());
        }
        return new ProjectionExpr(paths);
    }
}
