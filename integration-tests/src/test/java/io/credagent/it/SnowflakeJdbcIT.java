package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.FakeSnowflake;
import io.credagent.it.apps.JdbcConnectApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Snowflake JDBC with {@code authenticator=WORKLOAD_IDENTITY} (AWS): the driver signs an STS
 * GetCallerIdentity request with the credentials of its bundled, relocated SDK's default chain
 * (4.x: SDK v2 as {@code net.snowflake.client.jdbc.internal.software.amazon.awssdk}, 3.x: SDK v1 as
 * {@code net.snowflake.client.jdbc.internal.amazonaws}) and sends it as its login token; the fake
 * login endpoint verifies that signature. With credagent an {@code sso-session} profile signs it.
 *
 * <p>Nothing leaves 127.0.0.1: the account host {@code test.snowflakecomputing.com} (4.x accepts
 * only Snowflake hosts) is mapped to 127.0.0.1 by a hosts file that resolves nothing else,
 * {@code ssl=off} keeps the login on plain http, and platform detection (which probes cloud
 * metadata addresses) is off.
 */
class SnowflakeJdbcIT extends AgentScenario {
    private static final String ROLE = "Analyst";

    enum Driver {
        V4("snowflake-jdbc-4.4.1.jar"),
        V3("snowflake-jdbc-3.28.0.jar");

        final String jar;

        Driver(String jar) {
            this.jar = jar;
        }
    }

    private ChildJvm connect(Driver driver, FakeSnowflake snowflake) throws IOException {
        Path hosts = Files.writeString(home.resolve("hosts"), "127.0.0.1 test.snowflakecomputing.com\n");
        String url = "jdbc:snowflake://test.snowflakecomputing.com:" + snowflake.port()
                + "/?ssl=off&account=test&authenticator=WORKLOAD_IDENTITY&workloadIdentityProvider=AWS"
                + "&disablePlatformDetection=true";
        Path jar = Paths.get(ChildJvm.requiredProperty("fixture.snowflake-jdbc.dir"), driver.jar);
        List<String> classpath = new ArrayList<>(List.of(ChildJvm.requiredProperty("child.classes").split(File.pathSeparator)));
        classpath.add(jar.toString()); // the driver alone: it brings its own relocated SDK
        return ChildJvm.main(JdbcConnectApp.class, url)
                .classpathOnly(classpath.toArray(new String[0]))
                .sysProp("jdk.net.hosts.file", hosts.toString())
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("SNOWFLAKE_DISABLE_MINICORE", "true")
                .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
    }


    @ParameterizedTest
    @EnumSource(Driver.class)
    @Tag("second-jdk")
    void workloadIdentityLoginIsSignedWithTheSsoRole(Driver driver) throws IOException {
        ssoSessionProfile(ROLE);
        try (FakeSnowflake snowflake = fake.startSnowflake()) {
            ChildJvm.Result result = run(connect(driver, snowflake).agent(null).env("AWS_PROFILE", "dev"));
            result.assertExitCode(0);
            assertTrue(result.stdoutLines().contains("CONNECTED"), result.describe());
            assertEquals(List.of(new FakeSnowflake.Login(FakeAws.ssoRoleArn(ACCOUNT, ROLE), null)), snowflake.logins(),
                    result.describe());
            assertEquals(1, fake.count("GetRoleCredentials"));
            SecretLeaks.assertNoneLeaked(fake, result);
            assertNoAgentDefect(result);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void controlWithoutAgentTheDriversSdkCannotUseTheProfile(Driver driver) throws IOException {
        ssoSessionProfile(ROLE);
        try (FakeSnowflake snowflake = fake.startSnowflake()) {
            ChildJvm.Result result = run(connect(driver, snowflake).noAgent().env("AWS_PROFILE", "dev"));
            result.assertExitCode(3);
            assertEquals(List.of(), snowflake.logins().stream().filter(FakeSnowflake.Login::ok).toList(), result.describe());
            assertEquals(0, fake.count("GetRoleCredentials"));
        }
    }
}
