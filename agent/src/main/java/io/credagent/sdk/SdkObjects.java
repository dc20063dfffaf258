package io.credagent.sdk;

import io.credagent.chain.Credentials;

/**
 * Builds SDK objects (credentials, client exceptions) inside one SDK copy: a class loader plus a
 * package prefix ({@code com.amazonaws.}, {@code com.simba.athena.amazonaws.},
 * {@code software.amazon.awssdk.}, ...). Everything is done by reflection on the caller's classes,
 * because the agent's own SDK v2 copy is invisible to (and different from) the application's.
 *
 * <p>The last conversion is cached: as long as the chain hands out the same {@link Credentials}
 * snapshot, callers get the same SDK object back without allocation.
 */
public abstract class SdkObjects {

    private volatile Conversion last;

    /** The SDK credentials object for {@code credentials}, typed for this SDK copy. */
    public final Object credentials(Credentials credentials) {
        Conversion cached = last;
        if (cached != null && cached.source == credentials) {
            return cached.sdkObject;
        }
        Object built = build(credentials);
        last = new Conversion(credentials, built);
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
