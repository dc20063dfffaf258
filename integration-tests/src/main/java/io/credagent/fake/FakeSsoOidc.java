package io.credagent.fake;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SSO-OIDC CreateToken with grant type refresh_token: what the SDK calls when the cached SSO access
 * token is (nearly) expired and the cache file holds a client registration and refresh token. The
 * new access token is then good at the portal ({@link FakeSso}) for the client's account and role.
 */
final class FakeSsoOidc {
    static final String PATH = "/token";
    private static final String JSON = "application/json";

    /** A registered OIDC client and the refresh tokens it may use. */
    private record Client(String clientSecret, String account, String roleName, Set<String> refreshTokens) {
    }

    private final Principals principals;
    private final FakeSso portal;
    private final Supplier<Duration> accessTokenLifetime;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

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

    Reply handle(HttpCall call) {
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
