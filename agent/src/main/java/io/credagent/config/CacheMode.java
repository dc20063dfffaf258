package io.credagent.config;

/** Option {@code cache}: whether temporary credentials are shared with other processes on the host. */
public enum CacheMode {
    /** Through the AWS CLI's cache files: one refresh per host and identity. */
    SHARED,
    /** In this JVM only. */
    MEMORY;
}
