package io.credagent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class in a fresh JVM, optionally under {@code -javaagent:credagent.jar}, with a scrubbed
 * environment: nothing of the developer's or CI's AWS setup can leak in, only what the test sets.
 *
 * <pre>
 * Result r = ChildJvm.main(MyApp.class, "arg").agent(null).home(home).env("AWS_REGION", "us-east-1")
 *         .run(Duration.ofSeconds(60));
 * </pre>
 *
 * Reads the system properties failsafe/surefire pass: {@code credagent.jar}, {@code child.classes},
 * {@code child.classpath.file}, {@code child.java.home}.
 *
 * Safety, because no test may ever reach real AWS or a link-local metadata address:
 * <ul>
 *   <li>unless the test configures IMDS itself, the child gets {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}
 *       pointing at a closed local port, so a credential or region chain that falls through to IMDS
 *       fails fast instead of calling 169.254.169.254;</li>
 *   <li>a child whose env, system properties or agent options mention 169.254. is refused, and so is
 *       AWS_CONTAINER_CREDENTIALS_RELATIVE_URI without AWS_CONTAINER_SERVICE_ENDPOINT (the SDKs would
 *       resolve it against 169.254.170.2);</li>
 *   <li>without {@link #home(Path)}, HOME stays unset and {@code user.home} points at an empty
 *       directory, so the real ~/.aws is never read.</li>
 * </ul>
 */
public final class ChildJvm {
    /** Env var both SDKs read for the IMDS endpoint. */
    static final String IMDS_ENDPOINT_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    /** Nothing listens on port 1: connection refused, at once. */
    static final String CLOSED_LOCAL_ENDPOINT = "http://127.0.0.1:1";

    private final String mainClass;
    private final List<String> args;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> sysProps = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();
    private Path dependencyList;
    private List<String> onlyClasspath;
    private boolean withAgent;
    private String agentOptions;
    private Path home;

    private ChildJvm(String mainClass, List<String> args) {
        this.mainClass = mainClass;
        this.args = args;
    }

    public static ChildJvm main(Class<?> mainClass, String... args) {
        return main(mainClass.getName(), args);
    }

    public static ChildJvm main(String mainClass, String... args) {
        return new ChildJvm(mainClass, List.of(args));
    }

    /** Adds {@code -javaagent:<credagent.jar>[=options]}; null means no options. */
    public ChildJvm agent(String optionsOrNull) {
        this.withAgent = true;
        this.agentOptions = optionsOrNull;
        return this;
    }

    /** No agent (the default): the baseline run of an unmodified app. */
    public ChildJvm noAgent() {
        this.withAgent = false;
        this.agentOptions = null;
        return this;
    }

    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Sets both HOME (SDK v2 reads it first) and -Duser.home (SDK v1 and the JDK read that). */
    public ChildJvm home(Path home) {
        this.home = home;
        return this;
    }

    public ChildJvm sysProp(String name, String value) {
        sysProps.put(name, value);
        return this;
    }

    /** Any other JVM option, e.g. -Xmx256m. */
    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /**
     * Leaves out dependency jars whose path contains any of these substrings (the project's own
     * classes directories are always kept). The credagent agent jar is never on the class path.
     */
    public ChildJvm classpathExcluding(String... substrings) {
        excluded.addAll(Arrays.asList(substrings));
        return this;
    }

    /**
     * Takes the dependency jars from {@code classpathFile} (one {@code path.separator}-separated
     * line, as the dependency plugin's build-classpath writes it) instead of this module's own
     * dependencies: an app that brings other SDK versions.
     */
    public ChildJvm dependenciesFrom(Path classpathFile) {
        this.dependencyList = classpathFile;
        return this;
    }

    /** Exactly this class path: neither this module's classes nor its dependencies (e.g. credagent.jar's CLI). */
    public ChildJvm classpathOnly(String... entries) {
        return classpathOnly(List.of(entries));
    }

    public ChildJvm classpathOnly(List<String> entries) {
        this.onlyClasspath = List.copyOf(entries);
        return this;
    }

    /** The jars of the class-path file (as the dependency plugin's build-classpath writes it) this system property names. */
    static List<String> classpathFrom(String property) {
        return dependencyJars(Paths.get(requiredProperty(property)));
    }

    /** The child's class path, in order. */
    public List<String> classpath() {
        if (onlyClasspath != null) {
            return onlyClasspath;
        }
        List<String> entries = new ArrayList<>();
        for (String dir : requiredProperty("child.classes").split(File.pathSeparator)) {
            if (!dir.isEmpty()) entries.add(dir);
        }
        Path list = dependencyList != null ? dependencyList : Paths.get(requiredProperty("child.classpath.file"));
        for (String jar : dependencyJars(list)) {
            boolean agentArtifact = jar.contains("credagent-agent") || jar.endsWith("credagent.jar");
            if (!agentArtifact && excluded.stream().noneMatch(jar::contains)) {
                entries.add(jar);
            }
        }
        return entries;
    }

    /** The full command line (useful in failure messages). */
    public List<String> command() {
        return command(home == null ? Paths.get("<empty user.home>") : home);
    }

    /**
     * Runs the child to completion. If it is still running after {@code timeout}, kills it and fails
     * the test with everything it printed so far.
     */
    public Result run(Duration timeout) {
        return start().finish(timeout);
    }

    /**
     * Starts the child and returns at once: for tests that act on a running JVM (attach). Call
     * {@link Running#finish(Duration)} to collect the result.
     */
    public Running start() {
        checkSafety();
        Path emptyHome = null;
        try {
            Path userHome = home;
            if (userHome == null) {
                emptyHome = Files.createTempDirectory("childjvm-home");
                userHome = emptyHome;
            }
            ProcessBuilder builder = new ProcessBuilder(command(userHome));
            Map<String, String> childEnv = builder.environment();
            childEnv.clear();
            childEnv.put("PATH", "/usr/bin:/bin");
            if (home != null) {
                childEnv.put("HOME", home.toString());
            }
            if (!imdsConfiguredByTest()) {
                childEnv.put(IMDS_ENDPOINT_ENV, CLOSED_LOCAL_ENDPOINT);
            }
            childEnv.putAll(env);
            Process process = builder.start();
            process.getOutputStream().close(); // the child gets an empty stdin
            return new Running(process, builder.command(), emptyHome);
        } catch (IOException e) {
            if (emptyHome != null) {
                deleteQuietly(emptyHome);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** A started child; its output is drained as it comes. */
    public static final class Running {
        private final Process process;
        private final List<String> command;
        private final Path emptyHome;
        // Both pipes drain concurrently, or a chatty child blocks on a full pipe buffer forever.
        private final Drain stdout;
        private final Drain stderr;

        private Running(Process process, List<String> command, Path emptyHome) {
            this.process = process;
            this.command = command;
            this.emptyHome = emptyHome;
            this.stdout = new Drain(process.getInputStream(), "childjvm-stdout");
            this.stderr = new Drain(process.getErrorStream(), "childjvm-stderr");
        }

        public long pid() {
            return process.pid();
        }

        /** What the child printed on stdout so far. */
        public String stdoutSoFar() {
            return stdout.snapshot();
        }

        /** Waits until stdout has {@code count} lines starting with {@code prefix}; fails on timeout or exit. */
        public void awaitStdoutLines(String prefix, int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (stdout.snapshot().lines().filter(l -> l.startsWith(prefix)).count() < count) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    fail("child did not print " + count + " lines starting with " + prefix + "\n"
                            + new Result(-1, stdout.finish(), stderr.finish()).describe());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }

        /**
         * Waits for the child to exit. If it is still running after {@code timeout}, kills it and
         * fails the test with everything it printed so far.
         */
        public Result finish(Duration timeout) {
            try {
                boolean finished;
                try {
                    finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    finished = false;
                }
                if (!finished) {
                    process.destroyForcibly();
                    try {
                        process.waitFor(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Result partial = new Result(-1, stdout.finish(), stderr.finish());
                    fail("child JVM did not finish within " + timeout + " and was killed; command: "
                            + String.join(" ", command) + "\n" + partial.describe());
                }
                return new Result(process.exitValue(), stdout.finish(), stderr.finish());
            } finally {
                if (emptyHome != null) {
                    deleteQuietly(emptyHome);
                }
            }
        }
    }

    private List<String> command(Path userHome) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmArgs);
        if (withAgent) {
            cmd.add("-javaagent:" + agentJar() + (agentOptions == null ? "" : "=" + agentOptions));
        }
        cmd.add("-Duser.home=" + userHome);
        sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath()));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The {@code java} of the JDK the children run on ({@code child.java.home}). */
    static String javaExecutable() {
        return Paths.get(System.getProperty("child.java.home", System.getProperty("java.home")), "bin", "java").toString();
    }

    private boolean imdsConfiguredByTest() {
        return env.containsKey(IMDS_ENDPOINT_ENV) || env.containsKey("AWS_EC2_METADATA_DISABLED")
                || sysProps.containsKey("aws.ec2MetadataServiceEndpoint")
                || sysProps.containsKey("com.amazonaws.sdk.ec2MetadataServiceEndpointOverride")
                || sysProps.containsKey("aws.disableEc2Metadata")
                || sysProps.containsKey("com.amazonaws.sdk.disableEc2Metadata");
    }

    private void checkSafety() {
        List<String> settings = new ArrayList<>();
        env.forEach((k, v) -> settings.add(k + "=" + v));
        sysProps.forEach((k, v) -> settings.add(k + "=" + v));
        settings.addAll(jvmArgs);
        settings.addAll(args);
        if (agentOptions != null) settings.add(agentOptions);
        for (String s : settings) {
            if (s.contains("169.254.")) {
                throw new IllegalStateException("refusing to start a child JVM that may reach a link-local "
                        + "metadata address: " + s);
            }
        }
        boolean relative = env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                || sysProps.containsKey("aws.containerCredentialsPath");
        boolean hostOverridden = env.containsKey("AWS_CONTAINER_SERVICE_ENDPOINT")
                || sysProps.containsKey("aws.containerServiceEndpoint");
        if (relative && !hostOverridden) {
            throw new IllegalStateException("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI resolves against "
                    + "169.254.170.2; also set AWS_CONTAINER_SERVICE_ENDPOINT to the fake's endpoint");
        }
    }

    private static List<String> dependencyJars(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).trim();
            List<String> jars = new ArrayList<>();
            for (String entry : content.split(File.pathSeparator)) {
                if (!entry.isBlank()) jars.add(entry.trim());
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path list " + file, e);
        }
    }

    static String agentJar() {
        String jar = requiredProperty("credagent.jar");
        if (!Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException("credagent.jar not built: " + jar);
        }
        return jar;
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + name + " is not set (run through Maven: "
                    + "surefire and failsafe pass it)");
        }
        return value;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover empty temp directory is harmless.
        }
    }

    /** What the child printed and how it ended. exitCode is -1 for a child killed on timeout. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Exit code and both streams, for assertion messages. */
        public String describe() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr
                    + "\n--- end ---";
        }

        /** Fails with the whole output unless the child exited with {@code expected}. */
        public Result assertExitCode(int expected) {
            if (exitCode != expected) {
                fail("expected exit code " + expected + ", got " + describe());
            }
            return this;
        }

        /** stdout lines, without the line terminators. */
        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }

    /** Copies one of the child's output streams into memory on its own thread. */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) != -1) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // The pipe closes when the child dies; what was read so far is kept.
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Everything read so far. */
        String snapshot() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits briefly for the stream to end, then returns everything read. */
        String finish() {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
