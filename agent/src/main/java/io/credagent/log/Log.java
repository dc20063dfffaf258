package io.credagent.log;

import java.io.PrintStream;

/**
 * credagent's only output channel: one line per message, {@code credagent: <message>}, on the
 * application's stderr.
 *
 * <p>Nothing is printed before {@link #configure} runs: the level comes from the configuration, and
 * a user who asked for {@code log=off} must never see a line, not even one written while the
 * configuration was still being read. Messages logged earlier are dropped, not buffered.
 *
 * <p>Every line goes through {@link Mask#text} as a last line of defence against secrets, and has
 * its line breaks flattened so that one message is always one line.
 */
public final class Log {

    /** Each level prints its own messages and those of the levels before it. */
    public enum Level {
        /** Nothing at all. */
        OFF,
        /** Only failures. */
        ERROR,
        /** Failures plus the startup line (and the rare line worth knowing). The default. */
        INFO,
        /** Everything, including why each credential source was skipped. */
        DEBUG
    }

    private static final String PREFIX = "credagent: ";

    /** {@code null} until configured: then everything is dropped. */
    private static volatile Level level;

    /** {@code null}: whatever {@code System.err} is at the time of printing. Tests set their own. */
    private static volatile PrintStream target;

    private Log() {
    }

    public static void configure(Level newLevel) {
        if (newLevel == null) {
            throw new IllegalArgumentException("log level must not be null");
        }
        level = newLevel;
    }

    /** Tests only: configure and capture the output. */
    static void configure(Level newLevel, PrintStream newTarget) {
        target = newTarget;
        configure(newLevel);
    }

    /** Tests only: back to the unconfigured state (drop everything, print to System.err). */
    static void reset() {
        level = null;
        target = null;
    }

    public static void error(String message) {
        print(Level.ERROR, message);
    }

    public static void info(String message) {
        print(Level.INFO, message);
    }

    public static void debug(String message) {
        print(Level.DEBUG, message);
    }

    /** Lets callers skip building expensive debug messages. */
    public static boolean isDebug() {
        return isEnabled(Level.DEBUG);
    }

    private static boolean isEnabled(Level messageLevel) {
        Level current = level;
        return current != null && current != Level.OFF && messageLevel.compareTo(current) <= 0;
    }

    private static void print(Level messageLevel, String message) {
        if (!isEnabled(messageLevel)) {
            return;
        }
        PrintStream out = target != null ? target : System.err;
        out.println(PREFIX + Mask.text(oneLine(String.valueOf(message))));
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
