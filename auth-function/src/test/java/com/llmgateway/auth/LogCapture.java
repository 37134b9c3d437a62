package com.llmgateway.auth;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures every log event (at every level, with its MDC and any exception) of the gateway's and the
 * AWS SDK's loggers, plus whatever is printed to stdout and stderr, while it is open.
 */
final class LogCapture implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("com.llmgateway", "software.amazon.awssdk", "");

    private final StringWriter events = new StringWriter();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final WriterAppender appender;
    private final Map<String, Level> oldLevels = new HashMap<>();
    private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);

    LogCapture() {
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.createAppender(
                PatternLayout.newBuilder().withPattern("%p %c %m %X %throwable%n").withConfiguration(config).build(),
                null, events, "capture", false, true);
        appender.start();
        config.addAppender(appender);
        for (String name : LOGGERS) {
            LoggerConfig lc = name.isEmpty() ? config.getRootLogger() : loggerConfig(config, name);
            oldLevels.put(name, lc.getLevel());
            lc.addAppender(appender, Level.ALL, null);
            lc.setLevel(name.equals("") ? Level.INFO : Level.ALL);
        }
        ctx.updateLoggers();
        PrintStream tee = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    private static LoggerConfig loggerConfig(Configuration config, String name) {
        LoggerConfig lc = config.getLoggerConfig(name);
        if (!lc.getName().equals(name)) {
            lc = new LoggerConfig(name, Level.ALL, true);
            config.addLogger(name, lc);
        }
        return lc;
    }

    /** Everything captured so far. */
    String text() {
        return events + "\n" + printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        Configuration config = ctx.getConfiguration();
        for (String name : LOGGERS) {
            LoggerConfig lc = name.isEmpty() ? config.getRootLogger() : config.getLoggerConfig(name);
            lc.removeAppender("capture");
            lc.setLevel(oldLevels.get(name));
        }
        ctx.updateLoggers();
        appender.stop();
    }
}
