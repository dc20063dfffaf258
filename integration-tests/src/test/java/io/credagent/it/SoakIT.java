package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * 64 threads (half SDK v1, half SDK v2 clients) calling continuously on 20-second credentials: no
 * failed call, no request signed with expired credentials, about one STS call per refresh interval,
 * no deadlock. Once with the agent attached before the SDK classes load ({@code -javaagent}), once
 * attached to the running JVM after they have loaded and served calls (retransformation). Before
 * that attach the apps' own SDKs answer (SDK v1 cannot assume the role by itself, so its threads
 * fail until then); from the attach on, nothing may fail.
 *
 * <p>{@code -Dsoak.seconds=N} makes the runs longer (default 40 and 30 s, to keep the default build short; the README's soak figures
 * come from {@code -Dsoak.seconds=600}).
 */
@Isolated // 64 busy threads: nothing else runs meanwhile
class SoakIT extends LoadScenario {
    private static final int THREADS = 64;
    private static final Duration LIFETIME = Duration.ofSeconds(20);

    private static int seconds(int defaultSeconds) {
        return Integer.getInteger("soak.seconds", defaultSeconds);
    }

    @Test
    void sixtyFourThreadsOnShortLivedCredentialsWithTheAgentFromStartup() {
        assumeRoleProfile();
        fake.credentialLifetime(LIFETIME);
        int seconds = seconds(40);
        ChildJvm.Result result = finish(start(
                loadChild("mixed", THREADS, seconds, 0).agent("log=debug").env("AWS_PROFILE", "app"), seconds));

        assertSane(result);
        assertEquals(0, summary(result, "FAILED"), result.describe());
        long assumes = successful("AssumeRole");
        // Refresh every 15 to 16.25 s (when a quarter of the 20 s remain), plus the first lookup.
        long expected = seconds / 16 + 1;
        assertTrue(assumes >= expected - 1 && assumes <= seconds / 15 + 2,
                "AssumeRole calls for " + seconds + " s: " + assumes + " (expected about " + expected + ")\n"
                        + result.describe());
        assertEquals(assumes, fake.count("AssumeRole"), "no AssumeRole failed");
        System.out.println("soak (premain): " + seconds + " s, " + summary(result, "OK") + " calls, "
                + assumes + " AssumeRole, slowest call " + summary(result, "MAX_MILLIS") + " ms");
    }

    @Test
    void sixtyFourThreadsWithTheAgentAttachedAfterTheSdkClassesLoaded() throws Exception {
        assumeRoleProfile();
        fake.credentialLifetime(LIFETIME);
        int seconds = seconds(30);
        Path pidFile = home.resolve("load.pid");
        Path markFile = home.resolve("attached");
        // Without the agent the apps' own SDKs assume the role (both have STS on the class path).
        CompletableFuture<ChildJvm.Result> running = start(loadChild("mixed", THREADS, seconds, 5)
                .env("AWS_PROFILE", "app").sysProp("load.pidfile", pidFile.toString())
                .sysProp("load.markfile", markFile.toString()), seconds);
        String pid = awaitPid(pidFile);
        attach(pid, "log=debug");
        Instant attached = Instant.now();
        Files.createFile(markFile);
        long atAttach = fake.count("AssumeRole");
        ChildJvm.Result result = finish(running);
        // Counted by when they reached the fake, from a second after the attach: app threads that
        // were inside their own SDK's assume-role code when the classes were retransformed finish
        // those calls after it (the plain SDKs make hundreds before the attach).
        Instant settled = attached.plusSeconds(1);
        long byAgent = fake.requests().stream()
                .filter(r -> "AssumeRole".equals(r.action()) && r.at().isAfter(settled)).count();

        result.assertExitCode(0);
        assertEquals(0, summary(result, "FAILED_AFTER_MARK"), result.describe());
        assertEquals(0, fake.expiredTokenRejections(), "requests signed with expired credentials");
        SecretLeaks.assertNoneLeaked(fake, result);
        assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("credentials from profile 'app'")),
                "credagent answered after the attach: " + result.describe());
        assertTrue(byAgent <= seconds / 15 + 2, "AssumeRole calls after the attach: " + byAgent);
        System.out.println("soak (attach): " + seconds + " s, " + summary(result, "OK") + " calls, "
                + atAttach + " AssumeRole by the plain SDKs before the attach, " + byAgent + " after it");
    }

    private static String awaitPid(Path pidFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                return Files.readString(pidFile, StandardCharsets.UTF_8).trim();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the load app never wrote its pid");
    }

    /** {@code java -jar credagent.jar attach <pid> <options>}, the documented command. */
    private static void attach(String pid, String options) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("child.java.home", System.getProperty("java.home")), "bin", "java")
                .toString();
        Process attach = new ProcessBuilder(List.of(java, "-jar", System.getProperty("credagent.jar"), "attach", pid,
                options)).redirectErrorStream(true).start();
        String output = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(attach.waitFor(60, TimeUnit.SECONDS), "attach finished");
        assertEquals(0, attach.exitValue(), "attach failed: " + output);
    }
}
