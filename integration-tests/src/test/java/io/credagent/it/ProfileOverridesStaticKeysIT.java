package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Moving an app off static keys in its environment: with credagent's {@code profile} option the
 * profile answers although AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set (which, without the agent,
 * win in both SDKs' default chains).
 */
class ProfileOverridesStaticKeysIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/deploy";

    private Principal envUser;
    private Principal baseUser;

    private ChildJvm withStaticKeysInEnv(App app) {
        envUser = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/env-keys");
        baseUser = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/base");
        files.credentialsProfile("base", "aws_access_key_id", baseUser.accessKeyId(),
                        "aws_secret_access_key", baseUser.secretAccessKey())
                .profile("deploy", "role_arn", ROLE_ARN, "source_profile", "base");
        return child(app, 2)
                .env("AWS_ACCESS_KEY_ID", envUser.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", envUser.secretAccessKey());
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void profileOptionWinsOverStaticEnvironmentKeys(App app) {
        ChildJvm.Result result = run(withStaticKeysInEnv(app).agent("profile=deploy"));

        List<LoggedRequest> assumes = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).toList();
        assertEquals(1, assumes.size(), result.describe() + "\n" + assumes);
        LoggedRequest assume = assumes.get(0);
        assertEquals(baseUser.accessKeyId(), assume.signingAccessKeyId(), "AssumeRole signed by source_profile base");
        String session = assume.details().get("RoleSessionName");
        assertNotNull(session);
        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, session), 2);
    }

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void controlWithoutAgentTheEnvironmentKeysAnswer(App app) {
        ChildJvm.Result result = run(withStaticKeysInEnv(app).noAgent());
        assertCalledAs(result, envUser.arn(), 2);
        assertEquals(0, fake.count("AssumeRole"));
    }
}
