package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import io.credagent.fake.Totp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Role profiles with {@code mfa_serial} (which SDK v1 and v2 cannot use) and {@code duration_seconds}
 * (which SDK v2 ignores). The fake STS demands a current TOTP code of the device for the role.
 */
class MfaRoleIT extends LoadScenario {
    private static final String ADMIN_ROLE = "arn:aws:iam::123456789012:role/Admin";
    private static final int RUNNING_SECONDS = 45;
    private static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice";
    private static final String ADMIN_SESSION = "alice";
    /** botocore's key for {"RoleArn", "RoleSessionName": "alice", "SerialNumber"} (Python json.dumps, sort_keys). */
    private static final String CLI_KEY = "2d888889a71ca40cf5832b6384652ef19e9ba32f";
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private Principal base;

    @BeforeEach
    void mfaRole() {
        base = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/alice");
        fake.requireMfa(ADMIN_ROLE, SERIAL, SEED);
        files.credentialsProfile("base", "aws_access_key_id", base.accessKeyId(),
                "aws_secret_access_key", base.secretAccessKey());
    }

    private void adminProfile(String... more) {
        List<String> settings = new ArrayList<>(List.of("role_arn", ADMIN_ROLE, "source_profile", "base",
                "role_session_name", ADMIN_SESSION, "mfa_serial", SERIAL));
        settings.addAll(List.of(more));
        files.profile("admin", settings.toArray(new String[0]));
    }

    private Path cacheEntry() {
        return home.resolve(".aws/cli/cache/" + CLI_KEY + ".json");
    }

    /** An {@code mfa_process} that prints {@code code} and counts its runs in {@code runs.txt}. */
    private Path mfaProcess(String code) throws IOException {
        Path script = home.resolve("mfa.sh");
        Files.writeString(script, "#!/bin/sh\necho run >> '" + home.resolve("runs.txt") + "'\necho " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<LoggedRequest> assumeRoles() {
        return fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).toList();
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_LEGACY", "V2"})
    void mfaProcessGivesTheCodeOnceAndTheSessionServesTheNextJvm(App app) throws IOException {
        String code = Totp.code(SEED, Instant.now());
        adminProfile("mfa_process", mfaProcess(code).toString());

        ChildJvm.Result first = run(child(app, 3).agent("log=debug").env("AWS_PROFILE", "admin"));

        assertCalledAs(first, FakeAws.assumedRoleArn(ADMIN_ROLE, ADMIN_SESSION), 3);
        List<LoggedRequest> assumes = assumeRoles();
        assertEquals(1, assumes.size(), assumes.toString());
        assertEquals(SERIAL, assumes.get(0).details().get("SerialNumber"));
        assertEquals(code, assumes.get(0).details().get("TokenCode"));
        assertEquals(base.accessKeyId(), assumes.get(0).signingAccessKeyId());
        assertTrue(Files.readString(cacheEntry()).contains("\"AccessKeyId\": \"" + assumes.get(0).issuedAccessKeyId() + "\""),
                "the session is in the AWS CLI's cache under the CLI's key");

        fake.clearRequests();
        ChildJvm.Result second = run(child(app, 2).agent("log=debug").env("AWS_PROFILE", "admin"));

        assertCalledAs(second, FakeAws.assumedRoleArn(ADMIN_ROLE, ADMIN_SESSION), 2);
        assertEquals(0, assumeRoles().size(), "the next JVM asks nobody: the session is shared");
        assertEquals(List.of("run"), Files.readAllLines(home.resolve("runs.txt")), "the code was asked for once");
    }

    /**
     * {@code interactive=desktop}: the first lookup that needs the code opens one page in the browser
     * (here a scripted person who types the current code); until it is answered every lookup fails
     * at once saying so, and the calls after it succeed on the role's session, which lands in the
     * AWS CLI's cache for every other JVM.
     */
    @Test
    void atTheDesktopTheCodeIsAskedOnceOnABrowserPage() throws IOException {
        adminProfile();
        Path opened = home.resolve("opened-urls.txt");
        String code = Totp.code(SEED, Instant.now());
        java.util.concurrent.CompletableFuture<ChildJvm.Result> running = start(loadChild("mixed", 2, 12, 200)
                .agent("interactive=desktop").env("AWS_PROFILE", "admin")
                .env("BROWSER", browserCommand(opened, "POST code=" + code).toString()), 12);
        awaitSuccessful("GetCallerIdentity", 1, java.time.Duration.ofSeconds(60));
        ChildJvm.Result result = finish(running);

        result.assertExitCode(0);
        assertTrue(result.stdout().contains("LAST_SECOND_OK=true"), result.describe());
        assertTrue(errors(result).stream().allMatch(e -> e.contains("credagent: the MFA code for profile 'admin' is asked"
                + " in the browser (interactive=desktop)")), errors(result).toString());
        assertTrue(summary(result, "MAX_MILLIS") < 5_000, "no call waited for the person: " + result.describe());
        List<String> pages = Files.readAllLines(opened);
        assertEquals(1, pages.size(), "one page for every lookup and thread: " + pages);
        assertTrue(pages.get(0).matches("http://127\\.0\\.0\\.1:[0-9]+/mfa/[0-9a-f]{32}"), pages.get(0));
        List<LoggedRequest> assumes = assumeRoles();
        assertEquals(1, assumes.size(), assumes.toString());
        assertEquals(code, assumes.get(0).details().get("TokenCode"));
        for (LoggedRequest call : fake.callerIdentityCalls()) {
            assertEquals(FakeAws.assumedRoleArn(ADMIN_ROLE, ADMIN_SESSION), call.callerArn());
        }
        assertTrue(Files.exists(cacheEntry()), "the session is in the AWS CLI's cache");
        assertNoAgentDefect(result);
    }

    /**
     * Inside an application nobody can be asked: lookups fail at once, saying how. The person runs
     * {@code resolve} at a terminal and types the code; the running app then uses that session.
     */
    @Test
    void withoutMfaProcessTheAppSaysHowAndResolveAsksThePerson() throws Exception {
        adminProfile();

        String message = assertAppFailed(run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "admin")));
        assertTrue(message.contains("profile 'admin' (mfa_serial " + SERIAL + "): the role needs an MFA code and nobody"
                + " can be asked here; run once per session: java -jar credagent.jar login --profile admin"), message);
        assertEquals(0, assumeRoles().size(), "no AssumeRole without a code");

        Path firstCalls = home.resolve("app-made-its-first-calls");
        var running = start(loadChild("mixed", 2, RUNNING_SECONDS, 200).agent(null).env("AWS_PROFILE", "admin")
                .sysProp("load.pidfile", firstCalls.toString()), RUNNING_SECONDS);
        awaitTrue("the running app made its first (failing) calls", () -> Files.exists(firstCalls));
        String typed = Totp.code(SEED, Instant.now());
        String terminal = resolveAtATerminal("admin", typed + "\n");
        assertTrue(terminal.contains("Enter MFA code for " + SERIAL + ": "), terminal);
        assertTrue(terminal.contains("{\"access_key_id\":\"ASIA..."), terminal);
        assertFalse(terminal.contains(typed), "the code is not echoed: " + terminal);
        assertEquals(1, assumeRoles().size());
        assertEquals(typed, assumeRoles().get(0).details().get("TokenCode"));

        ChildJvm.Result app = finish(running);
        app.assertExitCode(0);
        assertTrue(app.stdout().contains("LAST_SECOND_OK=true"), "the running app uses the session: " + app.describe());
        assertFalse(app.stdout().contains("OK=0\n"), app.describe());
        assertTrue(app.stdout().contains("ERROR=software.amazon.awssdk.core.exception.SdkClientException: credagent: profile 'admin'"
                + " (mfa_serial " + SERIAL + "): the role needs an MFA code"), "it failed saying how before: " + app.describe());
        assertEquals(1, assumeRoles().size(), "the app made no AssumeRole of its own");
        assertNoAgentDefect(app);
    }

