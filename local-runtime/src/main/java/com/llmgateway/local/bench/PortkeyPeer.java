package com.llmgateway.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The peer the benchmark measures against: the Portkey gateway ({@code @portkey-ai/gateway}, npm),
 * installed into a scratch folder on first use (never globally; reused by later runs), started with
 * Node on a free loopback port and stopped by {@link #close} or, on Ctrl-C, by a shutdown hook.
 *
 * <p>Portkey's Node server has a {@code --port=} flag but no host flag (it listens on every
 * interface), so a preload module given to {@code node --import} pins the listening address to
 * 127.0.0.1.
 */
final class PortkeyPeer implements AutoCloseable {

    static final String PACKAGE = "@portkey-ai/gateway";
    static final String VERSION = "1.15.2";

    /** Pins a server that names no host to loopback (Portkey calls {@code listen(port, undefined, cb)}). */
    private static final String LOOPBACK_PRELOAD = """
            // Written by the benchmark (local-runtime .../bench/PortkeyPeer.java): listen on loopback only.
            import net from 'node:net';
            const listen = net.Server.prototype.listen;
            net.Server.prototype.listen = function (...args) {
              if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
                if (args[1] === undefined || args[1] === null) args[1] = '127.0.0.1'; else args.splice(1, 0, '127.0.0.1');
              }
              return listen.apply(this, args);
            };
            """;

    private final Process process;
    private final URI endpoint;
    private final Thread hook;

    private PortkeyPeer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.hook = new Thread(this::stop, "portkey-peer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Installs (once) and starts the peer under {@code dir}; empty, with one line on {@code log},
     * when Node or npm is missing or the peer does not come up.
     */
    static Optional<PortkeyPeer> start(Path dir, PrintStream log) {
        if (!runs(List.of("node", "--version")) || !runs(List.of("npm", "--version"))) {
            log.println("[bench] node/npm not found: the Portkey side is skipped");
            return Optional.empty();
        }
        Path pkg = dir.resolve("node_modules").resolve(PACKAGE);
        Process process = null;
        try {
            if (!installed(pkg)) {
                log.printf("[bench] installing %s@%s into %s (once)...%n", PACKAGE, VERSION, dir);
                Files.createDirectories(dir);
                Path manifest = dir.resolve("package.json");
                if (!Files.exists(manifest)) {
                    Files.writeString(manifest, "{\"name\":\"llm-gateway-bench-peer\",\"private\":true}\n");
                }
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
                        "--prefix", dir.toString(), PACKAGE + "@" + VERSION)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("npm-install.log").toFile())
                        .start();
                if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0 || !installed(pkg)) {
                    npm.destroyForcibly();
                    log.println("[bench] npm could not install " + PACKAGE + "@" + VERSION + " (see " + dir.resolve("npm-install.log")
                            + "): the Portkey side is skipped");
                    return Optional.empty();
                }
            }
            Path preload = dir.resolve("loopback.mjs");
            if (!Files.exists(preload) || !Files.readString(preload).equals(LOOPBACK_PRELOAD)) {
                Files.writeString(preload, LOOPBACK_PRELOAD);
            }
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder("node", "--import", preload.toUri().toString(),
                    "build/start-server.js", "--port=" + port, "--headless")
                    .directory(pkg.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("portkey.log").toFile());
            pb.environment().put("NODE_ENV", "production");
            process = pb.start();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            PortkeyPeer peer = new PortkeyPeer(process, endpoint);
            if (!peer.awaitReady(Duration.ofSeconds(30))) {
                peer.close();
                log.println("[bench] Portkey did not answer on " + endpoint + " within 30 s (see " + dir.resolve("portkey.log")
                        + "): the Portkey side is skipped");
                return Optional.empty();
            }
            return Optional.of(peer);
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            log.println("[bench] could not start Portkey (" + e.getMessage() + "): the Portkey side is skipped");
            return Optional.empty();
        } catch (InterruptedException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** The Node process's CPU time so far (user + system), or zero when the OS does not say. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; nothing to remove
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitReady(Duration within) throws InterruptedException {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = probe.send(HttpRequest.newBuilder(endpoint.resolve("/"))
                        .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean installed(Path pkg) {
        try {
            return Files.readString(pkg.resolve("package.json")).contains("\"version\": \"" + VERSION + "\"")
                    && Files.exists(pkg.resolve("build/start-server.js"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
