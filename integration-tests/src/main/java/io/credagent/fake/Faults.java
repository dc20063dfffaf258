package io.credagent.fake;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * Fault switches of the {@link FakeAws}, consulted once per request at its single routing point.
 * Per service, a queue of one-shot faults (each spent by one request, in order) comes before an
 * optional standing fault (every request until cleared). Requests to STS's GetCallerIdentity, the
 * test apps' own work, are never faulted: only the services that issue credentials are.
 *
 * <pre>
 *   fake.faults().next(Service.STS_CREDENTIALS, Fault.status(503, "ServiceUnavailable"), Fault.throttling());
 *   fake.faults().always(Service.IMDS, Fault.dropConnection());
 *   fake.faults().clear(Service.IMDS);
 * </pre>
 */
public final class Faults {

    /** What a fault applies to. */
    public enum Service {
        /** Every STS action except GetCallerIdentity: AssumeRole, AssumeRoleWithWebIdentity. */
        STS_CREDENTIALS,
        /** The SSO portal's GetRoleCredentials. */
        SSO,
        /** SSO-OIDC CreateToken (token refresh). */
        SSO_OIDC,
        IMDS,
        CONTAINER
    }

    /** One injected failure. */
    public static final class Fault {
        enum Kind { STATUS, DELAY, DROP }

        final Kind kind;
        final int status;
        final String code;
        final String message;
        final Duration delay;

        private Fault(Kind kind, int status, String code, String message, Duration delay) {
            this.kind = kind;
            this.status = status;
            this.code = code;
            this.message = message;
            this.delay = delay;
        }

        /** An error answer in the service's own format, e.g. {@code status(503, "ServiceUnavailable")}. */
        public static Fault status(int status, String code) {
            return new Fault(Kind.STATUS, status, code, "injected fault: " + code, null);
        }

        /** STS's rate limiting: HTTP 400 {@code Throttling}, which the SDKs retry with backoff. */
        public static Fault throttling() {
            return new Fault(Kind.STATUS, 400, "Throttling", "Rate exceeded", null);
        }

        /** The SSO portal rejecting a revoked or expired access token: HTTP 401 {@code UnauthorizedException}. */
        public static Fault ssoTokenRevoked() {
            return new Fault(Kind.STATUS, 401, "UnauthorizedException", "Session token not found or invalid", null);
        }

        /** The answer comes after {@code delay} (then normally): past the client's timeout, it never arrives. */
        public static Fault delay(Duration delay) {
            return new Fault(Kind.DELAY, 0, null, null, delay);
        }

        /** The connection is closed without an answer, as by a crashed or restarting endpoint. */
        public static Fault dropConnection() {
            return new Fault(Kind.DROP, 0, "ConnectionDropped", null, null);
        }

        @Override
        public String toString() {
            return kind == Kind.STATUS ? status + " " + code : kind == Kind.DELAY ? "delay " + delay : "drop";
        }
    }

    private final Map<Service, Deque<Fault>> queued = new EnumMap<>(Service.class);
    private final Map<Service, Fault> standing = new EnumMap<>(Service.class);
    private final Map<Service, Long> injected = new EnumMap<>(Service.class);

    /** The next requests to {@code service} get these faults, one each, in order. */
    public synchronized Faults next(Service service, Fault... faults) {
        Deque<Fault> queue = queued.computeIfAbsent(service, s -> new ArrayDeque<>());
        for (Fault fault : faults) {
            queue.add(fault);
        }
        return this;
    }

    /** Every request to {@code service} gets {@code fault} until {@link #clear}. */
    public synchronized Faults always(Service service, Fault fault) {
        standing.put(service, fault);
        return this;
    }

    /** {@code service} answers normally again (queued one-shot faults are dropped too). */
    public synchronized Faults clear(Service service) {
        standing.remove(service);
        queued.remove(service);
        return this;
    }

    public synchronized Faults clearAll() {
        standing.clear();
        queued.clear();
        return this;
    }

    /** How many requests to {@code service} got a fault so far. */
    public synchronized long injected(Service service) {
        return injected.getOrDefault(service, 0L);
    }

    /** The fault for one request, or null; counts it. */
    synchronized Fault take(Service service) {
        Deque<Fault> queue = queued.get(service);
        Fault fault = queue != null && !queue.isEmpty() ? queue.poll() : standing.get(service);
        if (fault != null) {
            injected.merge(service, 1L, Long::sum);
        }
        return fault;
    }

    /** The service a request goes to, for fault purposes; null for requests that are never faulted. */
    static Service serviceFor(String fakeService, HttpCall call) {
        switch (fakeService) {
            case "sts":
                return "GetCallerIdentity".equals(call.queryAndFormParams().get("Action")) ? null : Service.STS_CREDENTIALS;
            case "sso":
                return Service.SSO;
            case "sso-oidc":
                return Service.SSO_OIDC;
            case "imds":
                return Service.IMDS;
            case "container":
                return Service.CONTAINER;
            default:
                return null;
        }
    }
}