    /** {@code login --profile} of an MFA role: the code once at the terminal, then JVMs use the session. */
    @Test
    void loginOfAnMfaProfileAsksForTheCodeAndLeavesTheSessionForEveryJvm() throws Exception {
        adminProfile();
        String typed = Totp.code(SEED, Instant.now());

        String terminal = atATerminal("login --profile admin", typed + "\n");

        assertTrue(terminal.contains("Enter MFA code for " + SERIAL + ": "), terminal);
        assertTrue(terminal.contains("MFA session of profile 'admin' ready until "), terminal);
        assertTrue(terminal.contains("shared with every JVM and the AWS CLI through ~/.aws/cli/cache"), terminal);
        assertFalse(terminal.contains(typed) || terminal.contains("ASIA"), "neither the code nor a key: " + terminal);
        assertEquals(1, assumeRoles().size());
        ChildJvm.Result app = run(child(App.V1_BUILDER, 2).agent(null).env("AWS_PROFILE", "admin"));
        app.assertExitCode(0);
        assertEquals(1, assumeRoles().size(), "the app used the session login left");
    }

    /** What `aws sts get-caller-identity --profile admin` (after its MFA prompt) leaves behind serves JVMs too. */
    @Test
    void theSessionTheAwsCliCachedIsUsed() throws IOException {
        adminProfile();
        fake.requireMfa(ADMIN_ROLE, SERIAL, SEED);
        Credentials cli = mfaSession();
        Files.createDirectories(cacheEntry().getParent());
        Files.writeString(cacheEntry(), "{\"Credentials\": {\"AccessKeyId\": \"" + cli.accessKeyId()
                + "\", \"SecretAccessKey\": \"" + cli.secretAccessKey() + "\", \"SessionToken\": \"" + cli.sessionToken()
                + "\", \"Expiration\": \"" + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'UTC'").withZone(ZoneOffset.UTC)
                .format(cli.expiration()) + "\"}, \"AssumedRoleUser\": {\"AssumedRoleId\": \"AROA:alice\", \"Arn\": \""
                + FakeAws.assumedRoleArn(ADMIN_ROLE, ADMIN_SESSION) + "\"}}");

        ChildJvm.Result result = run(child(App.V1_BUILDER, 2).agent(null).env("AWS_PROFILE", "admin"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ADMIN_ROLE, ADMIN_SESSION), 2);
        assertEquals(0, assumeRoles().size());
    }

