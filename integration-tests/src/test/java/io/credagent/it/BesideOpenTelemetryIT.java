package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * credagent beside the OpenTelemetry Java agent (2.20.1, spans to its logging exporter on stderr,
 * nothing to the network), in both orders on the command line: the application's own STS calls are
 * traced exactly as without credagent, and credagent's own calls (here the SSO portal's
 * GetRoleCredentials, on the application's thread and on credagent's) never show up as a span.
 */
class BesideOpenTelemetryIT extends AgentScenario {
    private static final String ROLE = "Developer";
    private static final String START_URL = "https://corp.awsapps.com/start";
    /** One span per line: {@code INFO: 'STS.GetCallerIdentity' : <trace> <span> CLIENT [tracer: ...] AttributesMap{...}}. */
    /** Per app, from its first case: which agent comes first makes no difference without credagent. */
    private static final Map<App, List<String>> CONTROL_SPANS = new EnumMap<>(App.class);
    private static final Pattern SPAN = Pattern.compile("'([^']*)' : [0-9a-f]{32} [0-9a-f]{16} [A-Z]+ \\[tracer: ([^\\]]*)\\]");

    @ParameterizedTest(name = "{0}, OpenTelemetry first: {1}")
    @CsvSource({"V1_BUILDER, true", "V1_BUILDER, false", "V2, true", "V2, false"})
    void credagentsOwnCallsAreNotTraced(App app, boolean otelFirst) {
        List<String> appSpans = CONTROL_SPANS.computeIfAbsent(app, this::spansWithoutCredagent);

        files.profile("dev", "sso_session", "corp", "sso_account_id", ACCOUNT, "sso_role_name", ROLE, "region", REGION)
                .ssoSession("corp", "sso_start_url", START_URL, "sso_region", REGION);
        ssoLogin("corp", START_URL, ROLE, Instant.now().plus(1, ChronoUnit.HOURS));
        ChildJvm.Result result = run(traced(child(app, 2).classpathExcluding("/awssdk/sso/", "/awssdk/ssooidc/"),
                otelFirst, true).env("AWS_PROFILE", "dev"));

        assertCalledAs(result, FakeAws.ssoRoleArn(ACCOUNT, ROLE), 2);
        assertEquals(1, fake.count("GetRoleCredentials"), "credagent made its SSO call");
        assertEquals(appSpans, spans(result), "the app's spans, and only those:\n" + result.describe());
        assertFalse(result.stderr().contains("thread.name=credagent"), result.describe());
        assertFalse(result.stderr().contains("federation/credentials"), result.describe());
    }

    /** The control: the app's spans under the OpenTelemetry agent alone, static keys in the environment. */
    private List<String> spansWithoutCredagent(App app) {
        Principal keys = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/traced");
        ChildJvm.Result control = run(traced(child(app, 2), true, false)
                .env("AWS_ACCESS_KEY_ID", keys.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey()));
        assertCalledAs(control, keys.arn(), 2);
        List<String> spans = spans(control);
        assertFalse(spans.isEmpty(), "OpenTelemetry traced nothing of the app:\n" + control.describe());
        fake.clearRequests();
        return spans;
    }

    /** {@code child} under the OpenTelemetry agent, and credagent (debug on) after or before it. */
    private static ChildJvm traced(ChildJvm child, boolean otelFirst, boolean withCredagent) {
        String otel = "-javaagent:" + otelAgentJar();
        String credagent = "-javaagent:" + ChildJvm.agentJar() + "=log=debug";
        child.noAgent()
                .sysProp("otel.traces.exporter", "logging")
                .sysProp("otel.metrics.exporter", "none")
                .sysProp("otel.logs.exporter", "none")
                .sysProp("otel.service.name", "traced-app");
        if (withCredagent && !otelFirst) {
            child.jvmArg(credagent);
        }
        child.jvmArg(otel);
        if (withCredagent && otelFirst) {
            child.jvmArg(credagent);
        }
        return child;
    }

    /** Each span's name and instrumentation, in the order they ended. */
    private static List<String> spans(ChildJvm.Result result) {
        return result.stderr().lines().map(SPAN::matcher).filter(Matcher::find)
                .map(m -> m.group(1) + " by " + m.group(2)).toList();
    }

    private static String otelAgentJar() {
        String jar = ChildJvm.requiredProperty("otel.agent.jar");
        assertTrue(Files.isRegularFile(Paths.get(jar)), "not built: " + jar);
        return jar;
    }
}
