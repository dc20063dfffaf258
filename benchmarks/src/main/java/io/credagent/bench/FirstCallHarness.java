package io.credagent.bench;

import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The first signed call: JVM uptime when an unmodified app's first GetCallerIdentity (default chain,
 * loopback fake) has returned, credagent's path beside what the user would use instead, alternating
 * run by run; medians and ratios. Cases:
 * <ul>
 *   <li>{@code v2-sso}: SDK v2 on an {@code sso-session} profile: the SDK's own {@code sso}/{@code ssooidc}
 *       modules on the class path, against credagent without them;</li>
 *   <li>{@code v2-role}: SDK v2 on an assume-role profile (source: static keys), the SDK's own {@code sts}
 *       module, against the same app with credagent;</li>
 *   <li>{@code v2-s3-role}: the same, for an S3 app (ListBuckets): its own STS client, which the
 *       SDK's path needs for the role, shares no service classes with the app's client, as for most apps;</li>
 *   <li>{@code v2-env}: SDK v2 with static keys in the environment, without and with credagent;</li>
 *   <li>{@code v1-sso}: SDK v1 with static keys in the environment (v1 has no SSO) against SDK v1 on the
 *       {@code sso-session} profile with credagent.</li>
 * </ul>
 */
final class FirstCallHarness {

    private static final String ACCOUNT = "111122223333";

    private FirstCallHarness() {
    }

    static void run(Path agent, int runs) throws Exception {
        FirstCallFake fake = FirstCallFake.start();
        Path home = Files.createTempDirectory("credagent-firstcall");
        try {
            writeAwsFiles(home);
            String[] cases = System.getProperty("firstcall.cases", "v2-sso,v2-role,v2-s3-role,v2-env,v1-sso").split(",");
            Map<String, Runs> results = new LinkedHashMap<>();
            for (String name : cases) {
                results.put(name, new Runs());
            }
            for (int i = 0; i < runs; i++) {
                for (String name : cases) {
                    Runs result = results.get(name);
                    time(child(name, false, agent, home, fake), result.without, result.lookupWithout);
                    time(child(name, true, agent, home, fake), result.with, result.lookupWith);
                }
            }
            System.out.println("| case | without credagent (the SDK's own path) | with credagent | ratio | added |");
            System.out.println("| --- | --- | --- | --- | --- |");
            for (Map.Entry<String, Runs> result : results.entrySet()) {
                long without = median(result.getValue().without);
                long with = median(result.getValue().with);
                System.out.printf("| %s | %d ms | %d ms | %.3f | %+d ms |%n", result.getKey(), without, with,
                        (double) with / without, with - without);
            }
            for (Map.Entry<String, Runs> result : results.entrySet()) {
                Runs r = result.getValue();
                if (median(r.lookupWithout) >= 0) { // SDK v1: the lookup timed on its own
                    long without = median(r.without);
                    long sso = median(r.lookupWith) - median(r.lookupWithout);
                    long beyond = median(r.with) - without - sso;
                    System.out.printf("%s: the credentials lookup takes %+d ms longer with credagent (the SSO call);"
                            + " the rest adds %+d ms = %.1f %% to the app on static keys%n", result.getKey(), sso, beyond,
                            100.0 * beyond / without);
                }
            }
            for (Map.Entry<String, Runs> result : results.entrySet()) {
                System.out.println(result.getKey() + " runs (ms): without " + result.getValue().without + ", with "
                        + result.getValue().with);
            }
        } finally {
            fake.stop();
        }
    }

