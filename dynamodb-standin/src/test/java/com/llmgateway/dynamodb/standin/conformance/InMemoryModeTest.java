package com.llmgateway.dynamodb.standin.conformance;

import static com.llmgateway.dynamodb.standin.conformance.Av.item;
import static com.llmgateway.dynamodb.standin.conformance.Av.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without a data dir the stand-in keeps everything in memory: nothing survives, nothing is written. */
class InMemoryModeTest {
    @RegisterExtension
    static final StandInExtension ddb = new StandInExtension();

    private static Set<String> names(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    @Test
    void inMemoryModeWritesNoFilesAndKeepsNothingAcrossARestart() throws IOException {
        Path cwd = Path.of(System.getProperty("user.dir"));
        Set<String> before = names(cwd);
        String t = ddb.hashTable("mem");
        for (int i = 0; i < 50; i++) {
            int k = i;
            ddb.client().putItem(r -> r.tableName(t).item(item("pk", s("k" + k), "v", s("x".repeat(1000)))));
        }
        ddb.stop();
        ddb.start();
        Set<String> after = names(cwd);
        after.remove("target"); // the build's own output may appear meanwhile
        before.remove("target");
        assertEquals(before, after, "no file appears in the working directory");
        assertFalse(ddb.client().listTables().tableNames().contains(t), "a new in-memory engine starts empty");
    }
}
