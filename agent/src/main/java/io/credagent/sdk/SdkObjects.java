package io.credagent.sdk;

import io.credagent.credentials.Credentials;

/**
 * Builds SDK objects (credentials, client exceptions) inside one SDK copy: a class loader plus a
 * package prefix ({@code com.amazonaws.}, {@code com.simba.athena.amazonaws.},
 * {@code software.amazon.awssdk.}, ...). Everything is done by reflection on the caller's classes,
 * because the agent's own SDK v2 copy is invisible to (and different from) the application's.
 *
 * <p>The latest conversions are cached, one per {@link Credentials} snapshot, newest first: as
 * long as the chain hands out the same snapshots, callers get the same SDK objects back without
 * allocation, also when an application alternates identities (a few; refreshed snapshots push the
 * old ones out).
 */
public abstract class SdkObjects {

    /** Identities answered through one SDK copy at the same time; more than this rebuild objects. */
    static final int CACHED = 8;

    private volatile Conversion[] recent = new Conversion[0];

    /** The SDK credentials object for {@code credentials}, typed for this SDK copy. */
    public final Object credentials(Credentials credentials) {
        Conversion[] cached = recent;
        for (Conversion conversion : cached) {
            if (conversion.source == credentials) {
                return conversion.sdkObject;
            }
        }
        Object built = build(credentials);
        Conversion[] next = new Conversion[Math.min(CACHED, cached.length + 1)];
        next[0] = new Conversion(credentials, built);
        System.arraycopy(cached, 0, next, 1, next.length - 1);
        recent = next; // a lost race only costs a rebuild later
        return built;
    }

    /** The SDK's own client exception type, so the application handles it as it already does. */
    public abstract RuntimeException clientException(String message);

    /**
     * The access key id of one of this copy's credentials objects (to report a static key, masked).
     */
    public abstract String accessKeyId(Object sdkCredentials);

    protected abstract Object build(Credentials credentials);

    private static final class Conversion {
        final Credentials source;
        final Object sdkObject;

        Conversion(Credentials source, Object sdkObject) {
            this.source = source;
            this.sdkObject = sdkObject;
        }
    }
}
