package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import io.credagent.it.apps.AttachApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar credagent.jar status <pid>} on a running application: credagent's MXBean, read
 * through the attach API and the JVM's local management agent.
 */
class StatusIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/app";

    private ChildJvm.Running app(String agentOptions, Path trigger) {
        Principal base = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/base");
        boolean agentOn = agentOptions == null || !agentOptions.contains("enabled=false");
        files.credentialsProfile("base", "aws_access_key_id", base.accessKeyId(),
                        "aws_secret_access_key", base.secretAccessKey())
                .profile("app", "role_arn", ROLE_ARN, "source_profile", "base", "role_session_name", "status");
        ChildJvm.Running app = ChildJvm.main(AttachApp.class, fake.endpoint(), trigger.toString())
                .agent(agentOptions)
                .home(home)
                .env("AWS_REGION", REGION)
                .env(agentOn ? "AWS_PROFILE" : "AWS_ACCESS_KEY_ID", agentOn ? "app" : base.accessKeyId())
                .env(agentOn ? "AWS_REGION" : "AWS_SECRET_ACCESS_KEY", agentOn ? REGION : base.secretAccessKey())
                .env("AWS_ENDPOINT_URL_STS", fake.endpoint())
                .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                .start();
        app.awaitStdoutLines("WAITING", 1, TIMEOUT);
        return app;
    }

    private static ChildJvm.Result status(long pid, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "status";
        args[1] = String.valueOf(pid);
        System.arraycopy(more, 0, args, 2, more.length);
        return ChildJvm.main("io.credagent.entry.AgentEntry", args).classpathOnly(ChildJvm.agentJar()).run(TIMEOUT);
    }

    @Test
    void showsEachIdentityItsRefreshesAndTheLookupsPerProviderClass() throws IOException {
        Path trigger = home.resolve("done");
        ChildJvm.Running app = app(null, trigger);
        try {
            ChildJvm.Result text = status(app.pid());
            ChildJvm.Result json = status(app.pid(), "--format", "json");

            text.assertExitCode(0);
            String issued = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).findFirst().get()
                    .issuedAccessKeyId();
            String masked = issued.substring(0, 4) + "..." + issued.substring(issued.length() - 4);
            String out = text.stdout();
            assertTrue(out.startsWith("credagent 0.1.0-SNAPSHOT in JVM " + app.pid() + ": enabled=true, log=info"), out);
            assertTrue(out.contains("\nidentity default chain: " + masked + " from profile 'app' (assume role via"
                    + " source_profile 'base'), expires in 59 min; refreshed 1 time, last "), out);
            // SDK v1 asks its chain once per request signing and once more for the client; SDK v2 once.
            assertTrue(out.matches("(?s).*\nlookups: com\\.amazonaws\\.auth\\.DefaultAWSCredentialsProviderChain=[1-9][0-9]*"
                    + " software\\.amazon\\.awssdk\\.auth\\.credentials\\.DefaultCredentialsProvider=[1-9][0-9]*\n.*"), out);
            assertTrue(out.endsWith("static keys seen: none\nagent defects: 0\n"), out);
            json.assertExitCode(0);
            assertTrue(json.stdout().contains("\"identities\":[{\"accessKeyId\":\"" + masked + "\""), json.stdout());
            assertTrue(json.stdout().contains("\"failures\":0"), json.stdout());
            SecretLeaks.assertNoneLeaked(fake, text);
            SecretLeaks.assertNoneLeaked(fake, json);
        } finally {
            Files.createFile(trigger);
        }
        ChildJvm.Result result = app.finish(TIMEOUT);
        result.assertExitCode(0);
        assertEquals(4, arnLines(result).stream().filter(l -> l.equals("ARN=" + FakeAws.assumedRoleArn(ROLE_ARN, "status")))
                .count(), result.describe());
        assertNoAgentDefect(result);
    }

    @Test
    void overrideReportShowsTheLongTermKeysSeen() throws IOException {
        Path trigger = home.resolve("done");
        // The default identity is [base]'s long-term keys: reported, kept.
        ChildJvm.Running app = app("override=report,profile=base", trigger);
        try {
            ChildJvm.Result text = status(app.pid());
            text.assertExitCode(0);
            String out = text.stdout();
            assertTrue(out.contains(", override=report [agent arguments],"), out);
            assertTrue(out.matches("(?s).*\nstatic keys seen: AKIA\\.\\.\\.[A-Z0-9]{4} from com\\.amazonaws\\.auth\\."
                    + "DefaultAWSCredentialsProviderChain, used from io\\.credagent\\.it\\.apps\\.AttachApp[^;]*: reported\n.*"), out);
            SecretLeaks.assertNoneLeaked(fake, text);
        } finally {
            Files.createFile(trigger);
        }
        ChildJvm.Result result = app.finish(TIMEOUT);
        result.assertExitCode(0);
        assertNoAgentDefect(result);
    }

    @Test
    void withTheAgentDisabledThereIsNothingToShow() throws IOException {
        Path trigger = home.resolve("done");
        ChildJvm.Running app = app("enabled=false", trigger);
        try {
            ChildJvm.Result result = status(app.pid());

            result.assertExitCode(2);
            assertEquals("credagent: credagent is not active in JVM " + app.pid() + ", or has answered no lookup yet",
                    result.stderr().trim());
        } finally {
            Files.createFile(trigger);
            app.finish(TIMEOUT);
        }
    }
}
