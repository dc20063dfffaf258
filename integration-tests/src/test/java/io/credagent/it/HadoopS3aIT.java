package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import io.credagent.fake.LoggedRequest;
import io.credagent.fake.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hadoop S3A 3.4.3 (hadoop-aws, SDK v2 modules at 2.56.0), unmodified and with its default
 * credential providers ({@code TemporaryAWSCredentialsProvider}, {@code SimpleAWSCredentialsProvider},
 * SDK v2's {@code EnvironmentVariableCredentialsProvider}, the instance role), lists and reads
 * {@code s3a://} paths on the fake's path-style S3, which checks every request's SigV4 signature.
 * With credagent, an {@code sso-session} profile, which S3A alone cannot use, answers.
 */
class HadoopS3aIT extends AgentScenario {
    private static final String ROLE = "DataEngineer";
    private static final String CSV = "id,value\n1,42\n";

    private ChildJvm s3aApp() throws IOException {
        return s3aApp(null);
    }

    /** @param hadoopConf a directory with a core-site.xml to put first on the class path, or null */
    private ChildJvm s3aApp(Path hadoopConf) throws IOException {
        fake.s3Object("lake", "events/part-0000.csv", CSV);
        fake.s3Object("lake", "events/2026/part-0001.csv", "id,value\n2,7\n");
        List<String> classpath = new ArrayList<>();
        if (hadoopConf != null) {
            classpath.add(hadoopConf.toString());
        }
        classpath.add(ChildJvm.requiredProperty("fixture.hadoop-s3a.classes"));
        classpath.addAll(ChildJvm.classpathFrom("fixture.hadoop-s3a.classpath"));
        ChildJvm child = ChildJvm.main("fixture.s3a.S3aApp", fake.s3Endpoint(), "s3a://lake/events/",
                        "s3a://lake/events/part-0000.csv")
                .classpathOnly(classpath)
                .home(home)
                .env("AWS_REGION", REGION)
                .env("AWS_ENDPOINT_URL_SSO", fake.endpoint())
                .env("AWS_EC2_METADATA_DISABLED", "true");
        return child;
    }


    @Test
    @Tag("second-jdk")
    void listsAndReadsWithTheSsoRoleThroughTheDefaultProviders() throws IOException {
        ssoSessionProfile(ROLE);
        ChildJvm.Result result = run(s3aApp().agent(null).env("AWS_PROFILE", "dev"));

        result.assertExitCode(0);
        assertEquals(List.of("LIST d s3a://lake/events/2026 0", "LIST f s3a://lake/events/part-0000.csv " + CSV.length()),
                result.stdoutLines().stream().filter(l -> l.startsWith("LIST ")).sorted().toList(), result.describe());
        assertTrue(result.stdoutLines().contains("READ " + CSV.replace("\n", "\\n")), result.describe());
        List<LoggedRequest> s3 = fake.requests().stream().filter(r -> r.service().equals("s3")).toList();
        assertTrue(s3.stream().anyMatch(r -> r.action().equals("ListObjectsV2")), s3.toString());
        assertTrue(s3.stream().anyMatch(r -> r.action().equals("GetObject")), s3.toString());
        for (LoggedRequest request : s3) {
            assertTrue(request.ok() || request.status() == 404, "signed and accepted: " + request);
            assertEquals(FakeAws.ssoRoleArn(ACCOUNT, ROLE), request.callerArn(), request.toString());
        }
        assertEquals(1, fake.count("GetRoleCredentials"), "one SSO call for all of S3A's threads");
        SecretLeaks.assertNoneLeaked(fake, result);
        assertNoAgentDefect(result);
    }

    /** Keys in core-site.xml, as Hadoop users configure them: S3A's SimpleAWSCredentialsProvider hands them to the SDK. */
    private Path coreSiteWithKeys(Principal user) throws IOException {
        Path conf = Files.createDirectories(home.resolve("hadoop-conf"));
        Files.writeString(conf.resolve("core-site.xml"), "<?xml version=\"1.0\"?>\n<configuration>\n"
                + "  <property><name>fs.s3a.access.key</name><value>" + user.accessKeyId() + "</value></property>\n"
                + "  <property><name>fs.s3a.secret.key</name><value>" + user.secretAccessKey() + "</value></property>\n"
                + "</configuration>\n");
        return conf;
    }

    @Test
    void keysInTheHadoopConfigurationAreReportedThenReplacedByTheSsoRole() throws IOException {
        ssoSessionProfile(ROLE);
        Principal configured = fake.staticUser("arn:aws:iam::" + ACCOUNT + ":user/hadoop-keys");
        Path conf = coreSiteWithKeys(configured);

        ChildJvm.Result reported = run(s3aApp(conf).agent("override=report,profile=dev"));
        assertListedAndReadAs(reported, configured.arn());
        String report = ExplicitProvidersIT.staticKeyReport(reported, configured);
        assertTrue(report.contains(" from org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider, used from org.apache.hadoop."),
                report);

        fake.clearRequests();
        ChildJvm.Result replaced = run(s3aApp(conf).agent("override=static,profile=dev"));
        assertListedAndReadAs(replaced, FakeAws.ssoRoleArn(ACCOUNT, ROLE));
        String replacement = ExplicitProvidersIT.staticKeyReport(replaced, configured);
        assertTrue(replacement.contains(" is replaced by credentials from profile 'dev'"), replacement);
        assertEquals(1, fake.count("GetRoleCredentials"));
    }

    private void assertListedAndReadAs(ChildJvm.Result result, String arn) {
        result.assertExitCode(0);
        assertTrue(result.stdoutLines().contains("READ " + CSV.replace("\n", "\\n")), result.describe());
        List<LoggedRequest> s3 = fake.requests().stream().filter(r -> r.service().equals("s3")).toList();
        assertTrue(s3.stream().anyMatch(r -> r.action().equals("ListObjectsV2")), s3.toString());
        for (LoggedRequest request : s3) {
            assertTrue(request.ok() || request.status() == 404, "signed and accepted: " + request);
            assertEquals(arn, request.callerArn(), request.toString());
        }
        SecretLeaks.assertNoneLeaked(fake, result);
        assertNoAgentDefect(result);
    }

    @Test
    void controlWithoutAgentS3aFindsNoCredentials() throws IOException {
        ssoSessionProfile(ROLE);
        ChildJvm.Result result = run(s3aApp().noAgent().env("AWS_PROFILE", "dev"));
        String error = assertAppFailed(result);
        assertTrue(error.contains("No AWS Credentials provided") || error.contains("NoAuthWithAWSException"), result.describe());
        assertEquals(0, fake.requests().stream().filter(r -> r.service().equals("s3") && r.ok()).count());
    }
}
