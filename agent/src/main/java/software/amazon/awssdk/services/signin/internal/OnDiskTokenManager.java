package software.amazon.awssdk.services.signin.internal;

import io.credagent.sharedcache.CacheKey;
import io.credagent.sharedcache.OwnerOnlyFiles;
import io.credagent.sharedcache.PythonJson;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * credagent's replacement for the bundled SDK's class of the same name (the signin module's own is
 * left out of the payload): the same {@code aws login} cache entry,
 * {@code <dir>/<sha256(login_session)>.json}, read the same way, but rewritten as the AWS CLI keeps
 * it. SDK v2 2.56's own rewrite keeps only the fields it knows, so the CLI's {@code idToken} was
 * lost at the first refresh; here a refresh replaces {@code accessToken} and {@code refreshToken}
 * and keeps every other field, in the CLI's layout (its separators, expiry to the second), in an
 * owner-only file moved into place atomically. The CLI's {@code idToken} also stands in for the
 * SDK's {@code identityToken}, and a {@code ~} leading {@code AWS_LOGIN_CACHE_DIRECTORY} is the home
 * directory, as for the CLI.
 */
public final class OnDiskTokenManager implements AccessTokenManager {

    private static final JsonNodeParser PARSER = JsonNodeParser.builder().removeErrorLocations(true).build();
    private static final DateTimeFormatter EXPIRES_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final Path tokenLocation;

    private OnDiskTokenManager(Path cacheLocation, String loginSession) {
        this.tokenLocation = cacheLocation.resolve(CacheKey.loginSession(loginSession) + ".json");
    }

    public static OnDiskTokenManager create(Path cacheLocation, String loginSession) {
        if (cacheLocation == null || loginSession == null || loginSession.trim().isEmpty()) {
            throw new IllegalArgumentException("the login cache directory and login_session must be set");
        }
        return new OnDiskTokenManager(expandHome(cacheLocation), loginSession);
    }

    /** {@code AWS_LOGIN_CACHE_DIRECTORY=~/...}: the AWS CLI expands the {@code ~}, SDK v2 2.56 does not. */
    private static Path expandHome(Path location) {
        String text = location.toString();
        if (text.equals("~") || text.startsWith("~/")) {
            return java.nio.file.Paths.get(software.amazon.awssdk.utils.UserHomeDirectoryUtils.userHomeDirectory()
                    + text.substring(1));
        }
        return location;
    }

    @Override
    public Optional<LoginAccessToken> loadToken() {
        Map<String, JsonNode> fields = read();
        if (fields == null) {
            return Optional.empty();
        }
        Map<String, JsonNode> access = object(fields, "accessToken");
        AwsSessionCredentials credentials = AwsSessionCredentials.builder()
                .accessKeyId(text(access, "accessKeyId"))
                .secretAccessKey(text(access, "secretAccessKey"))
                .sessionToken(text(access, "sessionToken"))
                .expirationTime(Instant.parse(text(access, "expiresAt")))
                .accountId(text(access, "accountId"))
                .build();
        String identityToken = optional(fields, "identityToken");
        return Optional.of(LoginAccessToken.builder()
                .accessToken(credentials)
                .clientId(text(fields, "clientId"))
                .dpopKey(text(fields, "dpopKey"))
                .refreshToken(text(fields, "refreshToken"))
                .tokenType(optional(fields, "tokenType"))
                .identityToken(identityToken != null ? identityToken : optional(fields, "idToken"))
                .build());
    }

    @Override
    public void storeToken(LoginAccessToken token) {
        AwsSessionCredentials credentials = token.getAccessToken();
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("accessKeyId", credentials.accessKeyId());
        access.put("secretAccessKey", credentials.secretAccessKey());
        access.put("sessionToken", credentials.sessionToken());
        access.put("accountId", credentials.accountId()
                .orElseThrow(() -> SdkClientException.create("required member 'accountId' not found")));
        access.put("expiresAt", EXPIRES_AT.format(credentials.expirationTime()
                .orElseThrow(() -> SdkClientException.create("required member 'expiresAt' not found"))
                .truncatedTo(ChronoUnit.SECONDS)));

        if (!Files.exists(tokenLocation)) {
            // Removed while the refresh ran (aws logout): writing it back would undo the logout.
            throw SdkClientException.create("the login cache entry " + tokenLocation + " was removed while credentials"
                    + " were refreshed (aws logout?). You must re-authenticate.");
        }
        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, JsonNode> existing;
        try {
            existing = read();
        } catch (SdkClientException unreadable) {
            existing = null; // replaced by what the refresh brought: the rotated refresh token must not be lost
        }
        if (existing != null) {
            document.putAll(existing);
        }
        document.put("accessToken", access);
        putIfSet(document, "tokenType", token.getTokenType());
        putIfSet(document, "clientId", token.getClientId());
        putIfSet(document, "refreshToken", token.getRefreshToken());
        if (!document.containsKey("idToken")) {
            putIfSet(document, "identityToken", token.getIdentityToken());
        }
        putIfSet(document, "dpopKey", token.getDpopKey());
        try {
            OwnerOnlyFiles.write(tokenLocation, PythonJson.write(document));
        } catch (IOException | UncheckedIOException e) {
            throw SdkClientException.create("Unable to write token to location " + tokenLocation, e);
        }
    }

    @Override
    public void close() {
    }

    /** The entry's fields, or null when there is no entry. */
    private Map<String, JsonNode> read() {
        if (!Files.exists(tokenLocation)) {
            return null;
        }
        try {
            JsonNode node = PARSER.parse(new String(Files.readAllBytes(tokenLocation), StandardCharsets.UTF_8));
            if (!node.isObject()) {
                throw SdkClientException.create("Failed to load cached token at " + tokenLocation + ": not a JSON object");
            }
            return node.asObject();
        } catch (IOException | UncheckedIOException e) {
            throw SdkClientException.create("Failed to load cached token at " + tokenLocation, e);
        }
    }

    private static void putIfSet(Map<String, Object> document, String name, String value) {
        if (value != null) {
            document.put(name, value);
        }
    }

    private static Map<String, JsonNode> object(Map<String, JsonNode> fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || !node.isObject()) {
            throw SdkClientException.create("required member '" + name + "' not found");
        }
        return node.asObject();
    }

    private static String text(Map<String, JsonNode> fields, String name) {
        String value = optional(fields, name);
        if (value == null) {
            throw SdkClientException.create("required member '" + name + "' not found");
        }
        return value;
    }

    private static String optional(Map<String, JsonNode> fields, String name) {
        JsonNode node = fields.get(name);
        return node == null || !node.isString() ? null : node.asString();
    }
}
