package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.credagent.fake.Principal;
import io.credagent.it.apps.LoadApp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenarios with a long-running, multi-threaded app ({@link LoadApp}) in a child JVM while the test
 * changes the fake AWS underneath it (faults, short credential lifetimes).
 */
abstract class LoadScenario extends AgentScenario {
    static final String ROLE_ARN = "arn:aws:iam::444455556666:role/app";
    static final String SESSION = "load-app";

    /** [profile app]: assume ROLE_ARN with the static keys of [base]. */
    void assumeRoleProfile() {
        Principal base = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/base");
        files.credentialsProfile("base", "aws_access_key_id", base.accessKeyId(),
                        "aws_secret_access_key", base.secretAccessKey())
                .profile("app", "role_arn", ROLE_ARN, "source_profile", "base", "role_session_name", SESSION);
    }

    /** The load app with the agent: {@code threads} threads calling for {@code seconds}, a pause between calls. */
    ChildJvm loadChild(String sdk, int threads, int seconds, int pauseMillis) {
        ChildJvm child = ChildJvm.main(LoadApp.class, fake.endpoint(), sdk, String.valueOf(threads),
                        String.valueOf(seconds), String.valueOf(pauseMillis))
                .home(home)
                .sysProp("load.markfile", home.resolve("load.mark").toString())
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint());
        if (!"v2".equals(sdk)) {
            child.env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        }
        return child;
    }

    /**
     * From now on the app counts failures and the slowest call separately ({@code FAILED_AFTER_MARK},
     * {@code MAX_MILLIS_AFTER_MARK}): the scenarios judge the time after the first credentials, not
     * a JVM start that may be slow on a busy machine.
     */
    void mark() {
        try {
            java.nio.file.Files.createFile(home.resolve("load.mark"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for the first credentials ({@code action} succeeded once), then {@link #mark()}s. */
    void markAfterFirst(String action) {
        awaitSuccessful(action, 1, Duration.ofSeconds(90));
        mark();
    }

    static CompletableFuture<ChildJvm.Result> start(ChildJvm child, int seconds) {
        return inParallel(() -> child.run(Duration.ofSeconds(seconds + 90L)));
    }

    static ChildJvm.Result finish(CompletableFuture<ChildJvm.Result> running) {
        try {
            return running.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the load app did not finish: " + e, e);
        }
    }

    /** Waits (polling the fake's log) until {@code action} has succeeded {@code times} times. */
    void awaitSuccessful(String action, long times, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            long done = fake.requests().stream()
                    .filter(r -> action.equals(r.action()) && "OK".equals(r.outcome())).count();
            if (done >= times) {
                return;
            }
            sleep(100);
        }
        fail(action + " did not succeed " + times + " times within " + max + "; requests: " + fake.requests());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static long summary(ChildJvm.Result result, String key) {
        return result.stdoutLines().stream().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> Long.parseLong(l.substring(key.length() + 1)))
                .orElseThrow(() -> new AssertionError("no " + key + " line:\n" + result.describe()));
    }

    static List<String> errors(ChildJvm.Result result) {
        return result.stdoutLines().stream().filter(l -> l.startsWith("ERROR=")).toList();
    }

    /** The invariants of every load scenario: app calls were made, none was signed with expired keys, nothing leaked. */
    void assertSane(ChildJvm.Result result) {
        result.assertExitCode(0);
        assertTrue(summary(result, "OK") > 0, result.describe());
        assertEquals(0, fake.expiredTokenRejections(), "requests signed with expired credentials");
        assertNoStackTrace(result);
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    long successful(String action) {
        return fake.requests().stream().filter(r -> action.equals(r.action()) && "OK".equals(r.outcome())).count();
    }
}
