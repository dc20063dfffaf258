package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A fleet starting together against a throttling STS (apache/datafusion-comet#6024: 238 of 250
 * Spark executors failed after throttled AssumeRoleWithWebIdentity calls fell through to the node
 * role). {@value #RATE} requests per second are allowed; above that STS answers Throttling. Every
 * JVM's first call must succeed with the pod's role (a throttled first lookup waits for the
 * retries), none may use the node's (IMDS offers one), and with the shared cache the fleet makes
 * about one call. {@code -Dfleet.jvms=32} for the size (the default
 * keeps {@code mvn -B verify} short on 2 cores).
 */
class FleetStartIT extends AgentScenario {
    private static final int JVMS = Integer.getInteger("fleet.jvms", 12);
    private static final int RATE = 2;
    private static final String POD_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/executor";
    private static final String NODE_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/eks-node";

    @Test
    void withTheSharedCacheTheFleetMakesAboutOneCall() throws IOException {
        Fleet fleet = start(null);

        assertTrue(fleet.requests.size() <= 2, "about one call for " + JVMS + " JVMs: " + fleet.requests);
        assertEquals(0, fleet.throttled(), fleet.requests.toString());
        fleet.report("shared cache");
    }

    @Test
    void jvmsOnTheirOwnAllGetTheRoleDespiteThrottling() throws IOException {
        Fleet fleet = start("cache=memory");

        assertEquals(JVMS, fleet.accepted(), "one role session per JVM: " + fleet.requests);
        // Throttled JVMs back off (the SDK's retries, then credagent's 1, 2, 4 ... s) and wait for
        // them at the start: no retry storm. (On 2 cores the JVMs start over several seconds, so
        // the first burst is spread out and the busiest second is reported, not judged.)
        assertTrue(fleet.requests.size() <= 5 * JVMS, "no retry storm (each of credagent's attempts is up to 3 of the SDK's): " + fleet.requests);
        fleet.report("cache=memory");
    }

    private Fleet start(String options) throws IOException {
        String token = unique("eyJ");
        fake.registerWebIdentityToken(token);
        fake.imdsRole(NODE_ROLE);
        fake.stsRateLimit(RATE);
        Path tokenFile = Files.writeString(home.resolve("token"), token);
        Instant started = Instant.now();
        List<CompletableFuture<ChildJvm.Result>> runs = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            App app = i % 2 == 0 ? App.V1_BUILDER : App.V2;
            ChildJvm child = child(app, 2).agent(options)
                    .env("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString())
                    .env("AWS_ROLE_ARN", POD_ROLE)
                    .env("AWS_ROLE_SESSION_NAME", "executor")
                    .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.endpoint());
            runs.add(inParallel(() -> child.run(Duration.ofSeconds(120))));
        }
        for (CompletableFuture<ChildJvm.Result> run : runs) {
            ChildJvm.Result result = run.join();
            result.assertExitCode(0);
            assertEquals(Collections.nCopies(2, "ARN=" + FakeAws.assumedRoleArn(POD_ROLE, "executor")), arnLines(result),
                    result.describe());
            assertNoAgentDefect(result);
        }
        Duration took = Duration.between(started, Instant.now());
        for (LoggedRequest call : fake.callerIdentityCalls()) {
            assertEquals(FakeAws.assumedRoleArn(POD_ROLE, "executor"), call.callerArn(), "never the node role");
        }
        assertEquals(0, fake.requests().stream().filter(r -> "imds".equals(r.service())).count(),
                "no JVM fell through to instance metadata");
        return new Fleet(fake.requests().stream().filter(r -> "AssumeRoleWithWebIdentity".equals(r.action())).toList(), took);
    }

    private record Fleet(List<LoggedRequest> requests, Duration took) {
        long accepted() {
            return requests.stream().filter(LoggedRequest::ok).count();
        }

        long throttled() {
            return requests.stream().filter(r -> "Throttling".equals(r.outcome())).count();
        }

        /** The most requests (any outcome) in one second, from one second after the first request on. */
        long busiestSecondAfterTheFirst() {
            Instant from = requests.get(0).at().plusSeconds(1);
            long most = 0;
            for (LoggedRequest start : requests) {
                if (start.at().isBefore(from)) {
                    continue;
                }
                Instant end = start.at().plusSeconds(1);
                most = Math.max(most, requests.stream().filter(r -> !r.at().isBefore(start.at()) && r.at().isBefore(end)).count());
            }
            return most;
        }

        void report(String mode) {
            System.out.println("fleet (" + mode + "): " + JVMS + " JVMs, STS limit " + RATE + "/s: " + requests.size()
                    + " AssumeRoleWithWebIdentity requests, " + accepted() + " accepted, " + throttled() + " throttled, busiest"
                    + " second after the first " + busiestSecondAfterTheFirst() + ", all JVMs done in " + took.toMillis() + " ms");
        }
    }
}
