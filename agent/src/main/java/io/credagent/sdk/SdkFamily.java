package io.credagent.sdk;

/**
 * The SDK generations credagent answers for. A copy is recognised by the package segment that
 * starts the SDK's own package tree ({@code amazonaws.} or {@code awssdk.}), so relocated copies
 * ({@code com.simba.athena.amazonaws.auth.*}, {@code vendor.shaded.com.amazonaws.auth.*}) are
 * recognised like the originals.
 *
 * <p>The {@link SdkObjects} of one copy (a class loader plus a package prefix) are built once and
 * kept in a {@link ClassValue} on that copy's credentials interface: all providers of the copy
 * share them, and they live exactly as long as the copy's class loader, which they never pin.
 */
public enum SdkFamily {
    V1("amazonaws.", "auth.AWSCredentials", "getCredentials") {
        @Override
        SdkObjects create(ClassLoader loader, String prefix) throws ReflectiveOperationException {
            return new SdkV1Objects(loader, prefix);
        }
    },
    V2("awssdk.", "auth.credentials.AwsCredentials", "resolveCredentials") {
        @Override
        SdkObjects create(ClassLoader loader, String prefix) throws ReflectiveOperationException {
            return new SdkV2Objects(loader, prefix);
        }
    };

    private final String root;
    private final String credentialsInterface;
    private final String lookupMethod;
    private final ClassValue<Object> copies = new ClassValue<Object>() {
        @Override
        protected Object computeValue(Class<?> anchor) {
            String prefix = anchor.getName().substring(0, anchor.getName().length() - credentialsInterface.length());
            try {
                return create(anchor.getClassLoader(), prefix);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return e;
            }
        }
    };

    SdkFamily(String root, String credentialsInterface, String lookupMethod) {
        this.root = root;
        this.credentialsInterface = credentialsInterface;
        this.lookupMethod = lookupMethod;
    }

    /** {@code amazonaws.} / {@code awssdk.}: the package segment that roots the SDK tree. */
    public String root() {
        return root;
    }

    /** The no-argument method that looks credentials up: {@code getCredentials} / {@code resolveCredentials}. */
    public String lookupMethod() {
        return lookupMethod;
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

    /**
     * Builds credentials and exceptions inside the SDK copy at {@code prefix} as seen from
     * {@code loader}; the same instance for every caller of that copy.
     *
     * @throws ReflectiveOperationException when the copy lacks what credagent builds (not an SDK, or too old)
     */
    public SdkObjects objects(ClassLoader loader, String prefix) throws ReflectiveOperationException {
        Object copy = copies.get(Reflection.load(loader, prefix + credentialsInterface));
        if (copy instanceof SdkObjects) {
            return (SdkObjects) copy;
        }
        if (copy instanceof ReflectiveOperationException) {
            throw (ReflectiveOperationException) copy;
        }
        throw new ReflectiveOperationException("unusable SDK copy at " + prefix, (Throwable) copy);
    }

    /**
     * The objects of the SDK copy whose credentials type {@code type} is ({@code <prefix>auth.AWSCredentials},
     * {@code <prefix>auth.credentials.AwsCredentials}), or null for any other class or an unusable copy.
     */
    public static SdkObjects objectsOf(Class<?> type) {
        for (SdkFamily family : values()) {
            String prefix = family.prefixOf(type.getName(), family.credentialsInterface);
            if (prefix != null) {
                Object copy = family.copies.get(type);
                return copy instanceof SdkObjects ? (SdkObjects) copy : null;
            }
        }
        return null;
    }

    abstract SdkObjects create(ClassLoader loader, String prefix) throws ReflectiveOperationException;
}
