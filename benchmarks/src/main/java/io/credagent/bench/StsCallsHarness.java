package io.credagent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * STS calls for {@code clients} clients on one role over {@code hours} simulated hours: plain SDK v1
 * and plain SDK v2, each in a child JVM run by {@link StsCallsChild} under libfaketime
 * ({@link SimulatedClock}). The children get a scrubbed environment: a temporary HOME, IMDS disabled,
 * the STS endpoint on 127.0.0.1.
 *
 * <p>credagent is not run here: its hot path reads a clock that a timer sets once a second of real
 * time, which is at most a second behind the wall clock only while both move at the same pace; a
 * wall clock stepped a thousand simulated seconds per real second breaks that premise (the agent
 * would serve credentials up to a quarter of an hour stale, by the simulated clock). Its row comes
 * from {@code EightHoursOfOneRoleTest}: the real cache with the simulated clock as both its clocks.
 */
final class StsCallsHarness {

    static final String DEFAULT_LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

    private StsCallsHarness() {
    }

    static void run(int clients, int hours) throws Exception {
        Path libfaketime = Paths.get(System.getProperty("libfaketime", DEFAULT_LIBFAKETIME));
        if (!Files.isRegularFile(libfaketime)) {
            throw new IllegalStateException("no libfaketime at " + libfaketime + ": install it (apt-get install faketime)"
                    + " or point -Dlibfaketime= at libfaketimeMT.so.1");
        }
        Path home = Files.createTempDirectory("credagent-sts-calls");
        Map<String, String> calls = new LinkedHashMap<>();
        try {
            for (String mode : new String[] {"v1", "v2"}) {
                calls.put(mode, child(mode, libfaketime, home, clients, hours));
            }
        } finally {
            try (Stream<Path> files = Files.list(home)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(home);
        }
        System.out.println();
        System.out.printf("| STS calls, %d clients, one role, %d simulated hours | AssumeRole calls |%n", clients, hours);
        System.out.println("| --- | --- |");
        System.out.println("| plain SDK v1, `STSAssumeRoleSessionCredentialsProvider` per client | " + calls.get("v1") + " |");
        System.out.println("| plain SDK v2, `StsAssumeRoleCredentialsProvider` per client | " + calls.get("v2") + " |");
    }

    /** Runs one child, echoing its output; returns the calls it counted. */
    private static String child(String mode, Path libfaketime, Path home, int clients, int hours)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Daws.java.v1.disableDeprecationAnnouncement=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StsCallsChild.class.getName());
        command.add(mode);
        command.add(String.valueOf(port));
        command.add(String.valueOf(clients));
        command.add(String.valueOf(hours));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("LANG"));
        env.put("HOME", home.toString());
        env.put("TZ", "UTC");
        env.put("LD_PRELOAD", libfaketime.toString());
        env.put(SimulatedClock.FILE_VARIABLE, home.resolve("clock-" + mode).toString());
        env.put("FAKETIME_FMT", "%s");
        env.put("FAKETIME_NO_CACHE", "1");
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        // On glibc >= 2.30 libfaketime 0.9.10 "fixes" monotonic timed waits by default, which with a stopped
        // wall clock makes every timed wait in the JVM return at once: its threads spin and all runs crawl.
        env.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
        Files.write(home.resolve("clock-" + mode), Long.toString(StsCallsChild.START_EPOCH_SECOND)
                .getBytes(StandardCharsets.US_ASCII));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + port);
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString()); // none: the SDKs find no profile
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        Process process = builder.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                if (line.startsWith("RESULT " + mode + " ")) {
                    result = line.substring(("RESULT " + mode + " ").length());
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException(mode + " run failed (exit " + exit + ")");
        }
        return result;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
