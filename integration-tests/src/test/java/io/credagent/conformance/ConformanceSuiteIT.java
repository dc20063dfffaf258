package io.credagent.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cross-SDK conformance suite ({@code ../shared/conformance}, see its README): every smithy-rs
 * scenario and every table row, each in a child JVM running {@code java -jar credagent.jar resolve}
 * against a loopback replay server. Prints one line per case and then {@code N passed, N failed}
 * (also written to {@code target/conformance-report.txt}). Fails the build on any failure that
 * CONFORMANCE.md does not list with a reason, and on any listed case that now passes or no longer
 * exists, so that the list stays true.
 */
class ConformanceSuiteIT {

    private static final String CANARY = "default-credential-provider-chain/imds_default_chain_success";

    /** {@code ecs-tests} of {@code ecs-tests#3}, {@code profile-provider} of {@code profile-provider/empty_config}. */
    private static String table(String id) {
        return id.split("[#/]", 2)[0];
    }

    @Test
    void everyScenarioAndTableRow() throws Exception {
        Path data = Path.of(System.getProperty("conformance.dir"));
        Path listing = Path.of(System.getProperty("conformance.deviations"));
        Map<String, String> deviations = KnownDeviations.read(listing);

        List<ConformanceCase> cases = new ArrayList<>();
        Path awsConfig = data.resolve("smithy-rs-aws-config");
        cases.addAll(ScenarioCase.all(awsConfig));
        cases.addAll(TableCases.ecs(awsConfig.resolve("ecs-tests.json")));
        cases.addAll(TableCases.imdsEndpoint(awsConfig.resolve("imds-config/imds-endpoint-tests.json")));
        cases.addAll(AssumeRoleTableCase.all(awsConfig.resolve("assume-role-tests.json")));

        // Safety first (README 6.3.6): the redirect seam must be working before anything runs that
        // would otherwise reach 169.254.169.254 or AWS.
        ConformanceCase canary = cases.stream().filter(c -> c.id().equals(CANARY)).findFirst().orElseThrow();
        ConformanceCase.Verdict canaryVerdict = canary.run();
        assertTrue(canaryVerdict.passed(), "canary " + CANARY + " failed, not running the suite: "
                + canaryVerdict.failures());

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<Future<ConformanceCase.Verdict>> verdicts = new ArrayList<>();
        for (ConformanceCase c : cases) {
            verdicts.add(pool.submit(c::run));
        }
        pool.shutdown();

        List<String> report = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int listed = 0;
        for (int i = 0; i < cases.size(); i++) {
            String id = cases.get(i).id();
            ConformanceCase.Verdict verdict;
            try {
                verdict = verdicts.get(i).get();
            } catch (Exception e) {
                verdict = new ConformanceCase.Verdict(List.of("harness error: " + e.getCause()), null);
            }
            String reason = deviations.get(id);
            if (verdict.passed()) {
                passed++;
                report.add("PASS  " + id + (verdict.warning() == null ? "" : "  (warning: " + verdict.warning() + ")"));
                if (reason != null) {
                    unexpected.add(id + " passes but CONFORMANCE.md lists it: remove it from the list");
                }
            } else {
                failed++;
                if (reason != null) {
                    listed++;
                    report.add("FAIL  " + id + "  [listed: " + reason + "]  " + String.join("; ", verdict.failures()));
                } else {
                    report.add("FAIL  " + id + "  " + String.join("; ", verdict.failures()));
                    unexpected.add(id + ": " + String.join("; ", verdict.failures()));
                }
            }
        }
        // The profile-parser and file-location rows are the agent's TableConformanceTest's business.
        java.util.Set<String> tables = new java.util.HashSet<>();
        cases.forEach(c -> tables.add(table(c.id())));
        for (String id : deviations.keySet()) {
            if (tables.contains(table(id)) && cases.stream().noneMatch(c -> c.id().equals(id))) {
                unexpected.add(id + " is listed in CONFORMANCE.md but is no case of the suite");
            }
        }
        report.add("(" + listed + " of the " + failed + " failures are listed in CONFORMANCE.md with a reason)");
        report.add(passed + " passed, " + failed + " failed");
        report.forEach(System.out::println);
        Files.write(Path.of("target", "conformance-report.txt"), report, StandardCharsets.UTF_8);
        if (!unexpected.isEmpty()) {
            fail("conformance: " + unexpected.size() + " unexpected result(s):\n  " + String.join("\n  ", unexpected));
        }
    }
}
