package io.credagent.fake;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SSO-OIDC: CreateToken with grant type refresh_token (what the SDK calls when the cached SSO access
 * token is nearly expired), and what a login needs: RegisterClient, StartDeviceAuthorization, the
 * device verification page, the authorization endpoint with PKCE, and CreateToken with the
 * device-code and authorization-code grants. The browser pages are what a scripted browser in the
 * tests visits: {@code /device?user_code=...} approves (or, with {@code &deny=true}, denies) a
 * device authorization; {@code /authorize?...} redirects to the client's loopback {@code redirect_uri}
 * with a code (or {@code error=access_denied} with {@code &deny=true}). Access tokens are good at
 * the portal ({@link FakeSso}) for the client's account and role.
 */
final class FakeSsoOidc {
    static final String PATH = "/token";
    static final java.util.List<String> LOGIN_PATHS = java.util.List.of("/client/register", "/device_authorization",
            "/authorize", "/device");
    private static final String JSON = "application/json";

    /** A registered OIDC client and the refresh tokens it may use. */
    private record Client(String clientSecret, String account, String roleName, Set<String> refreshTokens) {
    }

    private final Principals principals;
    private final FakeSso portal;
    private final Supplier<Duration> accessTokenLifetime;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    /** A device authorization, by device code. */
    private record Device(String clientId, String userCode, Instant expiresAt, java.util.concurrent.atomic.AtomicReference<String> decision) {
    }
    /** An authorization code, with what CreateToken must match: client, PKCE challenge, redirect URI. */
    private record Code(String clientId, String challenge, String redirectUri) {
    }
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private volatile String loginAccount;
    private volatile String loginRole;
    private volatile Duration deviceCodeLifetime = Duration.ofMinutes(10);
    private final java.util.concurrent.atomic.AtomicInteger registrations = new java.util.concurrent.atomic.AtomicInteger();

    FakeSsoOidc(Principals principals, FakeSso portal, Supplier<Duration> accessTokenLifetime) {
        this.principals = principals;
        this.portal = portal;
        this.accessTokenLifetime = accessTokenLifetime;
    }

    void registerClient(String clientId, String clientSecret, String refreshToken, String account, String roleName) {
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        tokens.add(refreshToken);
        clients.put(clientId, new Client(clientSecret, account, roleName, tokens));
        principals.rememberSecret(clientSecret);
        principals.rememberSecret(refreshToken);
    }

    /** Whom a login grants access to: tokens issued to newly registered clients are good for this account and role. */
    void loginGrants(String account, String roleName) {
        loginAccount = account;
        loginRole = roleName;
    }

    void deviceCodeLifetime(Duration lifetime) {
        deviceCodeLifetime = lifetime;
    }

    Reply handle(HttpCall call) {
        switch (call.rawPath) {
            case "/client/register":
                return registerClient(call);
            case "/device_authorization":
                return startDeviceAuthorization(call);
            case "/device":
                return verificationPage(call);
            case "/authorize":
                return authorize(call);
            default:
                return createToken(call);
        }
    }

    private Reply registerClient(HttpCall call) {
        call.action = "RegisterClient";
        Map<String, Object> body = Json.parseObject(call.bodyText());
        String clientId = "client-" + registrations.incrementAndGet() + "-" + Principals.randomToken("", 8);
        String secret = Principals.randomToken("cs", 40);
        clients.put(clientId, new Client(secret, loginAccount, loginRole, ConcurrentHashMap.newKeySet()));
        principals.rememberSecret(secret);
        call.details = Map.of("clientName", String.valueOf(body.get("clientName")), "clientType",
                String.valueOf(body.get("clientType")), "scopes", String.valueOf(body.get("scopes")),
                "grantTypes", String.valueOf(body.get("grantTypes")), "redirectUris", String.valueOf(body.get("redirectUris")),
                "issuerUrl", String.valueOf(body.get("issuerUrl")));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("clientId", clientId);
        reply.put("clientSecret", secret);
        reply.put("clientIdIssuedAt", Instant.now().getEpochSecond());
        reply.put("clientSecretExpiresAt", Instant.now().plus(Duration.ofDays(90)).getEpochSecond());
        return Reply.ok(JSON, Json.write(reply));
    }

