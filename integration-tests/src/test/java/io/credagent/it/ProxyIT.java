package io.credagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credagent.fake.FakeAws;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * credagent's own calls behind a corporate proxy: the SSO portal is reachable only through
 * {@link LoopbackProxy}, at a host name ({@code sso.fake.test}) that resolves nowhere, so a call
 * that does not take the proxy fails. The app's own SDK v1 sends its STS calls (to 127.0.0.1)
 * through the same proxy where the variables or properties say so; credagent's traffic is what the
 * proxy saw for {@code *.fake.test}.
 */
class ProxyIT extends AgentScenario {
    private static final String ROLE = "Developer";
    private static final String SSO_HTTPS = "https://sso.fake.test:8443";
    private static final String SSO_HTTP = "http://sso.fake.test:8080";

    @TempDir
    static Path tlsDir;
    static TestTls tls;

    @BeforeAll
    static void certificate() {
        tls = TestTls.create(tlsDir);
    }

    private final String ssoRoleArn = FakeAws.ssoRoleArn(ACCOUNT, ROLE);

    /** An SDK v1 app on an sso-session profile, credagent's SSO endpoint at {@code ssoEndpoint}. */
    private ChildJvm appWithSsoAt(String ssoEndpoint) {
        return appWithSsoAt(App.V1_BUILDER, ssoEndpoint);
    }

    private ChildJvm appWithSsoAt(App app, String ssoEndpoint) {
        ssoSessionProfile(ROLE);
        return tls.trustedBy(child(app, 2).agent("profile=dev,log=debug").env("AWS_ENDPOINT_URL_SSO", ssoEndpoint));
    }

