package io.credagent.sdk;

/**
 * The SDK generations credagent answers for. A copy is recognised by the package segment that
 * starts the SDK's own package tree ({@code amazonaws.} or {@code awssdk.}), so relocated copies
 * ({@code com.simba.athena.amazonaws.auth.*}, {@code vendor.shaded.com.amazonaws.auth.*}) are
 * recognised like the originals.
 */
public enum SdkFamily {
    V1("amazonaws.") {
        @Override
        public SdkObjects objects(ClassLoader loader, String prefix) throws ReflectiveOperationException {
            return new SdkV1Objects(loader, prefix);
        }
    },
    V2("awssdk.") {
        @Override
        public SdkObjects objects(ClassLoader loader, String prefix) throws ReflectiveOperationException {
            return new SdkV2Objects(loader, prefix);
        }
    };

    private final String root;

    SdkFamily(String root) {
        this.root = root;
    }

    /** {@code amazonaws.} / {@code awssdk.}: the package segment that roots the SDK tree. */
    public String root() {
        return root;
    }

    /**
     * The SDK package prefix of {@code className} if it names {@code suffix} in this family, e.g.
     * {@code com.simba.athena.amazonaws.} for {@code com.simba.athena.amazonaws.auth.X} and suffix
     * {@code auth.X}; {@code null} if it does not.
     */
    public String prefixOf(String className, String suffix) {
        String tail = "." + root + suffix;
        if (!className.endsWith(tail)) {
            return null;
        }
        return className.substring(0, className.length() - suffix.length());
    }

    /** Builds credentials and exceptions inside the SDK copy at {@code prefix} in {@code loader}. */
    public abstract SdkObjects objects(ClassLoader loader, String prefix) throws ReflectiveOperationException;
}
