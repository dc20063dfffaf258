package io.credagent.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads the SSO token cache the way SDK v2 (and the AWS CLI) lay it out:
 * {@code ~/.aws/sso/cache/<sha1-hex>.json}, where the hash is of the sso-session name for
 * {@code sso_session} profiles, or of the {@code sso_start_url} for legacy SSO profiles.
 *
 * Field names follow SDK v2's OnDiskTokenManager (accessToken, expiresAt, refreshToken, clientId,
 * clientSecret, registrationExpiresAt, region, startUrl); times are ISO-8601 instants in whole seconds.
 */
public final class SsoCacheFiles {

    /**
     * One cache file's content. The refresh fields (clientId, clientSecret, registrationExpiresAt,
     * refreshToken) may be null: legacy caches have none of them, and then the SDK cannot refresh.
     */
    public record Token(String accessToken, Instant expiresAt, String region, String startUrl,
                        String clientId, String clientSecret, Instant registrationExpiresAt, String refreshToken) {

        /** A cache entry without a client registration: usable until it expires, never refreshed. */
        public static Token withoutRefresh(String accessToken, Instant expiresAt, String region, String startUrl) {
            return new Token(accessToken, expiresAt, region, startUrl, null, null, null, null);
        }

        /** Never prints the tokens or the client secret. */
        @Override
        public String toString() {
            return "SsoCacheFiles.Token[expiresAt=" + expiresAt + ", region=" + region + ", startUrl=" + startUrl
                    + ", clientId=" + clientId + ", refreshable=" + (refreshToken != null) + "]";
        }
    }

    private SsoCacheFiles() {
    }

    /** Lower-case hex SHA-1 of the UTF-8 bytes: the cache file's base name. */
    public static String cacheKey(String sessionNameOrStartUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(sessionNameOrStartUrl.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path cacheDir(Path home) {
        return home.resolve(".aws").resolve("sso").resolve("cache");
    }

    public static Path path(Path home, String sessionNameOrStartUrl) {
        return cacheDir(home).resolve(cacheKey(sessionNameOrStartUrl) + ".json");
    }

    /** Writes (replaces) the cache file for a session name or start URL; returns its path. */
    public static Path write(Path home, String sessionNameOrStartUrl, Token token) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accessToken", token.accessToken());
        json.put("expiresAt", iso(token.expiresAt()));
        putIfSet(json, "refreshToken", token.refreshToken());
        putIfSet(json, "clientId", token.clientId());
        putIfSet(json, "clientSecret", token.clientSecret());
        putIfSet(json, "registrationExpiresAt", iso(token.registrationExpiresAt()));
        putIfSet(json, "region", token.region());
        putIfSet(json, "startUrl", token.startUrl());
        Path file = path(home, sessionNameOrStartUrl);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.write(json), StandardCharsets.UTF_8);
        return file;
    }

    /** Reads a cache file back, e.g. to check that a refresh was written to disk. */
    public static Token read(Path file) throws IOException {
        Map<String, Object> json = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        return new Token(text(json, "accessToken"), instant(json, "expiresAt"), text(json, "region"),
                text(json, "startUrl"), text(json, "clientId"), text(json, "clientSecret"),
                instant(json, "registrationExpiresAt"), text(json, "refreshToken"));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void putIfSet(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static String text(Map<String, Object> json, String name) {
        Object v = json.get(name);
        return v == null ? null : v.toString();
    }

    private static Instant instant(Map<String, Object> json, String name) {
        String v = text(json, name);
        return v == null ? null : Instant.parse(v);
    }
}
