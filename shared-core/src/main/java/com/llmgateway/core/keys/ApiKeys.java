package com.llmgateway.core.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Making and recognising keys. A key is {@code lgw_} followed by 32 random bytes from
 * {@link SecureRandom} in unpadded base64url (43 characters, 256 bits of entropy). Only its SHA-256
 * hex digest is ever stored; the plaintext leaves the gateway once, in the response that creates it.
 */
public final class ApiKeys {

    public static final String PREFIX = "lgw_";
    public static final int RANDOM_BYTES = 32;
    /** The length of a well-formed key: the prefix plus 43 base64url characters. */
    public static final int LENGTH = PREFIX.length() + 43;

    private static final Pattern FORMAT = Pattern.compile("lgw_[A-Za-z0-9_-]{43}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_ID = Pattern.compile("key_[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new plaintext key. */
    public static String newPlaintext() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new key id, "key_" and 16 random hex characters; not secret. */
    public static String newKeyId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
    public static String sha256Hex(String plaintext) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** "lgw_…abcd": the prefix and the last four characters; safe to list and log. */
    public static String hint(String plaintext) {
        return PREFIX + "\u2026" + plaintext.substring(plaintext.length() - 4);
    }

    /** True when the text has the shape of a key this gateway issues (no lookup needed to reject others). */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && candidate.length() == LENGTH && FORMAT.matcher(candidate).matches();
    }

    public static boolean isSha256Hex(String s) {
        return s != null && SHA256_HEX.matcher(s).matches();
    }

    public static boolean isKeyId(String s) {
        return s != null && KEY_ID.matcher(s).matches();
    }
}
