package io.credagent.chain;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The environment variables and system properties the chain decides with, injectable so that
 * tests can describe a machine without touching the real one.
 *
 * <p>The SDK's own internals (container and instance metadata providers, the STS/SSO clients'
 * endpoint settings, the SSO token cache directory) still read the real process environment; in
 * production both are the same, and unit tests only cover what credagent decides itself.
 */
public final class Environment {

    private final Function<String, String> environmentVariables;
    private final Function<String, String> systemProperties;

    private Environment(Function<String, String> environmentVariables, Function<String, String> systemProperties) {
        this.environmentVariables = environmentVariables;
        this.systemProperties = systemProperties;
    }

    /**
     * The real process: read live on every call, because applications commonly set system
     * properties such as {@code aws.accessKeyId} in {@code main}, after the agent started.
     */
    public static Environment system() {
        return new Environment(Environment::realEnv, Environment::realSystemProperty);
    }

    /** A fixed environment for tests; either map may be null (empty). */
    public static Environment of(Map<String, String> env, Map<String, String> systemProperties) {
        Map<String, String> envCopy = env == null ? Collections.<String, String>emptyMap() : new HashMap<>(env);
        Map<String, String> propertiesCopy = systemProperties == null
                ? Collections.<String, String>emptyMap() : new HashMap<>(systemProperties);
        return new Environment(envCopy::get, propertiesCopy::get);
    }

    /** The raw environment variable, or null. */
    public String env(String name) {
        return environmentVariables.apply(name);
    }

    /** The raw system property, or null. */
    public String systemProperty(String name) {
        return systemProperties.apply(name);
    }

    /**
     * A setting the SDK reads from a system property first, then an environment variable (the
     * SDK's {@code SystemSetting} order). Trimmed; blank counts as unset and gives null.
     *
     * @param systemProperty      null when the setting has no system property
     * @param environmentVariable null when the setting has no environment variable
     */
    public String setting(String systemProperty, String environmentVariable) {
        String fromProperty = systemProperty == null ? null : nonBlank(systemProperty(systemProperty));
        if (fromProperty != null || environmentVariable == null) {
            return fromProperty;
        }
        return nonBlank(env(environmentVariable));
    }

    /** True when the setting is the word {@code true} (any case), as the SDK parses its boolean settings. */
    public boolean isTrue(String systemProperty, String environmentVariable) {
        return "true".equalsIgnoreCase(setting(systemProperty, environmentVariable));
    }

    /**
     * The home directory the way the SDK (and the AWS CLI) find it: {@code HOME}, then on Windows
     * {@code USERPROFILE} or {@code HOMEDRIVE}+{@code HOMEPATH}, then {@code user.home}. Null if none.
     */
    public String homeDirectory() {
        String home = env("HOME");
        if (home != null) {
            return home;
        }
        String os = systemProperty("os.name");
        if (os != null && os.toLowerCase(Locale.ROOT).startsWith("windows")) {
            String userProfile = env("USERPROFILE");
            if (userProfile != null) {
                return userProfile;
            }
            String drive = env("HOMEDRIVE");
            String path = env("HOMEPATH");
            if (drive != null && path != null) {
                return drive + path;
            }
        }
        return systemProperty("user.home");
    }

    static String nonBlank(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String realEnv(String name) {
        try {
            return System.getenv(name);
        } catch (SecurityException e) {
            return null;
        }
    }

    private static String realSystemProperty(String name) {
        try {
            return System.getProperty(name);
        } catch (SecurityException e) {
            return null;
        }
    }
}
