package com.llmgateway.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.llmgateway.core.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules by which every route reads a request body: content codings, charset, strict UTF-8. */
class RequestBodyTest {

    private static final String JSON = "{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße, 世界 🌍\"}]}";

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] b, boolean zlib) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib))) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An event as HTTP API delivers it: headers as sent, the body base64-encoded or as text. */
    private static ApiRequest event(byte[] body, boolean base64, long limit, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        APIGatewayV2HTTPEvent e = APIGatewayV2HTTPEvent.builder().withRouteKey("POST /v1/chat").withRawPath("/v1/chat")
                .withHeaders(h).withIsBase64Encoded(base64)
                .withBody(base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .build();
        return ApiRequest.from(e, limit);
    }

    private static ApiRequest event(byte[] body, String... headers) {
        return event(body, true, 1_000_000, headers);
    }

    private static GatewayException refusal(ApiRequest r) {
        GatewayException e = assertThrows(GatewayException.class, r::body);
        assertEquals(e, r.bodyRefusal());
        assertEquals(0, r.bodyBytes());
        return e;
    }

    private static final byte[] UTF8 = JSON.getBytes(StandardCharsets.UTF_8);

    @Test
    void a_plain_body_as_text_or_base64_is_read_as_utf8() {
        assertEquals(JSON, event(UTF8, false, 10, "content-type", "application/json").body());
        assertEquals(JSON, event(UTF8, "content-type", "application/json; charset=UTF-8").body());
        assertEquals(JSON, event(UTF8, "Content-Type", "application/json;charset=\"utf-8\"").body());
        assertEquals(JSON, event(UTF8).body()); // no content type, as curl --data-binary sends it
        assertEquals("{}", event("{}".getBytes(StandardCharsets.US_ASCII), "content-type", "application/json; charset=us-ascii").body());
        assertEquals(UTF8.length, event(UTF8).bodyBytes());
        assertNull(event(UTF8).bodyRefusal());
    }

    @Test
    void gzip_and_deflate_bodies_are_decoded_in_the_order_the_header_lists() {
        assertEquals(JSON, event(gzip(UTF8), "content-encoding", "gzip", "content-type", "application/json").body());
        assertEquals(JSON, event(gzip(UTF8), "Content-Encoding", "GZIP").body());
        assertEquals(JSON, event(gzip(UTF8), "content-encoding", "x-gzip").body());
        assertEquals(JSON, event(deflate(UTF8, true), "content-encoding", "deflate").body());
        assertEquals(JSON, event(deflate(UTF8, false), "content-encoding", "deflate").body()); // raw deflate, as some clients send it
        assertEquals(JSON, event(UTF8, "content-encoding", "identity").body());
        // deflate applied first, then gzip: decoded gzip first
        assertEquals(JSON, event(gzip(deflate(UTF8, true)), "content-encoding", "deflate, gzip").body());
        assertEquals(JSON, event(gzip(UTF8), "content-encoding", "identity, gzip").body());
        assertEquals(UTF8.length, event(gzip(UTF8), "content-encoding", "gzip").bodyBytes());
    }

    @Test
    void a_decoded_body_over_the_limit_is_a_413_found_without_inflating_the_rest() {
        byte[] bomb = gzip(new byte[50_000_000]); // 50 MB of zeros in about 50 KB
        assertTrue(bomb.length < 100_000);
        GatewayException e = refusal(event(bomb, true, 1_000_000, "content-encoding", "gzip"));
        assertEquals(413, e.status());
        assertEquals("request_too_large", e.code());
        assertTrue(e.getMessage().contains("1000000 bytes"), e.getMessage());
        // exactly at the limit is fine
        assertEquals(1000, event(gzip(new byte[1000]), true, 1000, "content-encoding", "gzip").bodyBytes());
    }

    @Test
    void an_unsupported_coding_is_a_415_naming_what_is_supported() {
        for (String coding : new String[] {"br", "zstd", "compress", "gzip, br"}) {
            GatewayException e = refusal(event(UTF8, "content-encoding", coding));
            assertEquals(415, e.status(), coding);
            assertEquals("unsupported_content_encoding", e.code());
            assertTrue(e.getMessage().contains("gzip or deflate"), e.getMessage());
            assertEquals("gzip, deflate", e.headers().get("accept-encoding"));
        }
        GatewayException stacked = refusal(event(UTF8, "content-encoding", "gzip, gzip, gzip, gzip"));
        assertEquals(415, stacked.status());
        GatewayException long_ = refusal(event(UTF8, "content-encoding", "x".repeat(5000)));
        assertTrue(long_.getMessage().length() < 200, "bounded echo: " + long_.getMessage());
    }

    @Test
    void a_body_that_is_not_what_its_coding_says_is_a_400() {
        GatewayException e = refusal(event(UTF8, "content-encoding", "gzip"));
        assertEquals(400, e.status());
        assertEquals("invalid_content_encoding", e.code());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(gzip(UTF8), 20);
        assertEquals(400, refusal(event(truncated, "content-encoding", "gzip")).status());
        assertEquals(400, refusal(event(new byte[] {1, 2, 3, 4, 5}, "content-encoding", "deflate")).status());
        // a gzip body HTTP API passed as text (its bytes already lost) is a 400 too, not garbage
        assertEquals(400, refusal(event(gzip(UTF8), false, 1_000_000, "content-encoding", "gzip")).status());
    }

    @Test
    void a_body_declared_in_another_charset_is_a_415_rather_than_mangled() {
        for (String ct : new String[] {"application/json; charset=iso-8859-1", "application/json; charset=UTF-16",
                "text/plain; charset=windows-1252", "application/json; charset=\"Shift_JIS\"", "application/json; charset=nonsense"}) {
            GatewayException e = refusal(event(UTF8, true, 1_000_000, "content-type", ct));
            assertEquals(415, e.status(), ct);
            assertEquals("unsupported_charset", e.code());
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
            // text HTTP API passed as it is: the same rule
            assertEquals(415, refusal(event(UTF8, false, 1_000_000, "content-type", ct)).status());
        }
    }

    @Test
    void utf16_and_utf32_by_their_byte_order_mark_are_a_415_and_a_utf8_one_is_dropped() {
        byte[] utf16 = ("\uFEFF" + JSON).getBytes(StandardCharsets.UTF_16LE);
        assertEquals(415, refusal(event(utf16, "content-type", "application/json")).status());
        assertEquals(415, refusal(event(("\uFEFF" + JSON).getBytes(StandardCharsets.UTF_16BE))).status());
        byte[] bom = ("\uFEFF" + JSON).getBytes(StandardCharsets.UTF_8);
        assertEquals(JSON, event(bom).body());
        assertEquals(JSON, event(bom, false, 10).body());
        assertEquals(JSON, event(gzip(bom), "content-encoding", "gzip").body());
    }

    @Test
    void malformed_utf8_is_a_400_naming_the_first_bad_byte() {
        byte[] latin1 = "{\"content\":\"Grüße\"}".getBytes(StandardCharsets.ISO_8859_1);
        GatewayException e = refusal(event(latin1, "content-type", "application/json"));
        assertEquals(400, e.status());
        assertEquals("invalid_utf8", e.code());
        assertTrue(e.getMessage().contains("byte 14"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(UTF8, UTF8.length - 3); // cuts the emoji's four bytes
        truncated[truncated.length - 1] = (byte) 0xF0;
        assertEquals(400, refusal(event(truncated)).status());
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertEquals(400, refusal(event(overlong)).status());
        byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertEquals(400, refusal(event(surrogate)).status());
        // also behind a coding
        assertEquals(400, refusal(event(gzip(latin1), "content-encoding", "gzip")).status());
    }

    @Test
    void a_body_flagged_base64_that_is_not_is_a_400_carried_in_the_request() {
        APIGatewayV2HTTPEvent e = APIGatewayV2HTTPEvent.builder().withRouteKey("POST /v1/chat").withRawPath("/v1/chat")
                .withIsBase64Encoded(true).withBody("not base64!").build();
        ApiRequest r = ApiRequest.from(e);
        assertEquals(400, refusal(r).status());
        // copies keep the refusal
        assertEquals(400, refusal(r.withRequestId("x").withAuthorizer(Map.of()).withPathParameters(Map.of())).status());
    }

    @Test
    void an_empty_body_is_empty_whatever_its_headers_say() {
        assertEquals("", event(new byte[0], "content-encoding", "br", "content-type", "application/json; charset=latin1").body());
    }
}
