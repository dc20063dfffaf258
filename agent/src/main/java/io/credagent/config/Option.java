package io.credagent.config;

import io.credagent.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every credagent option, in one table: its name, how its value is parsed, the accepted values and
 * the documentation text. Adding an option means adding a constant here and an accessor to
 * {@link AgentConfig}; the three sources (agent arguments, system properties, environment) and all
 * error messages follow from the table.
 */
public enum Option {

    ENABLED("enabled", "true, false", Boolean.TRUE,
            "Set to false to load the agent without changing anything.") {
        @Override
        Object parse(String value) {
            if (value.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (value.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            return null;
        }
    },

    LOG("log", "off, error, info, debug", Log.Level.INFO,
            "What credagent prints to stderr: off = nothing; error = failures only; "
                    + "info = failures and one startup line; debug = also how credentials were found.") {
        @Override
        Object parse(String value) {
            return named(Log.Level.values(), value);
        }
    },

    PROFILE("profile", "a profile name from ~/.aws/config or ~/.aws/credentials", null,
            "Answer every credential lookup from this profile only, even when static keys are set "
                    + "in the environment or in system properties.") {
        @Override
        Object parse(String value) {
            return value;
        }
    },

    REGION("region", "an AWS region name such as eu-west-1", null,
            "Region for credagent's own STS calls when neither the profile nor AWS_REGION names one.") {
        // Only the shape is checked: new regions appear all the time and must not need a release.
        private final Pattern regionShape = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

        @Override
        Object parse(String value) {
            return regionShape.matcher(value).matches() ? value : null;
        }
    },

    INTERCEPT("intercept", "default-chains, standard, all", Interception.STANDARD,
            "Which credential providers credagent answers for: default-chains = only the SDKs' default chains; "
                    + "standard = also the environment, system-property and profile providers; all = also the "
                    + "container, instance-profile, web-identity and process providers.") {
        @Override
        Object parse(String value) {
            return named(Interception.values(), value);
        }
    },

    OVERRIDE("override", "none, report, static", OverrideMode.NONE,
            "What becomes of long-term keys (no session token) that reach an SDK client from any class "
                    + "(hard-coded, a tool's configuration, a profile): report says each once, masked, with "
                    + "the class that supplied it; static also replaces them by the default identity's "
                    + "credentials (migration off static keys).") {
        @Override
        Object parse(String value) {
            return named(OverrideMode.values(), value);
        }
    },

    PROCESS_TIMEOUT("process-timeout", "whole seconds from 1 to 86400", 60,
            "How long a profile's credential_process (its own, or one a role's source_profile chain ends in) "
                    + "may run before it is stopped (with its child "
                    + "processes on Java 9+) and reported as failed.") {
        @Override
        Object parse(String value) {
            if (!value.matches("[0-9]{1,5}")) {
                return null;
            }
            int seconds = Integer.parseInt(value);
            return seconds >= 1 && seconds <= 86400 ? seconds : null;
        }
    },

    CACHE("cache", "shared, memory", CacheMode.SHARED,
            "shared: temporary credentials from roles, SSO and credential_process are shared with every JVM "
                    + "of this user on the host and with the AWS CLI, through its ~/.aws/cli/cache (and "
                    + "~/.aws/credagent/cache for credential_process), so a host makes one call per credential "
                    + "lifetime; memory: each JVM keeps its own, nothing is written.") {
        @Override
        Object parse(String value) {
            return named(CacheMode.values(), value);
        }
    },

    INTERACTIVE("interactive", "never, desktop", InteractiveMode.NEVER,
            "desktop: when a lookup finds that a profile's IAM Identity Center session needs a new login, "
                    + "credagent opens one browser login for it (the system browser, or the BROWSER command) and "
                    + "lookups fail at once saying so until it completes; on a JVM without a desktop it behaves "
                    + "as never, and says so once. never: the lookup fails with the command to run.") {
        @Override
        Object parse(String value) {
            return named(InteractiveMode.values(), value);
        }
    };

    /** How an enum constant is written as an option value: {@code DEFAULT_CHAINS} is {@code default-chains}. */
    static String optionValue(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The constant written as {@code value} (any case), or null. */
    private static <E extends Enum<E>> E named(E[] constants, String value) {
        for (E constant : constants) {
            if (optionValue(constant).equalsIgnoreCase(value)) {
                return constant;
            }
        }
        return null;
    }

    static final String SYSTEM_PROPERTY_PREFIX = "credagent.";
    static final String ENVIRONMENT_PREFIX = "CREDAGENT_";

    private final String key;
    private final String acceptedValues;
    private final Object defaultValue;
    private final String description;

    Option(String key, String acceptedValues, Object defaultValue, String description) {
        this.key = key;
        this.acceptedValues = acceptedValues;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The value parsed from trimmed, non-empty text, or {@code null} when the text is not accepted. */
    abstract Object parse(String value);

    /** The name in agent arguments: {@code profile}. */
    public String key() {
        return key;
    }

    /** {@code credagent.profile} */
    public String systemProperty() {
        return SYSTEM_PROPERTY_PREFIX + key;
    }

    /** {@code CREDAGENT_PROFILE} */
    public String environmentVariable() {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** For messages and help: {@code off, error, info, debug}. */
    public String acceptedValues() {
        return acceptedValues;
    }

    public String description() {
        return description;
    }

    Object defaultValue() {
        return defaultValue;
    }

    static Option byKey(String key) {
        for (Option option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    static Option byEnvironmentVariable(String name) {
        for (Option option : values()) {
            if (option.environmentVariable().equals(name)) {
                return option;
            }
        }
        return null;
    }

    /** {@code enabled, log, profile, region, intercept, override} */
    static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (Option option : values()) {
            keys.add(option.key);
        }
        return String.join(", ", keys);
    }
}
