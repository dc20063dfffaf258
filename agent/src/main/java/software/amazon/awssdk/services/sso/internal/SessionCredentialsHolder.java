package software.amazon.awssdk.services.sso.internal;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;

/**
 * credagent's replacement for the bundled SDK's class of the same name (the sso module's own is
 * left out of the payload): the same holder, except that the credentials it hands out carry their
 * expiration. SDK v2 2.56's {@code SsoCredentialsProvider} builds SSO role credentials without
 * {@code expirationTime} and keeps the expiry only here, for its own cache; with it on the
 * credentials, credagent reports the expiry, refreshes ahead of it, and shares SSO role credentials
 * through the AWS CLI's cache like every other temporary credential.
 */
public final class SessionCredentialsHolder {

    private final AwsSessionCredentials sessionCredentials;
    private final Instant sessionCredentialsExpiration;

    public SessionCredentialsHolder(AwsSessionCredentials sessionCredentials, Instant sessionCredentialsExpiration) {
        this.sessionCredentials = sessionCredentials.expirationTime().isPresent() || sessionCredentialsExpiration == null
                ? sessionCredentials
                : sessionCredentials.toBuilder().expirationTime(sessionCredentialsExpiration).build();
        this.sessionCredentialsExpiration = sessionCredentialsExpiration;
    }

    public AwsSessionCredentials sessionCredentials() {
        return sessionCredentials;
    }

    public Instant sessionCredentialsExpiration() {
        return sessionCredentialsExpiration;
    }
}
