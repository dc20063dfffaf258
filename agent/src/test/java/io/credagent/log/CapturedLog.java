package io.credagent.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** For tests in other packages: captures what {@link Log} prints, at a level; {@link #close()} resets it. */
public final class CapturedLog implements AutoCloseable {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public CapturedLog(Log.Level level) {
        Log.configure(level, new PrintStream(captured, true));
    }

    public synchronized String text() {
        return new String(captured.toByteArray(), StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    public long lines() {
        return text().chars().filter(c -> c == '\n').count();
    }

    @Override
    public void close() {
        Log.reset();
    }
}
