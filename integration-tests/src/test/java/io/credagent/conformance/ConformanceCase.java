package io.credagent.conformance;

import java.util.List;

/** One scenario or table row of the conformance data. */
interface ConformanceCase {

    /** Stable id, as listed in CONFORMANCE.md: {@code default-credential-provider-chain/imds_disabled}, {@code ecs-tests#3}. */
    String id();

    Verdict run() throws Exception;

    /** @param failures empty when the case passed; each entry one reason */
    record Verdict(List<String> failures, String warning) {
        boolean passed() {
            return failures.isEmpty();
        }
    }
}
