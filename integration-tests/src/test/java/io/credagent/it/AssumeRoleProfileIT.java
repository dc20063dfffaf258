package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An old-style SDK v1 program ({@code new AWSSecurityTokenServiceClient()}) on an assume-role profile. */
class AssumeRoleProfileIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::444455556666:role/app";

    @Test
    void sdkV1LegacyConstructorAssumesRoleFromSourceProfileOnce() {
        Principal base = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/base");
        files.credentialsProfile("base", "aws_access_key_id", base.accessKeyId(),
                        "aws_secret_access_key", base.secretAccessKey())
                .profile("app", "role_arn", ROLE_ARN, "source_profile", "base", "role_session_name", "legacy-app");

        ChildJvm.Result result = run(child(App.V1_LEGACY, 3).agent("log=debug").env("AWS_PROFILE", "app"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "legacy-app"), 3);
        assertAnsweredByAgentFromProfile(result, "app");
        List<LoggedRequest> assumes = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).toList();
        assertEquals(1, assumes.size(), "one AssumeRole for 3 calls (credentials are cached): " + assumes);
        LoggedRequest assume = assumes.get(0);
        assertEquals("OK", assume.outcome());
        assertEquals(base.accessKeyId(), assume.signingAccessKeyId(), "AssumeRole signed by the source profile's key");
        assertEquals(ROLE_ARN, assume.details().get("RoleArn"));
        for (LoggedRequest call : fake.callerIdentityCalls()) {
            assertEquals(assume.issuedAccessKeyId(), call.signingAccessKeyId(), "signed with the assumed role's key");
        }
    }
}
