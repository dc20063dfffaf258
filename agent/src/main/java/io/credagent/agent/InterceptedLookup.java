package io.credagent.agent;

import io.credagent.sdk.SdkFamily;

/**
 * The credential lookups credagent answers. Each names the class that DECLARES the looked-up
 * method (that is what gets instrumented) and the receiver class it answers for: an inherited
 * method is instrumented once in its declaring class and filtered on the receiver at run time.
 */
enum InterceptedLookup {

    /** {@code getCredentials()} is inherited from {@code AWSCredentialsProviderChain}. */
    V1_DEFAULT_CHAIN(SdkFamily.V1, "auth.AWSCredentialsProviderChain",
            "auth.DefaultAWSCredentialsProviderChain", "getCredentials"),

    /** The v2 client's per-request {@code resolveIdentity} delegates to this method. */
    V2_DEFAULT_PROVIDER(SdkFamily.V2, "auth.credentials.DefaultCredentialsProvider",
            "auth.credentials.DefaultCredentialsProvider", "resolveCredentials");

    final SdkFamily family;
    final String declaringClass;
    final String receiverClass;
    final String method;

    InterceptedLookup(SdkFamily family, String declaringClass, String receiverClass, String method) {
        this.family = family;
        this.declaringClass = declaringClass;
        this.receiverClass = receiverClass;
        this.method = method;
    }

    /** The class-name tail the instrumented class ends with, e.g. {@code .amazonaws.auth.X}. */
    String declaringTail() {
        return "." + family.root() + declaringClass;
    }
}
