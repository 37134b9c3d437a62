package com.llmgateway.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official client SDKs of other languages, run as child processes against the local runtime:
 * the npm projects under {@code src/test/js} (installed with {@code npm ci}) and the Python
 * packages pinned in {@code src/test/python/requirements.txt} (installed into a virtual
 * environment under {@code target/}). Each install runs once and is kept while its lock file is
 * unchanged (a stamp holds the lock file's SHA-256). The tests that use them are skipped only where
 * node or python3 is missing; {@code .ci/run} installs both.
 */
final class Sdks {

    static final Path JS = Path.of("src/test/js").toAbsolutePath();
    static final Path PYTHON = Path.of("src/test/python").toAbsolutePath();
    private static final Path VENV = Path.of("target/python-sdks").toAbsolutePath();
    private static final long INSTALL_TIMEOUT_SECONDS = 600;

    private Sdks() {
    }

    /** What a child process did; {@link #json()} is the last line of its output, parsed. */
    record Run(int exit, String stdout, String stderr) {
        JsonNode json() {
            String out = stdout.strip();
            assertFalse(out.isEmpty(), "the script printed nothing; stderr:\n" + stderr);
            return Json.parse(out.substring(out.lastIndexOf('\n') + 1));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Installs the npm project under src/test/js (once per lock file). */
    static synchronized void npmCi() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the JS SDK end-to-end tests");
        Path stamp = JS.resolve("node_modules/.installed-lock-sha256");
        String lock = sha256(JS.resolve("package-lock.json"));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(lock)) {
            return;
        }
        Run install = run(JS, List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"),
                Map.of(), INSTALL_TIMEOUT_SECONDS);
        if (install.exit() != 0) {
            fail("npm ci in " + JS + " failed:\n" + install);
        }
        Files.writeString(stamp, lock + "\n");
    }

    /** The virtual environment's python, with requirements.txt installed (once per requirements file). */
    static synchronized Path python() throws Exception {
        assumeTrue(onPath("python3"), "python3 is needed for the Python SDK end-to-end tests");
        Path python = VENV.resolve("bin/python");
        Path stamp = VENV.resolve(".installed-requirements-sha256");
        String requirements = sha256(PYTHON.resolve("requirements.txt"));
        if (Files.isExecutable(python) && Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(requirements)) {
            return python;
        }
        Run venv = run(PYTHON, List.of("python3", "-m", "venv", "--clear", VENV.toString()), Map.of(), INSTALL_TIMEOUT_SECONDS);
        if (venv.exit() != 0) {
            fail("python3 -m venv failed:\n" + venv);
        }
        // --retries 0: where only a local mirror answers, the unreachable default index fails at once.
        Run install = run(PYTHON, List.of(python.toString(), "-m", "pip", "install", "--quiet", "--retries", "0",
                "--disable-pip-version-check", "-r", "requirements.txt"), Map.of(), INSTALL_TIMEOUT_SECONDS);
        if (install.exit() != 0) {
            fail("pip install -r " + PYTHON.resolve("requirements.txt") + " failed:\n" + install);
        }
        Files.writeString(stamp, requirements + "\n");
        return python;
    }

    /** Runs a script of src/test/python with the virtual environment's python. */
    static Run python(String script, Map<String, String> env, long timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(python().toString(), script));
        return run(PYTHON, command, env, timeoutSeconds);
    }

    /** Runs a script of src/test/js with node. */
    static Run node(String script, Map<String, String> env, long timeoutSeconds) throws Exception {
        npmCi();
        return run(JS, List.of("node", script), env, timeoutSeconds);
    }

    static Run run(Path dir, List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        Path stdout = Files.createTempFile("sdk-e2e", ".out");
        Path stderr = Files.createTempFile("sdk-e2e", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + read(stderr) + read(stdout));
            }
            return new Run(p.exitValue(), read(stdout), read(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    static boolean onPath(String tool) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
