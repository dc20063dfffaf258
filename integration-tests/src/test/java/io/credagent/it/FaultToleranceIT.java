package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.Faults.Fault;
import io.credagent.fake.Faults.Service;
import io.credagent.fake.SsoCacheFiles;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The credential services misbehave under a running app whose credentials live 20 seconds: errors,
 * throttling, dropped connections and answers slower than the HTTP timeout from STS, a revoked SSO
 * token, a failing SSO-OIDC refresh. No call fails while valid credentials exist, none is signed
 * with expired ones, callers get a clear error quickly once there are none, and the app recovers
 * by itself. The scenarios run concurrently (each has its own fake and child JVM): mostly waiting.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultToleranceIT extends LoadScenario {
    private static final Duration LIFETIME = Duration.ofSeconds(20);

    @Test
    void stsErrorsThrottlingAndDroppedConnectionsDuringARefreshNeverReachTheApp() {
        assumeRoleProfile();
        // 60 s: the refresh starts 11 to 15 s before expiry, time enough for the SDK's own retries
        // (with Throttling's longer backoff) and then credagent's. Real sessions last an hour or more.
        fake.credentialLifetime(Duration.ofSeconds(60));
        int seconds = 65;
        CompletableFuture<ChildJvm.Result> running = start(
                loadChild("v2", 4, seconds, 20).agent(null).env("AWS_PROFILE", "app"), seconds);
        markAfterFirst("AssumeRole");
        // The next refresh (about 47 s later) meets all of these; the SDK retries some, credagent the rest.
        fake.faults().next(Service.STS_CREDENTIALS, Fault.status(503, "ServiceUnavailable"),
                Fault.status(500, "InternalFailure"), Fault.throttling(), Fault.dropConnection(), Fault.throttling());
        ChildJvm.Result result = finish(running);

        assertSane(result);
        assertEquals(0, summary(result, "FAILED_AFTER_MARK"), result.describe());
        assertEquals(5, fake.faults().injected(Service.STS_CREDENTIALS), "every fault met a refresh");
        long assumes = successful("AssumeRole");
        assertTrue(assumes >= 2 && assumes <= 4, "refreshes for 65 s of 60-second credentials: " + assumes);
        List<String> failureLines = credagentLines(result).stream()
                .filter(l -> l.contains("refreshing credentials failed")).toList();
        assertTrue(failureLines.size() <= 1, "one line per failure streak: " + result.stderr());
    }

    @Test
    void stsSlowerThanTheHttpTimeoutMeansQuickClearErrorsAfterExpiryThenRecovery() {
        assumeRoleProfile();
        fake.credentialLifetime(LIFETIME);
        int seconds = 60;
        CompletableFuture<ChildJvm.Result> running = start(
                loadChild("v1", 4, seconds, 20).agent(null).env("AWS_PROFILE", "app"), seconds);
        markAfterFirst("AssumeRole");
        // The next refresh hangs until the SDK's 30 s read timeout, well past the credentials' expiry.
        fake.faults().next(Service.STS_CREDENTIALS, Fault.delay(Duration.ofSeconds(40)));
        ChildJvm.Result result = finish(running);

        assertSane(result);
        assertTrue(summary(result, "FAILED") > 0, "the outage outlasted the credentials: " + result.describe());
        assertTrue(summary(result, "MAX_MILLIS_AFTER_MARK") < 10_000, "no caller hangs: " + result.describe());
        assertTrue(result.stdout().contains("LAST_SECOND_OK=true"), "recovered: " + result.describe());
        for (String error : errors(result)) {
            assertTrue(error.startsWith("ERROR=com.amazonaws.SdkClientException: credagent: "), error);
        }
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("looking them up has taken more than 5 s")),
                result.describe());
        assertTrue(fake.count("AssumeRole") <= 8, "bounded STS calls: " + fake.count("AssumeRole"));
    }

    @Test
    void stsRefusingConnectionsForAWhileNeverReachesTheApp() throws Exception {
        assumeRoleProfile();
        fake.credentialLifetime(Duration.ofSeconds(40));
        int seconds = 50;
        try (SwitchableProxy sts = new SwitchableProxy(fake.port())) {
            CompletableFuture<ChildJvm.Result> running = start(loadChild("v2", 4, seconds, 20).agent(null)
                    .env("AWS_PROFILE", "app").env("AWS_ENDPOINT_URL_STS", sts.endpoint()), seconds);
            markAfterFirst("AssumeRole");
            sleep(20_000);
            sts.off(); // covers the refresh 30 to 32.5 s after the first AssumeRole
            sleep(13_000);
            sts.on();
            ChildJvm.Result result = finish(running);

            assertSane(result);
            assertEquals(0, summary(result, "FAILED_AFTER_MARK"), result.describe());
            assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("refreshing credentials failed")),
                    "a refresh met the refused connections: " + result.describe());
            assertTrue(successful("AssumeRole") >= 2, "refreshed after the endpoint came back");
        }
    }

    @Test
    void instanceMetadataGoingDownForAWhileNeverReachesTheApp() {
        String role = "arn:aws:iam::" + ACCOUNT + ":role/instance";
        fake.imdsRole(role);
        fake.credentialLifetime(Duration.ofSeconds(40));
        int seconds = 50;
        CompletableFuture<ChildJvm.Result> running = start(loadChild("v1", 4, seconds, 20).agent("log=debug")
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.endpoint()), seconds);
        markAfterFirst("GetCredentials");
        sleep(20_000);
        fake.faults().always(Service.IMDS, Fault.status(503, "ServiceUnavailable"));
        sleep(13_000);
        fake.faults().clear(Service.IMDS);
        ChildJvm.Result result = finish(running);

        assertEquals(0, summary(result, "FAILED_AFTER_MARK"), result.describe() + fake.requests());
        assertSane(result);
        assertTrue(fake.faults().injected(Service.IMDS) >= 1, "a refresh met the outage: " + result.describe());
        assertTrue(successful("GetCredentials") >= 2, "refreshed after IMDS came back");
    }

    @Test
    void aRevokedSsoTokenSaysHowToLogInAgainAndRecoveryIsAutomatic() {
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", "Developer",
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", "https://corp.awsapps.com/start", "sso_region", REGION,
                        "sso_registration_scopes", "sso:account:access");
        ssoLogin("corp", "https://corp.awsapps.com/start", "Developer", Instant.now().plus(1, ChronoUnit.HOURS));
        fake.credentialLifetime(LIFETIME);
        int seconds = 55;
        CompletableFuture<ChildJvm.Result> running = start(
                loadChild("v2", 4, seconds, 20).agent(null).env("AWS_PROFILE", "dev"), seconds);
        markAfterFirst("GetRoleCredentials");
        fake.faults().always(Service.SSO, Fault.ssoTokenRevoked());
        sleep(25_000); // past the credentials' expiry
        fake.faults().clear(Service.SSO);
        ChildJvm.Result result = finish(running);

        assertSane(result);
        assertTrue(summary(result, "FAILED") > 0, result.describe());
        assertTrue(result.stdout().contains("LAST_SECOND_OK=true"), "recovered: " + result.describe());
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("run: aws sso login --profile dev")),
                "the error says how to log in again: " + result.describe());
        // SSO role credentials do not say when they expire: re-confirmed every 5 s, plus backoff retries.
        assertTrue(fake.count("GetRoleCredentials") <= 25, "bounded SSO calls: " + fake.count("GetRoleCredentials"));
    }

    @Test
    void aFailingSsoOidcRefreshDoesNotDisturbAnAppWhoseSsoTokenIsStillValid() {
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", "Developer",
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", "https://corp.awsapps.com/start", "sso_region", REGION,
                        "sso_registration_scopes", "sso:account:access");
        String token = unique("aoa");
        String clientId = unique("client");
        String clientSecret = unique("csecret");
        String refreshToken = unique("aorefresh");
        // Inside the SDK's 5-minute refresh window: it tries SSO-OIDC on every use, and keeps the token when that fails.
        Instant expiresAt = Instant.now().plus(4, ChronoUnit.MINUTES);
        fake.registerSsoAccessToken(token, expiresAt, ACCOUNT, "Developer");
        fake.registerOidcClient(clientId, clientSecret, refreshToken, ACCOUNT, "Developer");
        files.ssoCache("corp", new SsoCacheFiles.Token(token, expiresAt, REGION,
                "https://corp.awsapps.com/start", clientId, clientSecret, Instant.now().plus(90, ChronoUnit.DAYS),
                refreshToken));
        fake.faults().always(Service.SSO_OIDC, Fault.status(500, "InternalServerException"));
        fake.credentialLifetime(LIFETIME);
        int seconds = 30;
        CompletableFuture<ChildJvm.Result> running = start(
                loadChild("v2", 4, seconds, 20).agent(null).env("AWS_PROFILE", "dev"), seconds);
        markAfterFirst("GetRoleCredentials");
        ChildJvm.Result result = finish(running);

        assertSane(result);
        assertEquals(0, summary(result, "FAILED_AFTER_MARK"), result.describe());
        assertTrue(fake.faults().injected(Service.SSO_OIDC) >= 1, "the SDK did try to refresh the token");
        assertTrue(successful("GetRoleCredentials") >= 2, "credentials were refreshed with the old token");
    }
}
