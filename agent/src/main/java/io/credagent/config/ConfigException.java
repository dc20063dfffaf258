package io.credagent.config;

/**
 * A configuration mistake, described in one line: what is wrong, where it came from (agent
 * arguments, {@code -Dcredagent.<option>}, {@code CREDAGENT_<OPTION>}), and what would be accepted.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
