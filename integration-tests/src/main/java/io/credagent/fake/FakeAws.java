package io.credagent.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake AWS on 127.0.0.1 (ephemeral port) speaking the real wire formats of STS, the SSO portal,
 * SSO-OIDC, IMDSv2 and the container credentials endpoint, so that unmodified SDK v1 and v2 clients
 * can be pointed at it. Signed STS requests are verified against the keys this fake issued.
 *
 * All services but S3 share one port; the path decides which one answers:
 * <pre>
 *   /                         STS (query protocol)
 *   /federation/credentials   SSO portal GetRoleCredentials
 *   /token                    SSO-OIDC CreateToken
 *   /latest/...               IMDSv2
 *   /container/credentials    ECS / EKS Pod Identity container endpoint
 *   /                         also Redshift's GetClusterCredentials[WithIAM], told apart by Action
 * </pre>
 * A path-style S3 ({@link #s3Endpoint()}) answers on a second port.
 * Thread-safe. Typical use: {@code try (FakeAws aws = new FakeAws().start()) { ... }}.
 */
public final class FakeAws implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Principals principals = new Principals();
    private volatile Duration credentialLifetime = Duration.ofHours(1);
    private volatile Duration ssoAccessTokenLifetime = Duration.ofHours(1);
    private final FakeSts sts = new FakeSts(principals, () -> credentialLifetime);
    private final FakeSso sso = new FakeSso(principals, () -> credentialLifetime);
    private final FakeSsoOidc ssoOidc = new FakeSsoOidc(principals, sso, () -> ssoAccessTokenLifetime);
    private final FakeImds imds = new FakeImds(principals, () -> credentialLifetime);
    private final FakeContainer container = new FakeContainer(principals, () -> credentialLifetime);
    private final FakeRedshift redshift = new FakeRedshift(principals);
    private final FakeS3 s3 = new FakeS3(principals);
    private final FakeSignin signin = new FakeSignin(principals, () -> endpoint() + FakeSignin.PATH);
    private final List<LoggedRequest> log = new ArrayList<>();
    private final Faults faults = new Faults();

    private HttpServer server;
    /** S3 answers on a port of its own: its path-style paths are bucket names, not services. */
    private HttpServer s3Server;
    private ExecutorService executor;

    /** Binds 127.0.0.1 on a free port and starts answering. */
    public synchronized FakeAws start() throws IOException {
        if (server != null || executor != null) {
            throw new IllegalStateException("already started (a FakeAws starts once)");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-aws-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, null));
        server.start();
        s3Server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s3Server.setExecutor(executor);
        s3Server.createContext("/", exchange -> handle(exchange, "s3"));
        s3Server.start();
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            s3Server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** {@code http://127.0.0.1:PORT}, with no trailing slash. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** The path-style S3 endpoint, {@code http://127.0.0.1:PORT}: ListObjectsV2, HeadObject, GetObject. */
    public synchronized String s3Endpoint() {
        if (s3Server == null) {
            throw new IllegalStateException("not started");
        }
        return "http://127.0.0.1:" + s3Server.getAddress().getPort();
    }

    /** A PostgreSQL endpoint (its own port) that accepts RDS IAM auth tokens signed by this fake's keys; close it after use. */
    public FakePostgres startPostgres() {
        return new FakePostgres(principals);
    }

    /** Snowflake's login endpoint (its own port) admitting WORKLOAD_IDENTITY logins whose STS attestation this fake's keys signed; close it after use. */
    public FakeSnowflake startSnowflake() {
        return new FakeSnowflake(principals);
    }

    /** Stores a text object that the S3 endpoint serves (signed requests only). */
    public void s3Object(String bucket, String key, String content) {
        s3.put(bucket, key, content);
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    // ---- principals and configuration ------------------------------------------------------------

    /** Issues long-term keys (AKIA..., no token, no expiry) for an IAM user, e.g. arn:aws:iam::111122223333:user/alice. */
    public Principal staticUser(String userArn) {
        if (!Arns.isUserArn(userArn)) {
            throw new IllegalArgumentException("not an IAM user ARN: " + userArn);
        }
        return principals.issueUser(userArn);
    }

    /** Lifetime of session credentials issued from now on by every service (default 1 hour). */
    public FakeAws credentialLifetime(Duration lifetime) {
        this.credentialLifetime = lifetime;
        return this;
    }

    /** Lifetime of SSO access tokens issued by CreateToken from now on (default 1 hour). */
    public FakeAws ssoAccessTokenLifetime(Duration lifetime) {
        this.ssoAccessTokenLifetime = lifetime;
        return this;
    }

    /** Makes the SSO portal accept {@code accessToken} until {@code expiresAt}, for one account and role. */
    public void registerSsoAccessToken(String accessToken, Instant expiresAt, String account, String roleName) {
        sso.registerAccessToken(accessToken, expiresAt, account, roleName);
    }

    /** Makes SSO-OIDC CreateToken(refresh_token) work for this client; new access tokens are for account/role. */
    public void registerOidcClient(String clientId, String clientSecret, String refreshToken, String account,
                                   String roleName) {
        ssoOidc.registerClient(clientId, clientSecret, refreshToken, account, roleName);
    }

    /**
     * An {@code aws login} session of {@code arn} (its login_session) in {@code account}: returns
     * its current credentials, valid for {@code lifetime} (negative: already expired), and makes
     * Sign-In's CreateOAuth2Token accept {@code refreshToken} with DPoP proofs of {@code key}.
     */
    public Principal loginSession(String arn, String account, java.security.KeyPair key, String refreshToken,
                                  Duration lifetime) {
        signin.registerRefreshToken(refreshToken, (java.security.interfaces.ECPublicKey) key.getPublic(), account, arn);
        return principals.issueSession(arn, account, Principals.randomRoleId() + ":console", lifetime);
    }

    /** Makes AssumeRoleWithWebIdentity accept this token (any other gets InvalidIdentityToken). */
    /** STS's rate limit: AssumeRole and AssumeRoleWithWebIdentity beyond {@code perSecond} in any second are refused with Throttling. */
    public void stsRateLimit(int perSecond) {
        sts.rateLimit(perSecond);
    }

    /** From now on AssumeRole of {@code roleArn} needs {@code SerialNumber} and a current TOTP code of {@code seed} ({@link Totp}). */
    public void requireMfa(String roleArn, String serialNumber, byte[] seed) {
        sts.requireMfa(roleArn, serialNumber, seed);
    }

    /** Whom an SSO login in the browser grants: tokens issued to clients registered from now on are good for this role. */
    public void ssoLoginGrants(String account, String roleName) {
        ssoOidc.loginGrants(account, roleName);
    }

    /** How long device codes of StartDeviceAuthorization stay valid (default 10 minutes). */
    public void ssoDeviceCodeLifetime(Duration lifetime) {
        ssoOidc.deviceCodeLifetime(lifetime);
    }

    public void registerWebIdentityToken(String token) {
        sts.registerWebIdentityToken(token);
    }

    /** Turns IMDS on with this instance profile role, or off (404 everywhere) with null. */
    public void imdsRole(String roleArnOrNull) {
        imds.role(roleArnOrNull);
    }

    /**
     * Turns the container endpoint on with this role, or off with null.
     *
     * @param requiredAuthorization exact Authorization header value to demand, or null for none
     */
    public void containerRole(String roleArnOrNull, String requiredAuthorization) {
        container.role(roleArnOrNull, requiredAuthorization);
    }

    /** Path of the container endpoint, for AWS_CONTAINER_CREDENTIALS_RELATIVE_URI. */
    public String containerPath() {
        return FakeContainer.PATH;
    }

    /** Full URI of the container endpoint, for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
    public String containerUri() {
        return endpoint() + FakeContainer.PATH;
    }

    /** Where Redshift's IAM authentication answers (a driver's endpoint URL property): the STS endpoint, told apart by action. */
    public String redshiftEndpoint() {
        return endpoint();
    }

    /** The ARN GetCallerIdentity answers for credentials from the SSO portal. */
    public static String ssoRoleArn(String account, String roleName) {
        return FakeSso.roleArn(account, roleName);
    }

    /** The ARN GetCallerIdentity answers for credentials of a role assumed with this session name. */
    public static String assumedRoleArn(String roleArn, String sessionName) {
        return Arns.assumedRole(Arns.roleAccount(roleArn), Arns.roleName(roleArn), sessionName);
    }

    public Optional<Principal> principal(String accessKeyId) {
        return principals.find(accessKeyId);
    }

    /** Expires an issued key now: its next use gets ExpiredToken. */
    public void expire(String accessKeyId) {
        if (principals.find(accessKeyId).isEmpty()) {
            throw new IllegalArgumentException("no such key was issued: " + accessKeyId);
        }
        principals.expire(accessKeyId);
    }

    /** The fault switches: errors, throttling, delays and dropped connections per service. */
    public Faults faults() {
        return faults;
    }

    // ---- observations ----------------------------------------------------------------------------

    /** Every secret value ever issued or registered: secret keys, session tokens, bearer/refresh tokens. */
    public Set<String> issuedSecrets() {
        return principals.issuedSecrets();
    }

    /** All requests answered so far, oldest first. */
    public List<LoggedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Successful GetCallerIdentity calls, oldest first: who the program really was, each time it asked. */
    public List<LoggedRequest> callerIdentityCalls() {
        return requests().stream().filter(r -> "GetCallerIdentity".equals(r.action()) && r.ok()).toList();
    }

    /** Requests for an action (any outcome), e.g. "AssumeRole", "GetRoleCredentials", "CreateToken". */
    public long count(String action) {
        return requests().stream().filter(r -> action.equals(r.action())).count();
    }

    /** Signed requests rejected because the key had expired. */
    public long expiredTokenRejections() {
        return requests().stream().filter(r -> "ExpiredToken".equals(r.outcome())).count();
    }

    /** Forgets the request log (not the principals): for tests with phases. */
    public void clearRequests() {
        synchronized (log) {
            log.clear();
        }
    }

    // ---- request handling ------------------------------------------------------------------------

    /** @param fixedService the service of a port of its own ({@code s3}), or null to tell it by path */
    private void handle(HttpExchange exchange, String fixedService) throws IOException {
        Instant at = Instant.now();
        String service = fixedService != null ? fixedService : "unknown";
        Reply reply;
        HttpCall call = null;
        try {
            call = HttpCall.read(exchange);
            service = fixedService != null ? fixedService : serviceFor(call.rawPath);
            if (call.header("Proxy-Authorization") != null) {
                // A proxy's credentials are for the proxy: a client that sends them on is leaking them.
                reply = Reply.error(400, "text/plain", "Proxy-Authorization reached the service", "ProxyCredentialsLeaked");
                record(at, service, call, reply);
                send(exchange, reply);
                return;
            }
            if (service.equals("sts") && FakeRedshift.handles(call)) {
                service = "redshift";
            }
            Faults.Service faulted = Faults.serviceFor(service, call);
            Faults.Fault fault = faulted == null ? null : faults.take(faulted);
            if (fault != null) {
                call.action = faultedAction(service, call);
            }
            if (fault != null && fault.kind == Faults.Fault.Kind.DROP) {
                record(at, service, call, Reply.error(0, "text/plain", "", fault.code));
                exchange.close(); // no answer at all: the client sees the connection end
                return;
            }
            if (fault != null && fault.kind == Faults.Fault.Kind.DELAY) {
                sleep(fault.delay);
            }
            reply = fault != null && fault.kind == Faults.Fault.Kind.STATUS ? faultReply(service, call, fault)
                    : switch (service) {
                case "sts" -> sts.handle(call);
                case "sso" -> sso.handle(call);
                case "sso-oidc" -> ssoOidc.handle(call);
                case "imds" -> imds.handle(call);
                case "container" -> container.handle(call);
                case "redshift" -> redshift.handle(call);
                case "s3" -> s3.handle(call);
                case "signin" -> signin.handle(call);
                default -> Reply.notFound();
            };
        } catch (RuntimeException | IOException e) {
            // A bug in the fake: make it loud in the test's output, and a 500 for the client.
            e.printStackTrace();
            reply = Reply.error(500, "text/plain", "fake AWS failed: " + e, "InternalFailure");
        }
        record(at, service, call, reply);
        send(exchange, reply);
    }

    /** The fault as the service would say it, so the SDKs classify it as they would the real one. */
    private static Reply faultReply(String service, HttpCall call, Faults.Fault fault) {
        return switch (service) {
            case "sts" -> FakeSts.error(new AwsError(fault.status, fault.code, fault.message));
            case "sso" -> FakeSso.error(fault.status, fault.code, fault.message);
            case "sso-oidc" -> FakeSsoOidc.error(fault.status, fault.code, "invalid_grant", fault.message);
            default -> Reply.error(fault.status, "text/plain", fault.message, fault.code);
        };
    }

    /** What the faulted request asked for, so the request log counts it like a normal one. */
    private static String faultedAction(String service, HttpCall call) {
        return switch (service) {
            case "sts" -> call.queryAndFormParams().get("Action");
            case "sso" -> "GetRoleCredentials";
            case "sso-oidc" -> "CreateToken";
            case "container" -> "GetCredentials";
            default -> "Faulted";
        };
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String serviceFor(String path) {
        if (path.startsWith(FakeImds.PREFIX)) return "imds";
        if (path.equals(FakeSso.PATH)) return "sso";
        if (path.equals(FakeSsoOidc.PATH) || FakeSsoOidc.LOGIN_PATHS.contains(path)) return "sso-oidc";
        if (path.equals(FakeContainer.PATH)) return "container";
        if (path.equals(FakeSignin.PATH)) return "signin";
        if (path.equals("/")) return "sts";
        return "unknown";
    }

    private void record(Instant at, String service, HttpCall call, Reply reply) {
        String outcome = reply.errorCode() == null ? "OK" : reply.errorCode();
        LoggedRequest entry = call == null
                ? new LoggedRequest(at, service, null, null, null, null, reply.status(), outcome, Map.of())
                : new LoggedRequest(at, service, call.action, call.signingAccessKeyId, call.callerArn,
                        call.issuedAccessKeyId, reply.status(), outcome, call.details);
        synchronized (log) {
            log.add(entry);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }
}