    private Reply startDeviceAuthorization(HttpCall call) {
        call.action = "StartDeviceAuthorization";
        Map<String, Object> body = Json.parseObject(call.bodyText());
        Client client = clients.get(string(body, "clientId"));
        if (client == null || !client.clientSecret().equals(string(body, "clientSecret"))) {
            return error(401, "InvalidClientException", "invalid_client", "Invalid client provided");
        }
        call.details = Map.of("startUrl", String.valueOf(body.get("startUrl")));
        String deviceCode = Principals.randomToken("dc", 40);
        String userCode = Principals.randomToken("", 4).toUpperCase() + "-" + Principals.randomToken("", 4).toUpperCase();
        principals.rememberSecret(deviceCode);
        devices.put(deviceCode, new Device(string(body, "clientId"), userCode, Instant.now().plus(deviceCodeLifetime),
                new java.util.concurrent.atomic.AtomicReference<>()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("deviceCode", deviceCode);
        reply.put("userCode", userCode);
        reply.put("verificationUri", "http://" + call.header("Host") + "/device");
        reply.put("verificationUriComplete", "http://" + call.header("Host") + "/device?user_code=" + userCode);
        reply.put("expiresIn", deviceCodeLifetime.getSeconds());
        reply.put("interval", 1);
        return Reply.ok(JSON, Json.write(reply));
    }

    /** The person approving (or denying) the device in the browser. */
    private Reply verificationPage(HttpCall call) {
        call.action = "DeviceVerificationPage";
        Map<String, String> query = call.queryParams();
        for (Device device : devices.values()) {
            if (device.userCode().equals(query.get("user_code"))) {
                device.decision().compareAndSet(null, "true".equals(query.get("deny")) ? "denied" : "approved");
                return Reply.ok("text/html", "<html><body>Request " + device.decision().get() + "</body></html>");
            }
        }
        return Reply.error(404, "text/html", "<html><body>Unknown code</body></html>", "UnknownUserCode");
    }

    /** The person signing in: back to the client's loopback redirect with a code, as the real page does. */
    private Reply authorize(HttpCall call) {
        call.action = "Authorize";
        Map<String, String> query = call.queryParams();
        String redirect = query.get("redirect_uri");
        Client client = clients.get(query.get("client_id"));
        call.details = new LinkedHashMap<>(query);
        if (client == null || redirect == null || !redirect.matches("http://127\\.0\\.0\\.1:[0-9]+/oauth/callback")
                || !"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null || query.get("state") == null) {
            return Reply.error(400, "text/html", "<html><body>Bad authorization request</body></html>", "InvalidRequest");
        }
        String location;
        if ("true".equals(query.get("deny"))) {
            location = redirect + "?error=access_denied&state=" + query.get("state");
        } else {
            String code = Principals.randomToken("ac", 32);
            principals.rememberSecret(code);
            codes.put(code, new Code(query.get("client_id"), query.get("code_challenge"), redirect));
            location = redirect + "?code=" + code + "&state=" + query.get("state");
        }
        return new Reply(302, "text/html", "", Map.of("Location", location), null);
    }

    private Reply createToken(HttpCall call) {
        call.action = "CreateToken";
        if (!"POST".equals(call.method)) {
            return error(405, "InvalidRequestException", "invalid_request", "Method not allowed");
        }
        Map<String, Object> body;
        try {
            body = Json.parseObject(call.bodyText());
        } catch (IllegalArgumentException e) {
            return error(400, "InvalidRequestException", "invalid_request", "Malformed JSON body");
        }
        String clientId = string(body, "clientId");
        String grantType = string(body, "grantType");
        call.details = Map.of("clientId", String.valueOf(clientId), "grantType", String.valueOf(grantType));

        Client client = clientId == null ? null : clients.get(clientId);
        if (client == null || !client.clientSecret().equals(string(body, "clientSecret"))) {
            return error(401, "InvalidClientException", "invalid_client", "Invalid client provided");
        }
        if ("urn:ietf:params:oauth:grant-type:device_code".equals(grantType)) {
            return deviceCodeGrant(client, string(body, "deviceCode"), clientId);
        }
        if ("authorization_code".equals(grantType)) {
            return authorizationCodeGrant(client, clientId, string(body, "code"), string(body, "codeVerifier"),
                    string(body, "redirectUri"));
        }
        if (!"refresh_token".equals(grantType)) {
            return error(400, "UnsupportedGrantTypeException", "unsupported_grant_type",
                    "Unsupported grant type: " + grantType);
        }
        String refreshToken = string(body, "refreshToken");
        if (refreshToken == null || !client.refreshTokens().contains(refreshToken)) {
            return error(400, "InvalidGrantException", "invalid_grant", "Invalid refresh token provided");
        }

        Duration lifetime = accessTokenLifetime.get();
        String accessToken = Principals.randomToken("aoa", 120);
        portal.registerAccessToken(accessToken, Instant.now().plus(lifetime), client.account(), client.roleName());
        // A fresh refresh token, as the real service rotates them. The old one stays usable so two
        // processes refreshing from the same cache file don't lock each other out.
        String newRefreshToken = Principals.randomToken("aor", 120);
        client.refreshTokens().add(newRefreshToken);
        principals.rememberSecret(newRefreshToken);

        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("accessToken", accessToken);
        reply.put("expiresIn", lifetime.getSeconds());
        reply.put("refreshToken", newRefreshToken);
        reply.put("tokenType", "Bearer");
        return Reply.ok(JSON, Json.write(reply));
    }

    private Reply deviceCodeGrant(Client client, String deviceCode, String clientId) {
        Device device = deviceCode == null ? null : devices.get(deviceCode);
        if (device == null || !device.clientId().equals(clientId)) {
            return error(400, "InvalidGrantException", "invalid_grant", "Invalid device code provided");
        }
        if (Instant.now().isAfter(device.expiresAt())) {
            return error(400, "ExpiredTokenException", "expired_token", "Device code has expired");
        }
        String decision = device.decision().get();
        if (decision == null) {
            return error(400, "AuthorizationPendingException", "authorization_pending", "Authorization is still pending");
        }
        devices.remove(deviceCode);
        if (decision.equals("denied")) {
            return error(400, "AccessDeniedException", "access_denied", "The user denied the request");
        }
        return tokens(client);
    }

    private Reply authorizationCodeGrant(Client client, String clientId, String code, String verifier, String redirectUri) {
        Code issued = code == null ? null : codes.remove(code);
        if (issued == null || !issued.clientId().equals(clientId) || !issued.redirectUri().equals(redirectUri)) {
            return error(400, "InvalidGrantException", "invalid_grant", "Invalid authorization code provided");
        }
        if (verifier == null || !issued.challenge().equals(challenge(verifier))) {
            return error(400, "InvalidGrantException", "invalid_grant", "Code verifier does not match the challenge");
        }
        return tokens(client);
    }

    /** PKCE S256: base64url(sha256(verifier)) without padding. */
    static String challenge(String verifier) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply tokens(Client client) {
        String accessToken = Principals.randomToken("aoa", 120);
        portal.registerAccessToken(accessToken, Instant.now().plus(accessTokenLifetime.get()), client.account(), client.roleName());
        String refreshToken = Principals.randomToken("aor", 120);
        client.refreshTokens().add(refreshToken);
        principals.rememberSecret(refreshToken);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("accessToken", accessToken);
        reply.put("expiresIn", accessTokenLifetime.get().getSeconds());
        reply.put("refreshToken", refreshToken);
        reply.put("tokenType", "Bearer");
        return Reply.ok(JSON, Json.write(reply));
    }

    private static String string(Map<String, Object> body, String name) {
        Object v = body.get(name);
        return v instanceof String ? (String) v : v instanceof BigDecimal ? v.toString() : null;
    }

    /** OAuth-style body plus the REST-JSON error-type header the SDK maps to a typed exception. */
    static Reply error(int status, String code, String oauthError, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", oauthError);
        body.put("error_description", description);
        return Reply.error(status, JSON, Json.write(body), code).withHeader("x-amzn-ErrorType", code);
    }
}
