package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.Faults;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A {@code credential_process} profile, alone or as the source of a role chain: run once per JVM,
 * its answer cached until it expires.
 */
class CredentialProcessIT extends AgentScenario {
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/process-role";

    private static final String APP_ROLE_ARN = "arn:aws:iam::444455556666:role/app";

    private Credentials session;
    private Path counter;

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void processCredentialsAreFetchedOnceAndUsedForEveryCall(App app) throws IOException {
        files.profile("proc", "credential_process", processPrintingASession().toString());

        ChildJvm.Result result = run(child(app, 3).agent("log=debug").env("AWS_PROFILE", "proc"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, "from-process"), 3);
        assertAnsweredByAgentFromProfile(result, "proc");
        assertEquals(List.of("run"), Files.readAllLines(counter), "the process ran exactly once for 3 calls");
        assertEquals(0, fake.count("AssumeRole"));
    }

    /**
     * The process as a role's source, two roles down: credagent runs it (with its time limit), the
     * SDK's assume-role provider uses its keys, with the profile's session name and external id.
     */
    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_BUILDER", "V2"})
    void processUnderARoleChainSignsTheAssumeRoleAndRunsOnce(App app) throws IOException {
        files.profile("base", "credential_process", processPrintingASession().toString())
                .profile("middle", "role_arn", ROLE_ARN, "source_profile", "base", "role_session_name", "middle")
                .profile("app", "role_arn", APP_ROLE_ARN, "source_profile", "middle", "role_session_name", "nested-app",
                        "external_id", "ext-4711");

        ChildJvm.Result result = run(child(app, 3).agent("log=debug,process-timeout=30").env("AWS_PROFILE", "app"));

        assertCalledAs(result, FakeAws.assumedRoleArn(APP_ROLE_ARN, "nested-app"), 3);
        assertAnsweredByAgentFromProfile(result, "app");
        assertEquals(List.of("run"), Files.readAllLines(counter), "the process ran exactly once for 3 calls");
        List<LoggedRequest> assumes = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).toList();
        assertEquals(2, assumes.size(), "one AssumeRole per role for 3 calls: " + assumes);
        LoggedRequest middle = assumes.get(0);
        assertEquals("OK", middle.outcome());
        assertEquals(session.accessKeyId(), middle.signingAccessKeyId(), "signed by the process's keys");
        assertEquals(ROLE_ARN, middle.details().get("RoleArn"));
        LoggedRequest top = assumes.get(1);
        assertEquals("OK", top.outcome());
        assertEquals(middle.issuedAccessKeyId(), top.signingAccessKeyId(), "signed by the middle role's keys");
        assertEquals(APP_ROLE_ARN, top.details().get("RoleArn"));
        assertEquals("ext-4711", top.details().get("ExternalId"));
    }

    /**
     * A hanging process as a role's source: the app gets credagent's one-line PROCESS_ERROR naming
     * both profiles after {@code process-timeout}, not after the 30 s a first lookup may wait, and
     * the process does not outlive it (the SDK's provider would leave it running).
     */
    @Test
    void hangingProcessUnderARoleFailsTheLookupAndIsStopped() throws Exception {
        Path pids = home.resolve("pids");
        Path script = home.resolve("hang.sh");
        Files.writeString(script, "#!/bin/sh\necho $$ >> '" + pids + "'\nexec sleep 600\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        files.profile("base", "credential_process", script.toString())
                .profile("app", "role_arn", APP_ROLE_ARN, "source_profile", "base");

        ChildJvm.Result result = run(child(App.V2, 1).agent("process-timeout=1").env("AWS_PROFILE", "app"));

        try {
            String message = assertAgentError(result, App.V2);
            assertTrue(message.contains("profile 'app' (assume role via source_profile 'base') via profile 'base'"
                    + " (credential_process): credential_process of profile 'base' did not finish within 1 s and was"
                    + " stopped; fix the command or raise process-timeout"), message);
            assertEquals(0, fake.count("AssumeRole"));
        } finally {
            assertStopped(Files.readAllLines(pids));
        }
    }

    /** STS refusing the role is STS's failure (SERVICE_ERROR wording), not the process's. */
    @Test
    void stsRefusingTheRoleOverAProcessIsReportedAsStssAnswer() throws IOException {
        files.profile("base", "credential_process", processPrintingASession().toString())
                .profile("app", "role_arn", APP_ROLE_ARN, "source_profile", "base");
        fake.faults().always(Faults.Service.STS_CREDENTIALS, Faults.Fault.status(403, "AccessDenied"));

        ChildJvm.Result result = run(child(App.V2, 1).agent(null).env("AWS_PROFILE", "app"));

        String message = assertAgentError(result, App.V2);
        assertTrue(message.contains("profile 'app' (assume role via source_profile 'base') via profile 'base'"
                + " (credential_process): Sts AccessDenied (HTTP 403)"), message);
        assertFalse(message.contains("failed:"), "not the process's failure: " + message);
        assertEquals(List.of("run"), Files.readAllLines(counter));
    }

    /** Each PID is gone (or a zombie) within a few seconds; any left running is killed, and the test fails. */
    /**
     * credagent as the credential_process of the very profile it resolves: each run would start the
     * next one. The nested run sees whom it runs for (_CREDAGENT_PROFILE_CHAIN) and stops, in one line.
     */
    @Test
    void resolveAsTheCredentialProcessOfItsOwnProfileStopsAtOnce() {
        String self = ChildJvm.javaExecutable() + " -cp " + ChildJvm.agentJar()
                + " io.credagent.entry.AgentEntry resolve --profile self --format process";
        files.profile("self", "credential_process", self);
        ChildJvm.Result result = ChildJvm.main("io.credagent.entry.AgentEntry", "resolve", "--profile", "self")
                .classpathOnly(ChildJvm.agentJar())
                .home(home)
                .run(TIMEOUT);
        result.assertExitCode(1);
        assertTrue(result.stdout().contains("\"category\":\"PROCESS_ERROR\""), result.describe());
        assertTrue(result.stdout().contains("runs credagent for profile 'self' again (self > self)"), result.describe());
        assertEquals(1, result.stderr().lines().filter(l -> l.startsWith("credagent: ")).count(), result.describe());
    }

    private static void assertStopped(List<String> pids) throws Exception {
        assertFalse(pids.isEmpty(), "the process never started");
        List<String> running = new ArrayList<>();
        for (String pid : pids) {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (isRunning(pid) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            if (isRunning(pid)) {
                running.add(pid);
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertEquals(List.of(), running, "processes still running after the lookup failed");
    }

    /** Through {@code ps}: a killed orphan may stay a zombie in a container without an init. */
    private static boolean isRunning(String pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", pid.trim()).redirectErrorStream(true).start();
        String state = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor();
        return !state.isEmpty() && !state.startsWith("Z");
    }

    /**
     * A script printing session credentials the fake issued (for {@link #ROLE_ARN}, session
     * {@code from-process}), counting its runs in {@link #counter}.
     */
    private Path processPrintingASession() throws IOException {
        session = roleSession(ROLE_ARN, "from-process");
        Path dir = Files.createDirectories(home.resolve("process"));
        counter = dir.resolve("runs.txt");
        return processPrinting(session, dir, counter);
    }
}
