package io.credagent.login;

import io.credagent.sharedcache.CacheKey;
import io.credagent.sharedcache.OwnerOnlyFiles;
import io.credagent.sharedcache.PythonJson;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The AWS CLI's {@code ~/.aws/sso/cache}, as {@code aws sso login} leaves it: the token file
 * ({@code <sha1 of the session name or start URL>.json}) and the client registration file (the
 * CLI's key, {@link CacheKey#ssoRegistration}), in its field order and time format
 * ({@code %Y-%m-%dT%H:%M:%SZ}), written owner-only and atomically; fields of an existing token file
 * that credagent does not write are kept.
 */
final class SsoCache {

    /** As the CLI: a registration with less than this left is registered again. */
    static final Duration REGISTRATION_MARGIN = Duration.ofMinutes(15);
    private static final JsonNodeParser PARSER = JsonNodeParser.builder().removeErrorLocations(true).build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;

    SsoCache(String homeDirectory) {
        this.directory = java.nio.file.Paths.get(homeDirectory, ".aws", "sso", "cache");
    }

    /** A client registration the CLI or credagent made, or null. */
    static final class Registration {
        final String clientId;
        final String clientSecret;
        final Instant expiresAt;

        Registration(String clientId, String clientSecret, Instant expiresAt) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.expiresAt = expiresAt;
        }
    }

    /** A still-valid registration for this session and flow, or null. */
    Registration registration(SsoSessionConfig session, boolean authorizationCode, Instant now) {
        Map<String, JsonNode> fields = readObject(registrationFile(session));
        if (fields == null || !isString(fields, "clientId") || !isString(fields, "clientSecret") || !isString(fields, "expiresAt")) {
            return null;
        }
        boolean forAuthorizationCode = fields.containsKey("grantTypes") && fields.get("grantTypes").isArray()
                && fields.get("grantTypes").asArray().stream().anyMatch(t -> t.isString() && t.asString().equals("authorization_code"));
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(fields.get("expiresAt").asString());
        } catch (RuntimeException e) {
            return null;
        }
        if (forAuthorizationCode != authorizationCode || expiresAt.isBefore(now.plus(REGISTRATION_MARGIN))) {
            return null;
        }
        return new Registration(fields.get("clientId").asString(), fields.get("clientSecret").asString(), expiresAt);
    }

    void saveRegistration(SsoSessionConfig session, Registration registration, List<String> scopes,
                          boolean authorizationCode) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("clientId", registration.clientId);
        document.put("clientSecret", registration.clientSecret);
        document.put("expiresAt", TIME.format(registration.expiresAt));
        if (scopes != null) {
            document.put("scopes", scopes);
        }
        if (authorizationCode) {
            List<Object> grants = new ArrayList<>();
            grants.add("authorization_code");
            grants.add("refresh_token");
            document.put("grantTypes", grants);
        }
        OwnerOnlyFiles.write(registrationFile(session), PythonJson.write(document));
    }

    /** Writes the token file as {@code aws sso login} does, keeping fields of an existing one it does not set. */
    Path saveToken(SsoSessionConfig session, String accessToken, Instant expiresAt, Registration registration,
                   String refreshToken) throws IOException {
        Path file = tokenFile(session);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("startUrl", session.startUrl);
        document.put("region", session.region);
        document.put("accessToken", accessToken);
        document.put("expiresAt", TIME.format(expiresAt.truncatedTo(ChronoUnit.SECONDS)));
        document.put("clientId", registration.clientId);
        document.put("clientSecret", registration.clientSecret);
        document.put("registrationExpiresAt", TIME.format(registration.expiresAt));
        if (refreshToken != null) {
            document.put("refreshToken", refreshToken);
        }
        Map<String, JsonNode> existing = readObject(file);
        if (existing != null) {
            for (Map.Entry<String, JsonNode> field : existing.entrySet()) {
                if (!document.containsKey(field.getKey()) && !field.getKey().equals("refreshToken")) {
                    document.put(field.getKey(), field.getValue());
                }
            }
        }
        OwnerOnlyFiles.write(file, PythonJson.write(document));
        return file;
    }

    Path tokenFile(SsoSessionConfig session) {
        return directory.resolve(CacheKey.ssoToken(session.tokenCacheKey()) + ".json");
    }

    private Path registrationFile(SsoSessionConfig session) {
        return directory.resolve(CacheKey.ssoRegistration(session.startUrl, session.region, session.scopes,
                session.sessionName) + ".json");
    }

    /** {@code aws sso logout}: the token files (those with an {@code accessToken}), each with its access token and region. */
    List<Map<String, String>> tokens() throws IOException {
        List<Map<String, String>> tokens = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return tokens;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Map<String, JsonNode> fields = file.toString().endsWith(".json") ? readObject(file) : null;
                if (fields != null && isString(fields, "accessToken")) {
                    Map<String, String> token = new LinkedHashMap<>();
                    token.put("file", file.toString());
                    token.put("accessToken", fields.get("accessToken").asString());
                    token.put("region", isString(fields, "region") ? fields.get("region").asString() : null);
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** The JSON object in {@code file}, or null when missing, unreadable or not an object. */
    static Map<String, JsonNode> readObject(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256 * 1024) {
                return null;
            }
            JsonNode node = PARSER.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            return node.isObject() ? node.asObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isString(Map<String, JsonNode> fields, String name) {
        return fields.containsKey(name) && fields.get(name).isString();
    }
}
