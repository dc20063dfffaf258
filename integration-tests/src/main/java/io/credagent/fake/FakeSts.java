package io.credagent.fake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * STS over the query protocol (form POST to "/", or GET with a query string), answering in STS's
 * XML exactly as SDK v1 and v2 parse it. Every action except AssumeRoleWithWebIdentity must be
 * SigV4-signed with a key the fake issued.
 */
final class FakeSts {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String XML = "text/xml";

    private final Principals principals;
    private final SigV4Verifier verifier;
    private final Supplier<Duration> credentialLifetime;
    private final Set<String> webIdentityTokens = ConcurrentHashMap.newKeySet();
    /** Roles whose trust policy demands MFA: role ARN to the device (serial number and TOTP seed). */
    private final Map<String, Map.Entry<String, byte[]>> mfaRoles = new ConcurrentHashMap<>();
    /** Accepted credential requests of the last second, for the rate limit. */
    private final java.util.ArrayDeque<Long> recentlyAccepted = new java.util.ArrayDeque<>();
    private volatile int ratePerSecond;

    FakeSts(Principals principals, Supplier<Duration> credentialLifetime) {
        this.principals = principals;
        this.verifier = new SigV4Verifier(principals, "sts");
        this.credentialLifetime = credentialLifetime;
    }

    /** From now on AssumeRole and AssumeRoleWithWebIdentity beyond {@code perSecond} in any second get Throttling, as STS's own limit. */
    void rateLimit(int perSecond) {
        this.ratePerSecond = perSecond;
    }

    private void throttle() throws AwsError {
        int limit = ratePerSecond;
        if (limit <= 0) {
            return;
        }
        long now = System.nanoTime();
        synchronized (recentlyAccepted) {
            while (!recentlyAccepted.isEmpty() && now - recentlyAccepted.peekFirst() >= 1_000_000_000L) {
                recentlyAccepted.removeFirst();
            }
            if (recentlyAccepted.size() >= limit) {
                throw new AwsError(400, "Throttling", "Rate exceeded");
            }
            recentlyAccepted.addLast(now);
        }
    }

    void requireMfa(String roleArn, String serialNumber, byte[] seed) {
        mfaRoles.put(roleArn, Map.entry(serialNumber, seed));
    }

    void registerWebIdentityToken(String token) {
        webIdentityTokens.add(token);
        principals.rememberSecret(token);
    }

    Reply handle(HttpCall call) {
        Map<String, String> params = call.queryAndFormParams();
        String action = params.get("Action");
        call.action = action;
        try {
            if ("AssumeRoleWithWebIdentity".equals(action) || "AssumeRole".equals(action)) {
                throttle();
            }
            if ("AssumeRoleWithWebIdentity".equals(action)) {
                // Unsigned on purpose: the web identity token is the proof of identity.
                return assumeRoleWithWebIdentity(call, params);
            }
            Principal caller = verifier.verify(call, Instant.now());
            if ("GetCallerIdentity".equals(action)) {
                return getCallerIdentity(caller);
            }
            if ("AssumeRole".equals(action)) {
                return assumeRole(call, params);
            }
            throw new AwsError(400, "InvalidAction",
                    "Could not find operation " + action + " for version " + params.get("Version"));
        } catch (AwsError e) {
            return error(e);
        }
    }

    private Reply getCallerIdentity(Principal caller) {
        return response("GetCallerIdentity",
                "<Arn>" + xml(caller.arn()) + "</Arn>"
                        + "<UserId>" + xml(caller.userId()) + "</UserId>"
                        + "<Account>" + xml(caller.account()) + "</Account>");
    }

    private Reply assumeRole(HttpCall call, Map<String, String> params) throws AwsError {
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        call.details = details(params, "RoleArn", "RoleSessionName", "ExternalId", "DurationSeconds", "SerialNumber",
                "TokenCode");
        checkMfa(roleArn, params.get("SerialNumber"), params.get("TokenCode"));
        Principal session = issueForRole(call, roleArn, sessionName, params.get("DurationSeconds"));
        return response("AssumeRole", assumedRoleUser(session) + credentials(session));
    }

