package io.credagent.chain;

import io.credagent.credentials.CredentialException;

import io.credagent.log.Mask;
import software.amazon.awssdk.utils.Platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A command a profile names ({@code credential_process}, {@code mfa_process}), run as SDK v2 runs
 * {@code credential_process} ({@code sh -c} / {@code cmd.exe /C}, stdin closed, output limited)
 * plus what the SDK lacks: a time limit. A command that hangs, or floods its output, is stopped
 * (with its descendants where the JDK can see them, Java 9+) and reported in one line.
 *
 * <p>Only stderr is ever quoted in a message (its first line, masked), never stdout, which holds
 * the secret.
 */
final class ProfileCommand {

    /** How much of stderr is kept for the message; the rest is read and dropped so the process never blocks on it. */
    private static final int STDERR_KEPT = 4096;
    private static final int STDERR_LINE_SHOWN = 300;
    /** After a failing exit, how long to wait for stderr a background descendant may still hold open. */
    private static final long STDERR_GRACE_MILLIS = 2000;

    private final String profileName;
    private final String setting;
    private final String where;
    private final List<String> command;
    private final Duration timeout;
    private final int outputLimit;
    private final String expectedOutput;

    /**
     * @param setting        the profile setting that names the command, for messages: {@code credential_process}
     * @param where          how messages start, e.g. {@code profile 'proc' (credential_process)}
     * @param expectedOutput what the command must print, for the message when it prints too much
     */
    ProfileCommand(String profileName, String setting, String where, String commandLine, Duration timeout,
                   int outputLimit, String expectedOutput) {
        this.profileName = profileName;
        this.setting = setting;
        this.where = where;
        this.command = Platform.isWindows()
                ? Arrays.asList("cmd.exe", "/C", commandLine)
                : Arrays.asList("sh", "-c", commandLine);
        this.timeout = timeout;
        this.outputLimit = outputLimit;
        this.expectedOutput = expectedOutput;
    }

    /** The process's stdout, or a {@link CredentialException} / SDK-style exception saying why not. */
    String run() {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // So that credagent's own resolve, run as this command, sees whom it runs for.
            builder.environment().put(ProcessChain.VARIABLE,
                    ProcessChain.forCommandOf(System.getenv(ProcessChain.VARIABLE), profileName));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            closeQuietly(process.getOutputStream()); // nothing to say to it; a command reading stdin sees its end
            Drain stdout = Drain.start(process.getInputStream(), outputLimit, true, "stdout");
            Drain stderr = Drain.start(process.getErrorStream(), STDERR_KEPT, false, "stderr");

            boolean outputEnded = stdout.awaitEnd(remainingMillis(deadline));
            if (stdout.overflowed()) {
                stop(process);
                throw new CredentialException(CredentialException.Category.PROCESS_ERROR, where
                        + ": " + setting + " of profile '" + profileName + "' printed more than " + outputLimit
                        + " bytes and was stopped; " + expectedOutput);
            }
            if (!outputEnded || !process.waitFor(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new CredentialException(CredentialException.Category.PROCESS_ERROR, where
                        + ": " + setting + " of profile '" + profileName + "' did not finish within "
                        + timeout.getSeconds() + " s and was stopped; fix the command or raise process-timeout");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                stderr.awaitEnd(Math.min(STDERR_GRACE_MILLIS, remainingMillis(deadline)));
                // The SDK's wording, which ProfileStep recognises as the process's own failure.
                throw new IllegalStateException("Command returned non-zero exit value (" + exit
                        + ") with error message: " + firstLine(stderr.text()));
            }
            return stdout.text();
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the command", e);
        }
    }

    private static String firstLine(String text) {
        String trimmed = text.trim();
        int end = trimmed.indexOf('\n');
        String line = (end < 0 ? trimmed : trimmed.substring(0, end)).trim();
        if (line.length() > STDERR_LINE_SHOWN) {
            line = line.substring(0, STDERR_LINE_SHOWN) + "...";
        }
        return line.isEmpty() ? "(nothing on stderr)" : Mask.text(line);
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /**
     * Kills the process and, on Java 9+, its descendants ({@code Process.descendants()}, called by
     * reflection: the agent is Java 8 code). The descendants are listed first: once the process is
     * gone they are no longer its descendants. On Java 8 only the process itself is killed.
     */
    static void stop(Process process) {
        List<Object> descendants = descendants(process);
        process.destroyForcibly();
        for (Object handle : descendants) {
            try {
                // Through the public interface: the implementation class is not accessible.
                Class.forName("java.lang.ProcessHandle").getMethod("destroyForcibly").invoke(handle);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Gone already, or not ours to kill: nothing more to do.
            }
        }
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
    }

    private static List<Object> descendants(Process process) {
        List<Object> handles = new ArrayList<>();
        try {
            Method descendants = Process.class.getMethod("descendants");
            try (Stream<?> stream = (Stream<?>) descendants.invoke(process)) {
                stream.forEach(handles::add);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Java 8: no process handles.
        }
        return handles;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Only releasing the pipe.
        }
    }

    /**
     * Reads one of the process's pipes on a daemon thread, so the caller can wait with a deadline:
     * a blocking read has none. Keeps at most {@code limit} bytes; beyond that it either stops
     * (stdout: the process is then killed) or reads on and drops the rest (stderr).
     */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int limit;
        private final boolean stopAtLimit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean overflowed;
        private volatile boolean ended;

        private Drain(InputStream in, int limit, boolean stopAtLimit) {
            this.in = in;
            this.limit = limit;
            this.stopAtLimit = stopAtLimit;
        }

        static Drain start(InputStream in, int limit, boolean stopAtLimit, String name) {
            Drain drain = new Drain(in, limit, stopAtLimit);
            Thread thread = new Thread(drain, "credagent-process-" + name);
            thread.setDaemon(true);
            thread.start();
            return drain;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    synchronized (this) {
                        int room = limit - kept.size();
                        kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
                        if (n > room) {
                            overflowed = true;
                            if (stopAtLimit) {
                                return;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // The pipe was closed under us (the process was stopped): what was read is all there is.
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /** True when the pipe ended (or overflowed) within the time; false when still open. */
        synchronized boolean awaitEnd(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!ended) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }

        boolean overflowed() {
            return overflowed;
        }

        synchronized String text() {
            return new String(kept.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
