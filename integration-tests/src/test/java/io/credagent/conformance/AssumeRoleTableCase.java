package io.credagent.conformance;

import io.credagent.fake.Json;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code assume-role-tests.json} (Rust's internal plan representation), mapped as the
 * README's plan 6.7 suggests: the profiles become a config file, {@code resolve --scope profile}
 * runs against a synthetic STS (each call answers credentials numbered by call), instance metadata
 * and SSO portal, and the calls that arrive must be the expected chain: the base source used first
 * (its key signs the first AssumeRole), then one AssumeRole per hop with the hop's RoleArn,
 * ExternalId and RoleSessionName, each signed with the previous hop's key. {@code WebIdentityToken}
 * is AssumeRoleWithWebIdentity with the token file's content. An SSO base without account and role
 * is a bearer-token profile: {@code resolve --scope token} must read it from the cache. An
 * {@code Error} row must fail without any request.
 */
final class AssumeRoleTableCase implements ConformanceCase {

    private static final Pattern SIGNING_KEY = Pattern.compile("Credential=([^/]+)/");
    private static final String IMDS_KEY = "ASIAIMDSBASE00000001";
    private static final String SSO_KEY = "ASIASSOBASE000000001";
    private static final String SSO_TOKEN = "sso-table-token";

    private final int index;
    private final Map<String, Object> row;

    private AssumeRoleTableCase(int index, Map<String, Object> row) {
        this.index = index;
        this.row = row;
    }

    @SuppressWarnings("unchecked")
    static List<ConformanceCase> all(Path file) throws IOException {
        List<Object> rows = (List<Object>) Json.parse(Files.readString(file));
        List<ConformanceCase> cases = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            cases.add(new AssumeRoleTableCase(i, (Map<String, Object>) rows.get(i)));
        }
        return cases;
    }

    @Override
    public String id() {
        return "assume-role-tests#" + index;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Verdict run() throws IOException {
        Map<String, Object> input = (Map<String, Object>) row.get("input");
        Map<String, Object> output = (Map<String, Object>) row.get("output");
        Path work = Files.createTempDirectory("conformance-assume-role");
        try {
            Path fs = Files.createDirectories(work.resolve("fs"));
            Path home = Files.createDirectories(fs.resolve("home"));
            Path config = fs.resolve("config");
            Files.writeString(config, configFile(input, fs), StandardCharsets.UTF_8);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HOME", home.toString());
            env.put("AWS_CONFIG_FILE", config.toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", fs.resolve("credentials").toString());
            env.put("AWS_PROFILE", (String) input.get("selected_profile"));
            env.put("AWS_REGION", "us-east-1");

            List<Object> chain = (List<Object>) output.get("ProfileChain");
            Map<String, Object> base = chain == null ? null : (Map<String, Object>) chain.get(0);
            boolean tokenProfile = base != null && base.containsKey("Sso")
                    && !((Map<String, Object>) base.get("Sso")).containsKey("sso_account_id");
            if (base != null && base.containsKey("Sso")) {
                writeSsoCache(home, (Map<String, String>) base.get("Sso"));
            }
            if (base != null && "Environment".equals(base.get("NamedSource"))) {
                env.put("AWS_ACCESS_KEY_ID", "ASIAENVBASE000000001");
                env.put("AWS_SECRET_ACCESS_KEY", "env-secret");
            }

            SyntheticAws aws = new SyntheticAws();
            List<String> failures = new ArrayList<>();
            try (ReplayServer server = new ReplayServer(aws)) {
                ResolveProcess.Outcome outcome = ResolveProcess.run(env,
                        List.of("--scope", tokenProfile ? "token" : "profile", "--format", "process"), work, server);
                failures.addAll(server.problems());
                if (chain == null) {
                    Expectations.error(null, List.of(), outcome, failures);
                    if (!server.requests().isEmpty()) {
                        failures.add("expected no request, got " + server.requests());
                    }
                } else if (tokenProfile) {
                    Expectations.token(Map.of("token", SSO_TOKEN), outcome, failures);
                } else {
                    checkChain(chain, fs, aws, outcome, failures);
                }
            }
            return new Verdict(failures, null);
        } finally {
            TempFiles.delete(work);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkChain(List<Object> chain, Path fs, SyntheticAws aws, ResolveProcess.Outcome outcome,
                            List<String> failures) {
        Map<String, Object> base = (Map<String, Object>) chain.get(0);
        List<Map<String, String>> calls = aws.stsCalls();
        int next = 0;
        String key;
        String secret;
        if (base.containsKey("AccessKey")) {
            Map<String, String> keys = (Map<String, String>) base.get("AccessKey");
            key = keys.get("access_key_id");
            secret = keys.get("secret_access_key");
        } else if ("Ec2InstanceMetadata".equals(base.get("NamedSource"))) {
            key = IMDS_KEY;
            secret = "imds-secret";
        } else if ("Environment".equals(base.get("NamedSource"))) {
            key = "ASIAENVBASE000000001";
            secret = "env-secret";
        } else if (base.containsKey("Sso")) {
            key = SSO_KEY;
            secret = "sso-secret";
        } else if (base.containsKey("WebIdentityToken")) {
            Map<String, String> wi = (Map<String, String>) base.get("WebIdentityToken");
            Map<String, String> call = calls.isEmpty() ? Map.of() : calls.get(next++);
            expect("call 1 Action", "AssumeRoleWithWebIdentity", call.get("Action"), failures);
            expect("call 1 RoleArn", wi.get("role_arn"), call.get("RoleArn"), failures);
            expect("call 1 WebIdentityToken", tokenContent(wi.get("web_identity_token_file")), call.get("WebIdentityToken"), failures);
            if (wi.containsKey("role_session_name")) {
                expect("call 1 RoleSessionName", wi.get("role_session_name"), call.get("RoleSessionName"), failures);
            }
            key = call.get("resultKey");
            secret = call.get("resultSecret");
        } else {
            failures.add("harness: unknown base " + base);
            return;
        }
        for (int hop = 1; hop < chain.size(); hop++) {
            Map<String, String> role = (Map<String, String>) ((Map<String, Object>) chain.get(hop)).get("AssumeRole");
            String n = "call " + (next + 1);
            if (next >= calls.size()) {
                failures.add(n + ": expected AssumeRole " + role.get("role_arn") + ", no further STS call arrived");
                return;
            }
            Map<String, String> call = calls.get(next++);
            expect(n + " Action", "AssumeRole", call.get("Action"), failures);
            expect(n + " RoleArn", role.get("role_arn"), call.get("RoleArn"), failures);
            expect(n + " ExternalId", role.get("external_id"), call.get("ExternalId"), failures);
            if (role.containsKey("role_session_name")) {
                expect(n + " RoleSessionName", role.get("role_session_name"), call.get("RoleSessionName"), failures);
            }
            expect(n + " signed with", key, call.get("signedWith"), failures);
            key = call.get("resultKey");
            secret = call.get("resultSecret");
        }
        if (next < calls.size()) {
            failures.add("unexpected STS calls: " + calls.subList(next, calls.size()));
        }
        Map<String, Object> actual = outcome.json();
        if (outcome.exitCode() != 0 || actual == null) {
            failures.add("expected credentials, got " + outcome.describe());
            return;
        }
        expect("access key id", key, actual.get("AccessKeyId"), failures);
        expect("secret access key", secret, actual.get("SecretAccessKey"), failures);
    }

    private static void expect(String what, Object expected, Object actual, List<String> failures) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            failures.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static String tokenContent(String path) {
        return "web-identity-token:" + path;
    }

    /** {@code [profile X]} (or {@code [default]}) per profile, {@code [sso-session Y]} per session. */
    @SuppressWarnings("unchecked")
    private static String configFile(Map<String, Object> input, Path fs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> profile : ((Map<String, Object>) input.get("profiles")).entrySet()) {
            String name = profile.getKey();
            text.append(name.equals("default") ? "[default]" : "[profile " + name + "]").append('\n');
            for (Map.Entry<String, Object> property : ((Map<String, Object>) profile.getValue()).entrySet()) {
                String value = (String) property.getValue();
                if (property.getKey().equals("web_identity_token_file") && value.startsWith("/")) {
                    Path token = fs.resolve(value.substring(1));
                    Files.createDirectories(token.getParent());
                    Files.writeString(token, tokenContent(value));
                    value = token.toString();
                }
                text.append(property.getKey()).append(" = ").append(value).append('\n');
            }
        }
        Map<String, Object> sessions = (Map<String, Object>) input.getOrDefault("sso_sessions", Map.of());
        for (Map.Entry<String, Object> session : sessions.entrySet()) {
            text.append("[sso-session ").append(session.getKey()).append("]\n");
            ((Map<String, Object>) session.getValue()).forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        }
        return text.toString();
    }

    /** The token cache file: SHA-1 of the sso-session name, or of the start URL for a legacy profile. */
    private static void writeSsoCache(Path home, Map<String, String> sso) throws IOException {
        String cacheKey = sso.containsKey("sso_session") ? sso.get("sso_session") : sso.get("sso_start_url");
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        Files.writeString(cache.resolve(sha1(cacheKey) + ".json"), "{\"accessToken\":\"" + SSO_TOKEN + "\","
                + "\"expiresAt\":\"2199-01-01T00:00:00Z\",\"startUrl\":\"" + sso.get("sso_start_url") + "\","
                + "\"region\":\"" + sso.get("sso_region") + "\"}");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** STS, instance metadata and the SSO portal, answering whatever is asked, keeping the STS calls. */
    private static final class SyntheticAws implements ReplayServer.Responder {
        private final List<Map<String, String>> stsCalls = new ArrayList<>();

        synchronized List<Map<String, String>> stsCalls() {
            return new ArrayList<>(stsCalls);
        }

        @Override
        public synchronized ReplayServer.Response respond(ReplayServer.Request request, ReplayServer server) {
            String path = request.uri().getPath();
            if (request.method().equals("POST") && request.uri().getHost().startsWith("sts")) {
                Map<String, String> call = form(request.body());
                Matcher signer = SIGNING_KEY.matcher(request.headers().getOrDefault("authorization", ""));
                if (signer.find()) {
                    call.put("signedWith", signer.group(1));
                }
                int n = stsCalls.size() + 1;
                call.put("resultKey", String.format("ASIASTSHOP%010d", n));
                call.put("resultSecret", "sts-secret-" + n);
                stsCalls.add(call);
                String action = call.getOrDefault("Action", "AssumeRole");
                return ReplayServer.Response.of(200, "text/xml", "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<" + action + "Result><Credentials><AccessKeyId>" + call.get("resultKey") + "</AccessKeyId>"
                        + "<SecretAccessKey>" + call.get("resultSecret") + "</SecretAccessKey><SessionToken>sts-token-" + n
                        + "</SessionToken><Expiration>2199-01-01T00:00:00Z</Expiration></Credentials>"
                        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId>"
                        + "</AssumedRoleUser></" + action + "Result><ResponseMetadata><RequestId>r" + n
                        + "</RequestId></ResponseMetadata></" + action + "Response>");
            }
            if (request.method().equals("PUT") && path.equals("/latest/api/token")) {
                return ReplayServer.Response.of(200, "text/plain", "imds-token");
            }
            if (path.equals("/latest/meta-data/iam/security-credentials/")) {
                return ReplayServer.Response.of(200, "text/plain", "base-role");
            }
            if (path.equals("/latest/meta-data/iam/security-credentials/base-role")) {
                return ReplayServer.Response.of(200, "text/plain", "{\"Code\":\"Success\",\"AccessKeyId\":\"" + IMDS_KEY
                        + "\",\"SecretAccessKey\":\"imds-secret\",\"Token\":\"imds-token\",\"Expiration\":\"2199-01-01T00:00:00Z\"}");
            }
            if (path.equals("/federation/credentials")) {
                return ReplayServer.Response.of(200, "application/json", "{\"roleCredentials\":{\"accessKeyId\":\"" + SSO_KEY
                        + "\",\"secretAccessKey\":\"sso-secret\",\"sessionToken\":\"sso-token\",\"expiration\":7258118400000}}");
            }
            server.problem("unexpected request " + request);
            return ReplayServer.Response.of(404, "text/plain", "");
        }

        private static Map<String, String> form(String body) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return fields;
        }
    }
}
