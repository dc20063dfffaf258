package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import io.credagent.it.apps.JdbcConnectApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Amazon Redshift JDBC 2.3.0 (SDK v2 as the application's optional dependency) with an IAM URL: its
 * {@code GetClusterCredentials} call goes to the fake ({@code endpointUrl} connection property) and
 * must be signed with the IAM Identity Center role's credentials, once through the driver's default
 * chain and once with {@code Profile=} naming the SSO profile, which the driver alone cannot use
 * (amazon-redshift-jdbc-driver issues #35, #36, #70). There is no database behind it: the driver's
 * database connection afterwards goes to a closed local port and fails, as the test expects.
 */
class RedshiftJdbcIT extends AgentScenario {
    private static final String ROLE = "DataEngineer";
    private static final String START_URL = "https://corp.awsapps.com/start";
    private static final Path REDSHIFT_CLASSPATH = Paths.get(ChildJvm.requiredProperty("fixture.redshift-jdbc.classpath"));

    private final String ssoRoleArn = FakeAws.ssoRoleArn(ACCOUNT, ROLE);

    @BeforeEach
    void ssoProfileAndOtherDefaultKeys() {
        Principal other = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/other");
        files.profile("warehouse", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE,
                        "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION)
                .credentialsProfile("default", "aws_access_key_id", other.accessKeyId(),
                        "aws_secret_access_key", other.secretAccessKey());
        ssoLogin("corp", START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    private ChildJvm connect(String extraProperties) {
        String url = "jdbc:redshift:iam://127.0.0.1:1/dev?ClusterID=analytics&Region=" + REGION
                + "&DbUser=etl&AutoCreate=false&endpointUrl=" + fake.redshiftEndpoint() + extraProperties;
        return ChildJvm.main(JdbcConnectApp.class, url)
                .dependenciesFrom(REDSHIFT_CLASSPATH)
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint());
    }

    @Test
    void defaultChainSignsGetClusterCredentialsWithTheSsoRole() {
        ChildJvm.Result result = run(connect("").agent(null).env("AWS_PROFILE", "warehouse"));
        assertSignedBySsoRole(result);
    }

    @Test
    @Tag("second-jdk")
    void profilePropertyNamingAnSsoProfileWorks() {
        // AWS_PROFILE is not set: only the connection property names the SSO profile.
        ChildJvm.Result result = run(connect("&Profile=warehouse").agent(null));
        assertSignedBySsoRole(result);
    }

    @Test
    void controlWithoutAgentTheDriverCannotUseTheSsoProfile() {
        ChildJvm.Result result = run(connect("&Profile=warehouse").noAgent());
        assertAppFailed(result);
        assertTrue(fake.requests().stream().noneMatch(r -> "GetClusterCredentials".equals(r.action()) && r.ok()),
                fake.requests().toString());
    }

    private void assertSignedBySsoRole(ChildJvm.Result result) {
        assertAppFailed(result); // no database behind the fake: the connection itself fails afterwards
        List<LoggedRequest> calls = fake.requests().stream()
                .filter(r -> "GetClusterCredentials".equals(r.action())).toList();
        assertEquals(1, calls.size(), "one GetClusterCredentials: " + fake.requests() + "\n" + result.describe());
        LoggedRequest call = calls.get(0);
        assertEquals("OK", call.outcome(), call.toString());
        assertEquals(ssoRoleArn, call.callerArn(), "signed with the SSO role's key: " + call);
        assertEquals("etl", call.details().get("DbUser"));
        assertEquals("analytics", call.details().get("ClusterIdentifier"));
        assertTrue(result.stdout().contains("Connection refused") || result.stdout().contains("127.0.0.1"),
                "failed at the database connection, after authentication: " + result.describe());
        assertNoStackTrace(result);
        SecretLeaks.assertNoneLeaked(fake, result);
    }
}
