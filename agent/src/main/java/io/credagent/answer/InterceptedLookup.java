package io.credagent.answer;

import io.credagent.config.AgentConfig;
import io.credagent.config.Interception;
import io.credagent.sdk.SdkFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * The credential lookups credagent answers: {@code getCredentials()} of SDK v1 providers,
 * {@code resolveCredentials()} of SDK v2 providers. Each names the class that DECLARES the method
 * (that is what gets instrumented) and the receiver class it answers for: an inherited method is
 * instrumented once in its declaring class and filtered on the receiver at run time. Names are
 * tails after the SDK root ({@code amazonaws.}, {@code awssdk.}), so relocated copies match too.
 */
public enum InterceptedLookup {

    // ---- the default chains: always ------------------------------------------------------------

    /** {@code getCredentials()} is inherited from {@code AWSCredentialsProviderChain}. */
    V1_DEFAULT_CHAIN(SdkFamily.V1, Scope.DEFAULT_CHAINS, Identity.DEFAULT,
            "auth.AWSCredentialsProviderChain", "auth.DefaultAWSCredentialsProviderChain"),
    /**
     * {@code new AmazonS3Client()}'s chain overrides {@code getCredentials()} to turn every failure
     * into anonymous credentials: answered in its own method, so credagent's error reaches the
     * application instead of silently unsigned requests.
     */
    V1_S3_CHAIN(SdkFamily.V1, Scope.DEFAULT_CHAINS, Identity.DEFAULT,
            "services.s3.S3CredentialsProviderChain", "services.s3.S3CredentialsProviderChain"),
    /** The v2 client's per-request {@code resolveIdentity} delegates to this method. */
    V2_DEFAULT_PROVIDER(SdkFamily.V2, Scope.DEFAULT_CHAINS, Identity.DEFAULT_CHAIN_WITH_PROFILE,
            "auth.credentials.DefaultCredentialsProvider", "auth.credentials.DefaultCredentialsProvider"),

    // ---- standard: the environment, system properties, profiles -------------------------------

    V1_ENVIRONMENT(SdkFamily.V1, Scope.STANDARD, Identity.DEFAULT,
            "auth.EnvironmentVariableCredentialsProvider", "auth.EnvironmentVariableCredentialsProvider"),
    V1_SYSTEM_PROPERTIES(SdkFamily.V1, Scope.STANDARD, Identity.DEFAULT,
            "auth.SystemPropertiesCredentialsProvider", "auth.SystemPropertiesCredentialsProvider"),
    V1_PROFILE(SdkFamily.V1, Scope.STANDARD, Identity.NAMED_PROFILE,
            "auth.profile.ProfileCredentialsProvider", "auth.profile.ProfileCredentialsProvider"),
    /** Both v2 system-setting providers inherit {@code resolveCredentials()} from an internal class. */
    V2_ENVIRONMENT(SdkFamily.V2, Scope.STANDARD, Identity.DEFAULT,
            "auth.credentials.internal.SystemSettingsCredentialsProvider",
            "auth.credentials.EnvironmentVariableCredentialsProvider"),
    V2_SYSTEM_PROPERTIES(SdkFamily.V2, Scope.STANDARD, Identity.DEFAULT,
            "auth.credentials.internal.SystemSettingsCredentialsProvider",
            "auth.credentials.SystemPropertyCredentialsProvider"),
    /** Also what Amazon Redshift JDBC's {@code Profile=} ends in for SSO and credential_source profiles. */
    V2_PROFILE(SdkFamily.V2, Scope.STANDARD, Identity.NAMED_PROFILE,
            "auth.credentials.ProfileCredentialsProvider", "auth.credentials.ProfileCredentialsProvider"),

    // ---- intercept=all: providers of one specific source --------------------------------------

    V1_CONTAINER_OR_INSTANCE(SdkFamily.V1, Scope.ALL, Identity.DEFAULT,
            "auth.EC2ContainerCredentialsProviderWrapper", "auth.EC2ContainerCredentialsProviderWrapper"),
    V1_CONTAINER(SdkFamily.V1, Scope.ALL, Identity.DEFAULT,
            "auth.ContainerCredentialsProvider", "auth.ContainerCredentialsProvider"),
    V1_INSTANCE_PROFILE(SdkFamily.V1, Scope.ALL, Identity.DEFAULT,
            "auth.InstanceProfileCredentialsProvider", "auth.InstanceProfileCredentialsProvider"),
    V1_WEB_IDENTITY(SdkFamily.V1, Scope.ALL, Identity.DEFAULT,
            "auth.WebIdentityTokenCredentialsProvider", "auth.WebIdentityTokenCredentialsProvider"),
    V1_PROCESS(SdkFamily.V1, Scope.ALL, Identity.DEFAULT,
            "auth.ProcessCredentialsProvider", "auth.ProcessCredentialsProvider"),
    V2_CONTAINER(SdkFamily.V2, Scope.ALL, Identity.DEFAULT,
            "auth.credentials.ContainerCredentialsProvider", "auth.credentials.ContainerCredentialsProvider"),
    V2_INSTANCE_PROFILE(SdkFamily.V2, Scope.ALL, Identity.DEFAULT,
            "auth.credentials.InstanceProfileCredentialsProvider", "auth.credentials.InstanceProfileCredentialsProvider"),
    V2_WEB_IDENTITY(SdkFamily.V2, Scope.ALL, Identity.DEFAULT,
            "auth.credentials.WebIdentityTokenFileCredentialsProvider",
            "auth.credentials.WebIdentityTokenFileCredentialsProvider"),
    V2_PROCESS(SdkFamily.V2, Scope.ALL, Identity.DEFAULT,
            "auth.credentials.ProcessCredentialsProvider", "auth.credentials.ProcessCredentialsProvider");

    /** Which options turn a lookup on. */
    enum Scope {
        DEFAULT_CHAINS, STANDARD, ALL;

        boolean enabled(AgentConfig config) {
            switch (this) {
                case DEFAULT_CHAINS:
                    return true;
                case STANDARD:
                    return config.interception() != Interception.DEFAULT_CHAINS;
                default:
                    return config.interception() == Interception.ALL;
            }
        }
    }

    final SdkFamily family;
    final Scope scope;
    final Identity identity;
    final String declaringClass;
    final String receiverClass;

    InterceptedLookup(SdkFamily family, Scope scope, Identity identity, String declaringClass, String receiverClass) {
        this.family = family;
        this.scope = scope;
        this.identity = identity;
        this.declaringClass = declaringClass;
        this.receiverClass = receiverClass;
    }

    /** {@code getCredentials} (v1) or {@code resolveCredentials} (v2). */
    String method() {
        return family.lookupMethod();
    }

    /** The class-name tail the instrumented class ends with, e.g. {@code .amazonaws.auth.X}. */
    String declaringTail() {
        return "." + family.root() + declaringClass;
    }

    /** What the instrumentation needs: the lookup method by declaring-class tail, one entry per declaring class. */
    public static java.util.Map<String, String> methodsByDeclaringTail(List<InterceptedLookup> lookups) {
        java.util.Map<String, String> methods = new java.util.LinkedHashMap<>();
        for (InterceptedLookup lookup : lookups) {
            methods.put(lookup.declaringTail(), lookup.method());
        }
        return methods;
    }

    /** The lookups the configuration turns on. */
    public static List<InterceptedLookup> enabled(AgentConfig config) {
        List<InterceptedLookup> lookups = new ArrayList<>();
        for (InterceptedLookup lookup : values()) {
            if (lookup.scope.enabled(config)) {
                lookups.add(lookup);
            }
        }
        return lookups;
    }
}
