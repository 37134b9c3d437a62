package com.llmgateway.core.keys;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scopes a key may hold: invoke (call models), finops (read every team's usage), admin (everything). */
public final class Scopes {

    public static final String INVOKE = "invoke";
    public static final String FINOPS = "finops";
    public static final String ADMIN = "admin";

    /** In canonical order. */
    public static final List<String> ALL = List.of(INVOKE, FINOPS, ADMIN);

    private Scopes() {
    }

    public static boolean isKnown(String scope) {
        return ALL.contains(scope);
    }

    /** The known scopes of the input in canonical order; throws on an unknown one. */
    public static Set<String> canonical(Collection<String> scopes) {
        if (scopes == null) {
            return Set.of();
        }
        for (String s : scopes) {
            if (!isKnown(s)) {
                throw new IllegalArgumentException("unknown scope " + s);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : ALL) {
            if (scopes.contains(s)) {
                out.add(s);
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
