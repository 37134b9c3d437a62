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
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--in-memory" -> data = null;
                case "-h", "--help" -> {
                    System.out.println("usage: dynamodb-standin [--port N] [--data DIR]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        DynamoDbStandIn db = DynamoDbStandIn.builder().port(port).dataDir(data).start();
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
}
