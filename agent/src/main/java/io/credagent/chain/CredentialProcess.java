package io.credagent.chain;

import io.credagent.log.Mask;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.utils.DateUtils;
import software.amazon.awssdk.utils.Validate;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

import java.time.Duration;
import java.time.Instant;

/**
 * A profile's {@code credential_process}, run the way SDK v2's {@code ProcessCredentialsProvider}
 * runs it ({@code sh -c} / {@code cmd.exe /C}, at most 64000 bytes of output, the same JSON
 * document read with the SDK's own parser, cached by the SDK's {@link CachedSupplier} until 15 s
 * before {@code Expiration}), plus what the SDK lacks: a time limit ({@link ProfileCommand}); the
 * refresh thread is never blocked for longer than the limit.
 */
final class CredentialProcess implements AwsCredentialsProvider {

    /** The SDK's default {@code processOutputLimit}. */
    static final int OUTPUT_LIMIT = 64000;
    /**
     * Run again from 5 minutes before {@code Expiration} (the SDK waits until 15 s before): the cache
     * above asks from then on and stops handing credentials out a minute before they expire.
     */
    private static final Duration PREFETCH = Duration.ofMinutes(5);
    private static final Duration STALE = Duration.ofMinutes(1);

    private static final JsonNodeParser PARSER = JsonNodeParser.builder().removeErrorLocations(true).build();

    private final ProfileCommand command;
    private final String staticAccountId;
    private final CachedSupplier<AwsCredentials> cache;

    /**
     * @param where           how messages start, e.g. {@code profile 'proc' (credential_process)}
     * @param staticAccountId the profile's {@code aws_account_id}, used when the output has no {@code AccountId}
     */
    CredentialProcess(String profileName, String where, String commandLine, String staticAccountId, Duration timeout,
                      int outputLimit) {
        this.command = new ProfileCommand(profileName, "credential_process", where, commandLine, timeout, outputLimit,
                "it must print one small JSON document ({\"Version\": 1, \"AccessKeyId\": ..., ...})");
        this.staticAccountId = staticAccountId;
        this.cache = CachedSupplier.builder(this::refresh)
                .cachedValueName("credential_process of profile '" + profileName + "'")
                .build();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return cache.get();
    }

    private RefreshResult<AwsCredentials> refresh() {
        JsonNode document = parse(command.run());
        Instant expiration = expiration(document);
        return RefreshResult.builder(credentials(document, expiration))
                .staleTime(expiration.minus(STALE))
                .prefetchTime(expiration.minus(PREFETCH))
                .build();
    }

    private static JsonNode parse(String output) {
        JsonNode document = PARSER.parse(output);
        if (!document.isObject()) {
            throw new IllegalStateException("Process did not return a JSON object.");
        }
        JsonNode version = document.field("Version").orElse(null);
        if (version == null || !version.isNumber() || !version.asNumber().equals("1")) {
            throw new IllegalStateException(Mask.text("Unsupported credential version: " + version));
        }
        return document;
    }

    /** As the SDK: session credentials when there is a SessionToken, long-term keys otherwise. */
    private AwsCredentials credentials(JsonNode document, Instant expiration) {
        String accessKeyId = text(document, "AccessKeyId");
        String secretAccessKey = text(document, "SecretAccessKey");
        String sessionToken = text(document, "SessionToken");
        String accountId = text(document, "AccountId");
        Validate.notEmpty(accessKeyId, "AccessKeyId cannot be empty.");
        Validate.notEmpty(secretAccessKey, "SecretAccessKey cannot be empty.");
        if (accountId == null) {
            accountId = staticAccountId;
        }
        if (sessionToken != null) {
            return AwsSessionCredentials.builder().accessKeyId(accessKeyId).secretAccessKey(secretAccessKey)
                    .sessionToken(sessionToken).expirationTime(expiration).accountId(accountId).build();
        }
        return AwsBasicCredentials.builder().accessKeyId(accessKeyId).secretAccessKey(secretAccessKey)
                .accountId(accountId).build();
    }

    /** {@code Expiration}, or never (the SDK's {@link Instant#MAX}) when the document has none. */
    private static Instant expiration(JsonNode document) {
        String expiration = text(document, "Expiration");
        return expiration != null ? DateUtils.parseIso8601Date(expiration) : Instant.MAX;
    }

    private static String text(JsonNode document, String field) {
        return document.field(field).map(JsonNode::text).orElse(null);
    }

}
