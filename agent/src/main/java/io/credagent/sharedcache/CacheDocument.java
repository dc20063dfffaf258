package io.credagent.sharedcache;

import io.credagent.credentials.Credentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The document the AWS CLI keeps in {@code ~/.aws/cli/cache/<key>.json}: the AssumeRole response,
 * of which only {@code Credentials} matters to a reader. Reads what the CLI, botocore and credagent
 * write ({@code Expiration} as {@code ...UTC}, {@code ...Z} or {@code +hh:mm}); writes what the CLI
 * writes for each kind of entry.
 */
final class CacheDocument {

    /** How an entry is written; what is read is the same for all. */
    enum Kind {
        /** AssumeRole and AssumeRoleWithWebIdentity: botocore serialises the datetime with {@code %Z}. */
        ROLE(null, "UTC"),
        /** SSO role credentials: {@code "ProviderType": "sso"}, the expiration formatted with a literal Z. */
        SSO("sso", "Z"),
        /** credagent's own entries for credential_process results. */
        PROCESS("credential_process", "Z");

        final String providerType;
        final String zoneSuffix;

        Kind(String providerType, String zoneSuffix) {
            this.providerType = providerType;
            this.zoneSuffix = zoneSuffix;
        }
    }

    private static final JsonNodeParser PARSER = JsonNodeParser.builder().removeErrorLocations(true).build();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private CacheDocument() {
    }

    /**
     * The credentials of a cache document, or null when it is not one (partial, foreign shape,
     * missing fields, no expiration): a miss, never an error.
     */
    static Credentials read(String text, String source) {
        try {
            JsonNode document = PARSER.parse(text);
            if (!document.isObject()) {
                return null;
            }
            JsonNode credentials = document.asObject().get("Credentials");
            if (credentials == null || !credentials.isObject()) {
                return null;
            }
            Map<String, JsonNode> fields = credentials.asObject();
            String accessKeyId = string(fields, "AccessKeyId");
            String secretAccessKey = string(fields, "SecretAccessKey");
            String sessionToken = string(fields, "SessionToken");
            String expiration = string(fields, "Expiration");
            if (accessKeyId == null || secretAccessKey == null || sessionToken == null || expiration == null) {
                return null;
            }
            Instant expiresAt = parseExpiration(expiration);
            if (expiresAt == null) {
                return null;
            }
            return new Credentials(accessKeyId, secretAccessKey, sessionToken, expiresAt,
                    string(fields, "AccountId"), source);
        } catch (RuntimeException e) { // the parser's exceptions for malformed or truncated text
            return null;
        }
    }

    static Instant parseExpiration(String text) {
        String iso = text.trim();
        if (iso.endsWith("UTC")) {
            iso = iso.substring(0, iso.length() - 3) + "Z";
        }
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The document as the CLI writes it for this kind (Python's default separators). */
    static String render(Credentials credentials, Kind kind) {
        StringBuilder out = new StringBuilder("{");
        if (kind.providerType != null) {
            out.append("\"ProviderType\": ").append(quote(kind.providerType)).append(", ");
        }
        out.append("\"Credentials\": {")
                .append("\"AccessKeyId\": ").append(quote(credentials.accessKeyId()))
                .append(", \"SecretAccessKey\": ").append(quote(credentials.secretAccessKey()))
                .append(", \"SessionToken\": ").append(quote(credentials.sessionToken()))
                .append(", \"Expiration\": ").append(quote(formatExpiration(credentials.expiration(), kind)));
        if (credentials.accountId() != null) {
            out.append(", \"AccountId\": ").append(quote(credentials.accountId()));
        }
        return out.append("}}").toString();
    }

    static String formatExpiration(Instant expiration, Kind kind) {
        return SECONDS.format(expiration.truncatedTo(ChronoUnit.SECONDS)) + kind.zoneSuffix;
    }

    private static String string(Map<String, JsonNode> fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || !node.isString()) {
            return null;
        }
        String value = node.asString();
        return value.trim().isEmpty() ? null : value;
    }

    /** Values here are key ids, secrets, tokens and timestamps: only quote and backslash need escaping. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
