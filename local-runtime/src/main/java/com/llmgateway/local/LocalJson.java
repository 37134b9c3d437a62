package com.llmgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llmgateway.auth.DemoKeys;
import com.llmgateway.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code local.json} in the data folder: the endpoint, the demo team and its three plaintext
 * keys, for the demo script and end-to-end checks.
 * <pre>{"endpoint":"http://127.0.0.1:8080","team_id":"demo","keys":{"invoke":"…","finops":"…","admin":"…"}}</pre>
 * Readable by its owner only, since it holds keys.
 */
public final class LocalJson {

    public static final String FILE = "local.json";

    private static final Logger LOG = LoggerFactory.getLogger(LocalJson.class);

    private LocalJson() {
    }

    /** The keys of an earlier start, or empty when the file is missing or not readable as such. */
    public static Optional<DemoKeys> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            JsonNode keys = root.path("keys");
            String team = Json.text(root, "team_id");
            String invoke = Json.text(keys, "invoke");
            String finops = Json.text(keys, "finops");
            String admin = Json.text(keys, "admin");
            if (team == null || invoke == null || finops == null || admin == null) {
                LOG.warn("{} lacks team_id or a key; the demo keys are created anew", file);
                return Optional.empty();
            }
            return Optional.of(new DemoKeys(team, invoke, finops, admin));
        } catch (IOException e) {
            LOG.warn("{} is not valid JSON; the demo keys are created anew", file);
            return Optional.empty();
        }
    }

    public static ObjectNode toJson(URI endpoint, DemoKeys keys) {
        ObjectNode root = Json.object();
        root.put("endpoint", endpoint.toString());
        root.put("team_id", keys.teamId());
        ObjectNode k = root.putObject("keys");
        k.put("invoke", keys.invokeKey());
        k.put("finops", keys.finopsKey());
        k.put("admin", keys.adminKey());
        return root;
    }

    /** Writes the file atomically (temp file, then rename), owner-only where the file system allows. */
    public static Path write(Path dataDir, URI endpoint, DemoKeys keys) {
        try {
            Files.createDirectories(dataDir);
            Path target = dataDir.resolve(FILE);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(endpoint, keys)));
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
        }
    }
}
