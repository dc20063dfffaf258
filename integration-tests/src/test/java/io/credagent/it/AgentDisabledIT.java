package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.Principal;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When credagent is switched off or cannot start, the app runs exactly as without it. Every case
 * also asks for {@code profile=role} somewhere (agent arguments or CREDAGENT_PROFILE), so an agent
 * that started after all, even partly configured, would show as the role's ARN instead of the
 * environment keys' user.
 */
class AgentDisabledIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/role";

    /**
     * @param disabledLineMentions null: no credagent output at all; else the fragments the single
     *                             {@code credagent: disabled:} line must contain
     */
    record Case(String name, App app, UnaryOperator<ChildJvm> agentSetup, List<String> disabledLineMentions) {
        @Override
        public String toString() {
            return name + " (" + app + ")";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("enabled=false", App.V1_LEGACY, c -> c.agent("enabled=false,profile=role"), null),
                new Case("log=loud", App.V2, c -> c.agent("profile=role,log=loud"), List.of("'log'", "loud")),
                new Case("unknown option profle=x", App.V1_BUILDER,
                        c -> c.agent("profle=x").env("CREDAGENT_PROFILE", "role"), List.of("'profle'")),
                new Case("-Dcredagent.log=loud", App.V2,
                        c -> c.agent(null).sysProp("credagent.log", "loud").env("CREDAGENT_PROFILE", "role"),
                        List.of("credagent.log", "loud")));
    }

    private Principal envUser;

    private ChildJvm withStaticKeysAndRoleProfile(App app) {
        envUser = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-keys");
        Principal base = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/base");
        files.credentialsProfile("base", "aws_access_key_id", base.accessKeyId(),
                        "aws_secret_access_key", base.secretAccessKey())
                .profile("role", "role_arn", ROLE_ARN, "source_profile", "base");
        return child(app, 1)
                .env("AWS_ACCESS_KEY_ID", envUser.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", envUser.secretAccessKey());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appRunsAsWithoutAgent(Case c) {
        ChildJvm.Result result = run(c.agentSetup().apply(withStaticKeysAndRoleProfile(c.app())));

        assertCalledAs(result, envUser.arn(), 1);
        assertEquals(List.of("ARN=" + envUser.arn()), result.stdoutLines(), "same output as the control run");
        assertEquals(0, fake.count("AssumeRole"), "the role profile must not be used");
        if (c.disabledLineMentions() == null) {
            assertNoCredagentOutput(result);
        } else {
            List<String> lines = credagentLines(result);
            assertEquals(1, lines.size(), "exactly one credagent line:\n" + result.describe());
            String line = lines.get(0);
            assertTrue(line.startsWith("credagent: disabled:"), line);
            for (String fragment : c.disabledLineMentions()) {
                assertTrue(line.contains(fragment), "'" + fragment + "' not in: " + line);
            }
            assertEquals(1, result.stderr().lines().filter(l -> l.contains("credagent")).count(), result.describe());
        }
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void controlWithoutAgent(App app) {
        ChildJvm.Result result = run(withStaticKeysAndRoleProfile(app).noAgent());
        assertCalledAs(result, envUser.arn(), 1);
        assertEquals(List.of("ARN=" + envUser.arn()), result.stdoutLines());
        assertNoCredagentOutput(result);
        assertEquals(0, fake.count("AssumeRole"));
    }
}
