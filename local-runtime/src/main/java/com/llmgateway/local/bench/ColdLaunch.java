package com.llmgateway.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child side of {@link ColdStart}: what the managed Java runtime does in a fresh sandbox, on
 * the classpath of one deployable jar (plus the runtime's own serialization library). Builds the
 * handler with its no-argument constructor (Lambda's init phase), then answers the event twice
 * (the first, cold invoke and a warm one), reading a typed handler's event and writing its result
 * with the managed runtime's serialization library. Depends on nothing of the project, so that only
 * the jar's classes are loaded.
 * <pre>
 *   java -cp JAR:SERIALIZATION_JAR:DIR com.llmgateway.local.bench.ColdLaunch HANDLER_CLASS EVENT_FILE
 * </pre>
 * With {@code -Dcoldlaunch.prime=true} it runs the SnapStart hook the constructor registered
 * (the handler's {@code org.crac.Resource}: {@code beforeCheckpoint}, then {@code afterRestore})
 * before the first invoke.
 * Prints one line {@code @@cold init_ns=… prime_ns=… first_ns=… status=…} on stderr (stdout
 * carries the function's own logs and metrics, as in Lambda).
 */
public final class ColdLaunch {

    /** The last invoke's time inside the handler (without the runtime's event reading and result writing). */
    private static long handlerNs;

    private ColdLaunch() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        PrintStream err = System.err;
        String event = Files.readString(Path.of(args[1]));
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        long prime = 0;
        if (Boolean.getBoolean("coldlaunch.prime")) {
            // What SnapStart does before the snapshot. A JVM without CRaC can take none, and org.crac
            // will not run its global context's hooks on request, so this calls the hook that the
            // constructor registered (the handler's org.crac.Resource field) as the runtime would;
            // the invokes that follow are what a restored sandbox would answer.
            long p0 = System.nanoTime();
            for (var field : type.getDeclaredFields()) {
                if (org.crac.Resource.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    org.crac.Resource hook = (org.crac.Resource) field.get(handler);
                    hook.beforeCheckpoint(null);
                    hook.afterRestore(null);
                }
            }
            prime = System.nanoTime() - p0;
        }
        long t1 = System.nanoTime();
        Context ctx = context(type.getSimpleName());
        String first = invoke(handler, event, ctx);
        long t2 = System.nanoTime();
        // The marker first: the parent's clock stops when it reads it.
        err.println("@@cold init_ns=" + (t1 - t0 - prime) + " prime_ns=" + prime + " first_ns=" + (t2 - t1) + " handler_ns=" + handlerNs + " status=" + status(first));
        err.flush();
        long t3 = System.nanoTime();
        String second = invoke(handler, event, ctx);
        long t4 = System.nanoTime();
        err.println("@@warm warm_ns=" + (t4 - t3) + " status=" + status(second));
        if (args.length > 2 && "--print".equals(args[2])) {
            err.println(first);
        }
        err.flush();
        System.exit(0);
    }

    static String invoke(Object handler, String event, Context ctx) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long h0 = System.nanoTime();
            stream.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, ctx);
            handlerNs = System.nanoTime() - h0;
            return out.toString(StandardCharsets.UTF_8);
        }
        Method m = typedHandleRequest(handler.getClass());
        Object typed = JacksonFactory.getInstance().getSerializer(m.getParameterTypes()[0]).fromJson(event);
        long h0 = System.nanoTime();
        Object result = m.invoke(handler, typed, ctx);
        handlerNs = System.nanoTime() - h0;
        @SuppressWarnings("unchecked")
        PojoSerializer<Object> writer = (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(m.getReturnType());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.toJson(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** handleRequest(EventType, Context), not the erased bridge method: the runtime reads the event into that type. */
    private static Method typedHandleRequest(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()
                    && m.getParameterTypes()[1] == Context.class && m.getParameterTypes()[0] != Object.class) {
                return m;
            }
        }
        throw new IllegalArgumentException(type + " has no typed handleRequest");
    }

    private static String status(String response) {
        int i = response.indexOf("\"statusCode\":");
        if (i >= 0) {
            int j = i + "\"statusCode\":".length();
            return response.substring(j, Math.min(response.length(), j + 3));
        }
        if (response.contains("deny_status")) {
            return "denied";
        }
        return response.contains("\"isAuthorized\":true") ? "authorized" : "?";
    }

    private static Context context(String function) {
        return (Context) Proxy.newProxyInstance(ColdLaunch.class.getClassLoader(), new Class<?>[]{Context.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getAwsRequestId" -> "cold-" + System.nanoTime();
                    case "getFunctionName" -> function;
                    case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 30_000;
                    case "toString" -> "ColdLaunchContext";
                    case "hashCode" -> 0;
                    case "equals" -> a[0] == p;
                    default -> null;
                });
    }
}
