package io.credagent.config;

/** Option {@code intercept}: which SDK credential providers credagent answers for. */
public enum Interception {
    /** Only the SDKs' default chains (v1 and its S3 variant, v2). */
    DEFAULT_CHAINS,
    /** The default chains plus the environment, system-property and profile providers. */
    STANDARD,
    /** Also the container, instance-profile, web-identity and process providers. */
    ALL;
}