    /**
     * The child app: one call with the default chain (STS GetCallerIdentity, or S3 ListBuckets for
     * {@code v2-s3}), then its uptime in ms; SDK v1 first times the credentials lookup on its own.
     */
    public static void main(String[] args) {
        String endpoint = args[1];
        String arn;
        long lookup = -1;
        if ("v2-s3".equals(args[0])) {
            try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                    .forcePathStyle(true).build()) {
                arn = s3.listBuckets().owner().displayName();
            }
        } else if ("v1".equals(args[0])) {
            // The credentials on their own first: with credagent on SSO, this is the SSO call.
            long start = System.nanoTime();
            DefaultAWSCredentialsProviderChain.getInstance().getCredentials();
            lookup = (System.nanoTime() - start) / 1_000_000;
            AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard()
                    .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1")).build();
            arn = sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn();
        } else {
            try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint)).build()) {
                arn = sts.getCallerIdentity().arn();
            }
        }
        System.out.println("UPTIME=" + ManagementFactory.getRuntimeMXBean().getUptime() + " LOOKUP=" + lookup + " " + arn);
    }

    private static void writeAwsFiles(Path home) throws IOException {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.write(aws.resolve("config"), ("[profile dev]\nsso_session = corp\nsso_account_id = " + ACCOUNT
                + "\nsso_role_name = Developer\nregion = us-east-1\n\n[sso-session corp]\n"
                + "sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n"
                + "[profile role]\nrole_arn = arn:aws:iam::" + ACCOUNT + ":role/bench\nsource_profile = base\n"
                + "role_session_name = s\nregion = us-east-1\n").getBytes(StandardCharsets.UTF_8));
        Files.write(aws.resolve("credentials"), "[base]\naws_access_key_id = AKIAFIRSTCALLBASE001\naws_secret_access_key = s\n"
                .getBytes(StandardCharsets.UTF_8));
        // The token `aws sso login` leaves, valid for an hour: sha1("corp").
        Path cache = Files.createDirectories(aws.resolve("sso/cache"));
        Files.write(cache.resolve(sha1Hex("corp") + ".json"), ("{\"startUrl\": \"https://corp.awsapps.com/start\", \"region\": \"us-east-1\", "
                + "\"accessToken\": \"bench-token\", \"expiresAt\": \"" + Instant.now().plusSeconds(86_400).toString()
                .replaceAll("\\.\\d+Z$", "Z") + "\", \"clientId\": \"c\", \"clientSecret\": \"s\", \"registrationExpiresAt\": \""
                + Instant.now().plusSeconds(86_400 * 30).toString().replaceAll("\\.\\d+Z$", "Z")
                + "\", \"refreshToken\": \"r\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String sha1Hex(String text) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder child(String name, boolean withAgent, Path agent, Path home, FirstCallFake fake) {
        String sdk = name.startsWith("v1") ? "v1" : name.startsWith("v2-s3") ? "v2-s3" : "v2";
        List<String> classpath = new ArrayList<>();
        classpath.add(System.getProperty("java.class.path"));
        if (name.equals("v2-sso") && !withAgent) {
            classpath.add(ssoModules()); // the SDK's own SSO support, which the user would add instead
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add("-javaagent:" + agent + "=log=error");
        }
        command.add("-Xshare:auto");
        for (String arg : System.getProperty("firstcall.jvmArgs", "").split(" ")) {
            if (!arg.isEmpty()) {
                command.add(arg); // e.g. -Xlog:class+load:file=/tmp/first-%p.log:uptime, to see where the time goes
            }
        }
        command.add("-Duser.home=" + home);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(FirstCallHarness.class.getName());
        command.add(sdk);
        command.add(fake.endpoint());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CREDAGENT_"));
        env.put("HOME", home.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true");
        env.put("AWS_ENDPOINT_URL_STS", fake.endpoint());
        env.put("AWS_ENDPOINT_URL_SSO", fake.endpoint());
        boolean staticKeys = name.equals("v2-env") || (name.equals("v1-sso") && !withAgent);
        if (staticKeys) {
            env.put("AWS_ACCESS_KEY_ID", "AKIAFIRSTCALLENV0001");
            env.put("AWS_SECRET_ACCESS_KEY", "s");
        } else {
            env.put("AWS_PROFILE", name.endsWith("role") ? "role" : "dev");
        }
        return builder;
    }

    private static String ssoModules() {
        File dir = new File(System.getProperty("firstcall.sso.modules", "benchmarks/target/sso-modules"));
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no SDK sso modules in " + dir.getAbsolutePath() + "; build the benchmarks first");
        }
        List<String> paths = new ArrayList<>();
        for (File jar : jars) {
            paths.add(jar.getAbsolutePath());
        }
        return String.join(File.pathSeparator, paths);
    }

    /** Adds the child's uptime at its call's return to {@code uptimes}, its lookup's duration (-1: not timed) to {@code lookups}. */
    private static void time(ProcessBuilder builder, List<Long> uptimes, List<Long> lookups) throws Exception {
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !out.contains("UPTIME=")) {
            throw new IllegalStateException("child failed: " + out);
        }
        uptimes.add(field(out, "UPTIME="));
        lookups.add(field(out, "LOOKUP="));
    }

    private static long field(String out, String name) {
        String rest = out.substring(out.indexOf(name) + name.length());
        return Long.parseLong(rest.substring(0, rest.indexOf(' ')));
    }

    /** One case's figures, without and with credagent: uptimes at the call's return, and lookups timed on their own. */
    private static final class Runs {
        final List<Long> without = new ArrayList<>();
        final List<Long> with = new ArrayList<>();
        final List<Long> lookupWithout = new ArrayList<>();
        final List<Long> lookupWith = new ArrayList<>();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
