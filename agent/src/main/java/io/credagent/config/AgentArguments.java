package io.credagent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits the {@code -javaagent:credagent.jar=<arguments>} string into {@code key=value} pairs:
 * comma-separated, keys and values trimmed, no quoting (no option value needs a comma). Only the
 * syntax is checked here; whether a key or value is known is {@link AgentConfig}'s business.
 */
final class AgentArguments {

    static final String WHERE = "agent arguments";
    private static final String EXPECTED = "expected comma-separated key=value pairs, "
            + "e.g. -javaagent:credagent.jar=profile=app,region=eu-west-1";

    private AgentArguments() {
    }

    /** Raw key to raw (trimmed) value, in order. {@code null} or blank arguments mean no options. */
    static Map<String, String> parse(String arguments) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (arguments == null || arguments.trim().isEmpty()) {
            return pairs;
        }
        // -1: keep trailing empty pieces, so that "profile=app," is reported, not silently accepted.
        for (String piece : arguments.split(",", -1)) {
            String entry = piece.trim();
            if (entry.isEmpty()) {
                throw new ConfigException("empty entry in " + WHERE + " '" + arguments
                        + "': remove the extra comma; " + EXPECTED);
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new ConfigException("malformed entry '" + entry + "' in " + WHERE
                        + ": missing '=value'; " + EXPECTED);
            }
            String key = entry.substring(0, equals).trim();
            if (key.isEmpty()) {
                throw new ConfigException("malformed entry '" + entry + "' in " + WHERE
                        + ": missing option name before '='; " + EXPECTED);
            }
            if (pairs.containsKey(key)) {
                throw new ConfigException("option '" + key + "' given twice in " + WHERE + "; keep one");
            }
            pairs.put(key, entry.substring(equals + 1).trim());
        }
        return pairs;
    }
}
