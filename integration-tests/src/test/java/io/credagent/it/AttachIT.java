package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import io.credagent.it.apps.AttachApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar credagent.jar attach <pid> profile=dev} on an application that has already made
 * calls with static keys from its environment: its clients, built before the attach (and the SDK v1
 * default chain singleton behind them), use the SSO role from then on.
 */
@Tag("second-jdk")
class AttachIT extends AgentScenario {
    private static final String ROLE = "Operator";
    private static final String START_URL = "https://corp.awsapps.com/start";
    /** What HotSpot itself prints on JDK 21+ for a dynamically loaded agent (JEP 451). */
    private static final Pattern JVM_DYNAMIC_AGENT_WARNING = Pattern.compile(
            "^WARNING: (A Java agent has been loaded dynamically|If a serviceability tool is in use|"
                    + "If a serviceability tool is not in use|Dynamic loading of agents will be disallowed).*");

    @Test
    void runningAppSwitchesFromStaticKeysToTheRoleAfterAttach() throws IOException {
        Principal staticUser = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/hard-coded");
        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE, "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION);
        ssoLogin("corp", START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
        Path trigger = home.resolve("attached");

        ChildJvm.Running app = ChildJvm.main(AttachApp.class, fake.endpoint(), trigger.toString())
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                .env("AWS_ACCESS_KEY_ID", staticUser.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", staticUser.secretAccessKey())
                .start();
        app.awaitStdoutLines("WAITING", 1, TIMEOUT);

        attach(app.pid(), "profile=dev");

        Files.createFile(trigger);
        ChildJvm.Result result = app.finish(TIMEOUT);

        result.assertExitCode(0);
        String role = FakeAws.ssoRoleArn(ACCOUNT, ROLE);
        assertEquals(List.of("ARN=" + staticUser.arn(), "ARN=" + staticUser.arn(), "ARN=" + role, "ARN=" + role),
                arnLines(result), result.describe());
        List<LoggedRequest> calls = fake.callerIdentityCalls();
        assertEquals(4, calls.size());
        assertEquals(1, fake.count("GetRoleCredentials"), "one source for both SDKs");
        assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("active") && l.contains("(attached)")),
                result.describe());
        assertNoStackTrace(result);
        SecretLeaks.assertNoneLeaked(fake, result);
        // Nothing alarming beyond the JVM's own dynamic-attach notice (JDK 21+) and credagent's lines.
        for (String line : result.stderr().lines().toList()) {
            boolean expected = line.startsWith("credagent: ") || JVM_DYNAMIC_AGENT_WARNING.matcher(line).matches()
                    || line.startsWith("OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes")
                    || line.startsWith("SLF4J: ");
            assertTrue(expected, "unexpected stderr line: " + line + "\n" + result.describe());
        }
        assertFalse(result.stderr().contains("sun.misc.Unsafe"), result.describe());
    }
}