    @Test
    @Tag("second-jdk")
    void httpsProxyVariableTunnelsTheSsoCall() throws IOException {
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), null)) {
            ChildJvm.Result result = run(appWithSsoAt(SSO_HTTPS).env("HTTPS_PROXY", "http://" + proxy.hostPort()));
            assertCalledAs(result, ssoRoleArn, 2);
            assertEquals(List.of("CONNECT sso.fake.test:8443"), credagents(proxy.accepted()));
            assertEquals(1, fake.count("GetRoleCredentials"));
        }
    }

    @Test
    void jvmProxyPropertiesTunnelTheSsoCall() throws IOException {
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), null)) {
            ChildJvm.Result result = run(appWithSsoAt(SSO_HTTPS)
                    .sysProp("https.proxyHost", "127.0.0.1").sysProp("https.proxyPort", String.valueOf(proxy.port())));
            assertCalledAs(result, ssoRoleArn, 2);
            assertEquals(List.of("CONNECT sso.fake.test:8443"), credagents(proxy.accepted()));
        }
    }

    @Test
    void aProxyOfTheJvmsSelectorListThatCannotBeReachedIsReportedAndTheNextOneTunnelsTheSsoCall() throws IOException {
        int dead = closedPort();
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), null)) {
            ChildJvm.Result result = run(appWithSsoAt(App.V1_PROXY_LIST, SSO_HTTPS)
                    .sysProp("app.proxies", "127.0.0.1:" + dead + "," + proxy.hostPort()));
            assertCalledAs(result, ssoRoleArn, 2);
            assertEquals(List.of("CONNECT sso.fake.test:8443"), credagents(proxy.accepted()));
            assertTrue(result.stdout().lines().anyMatch(l -> l.startsWith("UNREACHABLE=127.0.0.1") && l.endsWith(":" + dead)),
                    "the selector was told: " + result.describe());
        }
    }

    @Test
    void httpProxyWithCredentialsInTheUrlForwardsThePlainCallAndNoProxyKeepsTheAppsOwn() throws IOException {
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), "corp-user:p@ss word")) {
            ChildJvm.Result result = run(appWithSsoAt(SSO_HTTP)
                    .env("HTTP_PROXY", "http://corp-user:p%40ss%20word@" + proxy.hostPort())
                    .env("NO_PROXY", "127.0.0.1"));
            assertCalledAs(result, ssoRoleArn, 2);
            assertEquals(1, credagents(proxy.accepted()).size(), proxy.accepted().toString());
            assertTrue(credagents(proxy.accepted()).get(0).startsWith("GET " + SSO_HTTP + "/federation/credentials"), proxy.accepted().toString());
            assertEquals(List.of(), proxy.refused());
            assertTrue(result.stderr().lines().noneMatch(l -> l.contains("p@ss") || l.contains("p%40ss")), result.describe());
        }
    }

    @Test
    void noProxyBypassesTheProxy() throws IOException {
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), null)) {
            ChildJvm.Result result = run(appWithSsoAt("http://localhost:" + fake.port())
                    .env("HTTP_PROXY", "http://" + proxy.hostPort())
                    .env("NO_PROXY", "example.com, .localhost,localhost,127.0.0.1"));
            assertCalledAs(result, ssoRoleArn, 2);
            assertEquals(1, fake.count("GetRoleCredentials"));
            assertEquals(List.of(), proxy.accepted(), "nothing at all went through the proxy");
        }
    }

    @Test
    void aProxyUrlTheJdkCannotUseIsIgnoredInOneLineThatQuotesNoPassword() throws IOException {
        ChildJvm.Result result = run(appWithSsoAt("http://localhost:" + fake.port())
                .env("HTTP_PROXY", "http://corp-user:50%off@127.0.0.1:3128"));
        assertCalledAs(result, ssoRoleArn, 2);
        List<String> lines = credagentLines(result).stream().filter(l -> l.contains("ignoring the proxy setting")).toList();
        assertEquals(1, lines.size(), result.describe());
        assertTrue(lines.get(0).startsWith("credagent: ignoring the proxy setting: HTTP_PROXY is not a proxy URL"), lines.get(0));
        assertTrue(!result.stderr().contains("50%off") && !result.stdout().contains("50%off"), result.describe());
    }

    /**
     * As the AWS CLI does, the proxy URL's credentials go with the first {@code CONNECT}, whatever
     * the JVM's {@code jdk.http.auth.tunneling.disabledSchemes} (Basic, by default, for the JDK's
     * own connections, which credagent's are not).
     */
    @Test
    void tunnelCredentialsFromTheProxyUrlGoWithTheFirstConnect() throws IOException {
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), "corp-user:secret")) {
            ChildJvm.Result result = run(appWithSsoAt(SSO_HTTPS).env("HTTPS_PROXY", "http://corp-user:secret@" + proxy.hostPort()));
            assertCalledAs(result, ssoRoleArn, 2);
            assertEquals(List.of("CONNECT sso.fake.test:8443"), credagents(proxy.accepted()));
            assertEquals(List.of(), credagents(proxy.refused()), "never asked without credentials first");
        }
    }

    @Test
    void tunnelCredentialsTheProxyRefusesFailInOneLineThatQuotesNoPassword() throws IOException {
        try (LoopbackProxy proxy = new LoopbackProxy(fake.port(), tls.serverContext(), "corp-user:secret")) {
            ChildJvm.Result result = run(appWithSsoAt(SSO_HTTPS).env("HTTPS_PROXY", "http://corp-user:wrong-pass@" + proxy.hostPort()));
            String error = assertAgentError(result, App.V1_BUILDER);
            assertTrue(error.contains("refused to open a tunnel to sso.fake.test:8443: HTTP/1.1 407")
                    && error.contains("(it refused the credentials)"), error);
            assertTrue(!result.stderr().contains("wrong-pass") && !result.stdout().contains("wrong-pass"), result.describe());
            assertEquals(List.of(), credagents(proxy.accepted()));
        }
    }

    /** What the proxy saw of credagent's calls: those for the SSO portal's host. */
    private static List<String> credagents(List<String> requestLines) {
        return requestLines.stream().filter(l -> l.contains("sso.fake.test")).toList();
    }
}
