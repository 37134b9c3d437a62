package com.llmgateway.local;

import com.llmgateway.auth.DemoKeys;
import com.llmgateway.core.config.Settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/run-local.sh}: runs the gateway on 127.0.0.1 until Ctrl-C.
 * <pre>
 *   --port N      HTTP port (default: PORT, else 8080; 0 picks a free one)
 *   --in-memory   DynamoDB in memory (nothing kept); local.json is still written
 *   LOCAL_DATA_DIR  data folder (default .local in the current directory)
 *   BEDROCK_MODE    stand-in (default) or aws: real Bedrock with the default AWS credential chain
 * </pre>
 */
public final class LocalRuntime {

    /** The declared default of PORT (shared-core's settings.json). */
    public static final int DEFAULT_PORT = (int) Settings.get("PORT").defaultInteger();
    /** The declared default of LOCAL_DATA_DIR. */
    public static final String DEFAULT_DATA_DIR = Settings.get("LOCAL_DATA_DIR").defaultValue();

    private LocalRuntime() {
    }

    public static void main(String[] args) throws InterruptedException {
        long t0 = System.nanoTime();
        LocalGateway.Options options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: scripts/run-local.sh [--port N] [--in-memory]   (env: PORT, LOCAL_DATA_DIR, BEDROCK_MODE=stand-in|aws)");
            System.exit(2);
            return;
        }
        LocalGateway gateway;
        try {
            gateway = LocalGateway.start(options);
        } catch (RuntimeException e) {
            System.err.println("error: the local gateway did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("[local] stopping");
            gateway.close();
            stopped.countDown();
        }, "local-shutdown"));
        System.out.println(banner(gateway, options, (System.nanoTime() - t0) / 1_000_000));
        System.out.flush();
        stopped.await();
    }

    static LocalGateway.Options options(String[] args) {
        return options(args, System.getenv());
    }

    /** The options from the command line and this environment (PORT, BEDROCK_MODE, LOCAL_DATA_DIR). */
    static LocalGateway.Options options(String[] args, Map<String, String> env) {
        String portText = env.get("PORT");
        boolean inMemory = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-memory" -> inMemory = true;
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--port needs a number");
                    }
                    portText = args[++i];
                }
                default -> {
                    if (args[i].startsWith("--port=")) {
                        portText = args[i].substring("--port=".length());
                    } else {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                }
            }
        }
        int port = DEFAULT_PORT;
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port must be a number, got '" + portText + "'");
            }
            Settings.Setting declared = Settings.get("PORT");
            if (port < declared.min() || port > declared.max()) {
                throw new IllegalArgumentException("the port must be between " + declared.min() + " and " + declared.max() + ", got " + port);
            }
        }
        String mode = env.getOrDefault("BEDROCK_MODE", Settings.get("BEDROCK_MODE").defaultValue()).trim().toLowerCase(Locale.ROOT);
        boolean aws = switch (mode) {
            case "aws" -> true;
            case "", "stand-in", "standin", "local" -> false;
            default -> throw new IllegalArgumentException("BEDROCK_MODE must be 'stand-in' or 'aws', got '" + mode + "'");
        };
        String dir = env.get("LOCAL_DATA_DIR");
        Path dataDir = Path.of(dir == null || dir.isBlank() ? DEFAULT_DATA_DIR : dir).toAbsolutePath().normalize();
        return LocalGateway.Options.inMemoryDefaults()
                .withDataDir(dataDir)
                .withInMemory(inMemory)
                .withPort(port)
                .withAwsBedrock(aws)
                .withEnv(env)
                .withProgress(line -> System.err.println("[local] " + line));
    }

    static String banner(LocalGateway gw, LocalGateway.Options o, long millis) {
        String base = gw.endpoint().toString();
        StringBuilder b = new StringBuilder();
        b.append('\n').append("LLM Gateway running at ").append(base).append("  (ready in ").append(millis).append(" ms)\n");
        b.append("  Bedrock:  ").append(o.awsBedrock() ? "real AWS (BEDROCK_MODE=aws)" : "local stand-in at " + gw.bedrock().endpoint()).append('\n');
        b.append("  Data:     ").append(o.inMemory() ? "in memory (nothing kept)" : o.dataDir()).append('\n');
        b.append("  FinOps:   ").append(base).append("/dashboard  (the dashboard: sign in with the finops or admin key)\n");
        String key;
        if (gw.keys().isPresent()) {
            DemoKeys k = gw.keys().get();
            key = k.invokeKey();
            b.append("  Team:     ").append(k.teamId()).append('\n');
            b.append("  Keys:     invoke ").append(k.invokeKey()).append('\n');
            b.append("            finops ").append(k.finopsKey()).append('\n');
            b.append("            admin  ").append(k.adminKey()).append('\n');
            gw.localJson().ifPresent(p -> b.append("            (also in ").append(p).append(")\n"));
        } else {
            key = "<key>";
            b.append("  Keys:     none seeded\n");
        }
        b.append('\n').append("Try:\n");
        b.append("  curl -s ").append(base).append("/health\n");
        b.append("  curl -s ").append(base).append("/v1/chat/completions -H 'content-type: application/json' -H 'x-api-key: ")
                .append(key).append("' \\\n")
                .append("    -d '{\"model\":\"nova-micro\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}'\n");
        b.append('\n').append("Ctrl-C stops.");
        return b.toString();
    }
}
