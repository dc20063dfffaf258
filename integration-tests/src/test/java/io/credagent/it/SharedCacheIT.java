package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.it.apps.LockHolderApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One refresh per host: JVMs on one identity share temporary credentials through the AWS CLI's
 * cache ({@code ~/.aws/cli/cache}, option {@code cache=shared}, the default), and reuse what the CLI
 * itself cached. Every JVM here shares one HOME, as processes of one user on one host do.
 */
class SharedCacheIT extends LoadScenario {

    /** botocore's key for {@code {"RoleArn": ROLE_ARN, "RoleSessionName": SESSION}}: sha1 of Python's json.dumps(args, sort_keys=True). */
    private static final String ROLE_KEY = "185a37ca355521e1a92426de92a0c22742bc0e4e";
    private static final Duration LIFETIME = Duration.ofSeconds(20);
    private static final int JVMS = 8;
    private static final DateTimeFormatter CLI_EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'UTC'")
            .withZone(ZoneOffset.UTC);

    private Path roleEntry() {
        return home.resolve(".aws/cli/cache/" + ROLE_KEY + ".json");
    }

    /**
     * 20 s credentials refresh in their last 5 s (at most 1.25 s of jitter), so consecutive calls are
     * 15 to 16.25 s apart: stopping 40 s after the first leaves exactly 3 lifetimes.
     */
    @Test
    void eightJvmsOnOneRoleMakeOneAssumeRolePerCredentialLifetime() throws IOException {
        List<Instant> assumes = eightJvmsUntil("", first -> first.get(0).plusSeconds(40));

        assertEquals(3, assumes.size(), "one AssumeRole per lifetime for " + JVMS + " JVMs: " + assumes);
        for (int i = 1; i < assumes.size(); i++) {
            assertTrue(Duration.between(assumes.get(i - 1), assumes.get(i)).toMillis() >= 14_000,
                    "no second call within a lifetime: " + assumes);
        }
        // The entry is the AWS CLI's: its name, its document, owner-only.
        Path entry = roleEntry();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)));
        String document = Files.readString(entry);
        LoggedRequest last = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).reduce((a, b) -> b).get();
        assertTrue(document.matches("\\{\"Credentials\": \\{\"AccessKeyId\": \"" + last.issuedAccessKeyId()
                + "\", \"SecretAccessKey\": \"[^\"]+\", \"SessionToken\": \"[^\"]+\", "
                + "\"Expiration\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dUTC\", \"AccountId\": \"444455556666\"}}"),
                document.replaceAll("\"(SecretAccessKey|SessionToken)\": \"[^\"]+\"", "\"$1\": \"...\""));
        assertEquals(fake.principal(last.issuedAccessKeyId()).get().secretAccessKey(),
                document.replaceAll(".*\"SecretAccessKey\": \"([^\"]+)\".*", "$1"));
    }

    /** The control: without the shared cache each JVM refreshes on its own, 3 times in the same span. */
    @Test
    void withCacheMemoryEveryJvmCallsStsForEachLifetime() {
        List<Instant> assumes = eightJvmsUntil("cache=memory",
                calls -> later(calls.get(0).plusSeconds(40), calls.get(JVMS - 1).plusSeconds(33)));

        assertEquals(3 * JVMS, assumes.size(), "3 lifetimes for each of " + JVMS + " JVMs: " + assumes);
        assertFalse(Files.exists(home.resolve(".aws/cli")), "cache=memory writes nothing");
    }

    /** What `aws sts`-backed CLI profiles leave behind is used as it is: no call to STS at all. */
    @ParameterizedTest
    @EnumSource(value = App.class, names = {"V1_LEGACY", "V2"})
    void anEntryTheAwsCliWroteIsReused(App app) throws IOException {
        assumeRoleProfile();
        Credentials cli = roleSession(ROLE_ARN, SESSION);
        Files.createDirectories(roleEntry().getParent());
        Files.writeString(roleEntry(), "{\"Credentials\": {\"AccessKeyId\": \"" + cli.accessKeyId()
                + "\", \"SecretAccessKey\": \"" + cli.secretAccessKey() + "\", \"SessionToken\": \"" + cli.sessionToken()
                + "\", \"Expiration\": \"" + CLI_EXPIRATION.format(cli.expiration()) + "\"}, \"AssumedRoleUser\": "
                + "{\"AssumedRoleId\": \"AROAEXAMPLE:" + SESSION + "\", \"Arn\": \"" + FakeAws.assumedRoleArn(ROLE_ARN, SESSION)
                + "\"}, \"ResponseMetadata\": {\"RequestId\": \"1\", \"HTTPStatusCode\": 200, \"RetryAttempts\": 0}}");

        ChildJvm.Result result = run(child(app, 2).agent("log=debug").env("AWS_PROFILE", "app"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, SESSION), 2);
        assertEquals(0, fake.count("AssumeRole"), fake.requests().toString());
        for (LoggedRequest call : fake.callerIdentityCalls()) {
            assertEquals(cli.accessKeyId(), call.signingAccessKeyId());
        }
    }

    @Test
    void aPartialEntryIsAMissAndIsReplaced() throws IOException {
        assumeRoleProfile();
        Files.createDirectories(roleEntry().getParent());
        Files.writeString(roleEntry(), "{\"Credentials\": {\"AccessKeyId\": \"ASIA");

        ChildJvm.Result result = run(child(App.V1_BUILDER, 2).agent("log=error").env("AWS_PROFILE", "app"));

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, SESSION), 2);
        assertEquals(1, fake.count("AssumeRole"));
        assertNoCredagentOutput(result);
        String issued = fake.requests().stream().filter(r -> "AssumeRole".equals(r.action())).findFirst().get()
                .issuedAccessKeyId();
        assertTrue(Files.readString(roleEntry()).contains("\"AccessKeyId\": \"" + issued + "\""));
    }

    /** A process stuck while holding the entry's lock costs the others at most the bound (10 s), never a failure. */
    @Test
    void aStuckLockHolderDelaysOthersOnlyUpToTheBound() throws IOException {
        assumeRoleProfile();
        ChildJvm.Running holder = holdLock();
        try {
            ChildJvm.Result result = run(child(App.V2, 2).agent(null).env("AWS_PROFILE", "app"));

            assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, SESSION), 2);
            assertEquals(List.of("credagent: another process has been refreshing " + roleEntry()
                    + " for more than 10 s; refreshing without waiting for it"),
                    credagentLines(result).stream().filter(l -> !l.startsWith("credagent: active")).toList());
        } finally {
            ProcessHandle.of(holder.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The kernel drops the lock of a process killed with SIGKILL: the waiting JVM goes on at once. */
    @Test
    void aLockHolderKilledMidRefreshReleasesTheLock() throws Exception {
        assumeRoleProfile();
        ChildJvm.Running holder = holdLock();
        ChildJvm.Running waiting = child(App.V2, 2).agent("log=error").env("AWS_PROFILE", "app").start();
        Path lock = roleEntry().resolveSibling(ROLE_KEY + ".lock").toRealPath();
        awaitTrue("the app is waiting for the lock", () -> hasOpen(waiting.pid(), lock));
        ProcessHandle.of(holder.pid()).ifPresent(ProcessHandle::destroyForcibly);
        ChildJvm.Result result = waiting.finish(TIMEOUT);

        assertCalledAs(result, FakeAws.assumedRoleArn(ROLE_ARN, SESSION), 2);
        assertNoCredagentOutput(result);
        assertEquals(1, fake.count("AssumeRole"));
    }

    /** IAM Identity Center role credentials, in the CLI's SSO entry: 4 JVMs, one GetRoleCredentials. */
    @Test
    void ssoRoleCredentialsAreSharedUnderTheCliKey() throws Exception {
        String role = "Developer";
        ssoSessionProfile(role);
        List<CompletableFuture<ChildJvm.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            App app = i % 2 == 0 ? App.V1_BUILDER : App.V2;
            runs.add(inParallel(() -> run(child(app, 2).agent("log=error").env("AWS_PROFILE", "dev"))));
        }
        for (CompletableFuture<ChildJvm.Result> run : runs) {
            assertEquals(List.of("ARN=" + FakeAws.ssoRoleArn(ACCOUNT, role), "ARN=" + FakeAws.ssoRoleArn(ACCOUNT, role)),
                    arnLines(run.join()), run.join().describe());
            assertNoCredagentOutput(run.join());
        }
        assertEquals(1, fake.count("GetRoleCredentials"), "one SSO call for 4 JVMs");
        // botocore's SSO key: sha1 of the compact, sorted JSON of account, role and sso-session.
        byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(("{\"accountId\":\"" + ACCOUNT
                + "\",\"roleName\":\"" + role + "\",\"sessionName\":\"corp\"}").getBytes(StandardCharsets.UTF_8));
        Path entry = home.resolve(".aws/cli/cache/" + java.util.HexFormat.of().formatHex(digest) + ".json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)));
        String document = Files.readString(entry);
        assertTrue(document.matches("(?s)\\{\"ProviderType\": \"sso\", \"Credentials\": \\{\"AccessKeyId\": \"ASIA[^\"]+\", "
                        + "\"SecretAccessKey\": \"[^\"]+\", \"SessionToken\": \"[^\"]+\", "
                        + "\"Expiration\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\".*"),
                document.replaceAll("\"(SecretAccessKey|SessionToken)\": \"[^\"]+\"", "\"$1\": \"...\""));
    }

    /** credential_process results, which the CLI never caches, are shared beside its cache: 4 JVMs, one run. */
    @Test
    void aCredentialProcessSharedByFourJvmsRunsOncePerLifetime() throws IOException {
        Path dir = Files.createDirectories(home.resolve("process"));
        Path counter = dir.resolve("runs.txt");
        Credentials session = roleSession(ROLE_ARN, "from-process");
        files.profile("proc", "credential_process", processPrinting(session, dir, counter).toString());

        List<CompletableFuture<ChildJvm.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            App app = i % 2 == 0 ? App.V1_BUILDER : App.V2;
            runs.add(inParallel(() -> run(child(app, 2).agent("log=error").env("AWS_PROFILE", "proc"))));
        }
        for (CompletableFuture<ChildJvm.Result> run : runs) {
            ChildJvm.Result result = run.join();
            result.assertExitCode(0);
            assertEquals(List.of("ARN=" + FakeAws.assumedRoleArn(ROLE_ARN, "from-process"),
                    "ARN=" + FakeAws.assumedRoleArn(ROLE_ARN, "from-process")), arnLines(result), result.describe());
            assertNoCredagentOutput(result);
        }
        assertEquals(List.of("run"), Files.readAllLines(counter), "the process ran once for 4 JVMs");
        try (var entries = Files.list(home.resolve(".aws/credagent/cache"))) {
            assertEquals(1, entries.filter(p -> p.toString().endsWith(".json")).count());
        }
    }

    /** Whether process {@code pid} has {@code file} open (Linux: its {@code /proc/<pid>/fd} links). */
    private static boolean hasOpen(long pid, Path file) {
        try (var descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** A child JVM holding the role entry's lock file, as a refreshing credagent would. */
    private ChildJvm.Running holdLock() throws IOException {
        Path lock = Files.createDirectories(roleEntry().getParent()).resolve(ROLE_KEY + ".lock");
        ChildJvm.Running holder = ChildJvm.main(LockHolderApp.class, lock.toString()).noAgent().start();
        holder.awaitStdoutLines("LOCKED", 1, TIMEOUT);
        return holder;
    }

    /**
     * {@link #JVMS} load apps (SDK v1 and v2 alternating) on the role profile, all started together;
     * stopped at the instant {@code stopAt} computes from the AssumeRole arrival times once every JVM
     * made its first call. Every call of every JVM must succeed. Returns the AssumeRole arrival times.
     */
    private List<Instant> eightJvmsUntil(String options, Function<List<Instant>, Instant> stopAt) {
        fake.credentialLifetime(LIFETIME);
        assumeRoleProfile();
        Path stop = home.resolve("stop");
        List<CompletableFuture<ChildJvm.Result>> runs = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            runs.add(start(loadChild(i % 2 == 0 ? "v1" : "v2", 1, 150, 250).agent(options.isEmpty() ? null : options)
                    .env("AWS_PROFILE", "app")
                    .sysProp("load.stopfile", stop.toString())
                    .sysProp("load.pidfile", home.resolve("started-" + i).toString()), 150));
        }
        for (int i = 0; i < JVMS; i++) {
            awaitFile(home.resolve("started-" + i), runs.get(i));
        }
        Instant end = stopAt.apply(assumeRoleTimes());
        sleepUntil(end);
        try {
            Files.createFile(stop);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (CompletableFuture<ChildJvm.Result> run : runs) {
            ChildJvm.Result result = finish(run);
            result.assertExitCode(0);
            assertTrue(result.stdout().contains("FAILED=0"), result.describe());
            assertNoAgentDefect(result);
            assertNoStackTrace(result);
        }
        return assumeRoleTimes();
    }

    private List<Instant> assumeRoleTimes() {
        return fake.requests().stream().filter(r -> "AssumeRole".equals(r.action()) && r.ok())
                .map(LoggedRequest::at).sorted().toList();
    }

    private static void awaitFile(Path file, CompletableFuture<ChildJvm.Result> run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(file)) {
            if (run.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("a load app did not make its first call: " + finish(run).describe());
            }
            sleepUntil(Instant.now().plusMillis(50));
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void sleepUntil(Instant end) {
        long millis = Duration.between(Instant.now(), end).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
