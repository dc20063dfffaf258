package io.credagent.config;

import io.credagent.log.Log;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * credagent's own options, read once at startup. Sources, strongest first: the agent argument
 * string ({@code profile=app,region=eu-west-1}), system properties ({@code -Dcredagent.profile=app}),
 * environment variables ({@code CREDAGENT_PROFILE=app}).
 *
 * <p>Every source is checked completely, even where a stronger one overrides it: a typo is reported
 * wherever it is, instead of lying in wait until the overriding setting is removed.
 *
 * <p>Immutable. {@link #toString()} is safe to log (no option holds a secret).
 */
public final class AgentConfig {

    private static final String NO_VALUE = "(unset)";

    private final Map<Option, Object> values;
    /** Where each non-default value came from, for {@link #toString()}. */
    private final Map<Option, String> origins;

    private AgentConfig(Map<Option, Object> values, Map<Option, String> origins) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.origins = Collections.unmodifiableMap(new EnumMap<>(origins));
    }

    /** Every option at its default. */
    public static AgentConfig defaults() {
        return load(null, Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap());
    }

    /**
     * @param agentArgs        the {@code -javaagent} argument string; may be null
     * @param systemProperties system properties; only {@code credagent.*} keys are looked at
     * @param env              environment variables; only {@code CREDAGENT_*} names are looked at
     * @throws ConfigException for an unknown option, a bad value or malformed agent arguments
     */
    public static AgentConfig load(String agentArgs, Map<String, String> systemProperties, Map<String, String> env) {
        Map<Option, Object> values = new EnumMap<>(Option.class);
        Map<Option, String> origins = new EnumMap<>(Option.class);
        for (Option option : Option.values()) {
            values.put(option, option.defaultValue());
        }
        // Weakest first: each stronger source overwrites what the weaker ones set.
        readEnvironment(env, values, origins);
        readSystemProperties(systemProperties, values, origins);
        readAgentArguments(agentArgs, values, origins);
        return new AgentConfig(values, origins);
    }

    private static void readEnvironment(Map<String, String> env, Map<Option, Object> values, Map<Option, String> origins) {
        if (env == null) {
            return;
        }
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (name == null || !name.startsWith(Option.ENVIRONMENT_PREFIX)) {
                continue;
            }
            String where = "environment variable " + name;
            Option option = Option.byEnvironmentVariable(name);
            if (option == null) {
                String typed = name.substring(Option.ENVIRONMENT_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
                throw unknown(typed, where);
            }
            set(option, variable.getValue(), where, values, origins);
        }
    }

    private static void readSystemProperties(Map<String, String> properties, Map<Option, Object> values,
                                             Map<Option, String> origins) {
        if (properties == null) {
            return;
        }
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            if (name == null || !name.startsWith(Option.SYSTEM_PROPERTY_PREFIX)) {
                continue;
            }
            String where = "-D" + name;
            String key = name.substring(Option.SYSTEM_PROPERTY_PREFIX.length());
            Option option = Option.byKey(key);
            if (option == null) {
                throw unknown(key, where);
            }
            set(option, property.getValue(), where, values, origins);
        }
    }

    private static void readAgentArguments(String agentArgs, Map<Option, Object> values, Map<Option, String> origins) {
        for (Map.Entry<String, String> pair : AgentArguments.parse(agentArgs).entrySet()) {
            Option option = Option.byKey(pair.getKey());
            if (option == null) {
                throw unknown(pair.getKey(), AgentArguments.WHERE);
            }
            set(option, pair.getValue(), AgentArguments.WHERE, values, origins);
        }
    }

    /**
     * A copy with one option set from another source, checked like any other: the CLI's
     * {@code --profile NAME}, which is stronger than every source {@link #load} reads.
     *
     * @throws ConfigException for a bad value
     */
    public AgentConfig with(Option option, String value, String where) {
        Map<Option, Object> newValues = new EnumMap<>(values);
        Map<Option, String> newOrigins = new EnumMap<>(Option.class);
        newOrigins.putAll(origins);
        set(option, value, where, newValues, newOrigins);
        return new AgentConfig(newValues, newOrigins);
    }

    private static void set(Option option, String rawValue, String where, Map<Option, Object> values,
                            Map<Option, String> origins) {
        String value = rawValue == null ? "" : rawValue.trim();
        Object parsed = value.isEmpty() ? null : option.parse(value);
        if (parsed == null) {
            throw new ConfigException((value.isEmpty() ? "empty value" : "bad value '" + value + "'")
                    + " for option '" + option.key() + "' in " + where + "; accepted: " + option.acceptedValues());
        }
        values.put(option, parsed);
        origins.put(option, where);
    }

    private static ConfigException unknown(String key, String where) {
        return new ConfigException("unknown option '" + key + "' in " + where + "; known options: " + Option.knownKeys());
    }

    public boolean enabled() {
        return (Boolean) values.get(Option.ENABLED);
    }

    public Log.Level log() {
        return (Log.Level) values.get(Option.LOG);
    }

    /** The only profile to answer from, or {@code null}: then the full chain runs. */
    public String profile() {
        return (String) values.get(Option.PROFILE);
    }

    /** Which SDK providers are answered ({@code intercept}). */
    public Interception interception() {
        return (Interception) values.get(Option.INTERCEPT);
    }

    /** Explicitly chosen providers answered all the same ({@code override}). */
    public OverrideMode override() {
        return (OverrideMode) values.get(Option.OVERRIDE);
    }

    /** Fallback region for credagent's own STS calls, or {@code null}. */
    public String region() {
        return (String) values.get(Option.REGION);
    }

    /** Whether credagent may start a browser login for the person at this JVM's desktop ({@code interactive}). */
    public InteractiveMode interactive() {
        return (InteractiveMode) values.get(Option.INTERACTIVE);
    }

    /** Where temporary credentials are kept: shared on the host, or in this JVM only ({@code cache}). */
    public CacheMode cache() {
        return (CacheMode) values.get(Option.CACHE);
    }

    /** How long a {@code credential_process} may run, in seconds ({@code process-timeout}). */
    public int processTimeoutSeconds() {
        return (Integer) values.get(Option.PROCESS_TIMEOUT);
    }

    /** Where an option's value came from ({@code agent arguments}, {@code -Dcredagent.log}, ...), or null for a default. */
    public String origin(Option option) {
        return origins.get(option);
    }

    /** {@code enabled=true, log=info, profile=app [agent arguments], region=(unset)} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Option option : Option.values()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            Object value = values.get(option);
            text.append(option.key()).append('=').append(display(value));
            String origin = origins.get(option);
            if (origin != null) {
                text.append(" [").append(origin).append(']');
            }
        }
        return text.toString();
    }

    private static String display(Object value) {
        if (value == null) {
            return NO_VALUE;
        }
        if (value instanceof Enum) {
            return Option.optionValue((Enum<?>) value);
        }
        return value.toString();
    }
}
