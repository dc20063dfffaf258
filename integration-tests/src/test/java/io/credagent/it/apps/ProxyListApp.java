package io.credagent.it.apps;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link V1BuilderApp} in a JVM whose proxy selector gives a list, as a PAC file or the system's
 * settings do: system property {@code app.proxies} is {@code host:port,host:port,...} (HTTP
 * proxies, in order) for every URI. Prints {@code UNREACHABLE=<address>} for each proxy it is told
 * could not be reached.
 */
public final class ProxyListApp {
    private ProxyListApp() {
    }

    public static void main(String[] args) {
        List<Proxy> proxies = new ArrayList<>();
        for (String hostPort : System.getProperty("app.proxies").split(",")) {
            int colon = hostPort.lastIndexOf(':');
            proxies.add(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1)))));
        }
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return proxies;
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                System.out.println("UNREACHABLE=" + address);
            }
        });
        V1BuilderApp.main(args);
    }
}
