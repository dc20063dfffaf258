package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's Spark recipe, {@code --conf spark.driver.extraJavaOptions=-javaagent:credagent.jar},
 * run the way {@code bin/spark-submit} runs it: Spark's launcher ({@code org.apache.spark.launcher.Main})
 * prints the driver's command line, with the extra options in it, and that command is run. The job
 * (Spark 4.0.4 in local mode, S3A 3.4.3 with its default providers) counts the rows of
 * {@code s3a://lake/events/*.csv} on the fake's path-style S3, which verifies every signature.
 * Only in the {@code spark} profile: Spark is large and slow to start.
 */
@Tag("spark")
class SparkIT extends AgentScenario {
    private static final String ROLE = "DataEngineer";

    @Test
    void theDriverTakesTheAgentFromExtraJavaOptionsAndReadsWithTheSsoRole() throws Exception {
        ssoSessionProfile(ROLE);
        fake.s3Object("lake", "events/part-0000.csv", "id,value\n1,42\n2,7\n");
        fake.s3Object("lake", "events/part-0001.csv", "id,value\n3,1\n");

        List<String> driver = sparkSubmit("-javaagent:" + ChildJvm.agentJar());
        assertTrue(driver.contains("-javaagent:" + ChildJvm.agentJar()), "the driver's command: " + driver);
        Run run = exec(driver);

        assertEquals(0, run.exitCode, run.describe());
        assertTrue(run.stdout.lines().anyMatch(l -> l.equals("COUNT=3")), run.describe());
        assertTrue(run.stderr.lines().anyMatch(l -> l.startsWith("credagent: active")), run.describe());
        List<LoggedRequest> s3 = fake.requests().stream().filter(r -> r.service().equals("s3")).toList();
        assertTrue(s3.stream().anyMatch(r -> r.action().equals("GetObject")), s3.toString());
        for (LoggedRequest request : s3) {
            assertTrue(request.ok() || request.status() == 404, "signed and accepted: " + request);
            assertEquals(FakeAws.ssoRoleArn(ACCOUNT, ROLE), request.callerArn(), request.toString());
        }
        assertEquals(1, fake.count("GetRoleCredentials"), "one SSO call for the driver and its tasks");
        assertTrue(!run.stderr.contains("credagent: agent defect"), run.describe());
    }

    @Test
    void controlWithoutTheAgentTheJobFindsNoCredentials() throws Exception {
        ssoSessionProfile(ROLE);
        fake.s3Object("lake", "events/part-0000.csv", "id,value\n1,42\n");

        Run run = exec(sparkSubmit(null));

        assertEquals(3, run.exitCode, run.describe());
        assertTrue(run.stdout.contains("ERROR="), run.describe());
        assertEquals(0, fake.requests().stream().filter(r -> r.service().equals("s3") && r.ok()).count());
    }

    // ---- spark-submit without a Spark distribution ---------------------------------------------

    private Path sparkHome() throws IOException {
        Path sparkHome = home.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars")); // the launcher wants it; the class path comes from SPARK_DIST_CLASSPATH
        return sparkHome;
    }

    private static String distClasspath() {
        return ChildJvm.requiredProperty("fixture.spark.classes") + File.pathSeparator
                + String.join(File.pathSeparator, ChildJvm.classpathFrom("fixture.spark.classpath"));
    }

    /** What {@code bin/spark-submit} does first: Spark's launcher prints the driver's command, NUL-separated. */
    private List<String> sparkSubmit(String agentOption) throws IOException {
        String launcher = Arrays.stream(distClasspath().split(File.pathSeparator))
                .filter(jar -> jar.contains("/spark-launcher_")).findFirst().orElseThrow();
        String extraJavaOptions = "-Duser.home=" + home + (agentOption == null ? "" : " " + agentOption);
        ChildJvm.Result printed = ChildJvm.main("org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit",
                        "--master", "local[1]",
                        "--conf", "spark.driver.extraJavaOptions=" + extraJavaOptions,
                        "--conf", "spark.local.dir=" + Files.createDirectories(home.resolve("spark-local")),
                        "--class", "fixture.spark.SparkS3aCount", "spark-internal",
                        fake.s3Endpoint(), "s3a://lake/events/*.csv")
                .classpathOnly(launcher)
                .env("SPARK_HOME", sparkHome().toString())
                .env("SPARK_SCALA_VERSION", "2.13")
                .env("SPARK_DIST_CLASSPATH", distClasspath())
                .env("JAVA_HOME", Paths.get(ChildJvm.javaExecutable()).getParent().getParent().toString())
                .run(TIMEOUT);
        printed.assertExitCode(0);
        List<String> command = new ArrayList<>();
        for (String arg : printed.stdout().split("\0")) {
            String trimmed = arg.startsWith("\n") ? arg.substring(1) : arg;
            if (!trimmed.isEmpty()) {
                command.add(trimmed);
            }
        }
        return command;
    }

    private record Run(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** The driver command, in a scrubbed environment as {@link ChildJvm} gives its children, loopback only. */
    private Run exec(List<String> command) throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("AWS_REGION", REGION);
        env.put("AWS_PROFILE", "dev");
        env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put(ChildJvm.IMDS_ENDPOINT_ENV, ChildJvm.CLOSED_LOCAL_ENDPOINT);
        env.put("SPARK_LOCAL_IP", "127.0.0.1"); // else Spark looks its host up beyond loopback
        env.put("SPARK_HOME", sparkHome().toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = home.resolve("driver.out");
        Path err = home.resolve("driver.err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the Spark driver did not finish: " + new Run(-1, Files.readString(out), Files.readString(err)).describe());
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
