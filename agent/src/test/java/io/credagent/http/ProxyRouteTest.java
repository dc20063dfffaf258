package io.credagent.http;

import io.credagent.chain.Environment;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyRouteTest {

    private static final URI SSO = URI.create("https://portal.sso.eu-west-1.amazonaws.com/federation/credentials");
    private static final URI PLAIN = URI.create("http://sts.internal.example:8080/");

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> properties = new HashMap<>();

    private ProxyRoute route(URI uri) {
        return ProxyRoute.to(uri, Environment.of(env, properties));
    }

    private static String address(ProxyRoute route) {
        InetSocketAddress address = (InetSocketAddress) route.proxy().address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void eachSchemeTakesItsOwnVariableAndLowerCaseWins() {
        env.put("HTTPS_PROXY", "http://upper:3128");
        env.put("https_proxy", "lower:3129");
        env.put("HTTP_PROXY", "http://plain:8080");
        assertEquals("lower:3129", address(route(SSO)));
        assertEquals("https_proxy lower:3129", route(SSO).describe());
        assertEquals("plain:8080", address(route(PLAIN)));
        env.clear();
        env.put("HTTP_PROXY", "http://plain:8080");
        assertNull(route(SSO), "HTTP_PROXY is for http URLs only, as in the AWS CLI");
    }

    @Test
    void credentialsComeFromTheUrlDecodedAndAreNeverDescribed() {
        env.put("HTTPS_PROXY", "http://corp%5Cuser:p%40ss+w@proxy.corp:8080");
        ProxyRoute route = route(SSO);
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("corp\\user:p@ss+w".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), route.credentials().basic());
        assertEquals("HTTPS_PROXY proxy.corp:8080", route.describe());
        env.put("HTTPS_PROXY", "http://proxy.corp");
        assertEquals("proxy.corp:80", address(route(SSO)));
    }

    @Test
    void theJvmsOwnSettingsWinAndAreLeftToTheJvm() {
        env.put("HTTPS_PROXY", "http://env-proxy:3128");
        properties.put("https.proxyHost", "jvm-proxy");
        assertNull(route(SSO));
        properties.clear();
        properties.put("java.net.useSystemProxies", "true");
        assertNull(route(SSO));
        properties.clear();
        properties.put("http.proxyHost", "jvm-proxy");
        assertEquals("env-proxy:3128", address(route(SSO)), "http.proxyHost is for http URLs");
    }

    @Test
    void noProxyMatchesHostsDomainsPortsAndEverything() {
        env.put("HTTPS_PROXY", "http://proxy:3128");
        env.put("HTTP_PROXY", "http://proxy:3128");
        env.put("NO_PROXY", " amazonaws.com ");
        assertNull(route(SSO), "a domain covers its sub-domains");
        env.put("NO_PROXY", ".amazonaws.com");
        assertNull(route(SSO));
        env.put("NO_PROXY", "sonaws.com,example.org");
        assertEquals("proxy:3128", address(route(SSO)), "only on a dot boundary");
        env.put("NO_PROXY", "sts.internal.example:9090");
        assertEquals("proxy:3128", address(route(PLAIN)), "another port");
        env.put("NO_PROXY", "sts.internal.example:8080");
        assertNull(route(PLAIN));
        env.put("NO_PROXY", "portal.sso.eu-west-1.amazonaws.com:443");
        assertNull(route(SSO), "the scheme's default port");
        env.put("NO_PROXY", "*");
        assertNull(route(SSO));
        env.remove("NO_PROXY");
        env.put("no_proxy", "amazonaws.com");
        assertNull(route(SSO));
    }

    @Test
    void aProxyUrlThatCannotWorkSaysHowToFixItAndNeverQuotesIt() {
        env.put("HTTPS_PROXY", "https://proxy:3128");
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class, () -> route(SSO));
        assertTrue(tls.getMessage().startsWith("HTTPS_PROXY names a https:// proxy; credagent reaches proxies "
                + "over plain http only"), tls.getMessage());
        for (String secretBearing : new String[] {"http://user:p^ss@proxy:8080", "http://user:50%off@proxy:8080",
                "http://user:pa ss@proxy:8080", "http://user:p#ss@proxy:8080", "http://user:pass@proxy:99999"}) {
            env.put("HTTPS_PROXY", secretBearing);
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> route(SSO), secretBearing);
            assertTrue(bad.getMessage().startsWith("HTTPS_PROXY "), bad.getMessage());
            assertTrue(bad.getMessage().contains("http://user:password@host:port"), bad.getMessage());
            for (String part : new String[] {"p^ss", "50%off", "pa ss", "p#ss", "pass@"}) {
                assertTrue(!bad.getMessage().contains(part), "the message quotes the password: " + bad.getMessage());
            }
        }
    }

    @Test
    void aLowerCaseVariableSetToNothingTurnsTheProxyOffAsInPython() {
        env.put("HTTPS_PROXY", "http://proxy:3128");
        env.put("https_proxy", "");
        assertNull(route(SSO));
        env.remove("https_proxy");
        env.put("NO_PROXY", "amazonaws.com");
        env.put("no_proxy", "");
        assertEquals("proxy:3128", address(route(SSO)), "no_proxy= clears NO_PROXY");
        env.put("no_proxy", "example.com,*");
        assertEquals("proxy:3128", address(route(SSO)), "* bypasses only as the whole value");
    }

    @Test
    void otherSchemesAndNoVariablesConnectAsTheJvmWould() {
        assertNull(route(SSO));
        env.put("HTTPS_PROXY", "http://proxy:3128");
        assertNull(route(URI.create("file:///etc/hosts")));
    }
}