    @Test
    void aWrongCodeIsOneLineFromSts() throws IOException {
        adminProfile("mfa_process", mfaProcess(wrongCode()).toString());

        String message = assertAppFailed(run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "admin")));

        assertTrue(message.contains("MultiFactorAuthentication failed with invalid MFA one time pass code"), message);
        assertFalse(Files.exists(cacheEntry()));
    }

    @Test
    void anMfaProcessThatPrintsNoCodeIsOneLine() throws IOException {
        adminProfile("mfa_process", mfaProcess("please-touch-your-key").toString());

        String message = assertAppFailed(run(child(App.V1_BUILDER, 1).agent(null).env("AWS_PROFILE", "admin")));

        assertTrue(message.contains("mfa_process of profile 'admin' printed no 6-digit code; it must print only the"
                + " current code of " + SERIAL), message);
        assertEquals(0, assumeRoles().size());
    }

    /** SDK v2 drops duration_seconds; credagent sends it at every role level of a chain. */
    @Test
    void durationSecondsIsSentAtEveryRoleLevel() {
        files.profile("middle", "role_arn", "arn:aws:iam::444455556666:role/middle", "source_profile", "base",
                        "role_session_name", "middle", "duration_seconds", "900")
                .profile("top", "role_arn", "arn:aws:iam::444455556666:role/top", "source_profile", "middle",
                        "role_session_name", "top", "duration_seconds", "1800");

        ChildJvm.Result result = run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "top"));

        assertCalledAs(result, FakeAws.assumedRoleArn("arn:aws:iam::444455556666:role/top", "top"), 1);
        assertEquals(List.of("middle=900", "top=1800"), assumeRoles().stream()
                .map(r -> r.details().get("RoleSessionName") + "=" + r.details().get("DurationSeconds")).toList());
    }

    @Test
    void aBadDurationIsAMistakeInTheProfile() {
        files.profile("short", "role_arn", "arn:aws:iam::444455556666:role/app", "source_profile", "base",
                "duration_seconds", "1h");

        String message = assertAppFailed(run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "short")));

        assertTrue(message.contains("'1h' in profile 'short' is not a valid duration_seconds; it must be whole seconds"
                + " from 900 to 43200"), message);
        assertEquals(0, assumeRoles().size());
    }

    /** The role's session with the device's code, taken by the test as another tool would. */
    private Credentials mfaSession() {
        try (var sts = software.amazon.awssdk.services.sts.StsClient.builder()
                .endpointOverride(java.net.URI.create(fake.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(base.accessKeyId(),
                                base.secretAccessKey())))
                .build()) {
            return sts.assumeRole(r -> r.roleArn(ADMIN_ROLE).roleSessionName(ADMIN_SESSION).serialNumber(SERIAL)
                    .tokenCode(Totp.code(SEED, Instant.now()))).credentials();
        } finally {
            fake.clearRequests();
        }
    }

    private static String wrongCode() {
        List<String> valid = List.of(Totp.code(SEED, Instant.now().minusSeconds(30)), Totp.code(SEED, Instant.now()),
                Totp.code(SEED, Instant.now().plusSeconds(30)), Totp.code(SEED, Instant.now().plusSeconds(60)));
        for (int i = 0; ; i++) {
            String code = String.format("%06d", i);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }

    /**
     * {@code java -jar credagent.jar resolve --profile NAME} on a pseudo-terminal ({@code script}),
     * with {@code typed} as what the person types; returns everything the terminal showed.
     */
    private String resolveAtATerminal(String profile, String typed) throws Exception {
        return atATerminal("resolve --profile " + profile, typed);
    }

    /** {@code java -jar credagent.jar <cli>} on a pseudo-terminal, the person typing {@code typed}. */
    private String atATerminal(String cli, String typed) throws Exception {
        String command = ChildJvm.javaExecutable() + " -Duser.home=" + home + " -jar " + ChildJvm.agentJar() + " " + cli;
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null");
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("TERM", "dumb");
        builder.environment().put("AWS_REGION", REGION);
        builder.environment().put("AWS_ENDPOINT_URL_STS", fake.endpoint());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuffer shown = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buffer = new char[1024];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    shown.append(buffer, 0, n);
                }
            } catch (IOException e) {
                shown.append("\n(reading the terminal failed: ").append(e).append(')');
            }
        }, "terminal-reader");
        reader.start();
        // Type once the question is on the screen, as a person would.
        awaitTrue("resolve asked for the code: " + shown, () -> shown.indexOf("Enter MFA code for") >= 0);
        process.getOutputStream().write(typed.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "resolve finished");
        reader.join(10_000);
        assertEquals(0, process.exitValue(), shown.toString());
        return shown.toString();
    }
}
