package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import io.credagent.fake.SsoCacheFiles;
import io.credagent.it.apps.ProxyListApp;
import io.credagent.it.apps.V1BuilderApp;
import io.credagent.it.apps.V1LegacyConstructorApp;
import io.credagent.it.apps.V2App;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Shared setup of the scenario ITs: a fresh {@link FakeAws} and a temp HOME per test, the unmodified
 * apps, a child JVM preconfigured the way every scenario needs it, and the assertions they share.
 *
 * <p>Every child gets AWS_REGION, a temp HOME, and AWS_ENDPOINT_URL_STS/SSO/SSO_OIDC pointing at the
 * fake (the agent's bundled SDK v2 honours these; the apps take the endpoint as an argument).
 */
abstract class AgentScenario {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String CORP_START_URL = "https://corp.awsapps.com/start";

    /** The unmodified programs the scenarios run, and the client exception each one's SDK throws. */
    enum App {
        V1_BUILDER(V1BuilderApp.class, true),
        V1_LEGACY(V1LegacyConstructorApp.class, true),
        V1_PROXY_LIST(ProxyListApp.class, true),
        V2(V2App.class, false);

        final Class<?> mainClass;
        final boolean sdkV1;

        App(Class<?> mainClass, boolean sdkV1) {
            this.mainClass = mainClass;
            this.sdkV1 = sdkV1;
        }

        /** What credagent must throw into this app when its chain fails. */
        String clientException() {
            return sdkV1 ? "com.amazonaws.SdkClientException"
                    : "software.amazon.awssdk.core.exception.SdkClientException";
        }
    }

    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$|^Caused by: |^Exception in thread ");

    @TempDir
    Path home;

    FakeAws fake;
    AwsFiles files;

    @BeforeEach
    void startFake() throws IOException {
        fake = new FakeAws().start();
        files = new AwsFiles(home);
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    /** A child running {@code app} against the fake, {@code calls} GetCallerIdentity calls; no agent yet. */
    ChildJvm child(App app, int calls) {
        ChildJvm child = ChildJvm.main(app.mainClass, fake.endpoint(), String.valueOf(calls))
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint());
        if (app.sdkV1) {
            child.env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        }
        return child;
    }

    static ChildJvm.Result run(ChildJvm child) {
        return child.run(TIMEOUT);
    }

    /** Runs {@code task} on a thread of its own: child JVMs meant to run together must not queue for a pool. */
    static <T> java.util.concurrent.CompletableFuture<T> inParallel(java.util.function.Supplier<T> task) {
        return java.util.concurrent.CompletableFuture.supplyAsync(task, runnable -> {
            Thread thread = new Thread(runnable, "child-jvm-runner");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Waits (polling) until {@code condition} holds, at most {@link #TIMEOUT}; fails saying {@code what} did not happen. */
    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + TIMEOUT.getSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }

    /** A loopback port nothing listens on: connecting to it is refused at once. */
    static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A value no test shares with another: tokens, secrets, client ids. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * What {@code aws sso login} leaves behind: in the SSO cache under {@code cacheKey} (the
     * sso-session name, or the start URL for a legacy profile), a token without refresh token,
     * valid until {@code expiresAt}, that the fake's portal accepts for {@code role} in {@link #ACCOUNT}.
     */
    void ssoLogin(String cacheKey, String startUrl, String role, Instant expiresAt) {
        String token = unique("aoa");
        fake.registerSsoAccessToken(token, expiresAt, ACCOUNT, role);
        files.ssoCache(cacheKey, SsoCacheFiles.Token.withoutRefresh(token, expiresAt, REGION, startUrl));
    }

    /** {@code java -jar credagent.jar attach <pid> <options>}, as a person runs it; asserts it said so. */
    static void attach(long pid, String options) {
        ChildJvm.Result attach = ChildJvm.main("io.credagent.entry.AgentEntry", "attach", String.valueOf(pid), options)
                .classpathOnly(ChildJvm.agentJar())
                .run(TIMEOUT);
        attach.assertExitCode(0);
        assertEquals(List.of("credagent: attached to JVM " + pid), attach.stdoutLines(), attach.describe());
    }

    /**
     * {@code [profile dev]} on the {@code sso-session} {@code corp} for {@code role} in {@link #ACCOUNT},
     * with a valid cached token: what {@code aws sso login --profile dev} leaves behind.
     */
    void ssoSessionProfile(String role) {
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", role, "region", REGION)
                .ssoSession("corp", "sso_start_url", CORP_START_URL, "sso_region", REGION);
        ssoLogin("corp", CORP_START_URL, role, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    /**
     * Session credentials the fake issued for {@code roleArn} and {@code sessionName}, obtained as the
     * test itself (so the fake's log is cleared afterwards): what another tool or process holds.
     */
    Credentials roleSession(String roleArn, String sessionName) {
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/other-tool");
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(fake.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(user.accessKeyId(), user.secretAccessKey())))
                .build()) {
            return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName)).credentials();
        } finally {
            fake.clearRequests();
        }
    }

    /** A {@code credential_process} script in {@code dir} printing {@code session}, appending a line to {@code counter} per run. */
    static Path processPrinting(Credentials session, Path dir, Path counter) throws IOException {
        Path output = dir.resolve("credentials.json");
        Files.writeString(output, "{\"Version\": 1, \"AccessKeyId\": \"" + session.accessKeyId()
                + "\", \"SecretAccessKey\": \"" + session.secretAccessKey()
                + "\", \"SessionToken\": \"" + session.sessionToken()
                + "\", \"Expiration\": \"" + session.expiration() + "\"}\n", StandardCharsets.UTF_8);
        Path script = dir.resolve("credentials.sh");
        Files.writeString(script, "#!/bin/sh\necho run >> '" + counter + "'\ncat '" + output + "'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** A BROWSER command (a script, as the variable holds one command) that runs the scripted browser. */
    Path browserCommand(Path opened) throws java.io.IOException {
        return browserCommand(opened, "");
    }

    Path browserCommand(Path opened, String personAdds) throws java.io.IOException {
        Path script = home.resolve("browser.sh");
        java.nio.file.Files.writeString(script, "#!/bin/sh\nexec '" + ChildJvm.javaExecutable() + "' -cp '"
                + String.join(java.io.File.pathSeparator, ChildJvm.main(io.credagent.it.apps.ScriptedBrowser.class).classpath())
                + "' " + io.credagent.it.apps.ScriptedBrowser.class.getName() + " '" + opened + "' '" + personAdds + "' \"$1\"\n");
        java.nio.file.Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    // ---- assertions ------------------------------------------------------------------------------

    /**
     * The app succeeded and was, on every one of its {@code calls}, the principal {@code arn}: by its
     * own output and by the fake's log. Nothing leaked, no stack trace anywhere.
     */
    void assertCalledAs(ChildJvm.Result result, String arn, int calls) {
        result.assertExitCode(0);
        assertEquals(Collections.nCopies(calls, "ARN=" + arn), arnLines(result), result.describe());
        List<LoggedRequest> seen = fake.callerIdentityCalls();
        assertEquals(calls, seen.size(), "GetCallerIdentity calls the fake answered: " + seen);
        assertEquals(calls, fake.count("GetCallerIdentity"), "no call was rejected: " + fake.requests());
        for (LoggedRequest call : seen) {
            assertEquals(arn, call.callerArn(), "signed by " + call.signingAccessKeyId());
        }
        assertNoStackTrace(result);
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    /** The app failed with the exit code and ERROR line of its catch block; returns the message. */
    static String assertAppFailed(ChildJvm.Result result) {
        result.assertExitCode(3);
        List<String> errors = result.stdoutLines().stream().filter(l -> l.startsWith("ERROR=")).toList();
        assertEquals(1, errors.size(), result.describe());
        assertTrue(arnLines(result).isEmpty(), result.describe());
        return errors.get(0).substring("ERROR=".length());
    }

    /**
     * The app failed with credagent's error: its SDK's own client exception, message
     * {@code credagent: ...}, and no stack trace; returns the message after {@code credagent: }.
     */
    String assertAgentError(ChildJvm.Result result, App app) {
        String error = assertAppFailed(result);
        String prefix = app.clientException() + ": credagent: ";
        assertTrue(error.startsWith(prefix), "expected '" + prefix + "...', got: " + result.describe());
        assertNoStackTrace(result);
        SecretLeaks.assertNoneLeaked(fake, result);
        return error.substring(prefix.length());
    }

    static List<String> arnLines(ChildJvm.Result result) {
        return result.stdoutLines().stream().filter(l -> l.startsWith("ARN=")).toList();
    }

    /** Lines credagent wrote to stderr (it prefixes every line with {@code credagent: }). */
    static List<String> credagentLines(ChildJvm.Result result) {
        return result.stderr().lines().filter(l -> l.startsWith("credagent:")).toList();
    }

    /**
     * No stack trace, and no defect of credagent's: an exception credagent threw while answering is
     * survived (the SDK's own lookup runs) and said in a {@code credagent: agent defect} line, which
     * no scenario may produce (as OpenTelemetry's test runner asserts for its agent).
     */
    static void assertNoStackTrace(ChildJvm.Result result) {
        if (STACK_TRACE.matcher(result.stdout()).find() || STACK_TRACE.matcher(result.stderr()).find()) {
            fail("stack trace in the child's output:\n" + result.describe());
        }
        assertNoAgentDefect(result);
    }

    static void assertNoAgentDefect(ChildJvm.Result result) {
        if (result.stderr().contains("credagent: agent defect")) {
            fail("credagent reported a defect of its own:\n" + result.describe());
        }
    }

    /** credagent's debug log says which profile answered: proof that the agent, not the app's SDK, did. */
    static void assertAnsweredByAgentFromProfile(ChildJvm.Result result, String profile) {
        assertTrue(credagentLines(result).stream()
                        .anyMatch(l -> l.contains("credentials from") && l.contains("profile '" + profile + "'")),
                "no credagent debug line 'credentials from profile '" + profile + "'':\n" + result.describe());
    }

    static void assertNoCredagentOutput(ChildJvm.Result result) {
        assertFalse(result.stderr().contains("credagent:"), result.describe());
        assertFalse(result.stdout().contains("credagent:"), result.describe());
    }
}
