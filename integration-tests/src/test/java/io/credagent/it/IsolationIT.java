package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import io.credagent.it.apps.OwnSdkVersionsApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An application with its own, older SDK v2 (2.17.295) and ASM (9.2) on its class path
 * keeps using its own, while its default-chain lookups are answered by credagent. 2.17's
 * {@code AwsSessionCredentials} has no builder: the answer must be built with {@code create(...)}.
 */
class IsolationIT extends AgentScenario {

    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/dev";
    private static final Path OLD_SDK_CLASSPATH = Paths.get(ChildJvm.requiredProperty("fixture.sdk-v2-old.classpath"));

    private ChildJvm oldSdkApp() {
        ChildJvm child = ChildJvm.main(OwnSdkVersionsApp.class, fake.endpoint(), "2")
                .dependenciesFrom(OLD_SDK_CLASSPATH)
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint());
        return child;
    }

    @Test
    @Tag("second-jdk")
    void appWithOlderSdkV2AndAsmKeepsItsOwnAndGetsTheAgentsCredentials() {
        Principal profileUser = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/profile-user");
        files.profile("dev", "role_arn", ROLE_ARN, "source_profile", "base", "role_session_name", "isolation")
                .credentialsProfile("base", "aws_access_key_id", profileUser.accessKeyId(),
                        "aws_secret_access_key", profileUser.secretAccessKey());

        ChildJvm.Result result = run(oldSdkApp().agent("profile=dev,log=debug"));

        // The call is made with the role credagent assumed: a session key, built through create(...).
        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "isolation"), 2);
        assertEquals("2.17.295", value(result, "SDK_VERSION"), result.describe());
        assertTrue(value(result, "PROVIDER_SOURCE").endsWith("/auth-2.17.295.jar"), result.describe());
        assertTrue(value(result, "ASM_SOURCE").endsWith("/asm-9.2.jar"), result.describe());
        assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("instrumented software.amazon.awssdk.auth"
                + ".credentials.DefaultCredentialsProvider")), result.describe());
        assertEquals(1, fake.count("AssumeRole"));
        fake.callerIdentityCalls().forEach(call -> assertTrue(call.signingAccessKeyId().startsWith("ASIA"), call.toString()));
        // The transformer was warmed up on its own thread, on the jar's own sample class.
        assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("instrumentation warmed up")), result.describe());
    }

    @Test
    void controlWithoutAgentTheAppsOwnChainFindsNothing() {
        // Same app and class path, no agent: 2.17's own chain finds no credentials (no default profile).
        files.profile("dev", "role_arn", ROLE_ARN, "source_profile", "base");
        ChildJvm.Result result = run(oldSdkApp().noAgent());
        String error = assertAppFailed(result);
        assertTrue(error.startsWith("software.amazon.awssdk.core.exception.SdkClientException"), error);
        assertEquals("2.17.295", value(result, "SDK_VERSION"));
        assertEquals(0, fake.callerIdentityCalls().size());
    }

    private static String value(ChildJvm.Result result, String key) {
        List<String> lines = result.stdoutLines().stream().filter(l -> l.startsWith(key + "=")).toList();
        assertEquals(1, lines.size(), key + " printed once: " + result.describe());
        return lines.get(0).substring(key.length() + 1);
    }
}
