package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.LoginCacheFiles;
import io.credagent.fake.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@code aws login} profiles ({@code login_session}), which neither SDK v1 nor an SDK v2 app without
 * the {@code signin} module can use: the AWS CLI left a session in {@code ~/.aws/login/cache}, and
 * credagent answers from it, refreshing it through the fake Sign-In service with a DPoP proof made
 * with the session's key, and rewrites the entry as the CLI keeps it.
 */
class LoginSessionIT extends AgentScenario {
    private static final String CONSOLE_ARN = "arn:aws:sts::" + ACCOUNT + ":assumed-role/Admin/alice";
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/deploy";

    private final KeyPair key = LoginCacheFiles.newKey();
    private Path cacheDirectory;

    @BeforeEach
    void consoleProfile() {
        cacheDirectory = home.resolve(".aws/login/cache");
        files.profile("console", "login_session", CONSOLE_ARN, "region", REGION)
                .profile("deploy", "role_arn", ROLE_ARN, "source_profile", "console", "role_session_name", "deploy");
    }

    /** The CLI's entry for the session, with credentials valid for {@code lifetime} (negative: expired). */
    private Path cliEntry(String refreshToken, Duration lifetime) throws IOException {
        Principal session = fake.loginSession(CONSOLE_ARN, ACCOUNT, key, refreshToken, lifetime);
        return LoginCacheFiles.write(cacheDirectory, CONSOLE_ARN, session, refreshToken, key,
                Map.of("cliOnlyField", "kept"));
    }

    private ChildJvm app(App app) {
        return child(app, 2).env("AWS_ENDPOINT_URL_SIGNIN", fake.endpoint());
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    @Tag("second-jdk")
    void anExpiredSessionIsRefreshedWithADpopProofAndTheCliEntryKeepsItsFields(App app) throws IOException {
        Path entry = cliEntry("refresh-1", Duration.ofMinutes(-5));

        ChildJvm.Result result = run(app(app).agent(null).env("AWS_PROFILE", "console"));

        assertCalledAs(result, CONSOLE_ARN, 2);
        List<LoggedRequest> refreshes = fake.requests().stream().filter(r -> "CreateOAuth2Token".equals(r.action())).toList();
        assertEquals(1, refreshes.size(), fake.requests().toString());
        assertTrue(refreshes.get(0).ok(), refreshes.toString());
        assertEquals("valid", refreshes.get(0).details().get("dpop"));
        Map<String, Object> rewritten = LoginCacheFiles.read(entry);
        @SuppressWarnings("unchecked")
        Map<String, Object> access = (Map<String, Object>) rewritten.get("accessToken");
        assertEquals(refreshes.get(0).issuedAccessKeyId(), access.get("accessKeyId"));
        assertEquals(ACCOUNT, access.get("accountId"));
        assertTrue(String.valueOf(access.get("expiresAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), rewritten.toString());
        assertNotEquals("refresh-1", rewritten.get("refreshToken"), "the rotated refresh token is kept");
        assertEquals("cli-id-token", rewritten.get("idToken"), "the CLI's fields stay");
        assertEquals("kept", rewritten.get("cliOnlyField"));
        assertFalse(rewritten.containsKey("identityToken"), rewritten.keySet().toString());
        assertEquals(List.of("accessToken", "tokenType", "clientId", "refreshToken", "idToken", "dpopKey", "cliOnlyField"),
                List.copyOf(rewritten.keySet()), "the CLI's order");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)));
        assertTrue(Files.readString(entry).startsWith("{\"accessToken\": {\"accessKeyId\": \""),
                "the CLI's separators, not the SDK's compact JSON");
        assertNoAgentDefect(result);
    }

    /**
     * The session's refresh token changes at every refresh: JVMs that refreshed one session at once
     * would all but one present a token already spent. Under the lock of the session's cache file,
     * one refreshes and the others read its result.
     */
    @Test
    void fourJvmsOnOneExpiredSessionRefreshItOnce() throws IOException {
        cliEntry("refresh-1", Duration.ofMinutes(-5));
        List<java.util.concurrent.CompletableFuture<ChildJvm.Result>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            App app = i % 2 == 0 ? App.V1_BUILDER : App.V2;
            runs.add(inParallel(() -> run(app(app).agent("log=error").env("AWS_PROFILE", "console"))));
        }
        for (java.util.concurrent.CompletableFuture<ChildJvm.Result> run : runs) {
            ChildJvm.Result result = run.join();
            result.assertExitCode(0);
            assertEquals(List.of("ARN=" + CONSOLE_ARN, "ARN=" + CONSOLE_ARN), arnLines(result), result.describe());
            assertNoAgentDefect(result);
        }
        List<LoggedRequest> refreshes = fake.requests().stream().filter(r -> "CreateOAuth2Token".equals(r.action())).toList();
        assertEquals(1, refreshes.size(), "one refresh for 4 JVMs: " + refreshes);
    }

