package io.credagent.credentials;

import io.credagent.log.Mask;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable set of AWS credentials plus where it came from. {@link #toString()} is safe to log:
 * it shows the masked access key id, never the secret key or the session token.
 *
 * <p>Free of SDK types on purpose: the bridge turns it into the application's own SDK objects.
 */
public final class Credentials {

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Instant expiration;
    private final String accountId;
    private final String source;

    /**
     * @param sessionToken null (or blank) for long-term keys
     * @param expiration   null when the source does not say; the SDK's "never" ({@link Instant#MAX},
     *                     e.g. a credential_process document without Expiration) counts as that too
     * @param accountId    null when the source does not say
     * @param source       human description, e.g. {@code profile 'dev' (sso-session 'corp')}
     */
    /** The latest instant epoch milliseconds can hold: the cache computes in them. */
    private static final Instant LATEST_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE);

    public Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                       String accountId, String source) {
        this.accessKeyId = required(accessKeyId, "accessKeyId");
        this.secretAccessKey = required(secretAccessKey, "secretAccessKey");
        this.sessionToken = blankToNull(sessionToken);
        this.expiration = expiration == null || expiration.isAfter(LATEST_MILLIS) ? null : expiration;
        this.accountId = blankToNull(accountId);
        this.source = source == null ? "unknown" : source;
    }

    /** From the bundled SDK's credentials; session token, expiration and account id when present. */
    public static Credentials fromSdk(AwsCredentials sdk, String source) {
        String token = sdk instanceof AwsSessionCredentialsIdentity
                ? ((AwsSessionCredentialsIdentity) sdk).sessionToken() : null;
        return new Credentials(sdk.accessKeyId(), sdk.secretAccessKey(), token,
                sdk.expirationTime().orElse(null), sdk.accountId().orElse(null), source);
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** Null for long-term keys. */
    public String sessionToken() {
        return sessionToken;
    }

    /** Null when unknown (long-term keys, or a source that does not say). */
    public Instant expiration() {
        return expiration;
    }

    /** Null when unknown. */
    public String accountId() {
        return accountId;
    }

    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Credentials)) {
            return false;
        }
        Credentials that = (Credentials) other;
        return accessKeyId.equals(that.accessKeyId)
                && secretAccessKey.equals(that.secretAccessKey)
                && Objects.equals(sessionToken, that.sessionToken)
                && Objects.equals(expiration, that.expiration)
                && Objects.equals(accountId, that.accountId)
                && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, expiration, source);
    }

    /** {@code Credentials[ASIA...WXYZ, session, expires 2030-01-01T00:00:00Z, account 123456789012, from profile 'dev']} */
    @Override
    public String toString() {
        return "Credentials[" + Mask.accessKeyId(accessKeyId)
                + (sessionToken != null ? ", session" : ", long-term")
                + (expiration != null ? ", expires " + expiration : "")
                + (accountId != null ? ", account " + accountId : "")
                + ", from " + source + "]";
    }

    private static String required(String value, String name) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.trim().isEmpty() ? null : value;
    }
}
