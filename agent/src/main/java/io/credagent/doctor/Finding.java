package io.credagent.doctor;

/** One line of {@code doctor}'s verdict: what is fine, what should be fixed (and how), what is broken. */
public final class Finding {

    /** Ordered by severity. */
    public enum Level { OK, WARNING, ERROR }

    private final Level level;
    private final String text;

    Finding(Level level, String text) {
        this.level = level;
        this.text = text;
    }

    static Finding ok(String text) {
        return new Finding(Level.OK, text);
    }

    static Finding warning(String text) {
        return new Finding(Level.WARNING, text);
    }

    static Finding error(String text) {
        return new Finding(Level.ERROR, text);
    }

    public Level level() {
        return level;
    }

    public String text() {
        return text;
    }
}
