package io.credagent.fake;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * AWS Sign-In's CreateOAuth2Token with the refresh-token grant (REST-JSON {@code POST /v1/token},
 * unsigned), as {@code aws login} sessions refresh: the request must carry a DPoP proof (RFC 9449)
 * signed with the key the session is bound to: {@code typ=dpop+jwt}, {@code alg=ES256}, the public
 * key as {@code jwk}, and {@code htm}, {@code htu}, {@code iat}, {@code jti}. Each refresh rotates
 * the refresh token.
 */
final class FakeSignin {
    static final String PATH = "/v1/token";
    private static final String JSON = "application/json";
    private static final int EXPIRES_IN = 900;

    /** A login session: the key its refresh token is bound to, and whom its credentials are for. */
    private record Session(ECPublicKey key, String account, String arn) {
    }

    private final Principals principals;
    private final Supplier<String> tokenUrl;
    private final Map<String, Session> byRefreshToken = new ConcurrentHashMap<>();
    private final Set<String> seenJti = ConcurrentHashMap.newKeySet();

    FakeSignin(Principals principals, Supplier<String> tokenUrl) {
        this.principals = principals;
        this.tokenUrl = tokenUrl;
    }

    void registerRefreshToken(String refreshToken, ECPublicKey key, String account, String arn) {
        byRefreshToken.put(refreshToken, new Session(key, account, arn));
        principals.rememberSecret(refreshToken);
    }

    Reply handle(HttpCall call) {
        call.action = "CreateOAuth2Token";
        if (!"POST".equals(call.method)) {
            return error(405, "ValidationException", "INVALID_REQUEST", "Method not allowed");
        }
        if (call.header("Authorization") != null) {
            return error(400, "ValidationException", "INVALID_REQUEST", "CreateOAuth2Token is not signed with SigV4");
        }
        Map<String, Object> body;
        try {
            body = Json.parseObject(call.bodyText());
        } catch (IllegalArgumentException e) {
            return error(400, "ValidationException", "INVALID_REQUEST", "body is not JSON: " + e.getMessage());
        }
        if (!"refresh_token".equals(body.get("grantType")) || !(body.get("clientId") instanceof String)) {
            return error(400, "ValidationException", "INVALID_REQUEST", "grantType refresh_token and clientId are required");
        }
        Session session = byRefreshToken.get(String.valueOf(body.get("refreshToken")));
        if (session == null) {
            return error(401, "AccessDeniedException", "TOKEN_EXPIRED", "The refresh token has expired.");
        }
        String problem = dpopProblem(call.header("DPoP"), session.key());
        call.details = Map.of("dpop", problem == null ? "valid" : problem);
        if (problem != null) {
            return error(400, "ValidationException", "INVALID_REQUEST", "invalid DPoP proof: " + problem);
        }
        byRefreshToken.remove(String.valueOf(body.get("refreshToken")));
        String rotated = "refresh-" + Principals.randomRoleId();
        registerRefreshToken(rotated, session.key(), session.account(), session.arn());
        Principal issued = principals.issueSession(session.arn(), session.account(),
                Principals.randomRoleId() + ":console", Duration.ofSeconds(EXPIRES_IN));
        call.issuedAccessKeyId = issued.accessKeyId();
        Map<String, Object> accessToken = new LinkedHashMap<>();
        accessToken.put("accessKeyId", issued.accessKeyId());
        accessToken.put("secretAccessKey", issued.secretAccessKey());
        accessToken.put("sessionToken", issued.sessionToken());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("accessToken", accessToken);
        reply.put("tokenType", "aws_sigv4");
        reply.put("expiresIn", EXPIRES_IN);
        reply.put("refreshToken", rotated);
        return Reply.ok(JSON, Json.write(reply));
    }

    /** Why the proof does not hold, or null when it does. */
    private String dpopProblem(String proof, ECPublicKey key) {
        if (proof == null) {
            return "no DPoP header";
        }
        String[] parts = proof.split("\\.");
        if (parts.length != 3) {
            return "not a compact JWS";
        }
        Map<String, Object> header;
        Map<String, Object> claims;
        try {
            header = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return "unreadable: " + e.getMessage();
        }
        if (!"dpop+jwt".equals(header.get("typ")) || !"ES256".equals(header.get("alg"))) {
            return "typ/alg " + header.get("typ") + "/" + header.get("alg");
        }
        if (!(header.get("jwk") instanceof Map<?, ?> jwk) || !"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))) {
            return "jwk is not a P-256 EC key";
        }
        BigInteger x = new BigInteger(1, Base64.getUrlDecoder().decode(String.valueOf(jwk.get("x"))));
        BigInteger y = new BigInteger(1, Base64.getUrlDecoder().decode(String.valueOf(jwk.get("y"))));
        if (!x.equals(key.getW().getAffineX()) || !y.equals(key.getW().getAffineY())) {
            return "jwk is not the session's key";
        }
        if (!"POST".equals(claims.get("htm")) || !tokenUrl.get().equals(claims.get("htu"))) {
            return "htm/htu " + claims.get("htm") + " " + claims.get("htu");
        }
        if (!(claims.get("iat") instanceof Number iat)
                || Math.abs(iat.longValue() - Instant.now().getEpochSecond()) > 60) {
            return "iat " + claims.get("iat");
        }
        if (!(claims.get("jti") instanceof String jti) || !seenJti.add(jti)) {
            return "jti missing or used before";
        }
        try {
            ECPublicKey fromJwk = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), key.getParams()));
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(fromJwk);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts[2])) ? null : "signature does not verify";
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return "signature: " + e;
        }
    }

    /** Sign-In's errors: the code in x-amzn-ErrorType, the OAuth2 reason in {@code error}. */
    static Reply error(int status, String code, String reason, String message) {
        return Reply.error(status, JSON, Json.write(Map.of("error", reason, "message", message)), code)
                .withHeader("x-amzn-ErrorType", code);
    }
}
