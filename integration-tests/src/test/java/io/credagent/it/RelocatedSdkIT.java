package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.it.apps.DriverHostApp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drivers that bundle a relocated SDK copy, each loaded in its own class loader like a JDBC driver:
 * SDK v1 with its prefix replaced ({@code com.simba.athena.amazonaws}, as Simba's Athena driver) or
 * prepended ({@code vendor.shaded.com.amazonaws}), SDK v2 prepended
 * ({@code shadow.software.amazon.awssdk}). All get credagent's IAM Identity Center role credentials,
 * several copies at once in one JVM.
 */
class RelocatedSdkIT extends AgentScenario {
    private static final String ROLE = "Analyst";
    private static final String START_URL = "https://corp.awsapps.com/start";
    private static final String SIMBA = ChildJvm.requiredProperty("fixture.driver-simba.jar") + "|fixture.driver.V1Driver";
    private static final String VENDOR = ChildJvm.requiredProperty("fixture.driver-vendor.jar") + "|fixture.driver.V1Driver";
    private static final String SHADOW = ChildJvm.requiredProperty("fixture.driver-shadow.jar") + "|fixture.driver.V2Driver";

    private final String ssoRoleArn = FakeAws.ssoRoleArn(ACCOUNT, ROLE);

    @BeforeEach
    void ssoProfile() {
        files.profile("analytics", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE,
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION);
        ssoLogin("corp", START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    private ChildJvm host(String... drivers) {
        String[] args = new String[drivers.length + 1];
        args[0] = fake.endpoint();
        System.arraycopy(drivers, 0, args, 1, drivers.length);
        // Only the host on the class path: every SDK the drivers use is their own relocated copy.
        return ChildJvm.main(DriverHostApp.class, args).classpathExcluding("/")
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
    }

    @Test
    @Tag("second-jdk")
    void threeRelocatedCopiesInOneJvmUseTheirDefaultChains() {
        ChildJvm.Result result = run(host(SIMBA + "|-", VENDOR + "|-", SHADOW + "|-")
                .agent("log=debug").env("AWS_PROFILE", "analytics"));

        assertCalledAs(result, ssoRoleArn, 3);
        assertEquals(List.of("PROVIDER_INTERFACE=com.simba.athena.amazonaws.auth.AWSCredentialsProvider",
                        "PROVIDER_INTERFACE=vendor.shaded.com.amazonaws.auth.AWSCredentialsProvider",
                        "PROVIDER_INTERFACE=shadow.software.amazon.awssdk.auth.credentials.AwsCredentialsProvider"),
                result.stdoutLines().stream().filter(l -> l.startsWith("PROVIDER_INTERFACE=")).toList());
        for (String instrumented : List.of("com.simba.athena.amazonaws.auth.AWSCredentialsProviderChain",
                "vendor.shaded.com.amazonaws.auth.AWSCredentialsProviderChain",
                "shadow.software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider")) {
            assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("instrumented " + instrumented + " in")),
                    instrumented + " instrumented:\n" + result.describe());
        }
        assertEquals(1, fake.count("GetRoleCredentials"), "one identity, one source, whatever the SDK copy");
    }

    @Test
    void twoCopiesOfTheSameDriverInSeparateLoadersAnswerTheirProfileProviders() {
        ChildJvm.Result result = run(host(SIMBA + "|analytics", SIMBA + "|analytics", SHADOW + "|analytics")
                .agent(null));
        assertCalledAs(result, ssoRoleArn, 3);
    }

    @Test
    void hardCodedKeysInRelocatedCopiesAreReportedOrReplacedLikeAnyOther() {
        io.credagent.fake.Principal hardCoded = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/driver-keys");
        String keys = "static:" + hardCoded.accessKeyId() + ":" + hardCoded.secretAccessKey();

        ChildJvm.Result reported = run(host(VENDOR + "|" + keys, SHADOW + "|" + keys).agent("override=report,profile=analytics"));
        assertCalledAs(reported, hardCoded.arn(), 2);
        List<String> lines = credagentLines(reported).stream().filter(l -> l.contains("static key")).toList();
        assertEquals(1, lines.size(), "one key, said once whatever the copy: " + reported.describe());
        assertTrue(lines.get(0).contains(" from vendor.shaded.com.amazonaws.internal.StaticCredentialsProvider, used from fixture.driver.V1Driver"),
                lines.get(0));

        fake.clearRequests();
        ChildJvm.Result replaced = run(host(VENDOR + "|" + keys, SHADOW + "|" + keys, SIMBA + "|" + keys)
                .agent("override=static,profile=analytics"));
        assertCalledAs(replaced, ssoRoleArn, 3);
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    @Test
    void controlWithoutAgentTheRelocatedSdkV1CannotUseSso() {
        ChildJvm.Result result = run(host(SIMBA + "|-").noAgent().env("AWS_PROFILE", "analytics"));
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("com.simba.athena.amazonaws.SdkClientException: Unable to load AWS credentials"),
                error);
    }
}
