package io.credagent.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * The authentication schemes the JDK will not use for a proxy's {@code CONNECT}
 * ({@code jdk.http.auth.tunneling.disabledSchemes}): the system property, else the JDK's
 * {@code net.properties}, whose shipped value is {@code Basic}.
 */
final class TunnelingSchemes {

    private static final String NAME = "jdk.http.auth.tunneling.disabledSchemes";

    private TunnelingSchemes() {
    }

    static String disabled() {
        String property = System.getProperty(NAME);
        if (property != null) {
            return property;
        }
        String home = System.getProperty("java.home", "");
        for (Path file : new Path[] {Paths.get(home, "conf", "net.properties"), Paths.get(home, "lib", "net.properties")}) {
            if (Files.isReadable(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    Properties properties = new Properties();
                    properties.load(in);
                    return properties.getProperty(NAME, "");
                } catch (IOException | RuntimeException e) {
                    break;
                }
            }
        }
        return "Basic";
    }
}
