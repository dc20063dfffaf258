package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's container and Kubernetes recipe: the image sets {@code JAVA_TOOL_OPTIONS=-javaagent:/opt/credagent.jar}
 * and nothing else changes, not the command line, not the app. The child JVM here is started
 * without {@code -javaagent}; only the environment carries the agent, with what EKS puts there for
 * IAM roles for service accounts (web identity) and for EKS Pod Identity (a container endpoint
 * with an authorization token file).
 */
class ContainerRecipeIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/pod-role";

    private ChildJvm agentOnlyFromTheEnvironment(App app, int calls) {
        return child(app, calls).noAgent()
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar())
                .env("CREDAGENT_LOG", "debug");
    }

    @Test
    @Tag("second-jdk")
    void irsaWebIdentityThroughJavaToolOptionsOnly() throws IOException {
        String token = unique("eyJ");
        fake.registerWebIdentityToken(token);
        Path tokenFile = Files.writeString(home.resolve("eks-token"), token);
        ChildJvm.Result result = run(agentOnlyFromTheEnvironment(App.V1_BUILDER, 2)
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString())
                .env("AWS_ROLE_ARN", ROLE_ARN)
                .env("AWS_ROLE_SESSION_NAME", "irsa-pod"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "irsa-pod"), 2);
        assertEquals(1, fake.count("AssumeRoleWithWebIdentity"), "one role session for both calls");
        assertAgentAnswered(result, "web identity (AWS_WEB_IDENTITY_TOKEN_FILE");
    }

    @Test
    @Tag("second-jdk")
    void eksPodIdentityThroughJavaToolOptionsOnly() throws IOException {
        String token = unique("pod-identity-token-");
        fake.containerRole(ROLE_ARN, token);
        Path tokenFile = Files.writeString(home.resolve("pod-identity-token"), token);
        ChildJvm.Result result = run(agentOnlyFromTheEnvironment(App.V2, 2)
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", fake.containerUri())
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString()));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "container-task"), 2);
        assertAgentAnswered(result, "container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }

    /** The JVM took the agent from JAVA_TOOL_OPTIONS, and credagent, not the app's SDK, found the credentials. */
    private static void assertAgentAnswered(ChildJvm.Result result, String source) {
        assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: -javaagent:")),
                result.describe());
        assertTrue(credagentLines(result).stream().anyMatch(l -> l.startsWith("credagent: active")), result.describe());
        assertTrue(credagentLines(result).stream().anyMatch(l -> l.contains("from " + source)), result.describe());
    }
}
