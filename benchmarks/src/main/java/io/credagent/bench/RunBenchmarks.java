package io.credagent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar [jmh|startup|firstcall|sts|all]} from the repository root.
 *
 * <ul>
 *   <li>{@code jmh}: {@link CredentialLookupBenchmark} at 1, 4, 16 and 64 threads, each in a forked JVM
 *       with {@code -javaagent:agent/target/credagent.jar=profile=bench} and a temporary credentials file
 *       holding the [bench] profile (static keys: the warm cache never refreshes during a run).</li>
 *   <li>{@code startup}: {@link StartupHarness}, JVM start to an SDK v2 client built, with and without
 *       the agent, and the heap the agent adds.</li>
 *   <li>{@code firstcall}: {@link FirstCallHarness}, JVM start to an app's first signed call returned,
 *       credagent beside the SDK's own path (SSO, assume-role for an STS and an S3 app, environment keys; SDK v1 on SSO).</li>
 *   <li>{@code sts}: {@link StsCallsHarness}, AssumeRole calls of 100 clients on one role over 8 simulated
 *       hours: plain SDK v1 and plain SDK v2 (credagent's figure: {@code EightHoursOfOneRoleTest}). Needs libfaketime ({@code apt-get install faketime});
 *       not part of {@code all}, as it counts calls rather than timing anything.</li>
 * </ul>
 * Options: {@code -Dagent.jar=...} (default agent/target/credagent.jar), {@code -Dthreads=1,4,16,64},
 * {@code -Druns=9} (startup and firstcall runs each way), {@code -Dfirstcall.cases=v2-sso,v2-role,v2-s3-role,v2-env,v1-sso},
 * {@code -Dfirstcall.jvmArgs="..."} (added to the firstcall children), {@code -Dclients=100 -Dhours=8} and
 * {@code -Dlibfaketime=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1} (sts).
 */
public final class RunBenchmarks {

    static final String KEY_ID = "AKIABENCHMARK0000001";
    /** A second identity, for the case of an application alternating two. */
    static final String SECOND_KEY_ID = "AKIABENCHMARK0000002";

    private RunBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path agent = Paths.get(System.getProperty("agent.jar", "agent/target/credagent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("no agent jar at " + agent + "; build it first (see the README)");
        }
        Path credentials = benchCredentials();
        if (what.equals("jmh") || what.equals("all")) {
            jmh(agent, credentials);
        }
        if (what.equals("startup") || what.equals("all")) {
            StartupHarness.run(agent, credentials, Integer.getInteger("runs", 9));
        }
        if (what.equals("firstcall") || what.equals("all")) {
            FirstCallHarness.run(agent, Integer.getInteger("runs", 9));
        }
        if (what.equals("sts")) {
            StsCallsHarness.run(Integer.getInteger("clients", 100), Integer.getInteger("hours", 8));
        }
    }

    /** A credentials file with only [bench] and [bench2]: the agent is told to use it, the SDKs' own chains never would. */
    static Path benchCredentials() throws IOException {
        Path file = Files.createTempFile("credagent-bench", ".credentials");
        file.toFile().deleteOnExit();
        Files.write(file, ("[bench]\naws_access_key_id = " + KEY_ID + "\naws_secret_access_key = benchSecretKey\n"
                + "[bench2]\naws_access_key_id = " + SECOND_KEY_ID + "\naws_secret_access_key = benchSecretKey2\n")
                .getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static void jmh(Path agent, Path credentials) throws RunnerException {
        List<String> table = new ArrayList<>();
        for (String threads : System.getProperty("threads", "1,4,16,64").split(",")) {
            Options options = new OptionsBuilder()
                    .include(CredentialLookupBenchmark.class.getSimpleName())
                    .threads(Integer.parseInt(threads.trim()))
                    .forks(1)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                    .jvmArgsAppend("-javaagent:" + agent + "=profile=bench,log=error",
                            "-Daws.sharedCredentialsFile=" + credentials,
                            "-Daws.configFile=" + credentials + ".none",
                            "-Daws.java.v1.disableDeprecationAnnouncement=true")
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            for (RunResult result : results) {
                table.add(String.format("| %s | %s | %.1f ± %.1f |", result.getParams().getBenchmark()
                                .replace(CredentialLookupBenchmark.class.getName() + ".", ""), threads.trim(),
                        result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
            }
        }
        System.out.println();
        System.out.println("| benchmark | threads | ns/op |");
        System.out.println("| --- | --- | --- |");
        table.forEach(System.out::println);
    }
}
