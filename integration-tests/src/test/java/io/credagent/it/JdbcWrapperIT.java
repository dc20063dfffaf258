package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.FakePostgres;
import io.credagent.it.apps.JdbcConnectApp;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The AWS Advanced JDBC Wrapper 4.3.0 with its {@code iam} plugin over the PostgreSQL driver: the
 * wrapper presigns an RDS auth token with SDK v2's {@code DefaultCredentialsProvider} and sends it
 * as the password; the fake PostgreSQL endpoint lets the user in only if the token verifies
 * (SigV4, {@code rds-db}, this host, port and user) with keys the fake issued. With credagent, an
 * {@code sso-session} profile, which the wrapper's SDK v2 cannot use without the sso modules, signs it.
 */
class JdbcWrapperIT extends AgentScenario {
    private static final String ROLE = "DatabaseReader";

    private ChildJvm jdbcApp(FakePostgres postgres) {
        String url = "jdbc:aws-wrapper:postgresql://127.0.0.1:" + postgres.port() + "/orders"
                + "?wrapperPlugins=iam&wrapperDialect=pg&user=reporting&iamRegion=us-east-1"
                + "&sslmode=disable&assumeMinServerVersion=12&preferQueryMode=simple";
        return ChildJvm.main(JdbcConnectApp.class, url, "select 1")
                .dependenciesFrom(Paths.get(ChildJvm.requiredProperty("fixture.jdbc-wrapper.classpath")))
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint());
    }


    @Test
    @Tag("second-jdk")
    void iamPluginSignsTheRdsTokenWithTheSsoRole() throws IOException {
        ssoSessionProfile(ROLE);
        try (FakePostgres postgres = fake.startPostgres()) {
            ChildJvm.Result result = run(jdbcApp(postgres).agent(null).env("AWS_PROFILE", "dev"));

            result.assertExitCode(0);
            assertEquals(List.of("CONNECTED", "ROW=1"), result.stdoutLines().stream()
                    .filter(l -> l.startsWith("CONNECTED") || l.startsWith("ROW=")).toList(), result.describe());
            assertEquals(List.of(new FakePostgres.Login("reporting", FakeAws.ssoRoleArn(ACCOUNT, ROLE), null)),
                    postgres.logins());
            assertEquals(1, fake.count("GetRoleCredentials"));
            SecretLeaks.assertNoneLeaked(fake, result);
            assertNoAgentDefect(result);
        }
    }

    @Test
    void controlWithoutAgentTheWrappersSdkFindsNoCredentials() throws IOException {
        ssoSessionProfile(ROLE);
        try (FakePostgres postgres = fake.startPostgres()) {
            ChildJvm.Result result = run(jdbcApp(postgres).noAgent().env("AWS_PROFILE", "dev"));
            result.assertExitCode(3);
            assertTrue(result.stdout().contains("Unable to load credentials") || result.stdout().contains("SdkClientException"),
                    result.describe());
            assertEquals(List.of(), postgres.logins(), "no token reached the database");
        }
    }
}
