package com.llmgateway.core.snapstart;

import com.llmgateway.core.config.Settings;
import com.llmgateway.core.http.RouteTable;
import com.llmgateway.core.json.Json;
import com.llmgateway.core.store.Tables;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sandbox's init on two threads (issue 15's cold start). A function's init is mostly loading
 * classes and running their static initialisers in the interpreter, one after the other, while
 * Lambda's init phase runs with burst CPU; two pieces of it need nothing from each other:
 * <ul>
 *   <li>on the caller's thread, Log4j's start (reading log4j2.xml, building the JSON layout, ~230 ms
 *       at C1 on this machine), which every SDK client's first logger waits for anyway;</li>
 *   <li>on a second, daemon thread: Jackson's ObjectMapper and the project's JSON-backed
 *       configuration (settings, tables, routes); then the JDK's default TLS context (its trust store
 *       is ~140 certificates to parse, which the SDK's HTTP client would otherwise do on the caller's
 *       thread when it builds its own), the JCE classes of SigV4 signing and key hashing, and the
 *       serializers of the metrics' EMF documents (which the first request would otherwise build).</li>
 * </ul>
 * Two threads never initialise one library's classes at the same time. A static initialiser that
 * reaches a subclass or a sibling (Jackson has had such) can deadlock two threads that enter the
 * cycle from either end, so the caller waits twice: {@link #begin} returns when Log4j is started
 * and the second thread is done with its first Jackson step, and {@link #awaitWarmup}, which the
 * wiring calls after building its SDK clients and before it reads the catalog, when the second
 * thread is done with the EMF serializers. In between, the caller is in Log4j (which, with the
 * curated plugin cache, touches neither Jackson nor the configuration) and in the AWS SDK (which
 * shades its own Jackson), and the second thread in Jackson, EMF's model classes (which do not log)
 * and the JDK's TLS and JCE code, which the JDK initialises from any number of threads.
 * Nothing here changes a result: every piece is either a static initialiser that would have run
 * anyway, or JDK state that the JDK caches itself. Only the no-argument constructors (Lambda's
 * entry) call {@link #begin}; the local runtime and tests build handlers on one thread as before.
 */
public final class ParallelInit {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Counted down when the second thread is done with Jackson and the configuration files. */
    private static final CountDownLatch JACKSON_DONE = new CountDownLatch(1);

    /** Counted down when the second thread is done (its TLS, JCE and EMF steps). */
    private static final CountDownLatch WARMUP_DONE = new CountDownLatch(1);

    /**
     * How long the caller waits for either latch at most (each step takes ~100 ms at C1); past it, it
     * goes on and does what is left itself.
     */
    private static final long WAIT_SECONDS = 10;

    /**
     * The warmed TLS context, kept reachable: the JDK caches the parsed trust store behind a weak
     * reference, which a collection during init would otherwise clear before the SDK's HTTP
     * client asks for it.
     */
    private static volatile SSLContext tls;

    private ParallelInit() {
    }

    /**
     * Starts the warm-up thread (once per JVM) and starts logging on the caller's thread. Returns
     * when logging is configured and the second thread is done with its first Jackson step; its TLS,
     * JCE and EMF steps may still be running (see {@link #awaitWarmup}).
     */
    public static void begin() {
        if (STARTED.compareAndSet(false, true)) {
            Thread warm = new Thread(ParallelInit::warm, "init-warmup");
            warm.setDaemon(true);
            warm.start();
        }
        LoggerFactory.getLogger(ParallelInit.class);
        await(JACKSON_DONE);
    }

    /**
     * Waits for the second thread's last steps, which use Jackson again (the EMF serializers): the
     * wiring calls this after building its SDK clients (which do not use Jackson: the SDK shades its
     * own) and before it reads the catalog. Returns at once when {@link #begin} never ran (tests, the
     * local runtime).
     */
    public static void awaitWarmup() {
        if (!STARTED.get()) {
            return;
        }
        await(WARMUP_DONE);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The second thread's work; a failure only means the caller does that piece itself, later. */
    private static void warm() {
        try {
            // Jackson's ObjectMapper (and, in it, the calendar data of its date format), then the files.
            step(() -> {
                Json.object();
                Settings.all();
                Tables.all();
                RouteTable.load();
            });
        } finally {
            JACKSON_DONE.countDown();
        }
        try {
            step(() -> tls = SSLContext.getDefault());
            jce();
            // The serializers of the EMF documents, which the first request's metrics flush would
            // otherwise build (~75 ms at C1): one document serialized and dropped. EMF's model classes
            // neither log nor write anywhere; the caller meanwhile builds its SDK clients (the SDK
            // has its own shaded Jackson) and waits in awaitWarmup before it uses Jackson again.
            step(() -> {
                MetricsContext m = new MetricsContext();
                m.setNamespace("warm");
                m.putDimension("Service", "warm");
                m.putProperty("Model", "warm");
                m.putMetric("Requests", 1, Unit.COUNT);
                m.putMetric("LatencyMs", 1, Unit.MILLISECONDS);
                m.serialize();
            });
        } finally {
            WARMUP_DONE.countDown();
        }
    }

    /** The JCE classes of SigV4 signing and key hashing. */
    private static void jce() {
        step(() -> {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("warm".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.doFinal("warm".getBytes(StandardCharsets.UTF_8));
            MessageDigest.getInstance("SHA-256").digest("warm".getBytes(StandardCharsets.UTF_8));
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(Step s) {
        try {
            s.run();
        } catch (Exception | LinkageError e) {
            // Deliberately silent: logging is the other thread's to start, and nothing is lost.
        }
    }
}
