package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import io.credagent.it.apps.V1ProviderApp;
import io.credagent.it.apps.V2ProviderApp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Providers the application (or a driver) chose explicitly: each answers from credagent for the
 * identity it stands for. The machine has an IAM Identity Center profile {@code dev} (valid cached
 * token) that neither app could use on its own, and a {@code [default]} with an IAM user's keys.
 */
class ExplicitProvidersIT extends AgentScenario {
    private static final String ROLE = "Developer";
    private static final String START_URL = "https://corp.awsapps.com/start";
    private static final String[] SSO_JARS = {"/awssdk/sso/", "/awssdk/ssooidc/"};

    private final String ssoRoleArn = FakeAws.ssoRoleArn(ACCOUNT, ROLE);
    private final String defaultUserArn = "arn:aws:iam::" + ACCOUNT + ":user/default-user";
    private Principal defaultUser;

    @BeforeEach
    void ssoProfileAndDefaultKeys() {
        defaultUser = fake.staticUser(defaultUserArn);
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE,
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION,
                        "sso_registration_scopes", "sso:account:access")
                .credentialsProfile("default", "aws_access_key_id", defaultUser.accessKeyId(),
                        "aws_secret_access_key", defaultUser.secretAccessKey())
                // An SSO profile nobody logged in with: no cached token.
                .profile("stale", "sso_session", "other", "sso_account_id", ACCOUNT, "sso_role_name", ROLE)
                .ssoSession("other", "sso_start_url", "https://other.awsapps.com/start", "sso_region", REGION);
        ssoLogin("corp", START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    private ChildJvm v1(String provider) {
        return child(ChildJvm.main(V1ProviderApp.class, fake.endpoint(), "2", provider), true);
    }

    private ChildJvm v2(String provider) {
        return child(ChildJvm.main(V2ProviderApp.class, fake.endpoint(), "2", provider), false)
                .classpathExcluding(SSO_JARS);
    }

    // ---- SDK v1 ----------------------------------------------------------------------------------

    @Test
    @Tag("second-jdk")
    void v1ProfileProviderAnswersForTheProfileItNames() {
        assertCalledAs(run(v1("profile:dev").agent(null)), ssoRoleArn, 2);
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    @Test
    void controlV1ProfileProviderWithoutAgentCannotUseSso() {
        String error = assertAppFailed(run(v1("profile:dev").noAgent()));
        assertTrue(error.startsWith("java.lang.IllegalArgumentException") || error.contains("dev"), error);
        assertEquals(0, fake.callerIdentityCalls().size());
    }

    @Test
    void v1ProfileProviderKeepsItsOwnProfileAgainstAwsProfile() {
        // The app named [default]; AWS_PROFILE=dev must not change that.
        assertCalledAs(run(v1("profile:default").agent(null).env("AWS_PROFILE", "dev")), defaultUserArn, 2);
    }

    @Test
    void v1ProfileProviderWithoutNameTakesAwsProfile() {
        assertCalledAs(run(v1("profile").agent(null).env("AWS_PROFILE", "dev")), ssoRoleArn, 2);
    }

    @Test
    @Tag("second-jdk")
    void v1EnvironmentProviderAnswersFromTheDefaultIdentity() {
        assertCalledAs(run(v1("environment").agent(null).env("AWS_PROFILE", "dev")), ssoRoleArn, 2);
    }

    @Test
    void v1SystemPropertiesProviderAnswersFromTheProfileOption() {
        assertCalledAs(run(v1("system-properties").agent("profile=dev")), ssoRoleArn, 2);
    }

    @Test
    void v1S3ChainAnswers() {
        assertCalledAs(run(v1("s3-chain").agent(null).env("AWS_PROFILE", "dev")), ssoRoleArn, 2);
    }

    @Test
    @Tag("second-jdk")
    void v1S3ChainSurfacesCredagentsErrorInsteadOfGoingAnonymous() {
        ChildJvm.Result result = run(v1("s3-chain").agent("profile=stale"));
        String message = assertAgentError(result, App.V1_BUILDER);
        assertTrue(message.contains("stale"), message);
        assertTrue(fake.requests().stream().noneMatch(r -> "GetCallerIdentity".equals(r.action())),
                "no request, signed or anonymous: " + fake.requests());
    }

    @Test
    void controlV1S3ChainWithoutAgentGoesAnonymous() {
        // What the interception prevents: the S3 chain swallows the failure and sends unsigned requests.
        ChildJvm.Result result = run(v1("s3-chain").noAgent().env("AWS_PROFILE", "stale"));
        assertAppFailed(result);
        assertTrue(fake.requests().stream().anyMatch(r -> "GetCallerIdentity".equals(r.action()) && !r.ok()),
                "an anonymous request reached the fake: " + fake.requests());
    }

    @Test
    void narrowedToDefaultChainsTheV1EnvironmentProviderIsTheSdksOwn() {
        ChildJvm.Result result = run(v1("environment").agent("intercept=default-chains").env("AWS_PROFILE", "dev"));
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("com.amazonaws.SdkClientException: Unable to load AWS credentials from environment"),
                error);
        assertFalse(error.contains("credagent"), error);
    }

    // ---- SDK v2 (without the sso modules) ------------------------------------------------------------

    @Test
    @Tag("second-jdk")
    void v2ProfileProviderAnswersForTheProfileItNames() {
        assertCalledAs(run(v2("profile:dev").agent(null)), ssoRoleArn, 2);
    }

    @Test
    @Tag("second-jdk")
    void v2DefaultProviderWithProfileNameUsesThatProfile() {
        // Without the name the [default] keys would answer.
        assertCalledAs(run(v2("default-profile:dev").agent(null)), ssoRoleArn, 2);
    }

    @Test
    @Tag("second-jdk")
    void v2EnvironmentAndSystemPropertyProvidersAnswerFromTheDefaultIdentity() {
        assertCalledAs(run(v2("environment").agent(null).env("AWS_PROFILE", "dev")), ssoRoleArn, 2);
        fake.clearRequests();
        assertCalledAs(run(v2("system-properties").agent(null).env("AWS_PROFILE", "dev")), ssoRoleArn, 2);
    }

    @Test
    @Tag("second-jdk")
    void v2InstanceProfileProviderAnswersOnlyWhenOptedIn() {
        assertCalledAs(run(v2("instance-profile").agent("intercept=all").env("AWS_PROFILE", "dev")), ssoRoleArn, 2);
        fake.clearRequests();
        String error = assertAppFailed(run(v2("instance-profile").agent(null).env("AWS_PROFILE", "dev")));
        assertFalse(error.contains("credagent"), "the SDK's own IMDS lookup failed: " + error);
    }

    // ---- override: long-term keys from any class -----------------------------------------------

    /** Every way an application hands its own keys to an SDK client, SDK v1 and v2. */
    private List<ChildJvm> hardCodedKeyApps(Principal hardCoded) {
        String keys = hardCoded.accessKeyId() + ":" + hardCoded.secretAccessKey();
        return List.of(v1("static:" + keys), v1("own:" + keys),
                child(ChildJvm.main(io.credagent.it.apps.V1LegacyConstructorApp.class, fake.endpoint(), "2", keys), true),
                v2("static:" + keys), v2("own:" + keys), v2("lambda:" + keys));
    }

    @Test
    @Tag("second-jdk")
    void withOverrideStaticEveryHardCodedKeyIsReplacedAndSaidOnce() {
        Principal hardCoded = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/hard-coded");
        for (ChildJvm app : hardCodedKeyApps(hardCoded)) {
            fake.clearRequests();
            ChildJvm.Result result = run(app.agent("override=static,profile=dev"));
            assertCalledAs(result, ssoRoleArn, 2);
            String report = staticKeyReport(result, hardCoded);
            assertTrue(report.startsWith("credagent: override=static: static key "), report);
            assertTrue(report.contains(" is replaced by credentials from profile 'dev'"), report);
        }
    }

    @Test
    void withOverrideReportEveryHardCodedKeyStaysAndIsSaidOnceWithWhereItCameFrom() {
        Principal hardCoded = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/hard-coded");
        List<String> suppliers = List.of("com.amazonaws.auth.AWSStaticCredentialsProvider",
                "io.credagent.it.apps.V1ProviderApp$HardCodedKeys", "com.amazonaws.internal.StaticCredentialsProvider",
                "software.amazon.awssdk.auth.credentials.StaticCredentialsProvider",
                "io.credagent.it.apps.V2ProviderApp$HardCodedKeys", "io.credagent.it.apps.V2ProviderApp");
        List<ChildJvm> apps = hardCodedKeyApps(hardCoded);
        for (int i = 0; i < apps.size(); i++) {
            fake.clearRequests();
            ChildJvm.Result result = run(apps.get(i).agent("override=report,profile=dev"));
            assertCalledAs(result, hardCoded.arn(), 2);
            String report = staticKeyReport(result, hardCoded);
            assertTrue(report.startsWith("credagent: override=report: static key "), report);
            assertTrue(report.contains(" from " + suppliers.get(i) + ", used from io.credagent.it.apps."), report);
            assertTrue(report.contains("(override=static would replace it by credentials from profile 'dev'"), report);
            assertEquals(0, fake.count("GetRoleCredentials"), "report replaces nothing, so resolves nothing");
        }
    }

    @Test
    void withOverrideStaticAFailingDefaultIdentityFailsTheCallInsteadOfUsingTheKey() {
        Principal hardCoded = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/hard-coded");
        ChildJvm.Result result = run(v2("own:" + hardCoded.accessKeyId() + ":" + hardCoded.secretAccessKey())
                .agent("override=static,profile=stale"));
        String error = assertAgentError(result, App.V2);
        assertTrue(error.contains("stale"), error);
        assertTrue(fake.callerIdentityCalls().isEmpty(), "the hard-coded key never reached the fake: " + fake.requests());
    }

    @Test
    void keysOfTheDefaultIdentityItselfStayUnderOverrideStatic() {
        // No profile: the default identity is the [default] user's keys, which replace nothing.
        ChildJvm.Result result = run(v2("own:" + defaultUser.accessKeyId() + ":" + defaultUser.secretAccessKey())
                .agent("override=static"));
        assertCalledAs(result, defaultUserArn, 2);
        assertTrue(credagentLines(result).stream().noneMatch(l -> l.contains("static key")), result.describe());
        // The check did run: the same key under report is said.
        fake.clearRequests();
        ChildJvm.Result reported = run(v2("own:" + defaultUser.accessKeyId() + ":" + defaultUser.secretAccessKey())
                .agent("override=report"));
        assertCalledAs(reported, defaultUserArn, 2);
        staticKeyReport(reported, defaultUser);
    }

    @Test
    void staticKeysStayWithoutOverride() {
        Principal hardCoded = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/hard-coded");
        ChildJvm.Result result = run(v2("static:" + hardCoded.accessKeyId() + ":" + hardCoded.secretAccessKey())
                .agent("profile=dev"));
        assertCalledAs(result, hardCoded.arn(), 2);
    }

    /** The one line about {@code hardCoded}'s key, which is masked there and nowhere in clear. */
    static String staticKeyReport(ChildJvm.Result result, Principal hardCoded) {
        String id = hardCoded.accessKeyId();
        String masked = id.substring(0, 4) + "..." + id.substring(id.length() - 4);
        List<String> reports = credagentLines(result).stream().filter(l -> l.contains("static key")).toList();
        assertEquals(1, reports.size(), result.describe());
        assertTrue(reports.get(0).contains(" static key " + masked + " from "), reports.get(0));
        assertFalse(result.stderr().contains(id) || result.stdout().contains(id), "key id printed unmasked");
        return reports.get(0);
    }

    private ChildJvm child(ChildJvm child, boolean sdkV1) {
        child.home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", fake.endpoint());
        if (sdkV1) {
            child.env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        }
        return child;
    }
}
