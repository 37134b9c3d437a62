package com.llmgateway.core.http;

import com.llmgateway.core.error.GatewayException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The one set of rules by which every route of every function reads a request body, applied where
 * {@link ApiRequest} is built from the payload-2.0 event:
 * <ul>
 *   <li>{@code Content-Encoding}: {@code gzip} (and {@code x-gzip}), {@code deflate} (zlib, or raw
 *       deflate as some clients send it) and {@code identity} are decoded, in the reverse of the
 *       order listed; the decoded body may be no larger than the function's limit (a small gzip
 *       bomb is a 413 after at most that many bytes, never an out-of-memory). Any other coding is a
 *       415 that names the supported ones (and says so in {@code Accept-Encoding}, RFC 9110
 *       &sect;15.5.16); data that is not what its coding says is a 400.</li>
 *   <li>{@code Content-Type}'s charset: UTF-8, or US-ASCII (a subset of it), or none. Every body
 *       the gateway takes is JSON, which RFC 8259 &sect;8.1 requires to be UTF-8, and which
 *       OpenAI's, Bedrock's and MCP's APIs all send as UTF-8; a body declared in another charset is
 *       a 415 rather than a guess (decoding every charset the JDK knows would turn a mislabelled
 *       body into silently mangled text, which is what the 415 prevents). A UTF-16 or UTF-32
 *       byte-order mark is the same 415; a UTF-8 one is dropped (RFC 8259 lets a parser ignore it).</li>
 *   <li>The bytes must be well-formed UTF-8: anything else is a 400 naming the first bad byte,
 *       never replacement characters.</li>
 * </ul>
 * A refused body does not fail the event: it travels in the request ({@link ApiRequest#bodyRefusal()})
 * and is thrown when a route reads the body, so each protocol answers it in its own error shape and
 * a model route records it in the ledger like any other body it refuses.
 */
public final class RequestBody {

    /**
     * The most a function that declares no limit of its own decodes: the payload a synchronous Lambda
     * invocation can carry (6 MB), i.e. no more than the body could have been uncompressed.
     */
    public static final long DEFAULT_MAX_BYTES = 6L * 1024 * 1024;

    /** The content codings a request body may have, as the 415 and {@code Accept-Encoding} name them. */
    public static final String SUPPORTED_CODINGS = "gzip, deflate";

    /** Codings stacked on one body, at most (each decoded within the limit). */
    static final int MAX_CODINGS = 3;

    private static final int ECHO = 40;

    /** A decoded body, or why it could not be decoded. */
    record Decoded(String text, GatewayException refusal) {
        static Decoded ok(String text) {
            return new Decoded(text, null);
        }

        static Decoded refused(GatewayException refusal) {
            return new Decoded("", refusal);
        }
    }

    private RequestBody() {
    }

    /**
     * The body of an event as text.
     *
     * @param body            the event's body: base64 when {@code base64}, else text HTTP API already decoded
     * @param contentEncoding the {@code Content-Encoding} header, or null
     * @param contentType     the {@code Content-Type} header, or null
     * @param maxBytes        the largest decoded body accepted when a coding is decoded
     */
    static Decoded decode(String body, boolean base64, String contentEncoding, String contentType, long maxBytes) {
        if (body == null || body.isEmpty()) {
            return Decoded.ok("");
        }
        GatewayException charset = checkCharset(contentType);
        if (charset != null) {
            return Decoded.refused(charset);
        }
        List<String> codings;
        try {
            codings = codings(contentEncoding);
        } catch (GatewayException e) {
            return Decoded.refused(e);
        }
        if (!base64 && codings.isEmpty()) {
            // Text that HTTP API passed as it is: already characters (a UTF-8 byte-order mark aside).
            return Decoded.ok(body.charAt(0) == '\uFEFF' ? body.substring(1) : body);
        }
        byte[] bytes;
        if (base64) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return Decoded.refused(GatewayException.badRequest("The request body is flagged base64 but is not.",
                        null, "invalid_body"));
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            for (int i = codings.size() - 1; i >= 0; i--) {
                bytes = inflate(codings.get(i), bytes, maxBytes);
            }
            return Decoded.ok(utf8(bytes));
        } catch (GatewayException e) {
            return Decoded.refused(e);
        }
    }

    /** The non-identity codings of a Content-Encoding header, in the order they were applied. */
    static List<String> codings(String header) {
        List<String> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String part : header.split(",")) {
            String coding = part.trim().toLowerCase(Locale.ROOT);
            switch (coding) {
                case "", "identity" -> {
                }
                case "gzip", "x-gzip" -> out.add("gzip");
                case "deflate" -> out.add("deflate");
                default -> throw unsupportedCoding(part.trim());
            }
        }
        if (out.size() > MAX_CODINGS) {
            throw unsupportedCoding(header.trim());
        }
        return out;
    }

    private static GatewayException unsupportedCoding(String coding) {
        return new GatewayException(415, "invalid_request_error", "unsupported_content_encoding", null,
                "Content-Encoding '" + echo(coding) + "' is not supported; send the body uncompressed or with"
                        + " Content-Encoding gzip or deflate.", Map.of("accept-encoding", SUPPORTED_CODINGS), null);
    }

    /** Null when the Content-Type names no charset, or UTF-8 or US-ASCII; else the 415. */
    static GatewayException checkCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0 || !parts[i].substring(0, eq).trim().equalsIgnoreCase("charset")) {
                continue;
            }
            String value = parts[i].substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).trim();
            }
            String name = value.toLowerCase(Locale.ROOT);
            if (!name.equals("utf-8") && !name.equals("utf8") && !name.equals("us-ascii")) {
                return unsupportedCharset("charset=" + echo(value));
            }
        }
        return null;
    }

    private static GatewayException unsupportedCharset(String what) {
        return new GatewayException(415, "invalid_request_error", "unsupported_charset", null,
                "The body is declared in " + what + "; JSON bodies must be UTF-8 (RFC 8259). Send the body as UTF-8,"
                        + " with charset=utf-8 or no charset.", Map.of(), null);
    }

    private static byte[] inflate(String coding, byte[] bytes, long maxBytes) {
        try (InputStream in = coding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(bytes))
                : new InflaterInputStream(new ByteArrayInputStream(bytes), new Inflater(!isZlib(bytes)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(bytes.length * 4, 1 << 16));
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new GatewayException(413, "invalid_request_error", "request_too_large", null,
                            "Request body is larger than the limit of " + maxBytes + " bytes once decoded ("
                                    + coding + ").");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            return throwCorrupt(coding);
        }
    }

    private static byte[] throwCorrupt(String coding) {
        throw GatewayException.badRequest("The body is declared Content-Encoding " + coding + " but is not valid "
                + coding + " data.", null, "invalid_content_encoding");
    }

    /** RFC 1950's two-byte header (deflate method, checksum of the header); otherwise raw deflate. */
    private static boolean isZlib(byte[] b) {
        return b.length >= 2 && (b[0] & 0x0F) == 8 && (((b[0] & 0xFF) << 8) | (b[1] & 0xFF)) % 31 == 0;
    }

    /** Strict UTF-8: a malformed or truncated sequence is a 400 that names its offset. */
    static String utf8(byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        } else if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
                || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
            throw unsupportedCharset("UTF-16 or UTF-32 (the body starts with its byte-order mark)");
        } else if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && (bytes[2] & 0xFF) == 0xFE && (bytes[3] & 0xFF) == 0xFF) {
            throw unsupportedCharset("UTF-32 (the body starts with its byte-order mark)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw GatewayException.badRequest("The body is not valid UTF-8 (byte " + in.position() + " starts a malformed"
                    + " sequence); send JSON encoded as UTF-8.", null, "invalid_utf8");
        }
        return out.flip().toString();
    }

    private static String echo(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= ECHO ? printable : printable.substring(0, ECHO) + "...";
    }
}
