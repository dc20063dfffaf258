package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import io.credagent.fake.SsoCacheFiles;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * IAM Identity Center (SSO) profiles, which SDK v1 cannot use at all and SDK v2 only with the
 * {@code sso} and {@code ssooidc} modules on the class path: under credagent, both answer from the
 * SSO portal with nothing added to the app.
 */
class SsoProfileIT extends AgentScenario {
    private static final String ROLE = "Developer";
    private static final String START_URL = "https://corp.awsapps.com/start";
    /** Jars that would give an SDK v2 app SSO support of its own. */
    private static final String[] SSO_JARS = {"/awssdk/sso/", "/awssdk/ssooidc/"};

    private final String ssoRoleArn = FakeAws.ssoRoleArn(ACCOUNT, ROLE);

    /** [profile dev] with sso_session = corp, a valid cached token for corp, and a [default] with other keys. */
    private void ssoSessionProfileWithValidToken() {
        Principal other = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/default-user");
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE,
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION,
                        "sso_registration_scopes", "sso:account:access")
                .credentialsProfile("default", "aws_access_key_id", other.accessKeyId(),
                        "aws_secret_access_key", other.secretAccessKey());
        ssoLogin("corp", START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    @Test
    void sdkV1BuilderAnswersFromSsoSessionProfileSelectedByAwsProfile() {
        ssoSessionProfileWithValidToken();
        ChildJvm.Result result = run(child(App.V1_BUILDER, 2).agent(null).env("AWS_PROFILE", "dev"));
        assertCalledAs(result, ssoRoleArn, 2);
        assertEquals(1, fake.count("GetRoleCredentials"), "role credentials are cached between calls");
    }

    @Test
    void sdkV1BuilderAnswersFromSsoSessionProfileSelectedByAgentOption() {
        ssoSessionProfileWithValidToken();
        // Without the option the [default] keys would answer; the option makes it the SSO profile.
        ChildJvm.Result result = run(child(App.V1_BUILDER, 2).agent("profile=dev"));
        assertCalledAs(result, ssoRoleArn, 2);
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    @Test
    void controlSdkV1WithoutAgentCannotUseSso() {
        ssoSessionProfileWithValidToken();
        ChildJvm.Result result = run(child(App.V1_BUILDER, 1).noAgent().env("AWS_PROFILE", "dev"));
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("com.amazonaws.SdkClientException: Unable to load AWS credentials"),
                result.describe());
        assertEquals(0, fake.count("GetRoleCredentials"));
        assertEquals(0, fake.callerIdentityCalls().size());
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    // ---- SDK v2 without the sso/ssooidc modules --------------------------------------------------

    /** A legacy SSO profile (sso_start_url in the profile, cache named after the URL), valid token. */
    private void legacySsoProfileWithValidToken() {
        files.profile("legacy", "sso_start_url", START_URL, "sso_region", REGION, "sso_account_id", ACCOUNT,
                "sso_role_name", ROLE, "region", REGION);
        ssoLogin(START_URL, START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    private ChildJvm v2WithoutSsoJars() {
        ChildJvm child = child(App.V2, 2).classpathExcluding(SSO_JARS);
        assertTrue(child.classpath().stream().noneMatch(e -> e.contains("/awssdk/sso")), "sso jars on the class path");
        return child;
    }

    @Test
    void sdkV2WithoutSsoJarsAnswersFromLegacySsoProfile() {
        legacySsoProfileWithValidToken();
        ChildJvm.Result result = run(v2WithoutSsoJars().agent(null).env("AWS_PROFILE", "legacy"));
        assertCalledAs(result, ssoRoleArn, 2);
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    /**
     * Apps pin their SDK's HTTP client with this property (several clients on the class path make
     * the SDK refuse to choose). It is the app's choice for its own SDK: credagent's copy, which
     * has no Apache client, must neither fail on it nor let it replace its proxy-aware client.
     */
    @Test
    void theAppsHttpServiceSettingChoosesForItsOwnSdkOnly() {
        legacySsoProfileWithValidToken();
        ChildJvm.Result result = run(v2WithoutSsoJars().agent(null).env("AWS_PROFILE", "legacy")
                .sysProp("software.amazon.awssdk.http.service.impl", "software.amazon.awssdk.http.apache5.Apache5SdkHttpService"));
        assertCalledAs(result, ssoRoleArn, 2);
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    @Test
    void controlSdkV2WithoutSsoJarsAndWithoutAgentFails() {
        legacySsoProfileWithValidToken();
        ChildJvm.Result result = run(v2WithoutSsoJars().noAgent().env("AWS_PROFILE", "legacy"));
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("software.amazon.awssdk.core.exception.SdkClientException: "), error);
        assertTrue(error.contains("'sso' service module must be on the class path"), error);
        assertEquals(0, fake.count("GetRoleCredentials"));
        SecretLeaks.assertNoneLeaked(fake, result);
    }

    @Test
    void sdkV2WithoutSsoJarsRefreshesExpiredSsoSessionTokenThroughSsoOidc() {
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE,
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION,
                        "sso_registration_scopes", "sso:account:access");
        String expiredToken = unique("aoa");
        Instant expiredAt = Instant.now().minus(1, ChronoUnit.HOURS);
        // The portal knows the old token, but it has expired: only a refreshed token gets credentials.
        fake.registerSsoAccessToken(expiredToken, expiredAt, ACCOUNT, ROLE);
        String clientId = unique("client");
        String clientSecret = unique("clientsecret");
        String refreshToken = unique("aor");
        fake.registerOidcClient(clientId, clientSecret, refreshToken, ACCOUNT, ROLE);
        files.ssoCache("corp", new SsoCacheFiles.Token(expiredToken, expiredAt, REGION, START_URL, clientId,
                clientSecret, Instant.now().plus(30, ChronoUnit.DAYS), refreshToken));

        ChildJvm.Result result = run(v2WithoutSsoJars().agent(null).env("AWS_PROFILE", "dev"));

        assertCalledAs(result, ssoRoleArn, 2);
        assertEquals(1, fake.count("CreateToken"), "one refresh through SSO-OIDC");
        assertEquals(1, fake.count("GetRoleCredentials"));
        assertTrue(fake.requests().stream().filter(r -> "CreateToken".equals(r.action()))
                .allMatch(r -> r.ok() && "refresh_token".equals(r.details().get("grantType"))), fake.requests().toString());
        SsoCacheFiles.Token cached = files.readSsoCache("corp");
        assertTrue(cached.expiresAt().isAfter(Instant.now()), "refreshed token written to the cache: " + cached);
    }
}
