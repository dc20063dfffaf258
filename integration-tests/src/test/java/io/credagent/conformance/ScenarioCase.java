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
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * One smithy-rs scenario folder ({@code env.json}, {@code fs/}, {@code http-traffic.json},
 * {@code test-case.json}) replayed against {@code resolve} in a child JVM (the README's plan 6.2).
 */
final class ScenarioCase implements ConformanceCase {

    /** Expected error categories, the README's table 6.6, with the substrings it keeps as portable. */
    private static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("empty_config", "NOT_CONFIGURED"),
            Map.entry("imds_default_chain_error", "NOT_CONFIGURED"),
            Map.entry("imds_disabled", "NOT_CONFIGURED"),
            Map.entry("invalid_config", "PARSE_ERROR"),
            Map.entry("invalid_sso_credentials_config", "INVALID_PROFILE"),
            Map.entry("sso_token", "INVALID_PROFILE"),
            Map.entry("web_identity_source_profile_no_env", "INVALID_PROFILE"),
            Map.entry("profile_overrides_web_identity", "INVALID_PROFILE"),
            Map.entry("credential_process_failure", "PROCESS_ERROR"),
            Map.entry("credential_process_invalid", "PROCESS_ERROR"),
            Map.entry("web_identity_token_invalid_jwt", "SERVICE_ERROR"),
            Map.entry("sso_server_error", "SERVICE_ERROR"),
            Map.entry("imds_token_fail", "IMDS_ERROR"),
            Map.entry("imds_no_iam_role", "IMDS_ERROR"),
            Map.entry("sso_no_token_file", "FILE_NOT_FOUND"),
            Map.entry("eks_pod_identity_no_token_file", "FILE_NOT_FOUND"));
    private static final Map<String, List<String>> PORTABLE_SUBSTRINGS = Map.of(
            "web_identity_token_invalid_jwt", List.of("No OpenIDConnect provider found in your account"),
            "sso_no_token_file", List.of("dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json"));
    /** The only scenario recorded with retries off (README 1.5): the SDK's retries get the 503 again. */
    private static final String RETRIES_OFF = "sso_server_error";
    private static final List<String> PATH_VARIABLES = List.of("HOME", "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");

    private final Path folder;
    private final String group;
    private final String name;

    ScenarioCase(Path folder) {
        this.folder = folder;
        this.group = folder.getParent().getFileName().toString();
        this.name = folder.getFileName().toString();
    }

    static List<ConformanceCase> all(Path awsConfigData) throws IOException {
        List<ConformanceCase> cases = new ArrayList<>();
        for (String group : List.of("profile-provider", "default-credential-provider-chain", "default-token-provider-chain")) {
            try (Stream<Path> folders = Files.list(awsConfigData.resolve(group))) {
                folders.filter(Files::isDirectory).sorted().forEach(f -> cases.add(new ScenarioCase(f)));
            }
        }
        return cases;
    }

    @Override
    public String id() {
        return group + "/" + name;
    }

    String name() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Verdict run() throws IOException {
        Path work = Files.createTempDirectory("conformance-" + name);
        try {
            Path fs = Files.createDirectories(work.resolve("fs"));
            if (Files.isDirectory(folder.resolve("fs"))) {
                TempFiles.copyTree(folder.resolve("fs"), fs);
            }
            Map<String, String> env = new LinkedHashMap<>();
            Json.parseObject(Files.readString(folder.resolve("env.json"))).forEach((k, v) -> env.put(k, (String) v));
            for (String variable : PATH_VARIABLES) {
                String value = env.get(variable);
                if (value != null && value.startsWith("/")) {
                    env.put(variable, fs + value);
                }
            }
            rewriteProfilePaths(fs, env);

            Map<String, Object> result = (Map<String, Object>) Json.parseObject(
                    Files.readString(folder.resolve("test-case.json"))).get("result");
            RecordedResponder responder = new RecordedResponder(
                    Recording.read(folder.resolve("http-traffic.json")), name.equals(RETRIES_OFF));
            List<String> failures = new ArrayList<>();
            String warning = null;
            try (ReplayServer server = new ReplayServer(responder)) {
                ResolveProcess.Outcome outcome = ResolveProcess.run(env,
                        List.of("--scope", scope(), "--format", "process"), work, server);
                boolean expectOk = result.containsKey("Ok");
                if (!expectOk) {
                    String category = CATEGORIES.get(name);
                    if (category == null) {
                        failures.add("harness: no error category known for " + name);
                    }
                    Expectations.error(category, PORTABLE_SUBSTRINGS.getOrDefault(name, List.of()), outcome, failures);
                } else if (group.equals("default-token-provider-chain")) {
                    Expectations.token((Map<String, Object>) result.get("Ok"), outcome, failures);
                } else {
                    Expectations.credentials((Map<String, Object>) result.get("Ok"), outcome, failures);
                }
                failures.addAll(server.problems());
                List<String> unconsumed = responder.unconsumed();
                if (!unconsumed.isEmpty()) {
                    if (expectOk) {
                        failures.add("recorded requests never sent: " + unconsumed);
                    } else {
                        warning = "recorded requests never sent: " + unconsumed;
                    }
                }
            }
            return new Verdict(failures, warning);
        } finally {
            TempFiles.delete(work);
        }
    }

    /** Profile values {@code web_identity_token_file = /...} name the virtual root too. */
    private static void rewriteProfilePaths(Path fs, Map<String, String> env) throws IOException {
        List<Path> files = new ArrayList<>(List.of(fs.resolve("home/.aws/config"), fs.resolve("home/.aws/credentials")));
        for (String variable : List.of("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")) {
            if (env.containsKey(variable)) {
                files.add(Path.of(env.get(variable)));
            }
        }
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String rewritten = text.replaceAll("(?m)^(\\s*web_identity_token_file\\s*=\\s*)/",
                        "$1" + Matcher.quoteReplacement(fs.toString()) + "/");
                Files.writeString(file, rewritten, StandardCharsets.UTF_8);
            }
        }
    }

    private String scope() {
        return switch (group) {
            case "profile-provider" -> "profile";
            case "default-token-provider-chain" -> "token";
            default -> "chain";
        };
    }
}