    /** As STS for a role whose trust policy has {@code aws:MultiFactorAuthPresent}. */
    private void checkMfa(String roleArn, String serialNumber, String tokenCode) throws AwsError {
        Map.Entry<String, byte[]> device = roleArn == null ? null : mfaRoles.get(roleArn);
        if (device == null) {
            return;
        }
        if (serialNumber == null || tokenCode == null || !serialNumber.equals(device.getKey())) {
            throw new AwsError(403, "AccessDenied", "User is not authorized to perform: sts:AssumeRole on resource: "
                    + roleArn);
        }
        if (!Totp.accepts(device.getValue(), tokenCode, Instant.now())) {
            throw new AwsError(403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
        }
    }

    private Reply assumeRoleWithWebIdentity(HttpCall call, Map<String, String> params) throws AwsError {
        String token = params.get("WebIdentityToken");
        call.details = details(params, "RoleArn", "RoleSessionName", "DurationSeconds");
        if (token == null) {
            throw validation("webIdentityToken", "null", "Member must not be null");
        }
        Map<String, Object> claims = jwtClaims(token);
        String issuer = String.valueOf(claims.getOrDefault("iss", "unknown-issuer"));
        if (!webIdentityTokens.contains(token)) {
            throw new AwsError(400, "InvalidIdentityToken",
                    "No OpenIDConnect provider found in your account for " + issuer);
        }
        Principal session = issueForRole(call, params.get("RoleArn"), params.get("RoleSessionName"),
                params.get("DurationSeconds"));
        String subject = String.valueOf(claims.getOrDefault("sub", "web-identity-subject"));
        Object aud = claims.getOrDefault("aud", "sts.amazonaws.com");
        String audience = String.valueOf(aud instanceof List && !((List<?>) aud).isEmpty() ? ((List<?>) aud).get(0) : aud);
        return response("AssumeRoleWithWebIdentity",
                "<SubjectFromWebIdentityToken>" + xml(subject) + "</SubjectFromWebIdentityToken>"
                        + "<Audience>" + xml(audience) + "</Audience>"
                        + assumedRoleUser(session)
                        + credentials(session)
                        + "<Provider>" + xml(issuer) + "</Provider>");
    }

    /** Validates the role parameters like STS does and issues session keys for the assumed role. */
    private Principal issueForRole(HttpCall call, String roleArn, String sessionName, String durationSeconds)
            throws AwsError {
        if (roleArn == null) {
            throw validation("roleArn", "null", "Member must not be null");
        }
        if (sessionName == null) {
            throw validation("roleSessionName", "null", "Member must not be null");
        }
        if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw validation("roleSessionName", sessionName,
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        if (!Arns.isRoleArn(roleArn)) {
            throw new AwsError(400, "ValidationError", roleArn + " is invalid");
        }
        Duration lifetime = credentialLifetime.get();
        if (durationSeconds != null) {
            long seconds;
            try {
                seconds = Long.parseLong(durationSeconds);
            } catch (NumberFormatException e) {
                throw validation("durationSeconds", durationSeconds, "Member must be a number");
            }
            if (seconds < 900 || seconds > 43200) {
                throw validation("durationSeconds", durationSeconds,
                        "Member must have value between 900 and 43200");
            }
            // Never longer than the test asked for, so short-lived credentials stay short whatever
            // the client requests (SDK v1's session provider always asks for 900 s, for instance).
            lifetime = Duration.ofSeconds(Math.min(seconds, lifetime.getSeconds()));
        }
        Principal session = principals.issueRoleSession(roleArn, sessionName, lifetime);
        call.issuedAccessKeyId = session.accessKeyId();
        return session;
    }

    private static String assumedRoleUser(Principal session) {
        return "<AssumedRoleUser><Arn>" + xml(session.arn()) + "</Arn>"
                + "<AssumedRoleId>" + xml(session.userId()) + "</AssumedRoleId></AssumedRoleUser>";
    }

    private static String credentials(Principal session) {
        return "<Credentials>"
                + "<AccessKeyId>" + session.accessKeyId() + "</AccessKeyId>"
                + "<SecretAccessKey>" + xml(session.secretAccessKey()) + "</SecretAccessKey>"
                + "<SessionToken>" + xml(session.sessionToken()) + "</SessionToken>"
                + "<Expiration>" + session.expiration() + "</Expiration>"
                + "</Credentials>";
    }

    private static Reply response(String action, String resultXml) {
        return response(NAMESPACE, action, resultXml);
    }

    /** A query-protocol success response (STS, Redshift): {@code <ActionResponse><ActionResult>...}. */
    static Reply response(String namespace, String action, String resultXml) {
        String body = "<" + action + "Response xmlns=\"" + namespace + "\">\n"
                + "  <" + action + "Result>" + resultXml + "</" + action + "Result>\n"
                + "  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
                + "</" + action + "Response>\n";
        return Reply.ok(XML, body);
    }

    static Reply error(AwsError e) {
        String type = e.status >= 500 ? "Receiver" : "Sender";
        String body = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + type + "</Type>\n"
                + "    <Code>" + xml(e.code) + "</Code>\n"
                + "    <Message>" + xml(e.getMessage()) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
                + "</ErrorResponse>\n";
        return Reply.error(e.status, XML, body, e.code);
    }

    private static AwsError validation(String member, String value, String constraint) {
        return new AwsError(400, "ValidationError", "1 validation error detected: Value '" + value + "' at '"
                + member + "' failed to satisfy constraint: " + constraint);
    }

    static Map<String, String> details(Map<String, String> params, String... names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            if (params.containsKey(name)) {
                out.put(name, params.get(name));
            }
        }
        return Map.copyOf(out);
    }

    /** The claims of a JWT if it is one (unverified: the fake trusts tokens the test registered). */
    private static Map<String, Object> jwtClaims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Map.of();
        }
        try {
            return Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
