package io.credagent.status;

/** One identity's cached credentials, as the MXBean shows them (a composite of its getters). */
public final class IdentityView {

    private final String identity;
    private final String source;
    private final String accessKeyId;
    private final String expiration;
    private final String lastRefresh;
    private final String nextRefresh;
    private final long refreshes;
    private final int failures;
    private final String lastError;

    public IdentityView(String identity, String source, String accessKeyId, String expiration, String lastRefresh,
                        String nextRefresh, long refreshes, int failures, String lastError) {
        this.identity = identity;
        this.source = source;
        this.accessKeyId = accessKeyId;
        this.expiration = expiration;
        this.lastRefresh = lastRefresh;
        this.nextRefresh = nextRefresh;
        this.refreshes = refreshes;
        this.failures = failures;
        this.lastError = lastError;
    }

    /** {@code default chain}, {@code profile 'x' (named by the application)} */
    public String getIdentity() {
        return identity;
    }

    /** Where the current credentials came from, e.g. {@code profile 'dev' (sso-session 'corp')}; empty when none. */
    public String getSource() {
        return source;
    }

    /** Masked: {@code ASIA...WXYZ}; empty when none. */
    public String getAccessKeyId() {
        return accessKeyId;
    }

    /** ISO-8601, or empty when none or unknown. */
    public String getExpiration() {
        return expiration;
    }

    public String getLastRefresh() {
        return lastRefresh;
    }

    public String getNextRefresh() {
        return nextRefresh;
    }

    public long getRefreshes() {
        return refreshes;
    }

    /** Failed refreshes in a row. */
    public int getFailures() {
        return failures;
    }

    /** The last failure's one-line message, or empty. */
    public String getLastError() {
        return lastError;
    }
}
