package io.credagent.conformance;

import io.credagent.fake.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * credagent's {@code resolve} behind the {@link ConnectionRedirectTestSeam} (every connection to the replay server) in a child JVM
 * with exactly the given environment (plus {@code PATH=/usr/bin:/bin}, which {@code credential_process}
 * needs), {@code user.home} pointing at an empty decoy directory (a resolver that read
 * {@code user.home} instead of {@code HOME} would find nothing), and the given working directory.
 */
final class ResolveProcess {

    record Outcome(int exitCode, String stdout, String stderr) {

        /** The last stdout line as JSON, or null when it is not a JSON object. */
        Map<String, Object> json() {
            List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return null;
            }
            try {
                return Json.parseObject(lines.get(lines.size() - 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        String describe() {
            return "exit " + exitCode + "; stdout: " + stdout.strip() + "; stderr: " + stderr.strip();
        }
    }

    private ResolveProcess() {
    }

    static Outcome run(Map<String, String> env, List<String> resolveArgs, Path workDir, ReplayServer replay) {
        try {
            Path decoy = Files.createDirectories(workDir.resolve("decoy-user-home"));
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("child.java.home", System.getProperty("java.home")), "bin", "java")
                    .toString());
            // Start-up speed only: the child lives for about a second.
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            command.add("-Duser.home=" + decoy);
            ReplayNetwork network = ReplayNetwork.get();
            command.add("-Djdk.net.hosts.file=" + network.hostsFile);
            command.add("-Djavax.net.ssl.trustStore=" + network.tls.trustStore);
            command.add("-Djavax.net.ssl.trustStorePassword=" + io.credagent.it.TestTls.PASSWORD);
            command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
            command.add("-cp");
            // The agent jar as java -jar would use it, and only the seam's class of the tests.
            command.add(agentJar() + java.io.File.pathSeparator + seamClasses());
            command.add(ConnectionRedirectTestSeam.class.getName());
            command.add(String.valueOf(replay.httpPort()));
            command.add(String.valueOf(replay.httpsPort()));
            command.add("resolve");
            command.addAll(resolveArgs);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.environment().putAll(env);
            Path out = workDir.resolve("stdout.txt");
            Path err = workDir.resolve("stderr.txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Outcome(-1, Files.readString(out), Files.readString(err) + "\n(killed after 120 s)");
            }
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A directory with the seam's classes (it and its nested classes) and nothing else of the tests. */
    private static String seamClasses() {
        try {
            Path classes = Files.createTempDirectory("credagent-seam");
            String resource = ConnectionRedirectTestSeam.class.getName().replace('.', '/');
            Path compiled = Paths.get(ConnectionRedirectTestSeam.class.getResource("/" + resource + ".class").toURI()).getParent();
            Path target = Files.createDirectories(classes.resolve(resource).getParent());
            String simpleName = ConnectionRedirectTestSeam.class.getSimpleName();
            try (var files = Files.list(compiled)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.equals(simpleName + ".class") || name.startsWith(simpleName + "$")) {
                        Files.copy(file, target.resolve(name));
                    }
                }
            }
            return classes.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String agentJar() {
        String jar = System.getProperty("credagent.jar");
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException("credagent.jar not built: " + jar);
        }
        return jar;
    }
}
