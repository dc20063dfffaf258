package io.credagent.cache;

import java.util.function.DoubleSupplier;

/**
 * When to refresh, how long credentials may still be handed out, and how long to back off after a
 * failure. Pure arithmetic on milliseconds; the randomness is a seam for tests.
 *
 * <ul>
 *   <li>Refresh when the remaining lifetime drops below {@code min(5 min, lifetime / 4)}, at a random
 *       point in the last quarter of that window, so a fleet of JVMs started together does not call
 *       STS in the same second. The SDK's own STS and SSO caches start refreshing 2 to 5 minutes
 *       before expiry, so asking them no earlier than 5 minutes before expiry gets new credentials
 *       rather than their cached copy.</li>
 *   <li>Stop handing credentials out {@code min(1 min, lifetime / 10)} before they expire, so that a
 *       request signed now does not arrive after the expiry.</li>
 *   <li>Session credentials whose expiration the source does not tell (the SDK's SSO provider keeps
 *       it to itself) are asked for again every 5 s, which costs nothing while the SDK's cache holds
 *       them, and are not handed out more than 15 s after the source last handed them out: only
 *       the source knows when they expire.</li>
 *   <li>After a failure retry after 1 s, 2 s, 4 s ... up to 20 s, each with up to 50% jitter, and
 *       never later than halfway to the point where the current credentials stop being usable.</li>
 * </ul>
 */
final class RefreshTiming {

    static final long REFRESH_WINDOW_MAX = 5 * 60_000L;
    static final long EXPIRY_MARGIN_MAX = 60_000L;
    static final long BACKOFF_FIRST = 1_000L;
    static final long BACKOFF_MAX = 20_000L;
    static final long BACKOFF_MIN = 250L;
    /** Credentials without an expiration are looked up again this often, as the SDK re-reads keys. */
    static final long NO_EXPIRY_RECHECK = 60_000L;
    /** When the source handed back the credentials we already had (its own cache), ask again this often at most. */
    static final long SAME_CREDENTIALS_RECHECK_MAX = 30_000L;
    static final long SAME_CREDENTIALS_RECHECK_MIN = 1_000L;

    static final long UNKNOWN_EXPIRY_RECHECK = 5_000L;
    static final long UNKNOWN_EXPIRY_USABLE = 15_000L;

    private final DoubleSupplier random;

    RefreshTiming(DoubleSupplier random) {
        this.random = random;
    }

    /** Last moment the credentials may be handed out; {@code Long.MAX_VALUE} without expiration. */
    long usableUntil(long now, long expiresAt) {
        if (expiresAt == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long lifetime = Math.max(0, expiresAt - now);
        return expiresAt - Math.min(EXPIRY_MARGIN_MAX, lifetime / 10);
    }

    /** When to refresh credentials just received; at or after {@code now}, before {@link #usableUntil}. */
    long refreshAt(long now, long expiresAt) {
        if (expiresAt == Long.MAX_VALUE) {
            return now + NO_EXPIRY_RECHECK;
        }
        long lifetime = Math.max(0, expiresAt - now);
        long window = Math.min(REFRESH_WINDOW_MAX, lifetime / 4);
        long jitter = (long) (window / 4 * random.getAsDouble());
        return Math.max(now, expiresAt - window + jitter);
    }

    /** The source gave back what we had: its own cache has not refreshed yet; look again soon. */
    long recheckAt(long now, long usableUntil) {
        long half = usableUntil == Long.MAX_VALUE ? NO_EXPIRY_RECHECK : (usableUntil - now) / 2;
        return now + Math.max(SAME_CREDENTIALS_RECHECK_MIN, Math.min(SAME_CREDENTIALS_RECHECK_MAX, half));
    }

    /**
     * When to try again after {@code failures} failures in a row (1 for the first).
     *
     * @param usableUntil until when the current credentials may be handed out, or {@code Long.MIN_VALUE} for none
     */
    long retryAt(long now, int failures, long usableUntil) {
        long exponential = BACKOFF_FIRST << Math.min(Math.max(failures - 1, 0), 20);
        long capped = Math.min(BACKOFF_MAX, exponential);
        long delay = capped / 2 + (long) (capped / 2 * random.getAsDouble());
        if (usableUntil != Long.MIN_VALUE && usableUntil > now) {
            delay = Math.min(delay, Math.max(BACKOFF_MIN, (usableUntil - now) / 2));
        }
        return now + Math.max(BACKOFF_MIN, delay);
    }
}
