package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.it.apps.ScriptedBrowser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code interactive=desktop}: a desktop JVM (here: its {@code BROWSER} command, the person a
 * scripted browser) whose IAM Identity Center profile was never logged in. The first lookups start
 * one browser login and fail at once saying so; once the person finished it, calls succeed with
 * the SSO role, and no application thread waited for the person.
 */
class DesktopLoginIT extends LoadScenario {
    private static final String ROLE = "Developer";

    @BeforeEach
    void ssoSessionNeverLoggedIn() {
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE, "region", REGION)
                .ssoSession("corp", "sso_start_url", CORP_START_URL, "sso_region", REGION);
        fake.ssoLoginGrants(ACCOUNT, ROLE);
    }

    @Test
    void oneBrowserLoginForAllLookupsAndTheCallsAfterItSucceed() throws IOException {
        Path opened = home.resolve("opened-urls.txt");
        CompletableFuture<ChildJvm.Result> running = start(loadChild("mixed", 2, 12, 200)
                .agent("interactive=desktop").env("AWS_PROFILE", "dev")
                .env("BROWSER", browserCommand(opened).toString()), 12);
        awaitSuccessful("GetCallerIdentity", 1, java.time.Duration.ofSeconds(60));
        ChildJvm.Result result = finish(running);

        result.assertExitCode(0);
        assertTrue(summary(result, "FAILED") > 0, "calls before the login failed: " + result.describe());
        assertTrue(result.stdout().contains("LAST_SECOND_OK=true"), result.describe());
        assertTrue(errors(result).stream().allMatch(e -> e.contains("credagent: a browser login for profile 'dev' is"
                + " waiting (interactive=desktop)")), errors(result).toString());
        assertTrue(summary(result, "MAX_MILLIS") < 5_000, "no call waited for the person: " + result.describe());
        assertEquals(1, Files.readAllLines(opened).size(), "one login for every lookup and thread");
        assertEquals(1, fake.count("Authorize"), fake.requests().toString());
        List<LoggedRequest> calls = fake.callerIdentityCalls();
        assertTrue(calls.size() > 10, calls.toString());
        for (LoggedRequest call : calls) {
            assertEquals(FakeAws.ssoRoleArn(ACCOUNT, ROLE), call.callerArn());
        }
        assertTrue(Files.exists(home.resolve(".aws/sso/cache")), "the login left the CLI's token file");
        assertNoAgentDefect(result);
    }

    @Test
    void aLoginThePersonRefusedIsNotStartedAgainAtEveryCall() throws IOException {
        Path opened = home.resolve("opened-urls.txt");
        // Long enough for the refused login (a browser JVM of its own) to end on a busy machine, and calls after it.
        ChildJvm.Result result = finish(start(loadChild("v2", 1, 20, 200).agent("interactive=desktop").env("AWS_PROFILE", "dev")
                .env("BROWSER", browserCommand(opened, "&deny=true").toString()), 20));

        result.assertExitCode(0);
        assertEquals(0, summary(result, "OK"), result.describe());
        assertEquals(1, Files.readAllLines(opened).size(), "one browser login, not one per failing call");
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("the browser login credagent started did not complete")),
                errors(result).toString());
        assertEquals(1, credagentLines(result).stream().filter(l -> l.contains("did not complete:")).count(), result.describe());
        assertNoAgentDefect(result);
    }

    @Test
    void onAJvmWithoutADesktopItBehavesAsNeverAndSaysSoOnce() {
        ChildJvm.Result result = run(child(App.V1_BUILDER, 2).agent("interactive=desktop")
                .env("AWS_PROFILE", "dev").sysProp("java.awt.headless", "true"));
        String message = assertAgentError(result, App.V1_BUILDER);
        assertTrue(message.contains("SSO token cache file") && message.contains("run: aws sso login --profile dev"), message);
        assertEquals(1, credagentLines(result).stream().filter(l -> l.contains("interactive=desktop: this JVM has no desktop"))
                .count(), result.describe());
        assertEquals(0, fake.count("Authorize"));
    }
}
