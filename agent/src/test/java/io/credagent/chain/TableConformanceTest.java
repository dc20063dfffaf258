package io.credagent.chain;

import io.credagent.credentials.CredentialException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The in-process tables of the cross-SDK conformance data ({@code ../shared/conformance/smithy-rs-aws-runtime},
 * see CONFORMANCE.md): the profile-parser vectors through {@link ProfileFiles} (the SDK v2
 * {@code ProfileFile} parser credagent uses, one file per type, credentials first), and the
 * file-location vectors through {@link ProfileFiles#locate} and the chain's profile selection.
 * Prints one line per row and {@code N passed, N failed}; fails on any failure CONFORMANCE.md does
 * not list, and on a listed row that passes. (The scenarios run in integration-tests'
 * ConformanceSuiteIT, which reads the same list.)
 */
class TableConformanceTest {

    private static final Pattern LISTED = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|(.+)\\|\\s*$");
    private static final Pattern SSO_SESSION_HEADER = Pattern.compile("(?m)^\\s*\\[\\s*sso-[a-z]*\\s+([^\\]\\s]+)");

    @TempDir
    Path work;

    @Test
    void profileParserAndFileLocationTables() throws IOException {
        Path data = Paths.get(System.getProperty("conformance.dir"), "smithy-rs-aws-runtime");
        Map<String, List<String>> results = new LinkedHashMap<>();
        List<JsonNode> parserTests = read(data.resolve("profile-parser-tests.json")).field("tests").get().asArray();
        for (int i = 0; i < parserTests.size(); i++) {
            results.put("profile-parser-tests#" + i, parse(parserTests.get(i), work.resolve("parser-" + i)));
        }
        List<JsonNode> locationTests = read(data.resolve("file-location-tests.json")).field("tests").get().asArray();
        for (int i = 0; i < locationTests.size(); i++) {
            results.put("file-location-tests#" + i, locate(locationTests.get(i)));
        }
        report(results);
    }

    /** One parser vector: the profiles (and sso-sessions) as expected, or a parse error. */
    private static List<String> parse(JsonNode test, Path dir) throws IOException {
        Files.createDirectories(dir);
        JsonNode input = test.field("input").get();
        Map<String, String> env = new HashMap<>();
        String allInput = "";
        for (String[] file : new String[][] {{"configFile", "AWS_CONFIG_FILE"}, {"credentialsFile", "AWS_SHARED_CREDENTIALS_FILE"}}) {
            Path path = dir.resolve(file[0]);
            env.put(file[1], path.toString());
            if (input.field(file[0]).isPresent()) {
                String content = input.field(file[0]).get().asString();
                Files.write(path, content.getBytes(StandardCharsets.UTF_8));
                allInput += content + "\n";
            }
        }
        List<String> failures = new ArrayList<>();
        JsonNode output = test.field("output").get();
        ProfileFile parsed;
        try {
            parsed = ProfileFiles.locate(Environment.of(env, null)).profileFile();
        } catch (CredentialException e) {
            if (!output.field("errorContaining").isPresent()) {
                failures.add("unexpected " + e.category() + ": " + e.getMessage());
            } else if (e.category() != CredentialException.Category.PARSE_ERROR) {
                failures.add("expected PARSE_ERROR, got " + e.category());
            }
            return failures;
        }
        if (output.field("errorContaining").isPresent()) {
            failures.add("expected a parse error (" + output.field("errorContaining").get().asString() + "), got "
                    + profiles(parsed.profiles()));
            return failures;
        }
        JsonNode config = output.field("config").get();
        Map<String, Map<String, String>> expected = expectedSections(config.field("profiles").get());
        Map<String, Map<String, String>> actual = profiles(parsed.profiles());
        if (!expected.equals(actual)) {
            failures.add("profiles: expected " + expected + ", got " + actual);
        }
        Map<String, Map<String, String>> expectedSessions = config.field("sso_sessions").isPresent()
                ? expectedSections(config.field("sso_sessions").get()) : new TreeMap<String, Map<String, String>>();
        Matcher headers = SSO_SESSION_HEADER.matcher(allInput);
        List<String> sessionNames = new ArrayList<>(expectedSessions.keySet());
        while (headers.find()) {
            sessionNames.add(headers.group(1));
        }
        for (String name : sessionNames) {
            Profile session = parsed.getSection("sso-session", name).orElse(null);
            Map<String, String> actualSession = session == null ? null : new TreeMap<>(session.properties());
            if (expectedSessions.containsKey(name) ? !expectedSessions.get(name).equals(actualSession) : session != null) {
                failures.add("sso-session " + name + ": expected " + expectedSessions.get(name) + ", got " + actualSession);
            }
        }
        return failures;
    }

    /** One file-location vector: where the config and credentials files are, and which profile is selected. */
    private static List<String> locate(JsonNode test) {
        Map<String, String> env = new HashMap<>();
        for (Map.Entry<String, JsonNode> variable : test.field("environment").get().asObject().entrySet()) {
            env.put(variable.getKey(), variable.getValue().asString());
        }
        Map<String, String> properties = new HashMap<>();
        boolean windows = "windows".equals(test.field("platform").get().asString());
        properties.put("os.name", windows ? "Windows 11" : "Linux");
        // The JVM's user.home must lose to HOME (the canonical copy's languageSpecificHome).
        properties.put("user.home", "/language-specific-home");
        Environment environment = Environment.of(env, properties);
        ProfileFiles files = ProfileFiles.locate(environment);
        List<String> failures = new ArrayList<>();
        same("config file", test.field("configLocation").get().asString(), String.valueOf(files.configFile()), failures);
        same("credentials file", test.field("credentialsLocation").get().asString(),
                String.valueOf(files.credentialsFile()), failures);
        if (test.field("profile").isPresent()) {
            String described = CredentialChain.profileOnly(io.credagent.config.AgentConfig.defaults(), environment).describe();
            String expected = "profile '" + test.field("profile").get().asString() + "'";
            if (!described.startsWith(expected)) {
                failures.add("profile: expected " + expected + ", got " + described);
            }
        }
        return failures;
    }

    /** Compared with either separator: the Windows rows run on any OS. */
    private static void same(String what, String expected, String actual, List<String> failures) {
        if (!expected.replace('\\', '/').equals(actual.replace('\\', '/'))) {
            failures.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static Map<String, Map<String, String>> expectedSections(JsonNode sections) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> section : sections.asObject().entrySet()) {
            Map<String, String> properties = new TreeMap<>();
            for (Map.Entry<String, JsonNode> property : section.getValue().asObject().entrySet()) {
                properties.put(property.getKey(), property.getValue().asString());
            }
            out.put(section.getKey(), properties);
        }
        return out;
    }

    /**
     * The parsed profiles. SDK v2 keeps a property with sub-properties ({@code s3 =\n name = value})
     * both as the raw value, which the Rust vectors expect, and flattened as {@code s3.name}; the
     * flattened copies are dropped here, as the README allows either form.
     */
    private static Map<String, Map<String, String>> profiles(Map<String, Profile> profiles) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map.Entry<String, Profile> profile : profiles.entrySet()) {
            Map<String, String> properties = new TreeMap<>(profile.getValue().properties());
            properties.keySet().removeIf(key -> key.contains(".")
                    && properties.containsKey(key.substring(0, key.indexOf('.'))));
            out.put(profile.getKey(), properties);
        }
        return out;
    }

    private static JsonNode read(Path file) throws IOException {
        return JsonNode.parser().parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    private static void report(Map<String, List<String>> results) throws IOException {
        Map<String, String> listed = new HashMap<>();
        for (String line : Files.readAllLines(Paths.get(System.getProperty("conformance.deviations")), StandardCharsets.UTF_8)) {
            Matcher m = LISTED.matcher(line.trim());
            if (m.matches()) {
                listed.put(m.group(1), m.group(2).trim());
            }
        }
        int passed = 0;
        int failed = 0;
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, List<String>> result : results.entrySet()) {
            String id = result.getKey();
            String reason = listed.get(id);
            if (result.getValue().isEmpty()) {
                passed++;
                System.out.println("PASS  " + id);
                if (reason != null) {
                    unexpected.add(id + " passes but CONFORMANCE.md lists it");
                }
            } else {
                failed++;
                System.out.println(("FAIL  " + id + (reason != null ? "  [listed: " + reason + "]  " : "  ")
                        + String.join("; ", result.getValue())).replace("\n", "\\n").replace("\r", "\\r"));
                if (reason == null) {
                    unexpected.add(id + ": " + String.join("; ", result.getValue()));
                }
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        if (!unexpected.isEmpty()) {
            fail("conformance tables: " + String.join("\n  ", unexpected));
        }
    }
}
