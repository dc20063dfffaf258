package io.credagent.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Startup added by the agent: wall time from starting a JVM to an SDK v2 client built (and closed),
 * {@code runs} times with and without {@code -javaagent}, alternating; medians. Then, once each way,
 * the heap and non-heap (class metadata) in use after the client resolved its credentials once and
 * a full GC. Both ways read the same [bench] profile ({@code -Daws.profile=bench}).
 */
final class StartupHarness {

    private StartupHarness() {
    }

    static void run(Path agent, Path credentials, int runs) throws Exception {
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            without.add(time(child(null, credentials, "start")));
            with.add(time(child(agent, credentials, "start")));
        }
        System.out.println("startup, JVM start to SDK v2 client built, " + runs + " runs each way (ms): without "
                + without + ", with " + with);
        System.out.printf("median without agent: %d ms, with agent: %d ms, added: %d ms%n", median(without),
                median(with), median(with) - median(without));
        String plain = output(child(null, credentials, "memory"));
        String agentMemory = output(child(agent, credentials, "memory"));
        System.out.println("memory after one credential lookup and a full GC, without agent: " + plain);
        System.out.println("memory after one credential lookup and a full GC, with agent:    " + agentMemory);
    }

    /** The child: build a client (start), or also resolve credentials and report memory (memory). */
    public static void main(String[] args) {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(DefaultCredentialsProvider.builder().build()).build()) {
            if ("memory".equals(args[0])) {
                DefaultCredentialsProvider.builder().build().resolveCredentials();
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long nonHeap = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.NON_HEAP) {
                        nonHeap += pool.getUsage().getUsed();
                    }
                }
                System.out.printf("heap %.1f MB, non-heap %.1f MB, classes loaded %d%n", heap / 1048576.0,
                        nonHeap / 1048576.0, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
            }
        }
    }

    private static ProcessBuilder child(Path agent, Path credentials, String mode) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            command.add("-javaagent:" + agent + "=log=error");
        }
        command.add("-Xshare:auto");
        command.add("-Daws.profile=bench");
        command.add("-Daws.sharedCredentialsFile=" + credentials);
        command.add("-Daws.configFile=" + credentials + ".none");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StartupHarness.class.getName());
        command.add(mode);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("AWS_PROFILE");
        return builder;
    }

    private static long time(ProcessBuilder builder) throws Exception {
        long start = System.nanoTime();
        String out = output(builder);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (!out.isEmpty() && !out.startsWith("OpenJDK 64-Bit Server VM warning: Sharing")) {
            System.out.println("child said: " + out);
        }
        return millis;
    }

    private static String output(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        return out;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
