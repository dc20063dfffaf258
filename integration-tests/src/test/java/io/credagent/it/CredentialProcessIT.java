package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Principal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** A {@code credential_process} profile: run once per JVM, its answer cached until it expires. */
class CredentialProcessIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/process-role";

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void processCredentialsAreFetchedOnceAndUsedForEveryCall(App app) throws IOException {
        // Session credentials the fake issued, handed to the process as its (only) output.
        Principal user = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/process-owner");
        Credentials session;
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(fake.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(user.accessKeyId(), user.secretAccessKey())))
                .build()) {
            session = sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("from-process")).credentials();
        }
        fake.clearRequests();

        Path dir = Files.createDirectories(home.resolve("process"));
        Path output = dir.resolve("credentials.json");
        Files.writeString(output, "{\"Version\": 1, \"AccessKeyId\": \"" + session.accessKeyId()
                + "\", \"SecretAccessKey\": \"" + session.secretAccessKey()
                + "\", \"SessionToken\": \"" + session.sessionToken()
                + "\", \"Expiration\": \"" + session.expiration() + "\"}\n", StandardCharsets.UTF_8);
        Path counter = dir.resolve("runs.txt");
        Path script = dir.resolve("credentials.sh");
        Files.writeString(script, "#!/bin/sh\necho run >> '" + counter + "'\ncat '" + output + "'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        files.profile("proc", "credential_process", script.toString());

        ChildJvm.Result result = run(child(app, 3).agent("log=debug").env("AWS_PROFILE", "proc"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "from-process"), 3);
        assertAnsweredByAgentFromProfile(result, "proc");
        assertEquals(List.of("run"), Files.readAllLines(counter), "the process ran exactly once for 3 calls");
        assertEquals(0, fake.count("AssumeRole"));
    }
}
