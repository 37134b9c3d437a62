package com.llmgateway.local;

import com.llmgateway.auth.DemoKeys;

import java.util.Optional;

/**
 * Creates the demo team and its three keys (invoke, finops, admin) on first start, through the
 * auth function's own code, once the tables exist.
 */
@FunctionalInterface
public interface DemoSeeder {

    /**
     * Makes sure the demo team and keys exist and returns them in plaintext.
     *
     * @param previous the keys of an earlier start, read from {@code local.json}; when they are
     *                 still valid in the tables the seeder returns them unchanged, so keys survive
     *                 restarts while the data folder is kept
     */
    DemoKeys ensure(Optional<DemoKeys> previous);
}
