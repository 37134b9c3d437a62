package com.llmgateway.dynamodb.standin;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stand-in alone in the foreground: {@code Main [--port N] [--data DIR]}. Prints the
 * endpoint; Ctrl-C stops it (closing the data files).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8000;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = port(i + 1 < args.length ? args[++i] : null);
                case "--data" -> {
                    if (i + 1 >= args.length) {
                        usage("--data needs a folder");
                    }
                    data = Path.of(args[++i]);
                }
                case "--in-memory" -> data = null;
                case "-h", "--help" -> {
                    System.out.println("usage: dynamodb-standin [--port N] [--data DIR]");
                    return;
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        DynamoDbStandIn db;
        try {
            db = DynamoDbStandIn.builder().port(port).dataDir(data).start();
        } catch (RuntimeException e) {
            System.err.println("error: the DynamoDB stand-in did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            db.close();
            stopped.countDown();
        }));
        System.out.println("DynamoDB stand-in listening on " + db.endpoint()
                + (data == null ? " (in memory)" : " (data in " + data.toAbsolutePath() + ")"));
        System.out.flush();
        stopped.await();
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text == null ? "" : text.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--port needs a number between 0 and 65535, got '" + text + "'");
        return -1;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: scripts/dynamodb-standin.sh [--port N] [--data DIR]");
        System.exit(2);
    }
}
