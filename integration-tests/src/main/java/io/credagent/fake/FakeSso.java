package io.credagent.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The IAM Identity Center portal's GetRoleCredentials (REST-JSON): trades a bearer access token, as
 * found in ~/.aws/sso/cache, for role credentials in one account.
 */
final class FakeSso {
    static final String PATH = "/federation/credentials";
    private static final String JSON = "application/json";

    /** What an access token is good for. */
    private record Grant(Instant expiresAt, String account, String roleName) {
    }

    private final Principals principals;
    private final Supplier<Duration> credentialLifetime;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    FakeSso(Principals principals, Supplier<Duration> credentialLifetime) {
        this.principals = principals;
        this.credentialLifetime = credentialLifetime;
    }

    void registerAccessToken(String accessToken, Instant expiresAt, String account, String roleName) {
        grants.put(accessToken, new Grant(expiresAt, account, roleName));
        principals.rememberSecret(accessToken);
    }

    /** The ARN real SSO role sessions have: the role is the reserved permission-set role. */
    static String roleArn(String account, String roleName) {
        return Arns.assumedRole(account, "AWSReservedSSO_" + roleName + "_0123456789abcdef", "sso-user");
    }

    Reply handle(HttpCall call) {
        call.action = "GetRoleCredentials";
        if (!"GET".equals(call.method)) {
            return error(405, "MethodNotAllowedException", "Method not allowed");
        }
        Map<String, String> query = call.queryParams();
        String roleName = query.get("role_name");
        String account = query.get("account_id");
        String token = call.header("x-amz-sso_bearer_token");
        call.details = Map.of("role_name", String.valueOf(roleName), "account_id", String.valueOf(account));
        if (token == null) {
            return error(401, "UnauthorizedException", "Session token not found or invalid");
        }
        Grant grant = grants.get(token);
        if (grant == null || !Instant.now().isBefore(grant.expiresAt())) {
            return error(401, "UnauthorizedException", "Session token not found or invalid");
        }
        if (roleName == null || account == null) {
            return error(400, "InvalidRequestException", "role_name and account_id are required");
        }
        if (!grant.account().equals(account) || !grant.roleName().equals(roleName)) {
            return error(403, "ForbiddenException", "No access");
        }
        Principal session = principals.issueSession(roleArn(account, roleName), account,
                Principals.randomRoleId() + ":sso-user",
                credentialLifetime.get());
        call.issuedAccessKeyId = session.accessKeyId();

        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("accessKeyId", session.accessKeyId());
        credentials.put("secretAccessKey", session.secretAccessKey());
        credentials.put("sessionToken", session.sessionToken());
        credentials.put("expiration", session.expiration().toEpochMilli()); // SSO speaks epoch millis
        return Reply.ok(JSON, Json.write(Map.of("roleCredentials", credentials)));
    }

    /** REST-JSON errors: the SDK takes the error code from the x-amzn-ErrorType header. */
    static Reply error(int status, String code, String message) {
        return Reply.error(status, JSON, Json.write(Map.of("message", message)), code)
                .withHeader("x-amzn-ErrorType", code);
    }
}
