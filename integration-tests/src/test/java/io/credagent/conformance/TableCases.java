package io.credagent.conformance;

import io.credagent.fake.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint-resolution tables, run end to end: {@code resolve} in a child JVM with the row's
 * environment (and files), a replay server that answers any container or instance metadata request
 * with credentials, and the first request's URL compared with the row's expected URL. An error row
 * must end in an error without any request.
 */
final class TableCases {

    private static final String CONTAINER_CREDENTIALS = "{\"AccessKeyId\":\"ASIACONTAINERTABLE01\",\"SecretAccessKey\":\"s\","
            + "\"Token\":\"t\",\"Expiration\":\"2199-01-01T00:00:00Z\"}";
    private static final String IMDS_CREDENTIALS = "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":"
            + "\"ASIAIMDSTABLE0000001\",\"SecretAccessKey\":\"s\",\"Token\":\"t\",\"Expiration\":\"2199-01-01T00:00:00Z\"}";

    private TableCases() {
    }

    /** {@code ecs-tests.json}: the container endpoint from AWS_CONTAINER_CREDENTIALS_*. */
    @SuppressWarnings("unchecked")
    static List<ConformanceCase> ecs(Path file) throws IOException {
        List<ConformanceCase> cases = new ArrayList<>();
        List<Object> tests = (List<Object>) Json.parseObject(Files.readString(file)).get("tests");
        for (int i = 0; i < tests.size(); i++) {
            Map<String, Object> test = (Map<String, Object>) tests.get(i);
            Map<String, String> env = new LinkedHashMap<>((Map<String, String>) (Map<String, ?>) test.get("env"));
            // The chain must end at the container step: no instance metadata after it.
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            cases.add(new EndpointRow("ecs-tests#" + i, env, Map.of(), (Map<String, Object>) test.get("result"),
                    (request, server) -> ReplayServer.Response.of(200, "application/json", CONTAINER_CREDENTIALS)));
        }
        return cases;
    }

    /** {@code imds-endpoint-tests.json}: the IMDS endpoint from the environment and the profile. */
    @SuppressWarnings("unchecked")
    static List<ConformanceCase> imdsEndpoint(Path file) throws IOException {
        List<ConformanceCase> cases = new ArrayList<>();
        List<Object> tests = (List<Object>) Json.parseObject(Files.readString(file)).get("tests");
        for (int i = 0; i < tests.size(); i++) {
            Map<String, Object> test = (Map<String, Object>) tests.get(i);
            // endpoint_override / mode_override are Rust builder calls; credagent has no such
            // programmatic setting, so those rows run without them (see CONFORMANCE.md).
            cases.add(new EndpointRow("imds-endpoint-tests#" + i, (Map<String, String>) (Map<String, ?>) test.get("env"),
                    (Map<String, String>) (Map<String, ?>) test.get("fs"), (Map<String, Object>) test.get("result"),
                    (request, server) -> {
                        String path = request.uri().getPath();
                        if (request.method().equals("PUT") && path.endsWith("/latest/api/token")) {
                            return ReplayServer.Response.of(200, "text/plain", "imds-table-token");
                        }
                        if (path.endsWith("/latest/meta-data/iam/security-credentials/")) {
                            return ReplayServer.Response.of(200, "text/plain", "table-role");
                        }
                        if (path.endsWith("/latest/meta-data/iam/security-credentials/table-role")) {
                            return ReplayServer.Response.of(200, "text/plain", IMDS_CREDENTIALS);
                        }
                        return ReplayServer.Response.of(404, "text/plain", "");
                    }));
        }
        return cases;
    }

    private record EndpointRow(String id, Map<String, String> env, Map<String, String> files, Map<String, Object> result,
                               ReplayServer.Responder responder) implements ConformanceCase {
        @Override
        public Verdict run() throws IOException {
            Path work = Files.createTempDirectory("conformance-table");
            try (ReplayServer server = new ReplayServer(responder)) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Files.writeString(work.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
                }
                ResolveProcess.Outcome outcome = ResolveProcess.run(env, List.of("--scope", "chain", "--format", "process"),
                        work, server);
                List<String> failures = new ArrayList<>(server.problems());
                List<ReplayServer.Request> requests = server.requests();
                Object expectedUrl = result.get("Ok");
                if (expectedUrl != null) {
                    if (outcome.exitCode() != 0) {
                        failures.add("expected credentials from " + expectedUrl + ", got " + outcome.describe());
                    }
                    String first = requests.isEmpty() ? null : requests.get(0).uri().toString();
                    if (!expectedUrl.equals(first)) {
                        failures.add("first request: expected " + expectedUrl + ", got " + first);
                    }
                } else {
                    Expectations.error(null, List.of(), outcome, failures);
                    if (!requests.isEmpty()) {
                        failures.add("expected no request, got " + requests);
                    }
                }
                return new Verdict(failures, null);
            } finally {
                TempFiles.delete(work);
            }
        }
    }
}
