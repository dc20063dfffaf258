package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A profile that does not exist is an error the app sees at once, as its own SDK's client exception
 * with a message naming the profile: it neither hangs nor falls through to other credentials.
 */
class MisconfigurationIT extends AgentScenario {
    /** Far below the child timeout: an error, not a chain of timeouts and retries. */
    private static final Duration FAST = Duration.ofSeconds(30);

    private Principal envUser;

    private void existingProfileAndEnvironmentKeys() {
        Principal dev = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/dev");
        envUser = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-keys");
        files.credentialsProfile("dev", "aws_access_key_id", dev.accessKeyId(),
                "aws_secret_access_key", dev.secretAccessKey());
    }

    private String assertFailsFastNamingTheProfile(App app, ChildJvm child) {
        Instant start = Instant.now();
        ChildJvm.Result result = run(child);
        Duration took = Duration.between(start, Instant.now());
        String message = assertAgentError(result, app);
        assertTrue(took.compareTo(FAST) < 0, "took " + took + "\n" + result.describe());
        assertTrue(message.contains("'missing'"), message);
        assertEquals(0, fake.callerIdentityCalls().size(), "no call may go out with other credentials");
        assertEquals(0, fake.requests().size(), "nothing reached the fake: " + fake.requests());
        return message;
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void profileOptionNamingMissingProfileFailsWithoutFallingBackToEnvironmentKeys(App app) {
        existingProfileAndEnvironmentKeys();
        ChildJvm child = child(app, 1).agent("profile=missing")
                .env("AWS_ACCESS_KEY_ID", envUser.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", envUser.secretAccessKey());
        assertFailsFastNamingTheProfile(app, child);
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_LEGACY", "V2"})
    void awsProfileNamingMissingProfileFails(App app) {
        existingProfileAndEnvironmentKeys();
        String message = assertFailsFastNamingTheProfile(app, child(app, 1).agent(null).env("AWS_PROFILE", "missing"));
        assertTrue(message.contains("AWS_PROFILE"), "says what selected the profile: " + message);
    }

    @Test
    void expiredSsoTokenWithoutRefreshStopsTheChainWithLoginHint() {
        existingProfileAndEnvironmentKeys();
        String startUrl = "https://corp.awsapps.com/start";
        files.profile("sso", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", "Developer")
                .ssoSession("corp", "sso_start_url", startUrl, "sso_region", REGION);
        ssoLogin("corp", startUrl, "Developer", Instant.now().minus(1, ChronoUnit.HOURS));

        ChildJvm.Result result = run(child(App.V1_BUILDER, 1).agent(null).env("AWS_PROFILE", "sso"));

        String message = assertAgentError(result, App.V1_BUILDER);
        assertTrue(message.contains("aws sso login --profile sso"), message);
        assertEquals(0, fake.count("GetRoleCredentials"), "an expired token is not sent to the portal");
        assertEquals(0, fake.callerIdentityCalls().size());
    }

    @Test
    void credentialProcessWithBrokenOutputFailsWithoutQuotingIt() throws IOException {
        existingProfileAndEnvironmentKeys();
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/process-owner");
        Path script = home.resolve("broken-process.sh");
        // Truncated JSON that holds a secret: a parser error quoting the output would leak it.
        Files.writeString(script, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"" + user.accessKeyId()
                + "\", \"SecretAccessKey\": \"" + user.secretAccessKey() + "\", '\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        files.profile("proc", "credential_process", script.toString());

        ChildJvm.Result result = run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "proc"));

        String message = assertAgentError(result, App.V2);
        assertTrue(message.contains("credential_process"), message);
        assertEquals(0, fake.callerIdentityCalls().size());
    }
}