    @Test
    void controlWithoutAgentSdkV1CannotUseALoginSession() throws IOException {
        cliEntry("refresh-1", Duration.ofHours(1));
        String error = assertAppFailed(run(app(App.V1_BUILDER).noAgent().env("AWS_PROFILE", "console")));
        assertTrue(error.startsWith("com.amazonaws.SdkClientException: Unable to load AWS credentials"), error);
        assertEquals(0, fake.callerIdentityCalls().size());
    }

    @Test
    void aValidSessionIsUsedAsItIsWithoutCallingSignIn() throws IOException {
        Path entry = cliEntry("refresh-1", Duration.ofHours(1));
        String before = Files.readString(entry);

        ChildJvm.Result result = run(app(App.V1_LEGACY).agent(null).env("AWS_PROFILE", "console"));

        assertCalledAs(result, CONSOLE_ARN, 2);
        assertEquals(0, fake.count("CreateOAuth2Token"));
        assertEquals(before, Files.readString(entry), "nothing rewritten");
    }

    @Test
    void theCacheDirectoryVariableIsHonouredWithTheCliHomeExpansion() throws IOException {
        cacheDirectory = home.resolve("elsewhere/login");
        Path entry = cliEntry("refresh-1", Duration.ofMinutes(-5));

        ChildJvm.Result result = run(app(App.V2).agent(null).env("AWS_PROFILE", "console")
                .env("AWS_LOGIN_CACHE_DIRECTORY", "~/elsewhere/login"));

        assertCalledAs(result, CONSOLE_ARN, 2);
        assertEquals(1, fake.count("CreateOAuth2Token"));
        assertNotEquals("refresh-1", LoginCacheFiles.read(entry).get("refreshToken"), "rewritten where it was found");
    }

    @Test
    @Tag("second-jdk")
    void aLoginSessionIsTheSourceOfARole() throws IOException {
        cliEntry("refresh-1", Duration.ofMinutes(-1));

        ChildJvm.Result result = run(app(App.V1_BUILDER).agent(null).env("AWS_PROFILE", "deploy"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "deploy"), 2);
        LoggedRequest assume = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).findFirst().orElseThrow();
        LoggedRequest refresh = fake.requests().stream().filter(r -> "CreateOAuth2Token".equals(r.action())).findFirst().orElseThrow();
        assertEquals(refresh.issuedAccessKeyId(), assume.signingAccessKeyId(), "AssumeRole signed with the refreshed session");
        assertEquals(CONSOLE_ARN, assume.callerArn());
    }

    @Test
    void aRefreshTokenSignInNoLongerAcceptsAsksForAwsLogin() throws IOException {
        Principal session = fake.loginSession(CONSOLE_ARN, ACCOUNT, key, "refresh-known", Duration.ofMinutes(-5));
        LoginCacheFiles.write(cacheDirectory, CONSOLE_ARN, session, "refresh-revoked", key, Map.of());

        ChildJvm.Result result = run(app(App.V2).agent(null).env("AWS_PROFILE", "console"));

        String message = assertAgentError(result, App.V2);
        assertTrue(message.contains("profile 'console' (aws login session)"), message);
        assertTrue(message.endsWith("run: aws login --profile console"), message);
        assertEquals(0, fake.callerIdentityCalls().size(), "no call with the expired session");
    }

    @Test
    void noCacheEntryAsksForAwsLogin() {
        ChildJvm.Result result = run(app(App.V1_BUILDER).agent(null).env("AWS_PROFILE", "console"));
        String message = assertAgentError(result, App.V1_BUILDER);
        assertTrue(message.contains("You must re-authenticate") && message.endsWith("run: aws login --profile console"),
                message);
    }
}
